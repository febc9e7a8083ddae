"""Transport icons (first, previous, play, pause, next, last, new) drawn in the palette's
button-text colour at the font's height, so they read in both themes and grow with the text."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

KINDS = ("first", "prev", "play", "pause", "next", "last", "new")


def _triangle(p: QPainter, x0: float, x1: float, top: float, bottom: float) -> None:
    """A triangle pointing from x0 (its base) to x1 (its tip)."""
    mid = (top + bottom) / 2
    p.drawPolygon(QPolygonF([QPointF(x0, top), QPointF(x1, mid), QPointF(x0, bottom)]))


def transport_icon(kind: str, color: QColor, size: int, ratio: float = 1.0) -> QIcon:
    """An icon of `size` logical pixels for a transport button of `kind` (see KINDS)."""
    if kind not in KINDS:
        raise ValueError(f"unknown icon {kind!r}")
    px = QPixmap(int(size * ratio), int(size * ratio))
    px.setDevicePixelRatio(ratio)
    px.fill(Qt.GlobalColor.transparent)
    p = QPainter(px)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    s = float(size)
    top, bottom = 0.18 * s, 0.82 * s
    bar = 0.14 * s
    if kind == "play":
        _triangle(p, 0.25 * s, 0.85 * s, top, bottom)
    elif kind == "pause":
        p.drawRect(QRectF(0.24 * s, top, 0.18 * s, bottom - top))
        p.drawRect(QRectF(0.58 * s, top, 0.18 * s, bottom - top))
    elif kind == "next":
        _triangle(p, 0.3 * s, 0.8 * s, top, bottom)
    elif kind == "prev":
        _triangle(p, 0.7 * s, 0.2 * s, top, bottom)
    elif kind == "first":
        p.drawRect(QRectF(0.16 * s, top, bar, bottom - top))
        _triangle(p, 0.82 * s, 0.32 * s, top, bottom)
    elif kind == "last":
        p.drawRect(QRectF(0.84 * s - bar, top, bar, bottom - top))
        _triangle(p, 0.18 * s, 0.68 * s, top, bottom)
    else:  # "new": a circular arrow
        pen = QPen(color, max(1.5, 0.12 * s))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        r = QRectF(0.2 * s, 0.2 * s, 0.6 * s, 0.6 * s)
        p.drawArc(r, 90 * 16, -300 * 16)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        tip = QPointF(0.5 * s, 0.2 * s)
        p.drawPolygon(
            QPolygonF(
                [tip + QPointF(0.16 * s, 0), tip + QPointF(-0.06 * s, -0.14 * s),
                 tip + QPointF(-0.06 * s, 0.14 * s)]
            )
        )  # fmt: skip
    p.end()
    return QIcon(px)
