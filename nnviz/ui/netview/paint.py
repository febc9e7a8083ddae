"""Painting of everything but the edges: nodes, input tile, captions, labels, legend.

All functions take widget coordinates (the view has already applied zoom and pan).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from nnviz.ui.netview.theme import Theme, lut_color, mix, rgb_image

QUANT = 4  # LUT indices are grouped by 4 -> at most 64 brushes per column


def empty_fill(theme: Theme) -> QColor:
    return mix(theme.bg, theme.text, 0.06)


def blank_pixmap(widget: QWidget) -> QPixmap:
    """A transparent pixmap the size of `widget`, at its device pixel ratio."""
    dpr = widget.devicePixelRatioF()
    pm = QPixmap(widget.size() * dpr)
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    return pm


def _quant(idx: np.ndarray) -> np.ndarray:
    return (np.asarray(idx) // QUANT) * QUANT + QUANT // 2


_SPRITES: dict[tuple, QPixmap] = {}


def _sprite(key: tuple, r: float, dpr: float, layers: list[tuple[QColor | None, float]]) -> QPixmap:
    """A cached antialiased stack of discs (colour, radius), outermost first."""
    pm = _SPRITES.get(key)
    if pm is not None:
        return pm
    if len(_SPRITES) > 1024:
        _SPRITES.clear()
    side = int(np.ceil(2 * r + 4))
    pm = QPixmap(round(side * dpr), round(side * dpr))
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(Qt.PenStyle.NoPen)
    c = QPointF(side / 2, side / 2)
    for color, rad in layers:
        if color is not None:
            p.setBrush(color)
            p.drawEllipse(c, rad, rad)
    p.end()
    _SPRITES[key] = pm
    return pm


def ring_sprite(
    r: float, outline: QColor | None, ring: QColor | None, ring_w: float, bg: QColor, dpr: float
) -> QPixmap:
    """A unit's frame: faint outline, the bias ring and a thin gap of background inside
    it (the fill sprite goes on top)."""
    key = ("ring", round(r, 2), outline and outline.rgb(), ring and ring.rgb(), ring_w,
           bg.rgb(), dpr)  # fmt: skip
    gap = bg if ring is not None else None
    return _sprite(key, r, dpr, [(outline, r + 1.0), (ring, r), (gap, r - ring_w)])


def fill_sprite(r: float, rf: float, fill: QColor, dpr: float) -> QPixmap:
    """A unit's value: a disc of radius `rf`, centred in a sprite the size of the ring's."""
    return _sprite(("fill", round(r, 2), round(rf, 2), fill.rgb(), dpr), r, dpr, [(fill, rf)])


def fill_radius(r: float, ring_w: float) -> float:
    """The value disc's radius inside a ring `ring_w` wide (and its gap)."""
    return r - ring_w - (0.8 if ring_w else 0.0)


def _ellipses(p: QPainter, pos: np.ndarray, rad: float, color: QColor) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    for x, y in pos.tolist():
        p.drawEllipse(QPointF(x, y), rad, rad)


def paint_nodes(
    p: QPainter,
    pos: np.ndarray,
    r: float,
    fill_lut: np.ndarray,
    fill_idx: np.ndarray | None,
    ring_idx: np.ndarray | None,
    theme: Theme,
    batched: bool = True,
) -> None:
    """Discs filled by value (LUT), outlined, with a ring coloured by the bias b.

    Stacked discs: outline (faint), bias ring, then the value fill inside. On screen
    each distinct frame (outline and ring) and each distinct fill is rendered once into
    a sprite, so a few dozen sprites serve any mix of values; `batched=False` draws
    ellipses (vector output).
    """
    n = len(pos)
    if n == 0:
        return
    outline = theme.faint if r >= 2.5 else None
    ring_w = float(np.clip(0.24 * r, 1.3, 3.5)) if ring_idx is not None and r >= 4.0 else 0.0
    qr = _quant(ring_idx) if ring_w else np.full(n, -1)
    qf = _quant(fill_idx) if fill_idx is not None else np.full(n, -1)
    empty = empty_fill(theme)

    rf = fill_radius(r, ring_w)
    if not batched:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if outline is not None:
            _ellipses(p, pos, r + 1.0, outline)
        for g in sorted(set(qr.tolist()) - {-1}):
            _ellipses(p, pos[qr == g], r, lut_color(theme.weights, g))
            _ellipses(p, pos[qr == g], r - ring_w, theme.bg)
        for f in sorted(set(qf.tolist())):
            _ellipses(p, pos[qf == f], rf, lut_color(fill_lut, f) if f >= 0 else empty)
        return
    dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
    half = np.ceil(2 * r + 4) / 2
    tl = np.rint(pos - half).astype(int).tolist()
    for q, kind in ((qr, "ring"), (qf, "fill")):
        order = np.argsort(q, kind="stable")
        cuts = np.flatnonzero(np.diff(q[order])) + 1
        for grp in np.split(order, cuts):
            g = int(q[grp[0]])
            if kind == "ring":
                ring = lut_color(theme.weights, g) if g >= 0 else None
                if ring is None and outline is None:
                    continue
                sprite = ring_sprite(r, outline, ring, ring_w, theme.bg, dpr)
            else:
                sprite = fill_sprite(r, rf, lut_color(fill_lut, g) if g >= 0 else empty, dpr)
            for k in grp.tolist():
                p.drawPixmap(tl[k][0], tl[k][1], sprite)


def tile_image(x: np.ndarray | None, shape: tuple[int, int], theme: Theme):
    """The input as a grey picture: ink (value 1) in the text colour on the background."""
    rows, cols = shape
    v = np.zeros(rows * cols) if x is None else np.asarray(x, dtype=np.float64)
    lo, hi = float(v.min()), float(v.max())
    if lo < 0.0 or hi > 1.0:
        v = (v - lo) / (hi - lo) if hi > lo else np.zeros_like(v)
    bg = np.array(theme.bg.getRgb()[:3], dtype=np.float64)
    ink = np.array(theme.text.getRgb()[:3], dtype=np.float64)
    rgb = bg[None, :] * (1.0 - v[:, None]) + ink[None, :] * v[:, None]
    return rgb_image(rgb.reshape(rows, cols, 3).round())


def paint_tile(p: QPainter, rect: QRectF, image, theme: Theme, opacity: float = 1.0) -> None:
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
    p.setOpacity(opacity)
    p.drawImage(rect, image)
    p.setOpacity(1.0)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.setPen(QPen(theme.faint, 1.0))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(rect)
