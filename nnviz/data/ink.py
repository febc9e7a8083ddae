"""The drawing pad's model: ink as a float32 array at a fixed resolution (no Qt).

Ink is 1.0, paper is 0.0. The pad paints at screen resolution (CANVAS x devicePixelRatio
pixels); `ink_array` brings that down to CANVAS x CANVAS, which then goes through
`nnviz.data.preprocess` like any MNIST digit.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

CANVAS = 280
"""Logical side of the drawing pad and of the ink array (10x MNIST's 28)."""


def ink_array(gray: np.ndarray, size: int = CANVAS) -> np.ndarray:
    """(size, size) float32 ink in [0, 1] from a square uint8 ink image of any side.

    Same side: gray / 255; otherwise the mean over each output pixel's area (box filter).
    """
    g = np.asarray(gray)
    if g.ndim != 2 or g.shape[0] != g.shape[1]:
        raise ValueError(f"expected a square 2-D image, got shape {g.shape}")
    n = g.shape[0]
    if n == size:
        return np.multiply(g, np.float32(1 / 255), dtype=np.float32)
    im = Image.fromarray(np.ascontiguousarray(g, np.uint8))
    small = im.reduce(n // size) if n % size == 0 else im.resize((size, size), Image.Resampling.BOX)
    return np.multiply(np.asarray(small), np.float32(1 / 255), dtype=np.float32)


def to_gray(ink: np.ndarray) -> np.ndarray:
    """uint8 ink image (255 = full ink) from float ink in [0, 1]."""
    return np.rint(np.clip(ink, 0.0, 1.0) * 255).astype(np.uint8)


def fit_to_square(img: np.ndarray, side: int, margin: float = 0.0) -> np.ndarray:
    """`img` (2-D ink in [0, 1]) scaled to fit a side x side square, centred, float32.

    The aspect ratio is kept; `margin` is the fraction of the side left empty around it.
    Growing is bilinear (so an upscaled MNIST digit stays smooth), shrinking box-filtered.
    """
    a = np.clip(np.asarray(img, np.float32), 0.0, 1.0)
    if a.ndim != 2 or a.size == 0:
        raise ValueError(f"expected a non-empty 2-D image, got shape {a.shape}")
    h, w = a.shape
    room = max(1, round(side * (1.0 - 2 * margin)))
    s = room / max(h, w)
    nh, nw = max(1, min(side, round(h * s))), max(1, min(side, round(w * s)))
    method = Image.Resampling.BILINEAR if s >= 1 else Image.Resampling.BOX
    scaled = np.asarray(Image.fromarray(a).resize((nw, nh), method), np.float32)
    out = np.zeros((side, side), np.float32)
    y, x = (side - nh) // 2, (side - nw) // 2
    out[y : y + nh, x : x + nw] = np.clip(scaled, 0.0, 1.0)
    return out


def mnist_to_canvas(x784: np.ndarray, side: int) -> np.ndarray:
    """A 28x28 MNIST digit (784,) upscaled to fill the whole side x side canvas."""
    return fit_to_square(np.asarray(x784, np.float32).reshape(28, 28), side)
