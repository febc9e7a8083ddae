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


def disc_sprite(
    r: float,
    outline: QColor | None,
    ring: QColor | None,
    ring_w: float,
    fill: QColor,
    bg: QColor,
    dpr: float,
) -> QPixmap:
    """A cached antialiased disc: outline, bias ring, a thin gap and the fill."""
    key = (
        round(r, 2),
        outline and outline.rgb(),
        ring and ring.rgb(),
        ring_w,
        fill.rgb(),
        bg.rgb(),
        dpr,
    )
    pm = _SPRITES.get(key)
    if pm is not None:
        return pm
    if len(_SPRITES) > 4096:
        _SPRITES.clear()
    side = int(np.ceil(2 * r + 4))
    pm = QPixmap(round(side * dpr), round(side * dpr))
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(Qt.PenStyle.NoPen)
    c = QPointF(side / 2, side / 2)
    rad = r
    gap = bg if ring is not None else None
    layers = ((outline, -1.0), (ring, 0.0), (gap, ring_w), (fill, ring_w + 0.8 if ring else 0.0))
    for color, shrink in layers:
        if color is None:
            continue
        p.setBrush(color)
        p.drawEllipse(c, rad - shrink, rad - shrink)
    p.end()
    _SPRITES[key] = pm
    return pm


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
    each distinct disc is rendered once into a sprite; `batched=False` draws ellipses
    (vector output).
    """
    n = len(pos)
    if n == 0:
        return
    outline = theme.faint if r >= 2.5 else None
    ring_w = float(np.clip(0.24 * r, 1.3, 3.5)) if ring_idx is not None and r >= 4.0 else 0.0
    qr = _quant(ring_idx) if ring_w else np.full(n, -1)
    qf = _quant(fill_idx) if fill_idx is not None else np.full(n, -1)
    empty = empty_fill(theme)

    def colors_of(f: int, g: int) -> tuple[QColor | None, QColor]:
        ring = lut_color(theme.weights, g) if g >= 0 else None
        return ring, (lut_color(fill_lut, f) if f >= 0 else empty)

    if not batched:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if outline is not None:
            _ellipses(p, pos, r + 1.0, outline)
        for f, g in set(zip(qf.tolist(), qr.tolist(), strict=True)):
            sel = pos[(qf == f) & (qr == g)]
            ring, fill = colors_of(f, g)
            if ring is not None:
                _ellipses(p, sel, r, ring)
                _ellipses(p, sel, r - ring_w, theme.bg)
            _ellipses(p, sel, r - ring_w - (0.8 if ring is not None else 0.0), fill)
        return
    dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
    pairs = qf * 1024 + (qr + 1)
    order = np.argsort(pairs, kind="stable")
    ps = pairs[order]
    cuts = np.flatnonzero(np.diff(ps)) + 1
    half = np.ceil(2 * r + 4) / 2
    tl = np.rint(pos - half).astype(int).tolist()
    for grp in np.split(order, cuts):
        f, g = int(qf[grp[0]]), int(qr[grp[0]])
        ring, fill = colors_of(f, g)
        sprite = disc_sprite(r, outline, ring, ring_w, fill, theme.bg, dpr)
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
