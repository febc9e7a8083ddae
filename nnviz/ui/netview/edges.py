"""Edges: which ones to draw, how to draw thousands fast, and which one is under the mouse.

Drawing groups the edges into pens: the signed value v / scale is quantised into
`LEVELS` magnitudes per sign (16 pens); each pen draws all its segments with one
`QPainter.drawLines` call on a QPolygonF filled straight from NumPy. Colours are
opaque (translucent pens are many times slower).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

LEVELS = 8  # magnitudes per sign -> 16 pens
GAMMA = 1.5  # |v| ** GAMMA picks the pen: typical edges stay light, strong ones stand out
MIN_WIDTH = 1.2  # the weakest pen; Qt draws pens exactly 1.0 wide pixel by pixel, 3x slower


@dataclass(frozen=True)
class EdgeSet:
    """The drawn edges of one dense layer: W[j, i] for the listed (j, i), weakest first."""

    j: np.ndarray
    i: np.ndarray

    def __len__(self) -> int:
        return len(self.j)


def select_edges(values: np.ndarray, limit: int) -> EdgeSet:
    """All edges of `values` (n_out, n_in), or the `limit` largest by |value|."""
    n_in = values.shape[1]
    flat = np.abs(values).ravel()
    if flat.size <= limit:
        idx = np.argsort(flat, kind="stable")
    else:
        idx = np.argpartition(flat, flat.size - limit)[flat.size - limit :]
        idx = idx[np.argsort(flat[idx], kind="stable")]
    j, i = np.divmod(idx, n_in)
    return EdgeSet(j.astype(np.intp), i.astype(np.intp))


def robust_scale(values: np.ndarray) -> float:
    """A per-layer scale for colours and widths: the 99.5th percentile of the nonzero |v|
    (the largest value, ignoring rare outliers), so typical edges stay light."""
    a = np.abs(np.asarray(values, dtype=np.float64)).ravel()
    a = a[np.isfinite(a) & (a > 0)]
    if a.size == 0:
        return 1.0
    if a.size > 20000:
        a = a[:: a.size // 20000 + 1]
    s = float(np.quantile(a, 0.995))
    return s if s > 0 else float(a.max())


def normalized(values: np.ndarray, es: EdgeSet) -> np.ndarray:
    """The drawn values scaled to [-1, 1] for colour and width.

    All edges drawn: v / robust_scale(values). Only the strongest drawn: their
    magnitudes are stretched from the weakest drawn one (faint) to the strongest, so a
    top-k selection still shows which of them matter most.
    """
    v = values[es.j, es.i]
    if len(es) == 0:
        return np.zeros(0)
    if len(es) >= values.size:
        return v / robust_scale(values)
    mag = np.abs(v)
    lo = float(mag.min())
    hi = float(np.quantile(mag, 0.98))
    if hi <= lo:
        return np.sign(v)
    return np.sign(v) * np.clip((mag - lo) / (hi - lo), 0.0, 1.0) * 0.92 + np.sign(v) * 0.08


def polygon(p0: np.ndarray, p1: np.ndarray) -> QPolygonF:
    """A QPolygonF of point pairs (p0[m], p1[m]) for `QPainter.drawLines`, filled in place."""
    m = len(p0)
    poly = QPolygonF()
    poly.resize(2 * m)
    if m:
        ptr = shiboken6.VoidPtr(poly.data(), 4 * m * 8, True)
        pts = np.frombuffer(ptr, dtype=np.float64).reshape(m, 2, 2)
        pts[:, 0] = p0
        pts[:, 1] = p1
    return poly


def points(pos: np.ndarray) -> QPolygonF:
    """A QPolygonF of the points pos (n, 2), filled in place."""
    n = len(pos)
    poly = QPolygonF()
    poly.resize(n)
    if n:
        ptr = shiboken6.VoidPtr(poly.data(), 2 * n * 8, True)
        np.frombuffer(ptr, dtype=np.float64).reshape(n, 2)[:] = pos
    return poly


def max_width_for(n_edges: int, zoom: float = 1.0) -> float:
    """Thickest pen: bold for a handful of edges, fine for thousands; a bit bolder zoomed in."""
    if n_edges <= 64:
        w = 6.0
    elif n_edges <= 400:
        w = 4.0
    elif n_edges <= 1500:
        w = 3.0
    else:
        w = 2.2
    return w * min(max(zoom, 1.0), 4.0) ** 0.5


def levels(v: np.ndarray) -> np.ndarray:
    """Signed pen level in -LEVELS..LEVELS (never 0) for v already divided by its scale."""
    mag = np.clip(np.ceil(np.abs(v) ** GAMMA * LEVELS), 1, LEVELS).astype(np.intp)
    return np.where(v < 0, -mag, mag)


def pen_for(
    level: int, lut: np.ndarray, max_width: float, bg: tuple[int, int, int] | None = None
) -> QPen:
    """The opaque pen of a level: LUT colour at |level| / LEVELS, faded into the background
    `bg` for weak levels (so thousands of weak edges stay quiet), wider when stronger."""
    m = abs(level) / LEVELS
    idx = round(((1 if level > 0 else -1) * m + 1.0) * 127.5)
    rgb = lut[min(max(idx, 0), 255)].tolist()
    if bg is not None:
        t = 0.3 + 0.7 * m
        rgb = [b * (1.0 - t) + c * t for b, c in zip(bg, rgb, strict=True)]
    r, g, b = (round(c) for c in rgb)
    width = MIN_WIDTH + (max_width - MIN_WIDTH) * (abs(level) - 1) / (LEVELS - 1)
    pen = QPen(QColor(r, g, b), width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def paint_edges(
    painter: QPainter,
    p0: np.ndarray,
    p1: np.ndarray,
    v: np.ndarray,
    lut: np.ndarray,
    max_width: float,
    bg: tuple[int, int, int] | None = None,
) -> None:
    """Draw segments p0 -> p1 coloured by v in [-1, 1] (sign) and wide by |v|; weak first."""
    if len(v) == 0:
        return
    lv = levels(np.nan_to_num(v))
    key = np.abs(lv) * 2 + (lv > 0)  # weak first; one group per pen
    order = np.argsort(key, kind="stable")
    key_sorted = key[order]
    bounds = np.flatnonzero(np.diff(key_sorted)) + 1
    starts = np.concatenate([[0], bounds])
    ends = np.concatenate([bounds, [len(key_sorted)]])
    for s, e in zip(starts, ends, strict=True):
        sel = order[s:e]
        painter.setPen(pen_for(int(lv[sel[0]]), lut, max_width, bg))
        painter.drawLines(polygon(p0[sel], p1[sel]))


def segment_distance(pt: tuple[float, float], p0: np.ndarray, p1: np.ndarray, with_t: bool = False):
    """Distance from point `pt` to every segment p0[m] -> p1[m] (vectorised); with_t also
    returns where along each segment (0..1) the closest point lies."""
    d = p1 - p0
    w = np.asarray(pt, dtype=np.float64) - p0
    len2 = np.einsum("ij,ij->i", d, d)
    t = np.clip(np.einsum("ij,ij->i", w, d) / np.maximum(len2, 1e-12), 0.0, 1.0)
    closest = p0 + d * t[:, None]
    diff = closest - np.asarray(pt, dtype=np.float64)
    dist = np.sqrt(np.einsum("ij,ij->i", diff, diff))
    return (dist, t) if with_t else dist
