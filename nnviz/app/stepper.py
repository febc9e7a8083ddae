"""The one way the app takes a recorded training step outside the trainer process.

Views that teach (the draw pad's "Learn this", the Step workspace, the tiny-network
workbench, the GIF export, a replay from the run history, a drill-down into one sample)
all call `step_on_copy` or `step_in_place`, which run `Network.train_step` and return
the engine's `Step` record; no view calls the engine's training methods itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from nnviz.engine import Network, Optimizer, Step


@dataclass(frozen=True)
class RecordedStep:
    """A `Step` record with the network and optimizer as they are after its update."""

    step: Step
    net: Network
    opt: Optimizer


def step_on_copy(
    net: Network, X: Any, Y: Any, opt: Optimizer, dtype: Any = np.float64
) -> RecordedStep:
    """One recorded step (forward, loss, backward, update) on a copy of `net` (in `dtype`,
    float64 by default, for exact numbers) with a copy of `opt` and its state: the caller's
    network and optimizer are unchanged."""
    copy, opt_copy = net.copy(dtype), opt.copy(dtype)
    step = copy.train_step(X, Y, opt_copy)
    return RecordedStep(step, copy, opt_copy)


def step_in_place(net: Network, X: Any, Y: Any, opt: Optimizer) -> RecordedStep:
    """One recorded step that updates `net` and `opt` themselves (a network the view owns,
    such as the draw pad's reading network)."""
    return RecordedStep(net.train_step(X, Y, opt), net, opt)
