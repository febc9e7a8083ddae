"""Where every unit of the network sits, and the camera that maps it to the widget
(NumPy only).

The scene is the widget's rectangle at zoom 1: columns evenly spaced from left to
right, one per layer (column 0 = inputs, column k + 1 = output of dense layer k).
A column whose units do not fit vertically wraps into several sub-columns; an input
with an image shape becomes a tile of pixels, unit i at row i // cols, col i % cols.
The camera maps scene to widget: widget = scene · zoom + pan.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

MIN_SPACING = 8.0  # closest vertical distance between two units of a sub-column
MAX_SPACING = 92.0
MAX_RADIUS = 15.0
MIN_RADIUS = 1.8
MIN_ZOOM, MAX_ZOOM = 0.5, 40.0


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


def margins(width: float, height: float, scale: float = 1.0) -> Margins:
    """Full legend and two-line captions on a big view, a compact legend on a medium one,
    neither on a thumbnail; the room for text grows with the text `scale`."""
    right = min(96.0 * scale, 0.2 * width)
    left = min(28.0, 0.04 * width)
    lines = 2 if height >= 300 * scale else 1
    top = (44.0 if lines == 2 else 24.0) * scale
    if height >= 360 * scale and width >= 640:
        return Margins(top, 46.0 * scale, left, right, lines, True, True)
    if height >= 220 * scale and width >= 300:
        return Margins(top, 40.0 * scale, left, right, lines, True, True)
    return Margins(22.0 * scale, 6.0, left, right, 1, False, False)


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


def _stack(
    n: int, height: float, max_half: float, scale: float = 1.0
) -> tuple[np.ndarray, float, float]:
    """Offsets (n, 2) around (0, 0), radius and half width for n units in `height`.

    A column that does not fit wraps into sub-columns, as many as needed for
    MIN_SPACING, but no wider than 2 * max_half (then the units get closer instead).
    Units are at most MAX_RADIUS · scale wide (room permitting).
    """
    n_sub = 1 if height / n >= MIN_SPACING else math.ceil(n * MIN_SPACING / height)
    while True:
        per = math.ceil(n / n_sub)
        sp = min(height / max(per, 1), MAX_SPACING)
        r = float(np.clip(0.38 * sp, min(MIN_RADIUS, 0.45 * sp), MAX_RADIUS * scale))
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
    scale: float = 1.0,
    left_text: float = 0.0,
) -> Layout:
    """Centres of every unit for a network of `sizes` drawn in width x height; `scale`
    enlarges the text margins and the largest units (text size); `left_text` is room for
    the names of the inputs (at most a quarter of the width)."""
    width = max(float(width), 120.0)
    height = max(float(height), 80.0)
    m = margins(width, height, scale)
    if left_text > m.left:
        m = dataclasses.replace(m, left=min(float(left_text), 0.25 * width))
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
            off, r, half = _stack(n, avail, 0.22 * gap0, scale)
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


Point = tuple[float, float]


class Camera:
    """Zoom and pan over the layout of the network in `state`: widget = scene · zoom + pan.

    Owns the zoom, pan, text scale and the layout computed for the size `size()` of
    the widget; reports every change of the view transform through `on_change`.
    """

    def __init__(
        self,
        state,
        size: Callable[[], tuple[int, int]],
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        self._state = state  # reads .sizes and .input_shape
        self._size = size
        self._on_change = on_change
        self.zoom = 1.0
        self.pan: Point = (0.0, 0.0)
        self.scale = 1.0
        self.left_text = 0.0  # room for input names, px
        self._layout: Layout | None = None
        self._layouts = 0  # how many layouts were computed: identifies the current one
        self._geom_key: tuple | None = None
        self._geom: list[tuple[np.ndarray, float]] = []

    @property
    def key(self) -> tuple:
        """Everything widget coordinates depend on (for caches)."""
        lay = self.layout()
        return (self.zoom, self.pan, lay.width, lay.height, self.scale, self._layouts)

    @property
    def moved(self) -> bool:
        """True while zoomed or panned."""
        return self.zoom != 1.0 or self.pan != (0.0, 0.0)

    # ------------------------------------------------------------ changes

    def reset_layout(self) -> None:
        """The architecture changed: place the units again."""
        self._layout = None

    def set_left_text(self, width: float) -> None:
        """Room for the input names left of the input column."""
        if width != self.left_text:
            self.left_text = float(width)
            self._layout = None
            self._on_change()

    def set_scale(self, scale: float) -> None:
        self.scale = float(scale)
        self._layout = None
        self._on_change()

    def zoom_by(self, factor: float, anchor: Point | None = None) -> None:
        """Zoom by `factor` keeping the scene point under `anchor` (default centre) fixed."""
        w, h = self._size()
        ax, ay = anchor if anchor is not None else (w / 2, h / 2)
        z = min(max(self.zoom * factor, MIN_ZOOM), MAX_ZOOM)
        f = z / self.zoom
        self.pan = (ax - (ax - self.pan[0]) * f, ay - (ay - self.pan[1]) * f)
        self.zoom = z
        self._on_change()

    def set_pan(self, pan: Point) -> None:
        self.pan = (float(pan[0]), float(pan[1]))
        self._on_change()

    def fit(self) -> None:
        """The whole network: zoom 1, no pan."""
        self.zoom, self.pan = 1.0, (0.0, 0.0)
        self._on_change()

    # ------------------------------------------------------------ mapping

    def layout(self) -> Layout:
        w, h = (max(int(v), 1) for v in self._size())
        if self._layout is None or (self._layout.width, self._layout.height) != (w, h):
            st = self._state
            self._layout = compute_layout(
                st.sizes, st.input_shape, w, h, self.scale, self.left_text
            )
            self._layouts += 1
        return self._layout

    def columns(self) -> list[tuple[np.ndarray, float]]:
        """(centres (n, 2), radius) per column in widget coordinates."""
        lay = self.layout()
        key = (self._layouts, self.zoom, self.pan)
        if key != self._geom_key:
            z, (px, py) = self.zoom, self.pan
            self._geom = [(c.pos * z + (px, py), c.r * z) for c in lay.columns]
            self._geom_key = key
        return self._geom

    def tile(self) -> tuple[float, float, float, float] | None:
        """(x0, y0, width, height) of the input tile in widget coordinates, if any."""
        lay = self.layout()
        tile = lay.columns[0].tile if lay.columns else None
        if tile is None:
            return None
        z, (px, py) = self.zoom, self.pan
        return (tile[0] * z + px, tile[1] * z + py, tile[2] * z, tile[3] * z)

    def column_x(self) -> list[tuple[float, float, float]]:
        """(left, centre, right) x of every column in widget coordinates."""
        z, px = self.zoom, self.pan[0]
        return [
            ((c.x - c.half_width) * z + px, c.x * z + px, (c.x + c.half_width) * z + px)
            for c in self.layout().columns
        ]

    def node(self, layer: int, unit: int) -> Point:
        """Widget position of unit `unit` of dense layer `layer` (-1: the input)."""
        pos, _ = self.columns()[layer + 1]
        return float(pos[unit, 0]), float(pos[unit, 1])
