"""Where every unit of the network sits (scene coordinates, NumPy only).

The scene is the widget's rectangle at zoom 1: columns evenly spaced from left to
right, one per layer (column 0 = inputs, column k + 1 = output of dense layer k).
A column whose units do not fit vertically wraps into several sub-columns; an input
with an image shape becomes a tile of pixels, unit i at row i // cols, col i % cols.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MIN_SPACING = 8.0  # closest vertical distance between two units of a sub-column
MAX_SPACING = 92.0
MAX_RADIUS = 15.0
MIN_RADIUS = 1.8


@dataclass(frozen=True)
class Margins:
    """Room around the drawing; small views (e.g. a thumbnail) drop the legend and use
    one-line captions."""

    top: float
    bottom: float
    left: float
    right: float
    caption_lines: int  # 2: "hidden 1" over "128 · relu"; 1: "hidden 1 · 128 · relu"
    legend: bool
    status: bool


def margins(width: float, height: float) -> Margins:
    """Full legend and two-line captions on a big view, a compact legend on a medium one,
    neither on a thumbnail."""
    right = min(96.0, 0.2 * width)
    left = min(28.0, 0.04 * width)
    lines = 2 if height >= 300 else 1
    top = 44.0 if lines == 2 else 24.0
    if height >= 360 and width >= 640:
        return Margins(top, 46.0, left, right, lines, True, True)
    if height >= 220 and width >= 300:
        return Margins(top, 40.0, left, right, lines, True, True)
    return Margins(22.0, 6.0, left, right, 1, False, False)


@dataclass(frozen=True)
class Column:
    """One layer's units: centres `pos` (n, 2), radius `r`, optional image tile."""

    pos: np.ndarray
    r: float
    half_width: float
    x: float  # centre of the column
    tile: tuple[float, float, float, float] | None = None  # x0, y0, width, height
    shape: tuple[int, int] | None = None  # (rows, cols) of the tile

    @property
    def top(self) -> float:
        if self.tile is not None:
            return self.tile[1]
        return float(self.pos[:, 1].min() - self.r)

    @property
    def bottom(self) -> float:
        if self.tile is not None:
            return self.tile[1] + self.tile[3]
        return float(self.pos[:, 1].max() + self.r)


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    columns: list[Column]
    margins: Margins

    @property
    def gap(self) -> float:
        """Horizontal distance between two neighbouring column centres."""
        if len(self.columns) < 2:
            return self.width
        return (self.columns[-1].x - self.columns[0].x) / (len(self.columns) - 1)


def _stack(n: int, height: float, max_half: float) -> tuple[np.ndarray, float, float]:
    """Offsets (n, 2) around (0, 0), radius and half width for n units in `height`.

    A column that does not fit wraps into sub-columns, as many as needed for
    MIN_SPACING, but no wider than 2 * max_half (then the units get closer instead).
    """
    n_sub = 1 if height / n >= MIN_SPACING else math.ceil(n * MIN_SPACING / height)
    while True:
        per = math.ceil(n / n_sub)
        sp = min(height / max(per, 1), MAX_SPACING)
        r = float(np.clip(0.38 * sp, min(MIN_RADIUS, 0.45 * sp), MAX_RADIUS))
        r = min(r, max(max_half, MIN_RADIUS))
        dx = 2.0 * r + max(2.0, 0.6 * r)
        half = (n_sub - 1) / 2.0 * dx + r
        if half <= max_half or n_sub == 1:
            break
        n_sub = max(1, min(n_sub - 1, int(n_sub * 0.8)))
    u = np.arange(n)
    sub, row = np.divmod(u, per)
    rows_in_sub = np.minimum(per, n - sub * per)
    y = (row - (rows_in_sub - 1) / 2.0) * sp
    x = (sub - (n_sub - 1) / 2.0) * dx
    return np.column_stack([x, y]).astype(np.float64), r, half


def _tile(shape: tuple[int, int], side: float) -> tuple[np.ndarray, float, float]:
    rows, cols = shape
    cell = side / max(rows, cols)
    w, h = cols * cell, rows * cell
    u = np.arange(rows * cols)
    r_, c_ = np.divmod(u, cols)
    x = (c_ + 0.5) * cell - w / 2.0
    y = (r_ + 0.5) * cell - h / 2.0
    return np.column_stack([x, y]), w, h


def compute_layout(
    sizes: list[int],
    input_shape: tuple[int, int] | None,
    width: float,
    height: float,
) -> Layout:
    """Centres of every unit for a network of `sizes` drawn in width x height."""
    width = max(float(width), 120.0)
    height = max(float(height), 80.0)
    m = margins(width, height)
    avail = height - m.top - m.bottom
    y_mid = m.top + avail / 2.0
    n_cols = len(sizes)
    span = width - m.left - m.right
    gap0 = span / max(n_cols - 1, 1)
    offsets: list[tuple[np.ndarray, float, float, tuple[float, float] | None]] = []
    for c, n in enumerate(sizes):
        if c == 0 and input_shape is not None and input_shape[0] * input_shape[1] == n:
            side = float(np.clip(min(0.42 * avail, 0.5 * gap0), min(56.0, 0.9 * avail), 300.0))
            off, w, h = _tile(input_shape, side)
            offsets.append((off, 0.0, w / 2.0, (w, h)))
        else:
            off, r, half = _stack(n, avail, 0.22 * gap0)
            offsets.append((off, r, half, None))
    x_first = m.left + offsets[0][2]
    x_last = width - m.right - offsets[-1][2]
    xs = np.linspace(x_first, x_last, n_cols) if n_cols > 1 else np.array([width / 2.0])
    columns = []
    for c, (off, r, half, tile_wh) in enumerate(offsets):
        pos = off + np.array([xs[c], y_mid])
        if tile_wh is not None:
            w, h = tile_wh
            tile = (xs[c] - w / 2.0, y_mid - h / 2.0, w, h)
            columns.append(Column(pos, 0.0, half, float(xs[c]), tile, input_shape))
        else:
            columns.append(Column(pos, r, half, float(xs[c])))
    return Layout(width, height, columns, m)
