"""Colours of the 2-D views (NumPy only): decision regions from class probabilities
and hidden-neuron activations over the input plane."""

from __future__ import annotations

import numpy as np

from nnviz.ui.common import colors


def class_color(c: int) -> tuple[int, int, int]:
    return colors.CLASS_COLORS[c % len(colors.CLASS_COLORS)]


def region_rgb(probs: np.ndarray, bg: tuple[int, int, int], light: bool) -> np.ndarray:
    """(n, n, 3) uint8 region colours from class probabilities (n, n, C)."""
    C = probs.shape[2]
    probs = np.nan_to_num(probs, nan=1.0 / C)  # a diverged network: neutral, not garbage
    bgv = np.asarray(bg, dtype=np.float32)
    if C == 2:
        lut = colors.diverging(light, neg=class_color(0), pos=class_color(1))
        rgb = lut[colors.unit_index(probs[..., 1])].astype(np.float32)
        alpha = np.float32(0.55)
    else:
        cols = np.array([class_color(c) for c in range(C)], dtype=np.float32)
        rgb = probs.astype(np.float32) @ cols
        conf = (probs.max(axis=2) - 1.0 / C) / (1.0 - 1.0 / C)
        alpha = (0.15 + 0.45 * np.clip(conf, 0.0, 1.0)).astype(np.float32)[..., None]
    return np.clip(bgv + (rgb - bgv) * alpha, 0, 255).astype(np.uint8)


def activation_rgb(A: np.ndarray, activation: str, light: bool) -> np.ndarray:
    """(units, h, w, 3) uint8 colours of activations A (units, h, w)."""
    A = np.nan_to_num(np.asarray(A, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    if activation == "sigmoid":
        return colors.sequential(light)[colors.unit_index(A)]
    if activation == "relu":
        m = A.max(axis=(1, 2), keepdims=True)
        return colors.sequential(light)[colors.unit_index(A / np.where(m > 0, m, 1.0))]
    s = np.abs(A).max(axis=(1, 2), keepdims=True)
    return colors.diverging(light)[colors.signed_index(A / np.where(s > 0, s, 1.0), 1.0)]
