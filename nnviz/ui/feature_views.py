"""Views of what a network has learned: first-layer weight pictures (`WeightGrid`)
and decision regions with per-neuron responses for 2-D data (`DecisionView`)."""

from __future__ import annotations

from .decision_view import DecisionView
from .weight_grid import WeightGrid

__all__ = ["DecisionView", "WeightGrid"]
