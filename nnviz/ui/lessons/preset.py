"""A lesson preset's network and sample (Qt-free; the window and the tests share it).

Settings for the app come from `nnviz.app.lesson_state.preset_settings`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnviz.engine import Network
from nnviz.teach.lessons import Preset
from nnviz.teach.tiny_nets import textbook, xor


def preset_network(preset: Preset, dtype: Any = np.float64) -> Network:
    """The preset's network: seeded initial weights, then the preset's W[k] and b[k];
    "tiny-2-2-2" / "tiny-2-3-1" are the Step view's examples with their weights."""
    if preset.dataset in ("tiny-2-2-2", "tiny-2-3-1"):
        tiny = textbook if preset.dataset == "tiny-2-2-2" else xor
        net = tiny()[0].copy(dtype)
    else:
        net = Network(
            preset.layers,
            list(preset.activations),
            preset.output,
            preset.loss,
            dtype,
            preset.seed,
        )
    for k, W in preset.weights.items():
        net.layers[k].W[...] = W
    for k, b in preset.biases.items():
        net.layers[k].b[...] = b
    return net


def preset_sample(preset: Preset) -> tuple[np.ndarray, np.ndarray] | None:
    """(x, y) of a one-sample preset (the first sample of a tiny example), else None."""
    if preset.dataset == "sample":
        return np.array(preset.input, np.float64), np.array(preset.target, np.float64)
    if preset.dataset in ("tiny-2-2-2", "tiny-2-3-1"):
        tiny = textbook if preset.dataset == "tiny-2-2-2" else xor
        x, y = tiny()[1][0]
        return np.array(x, np.float64), np.array(y, np.float64)
    return None
