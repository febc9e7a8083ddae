"""Colour maps shared by every view (NumPy only; Qt colours are made from these).

- signed values (weights, w*a, updates): diverging blue (negative) - neutral - orange
  (positive), colour-blind safe, as in TensorFlow Playground;
- gradients: diverging purple (negative) - neutral - green (positive), so the
  backward pass never looks like the forward pass;
- activations: sequential neutral -> yellow/orange for a in [0, 1] (and |a| beyond).
Each map is a 256-entry uint8 RGB lookup table; `light` picks the neutral end
that reads on a light or a dark background.
"""

from __future__ import annotations

import numpy as np

BLUE = (33, 102, 172)  # negative
ORANGE = (230, 97, 1)  # positive
PURPLE = (118, 42, 131)  # negative gradient
GREEN = (27, 120, 55)  # positive gradient
NEUTRAL_LIGHT = (235, 235, 235)
NEUTRAL_DARK = (70, 70, 78)
CLASS_COLORS = [
    (230, 97, 1),
    (33, 102, 172),
    (27, 158, 119),
    (231, 41, 138),
    (117, 112, 179),
    (166, 118, 29),
    (102, 166, 30),
    (228, 26, 28),
    (55, 126, 184),
    (152, 78, 163),
]


def _ramp(stops: list[tuple[int, int, int]], n: int = 256) -> np.ndarray:
    stops_arr = np.array(stops, dtype=np.float64)
    x = np.linspace(0.0, 1.0, n)
    xp = np.linspace(0.0, 1.0, len(stops))
    return np.stack([np.interp(x, xp, stops_arr[:, c]) for c in range(3)], axis=1).astype(np.uint8)


def diverging(light: bool = True, neg=BLUE, pos=ORANGE) -> np.ndarray:
    """LUT for values in [-1, 1] mapped to index round((v + 1) * 127.5)."""
    mid = NEUTRAL_LIGHT if light else NEUTRAL_DARK
    return _ramp([neg, mid, pos])


def gradient_map(light: bool = True) -> np.ndarray:
    return diverging(light, PURPLE, GREEN)


def sequential(light: bool = True) -> np.ndarray:
    """LUT for activations in [0, 1]: neutral -> warm yellow -> orange."""
    start = (250, 250, 250) if light else (40, 40, 46)
    return _ramp([start, (254, 224, 139), (253, 174, 97), (215, 48, 39)])


def signed_index(values: np.ndarray, scale: float) -> np.ndarray:
    """LUT indices for signed values, |v| = scale hits the ends."""
    s = scale if scale > 0 else 1.0
    return np.clip(np.rint((np.asarray(values) / s + 1.0) * 127.5), 0, 255).astype(np.intp)


def unit_index(values: np.ndarray) -> np.ndarray:
    """LUT indices for values in [0, 1]."""
    return np.clip(np.rint(np.asarray(values) * 255.0), 0, 255).astype(np.intp)
