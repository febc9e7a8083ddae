"""Tiny networks with hand-sized numbers for the step-by-step workbench (no Qt): each
preset gives (network, samples [(x, y)], learning rate)."""

from __future__ import annotations

import numpy as np

from nnviz.engine import Network

PRESETS = ("2-2-2 sigmoid (textbook example)", "2-3-1 XOR")
XOR = [([0.0, 0.0], [0.0]), ([0.0, 1.0], [1.0]), ([1.0, 0.0], [1.0]), ([1.0, 1.0], [0.0])]


def textbook() -> tuple[Network, list[tuple[list[float], list[float]]], float]:
    """The classic worked example: W1, b1 = .35, W2, b2 = .60, x = (.05, .10), y = (.01, .99)."""
    net = Network([2, 2, 2], activation="sigmoid", output="sigmoid", loss="mse", dtype=np.float64)
    net.set_params(
        [
            (np.array([[0.15, 0.20], [0.25, 0.30]]), np.full(2, 0.35)),
            (np.array([[0.40, 0.45], [0.50, 0.55]]), np.full(2, 0.60)),
        ]
    )
    return net, [([0.05, 0.10], [0.01, 0.99])], 0.5


def xor() -> tuple[Network, list[tuple[list[float], list[float]]], float]:
    net = Network([2, 3, 1], activation="sigmoid", output="sigmoid", loss="mse", dtype=np.float64)
    net.init_params(seed=3)
    return net, [(list(x), list(y)) for x, y in XOR], 2.0
