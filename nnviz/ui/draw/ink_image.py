"""The drawing pad's pixels: a Grayscale8 ink image at screen resolution, its coloured
view, and an undo stack.

Ink is 255, paper 0. The picture shown is derived from the ink through a paper -> ink
colour table (palette Base -> Text), so what you see and what the network reads can never
disagree, in any theme.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

from nnviz.data.ink import ink_array


def midpoint(a: QPointF, b: QPointF) -> QPointF:
    """(a + b) / 2: strokes are quadratic curves through the midpoints of the pointer path."""
    return QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)


class InkImage:
    """side x side logical pixels, stored at side * devicePixelRatio."""

    MAX_UNDO = 50

    def __init__(self, side: int, dpr: float = 1.0) -> None:
        self.side = side
        self.ink = QImage()
        self.view = QImage()
        self.lut = np.zeros(256, np.uint32)
        self.undo_stack: list[QImage] = []
        self.dpr = 0.0
        self.setColors(QColor(255, 255, 255), QColor(0, 0, 0))
        self.setResolution(dpr)

    # ------------------------------------------------------------ pixels

    def gray(self) -> np.ndarray:
        """Writable (n, n) uint8 view of the ink pixels."""
        n = self.ink.width()
        return np.frombuffer(self.ink.bits(), np.uint8).reshape(n, -1)[:, :n]

    def _view_np(self) -> np.ndarray:
        n = self.view.width()
        return np.frombuffer(self.view.bits(), np.uint32).reshape(n, -1)[:, :n]

    def array(self) -> np.ndarray:
        """float32 (side, side) ink in [0, 1] (`nnviz.data.ink.ink_array`)."""
        return ink_array(self.gray(), self.side)

    def isEmpty(self) -> bool:
        return not self.gray().any()

    def setResolution(self, dpr: float) -> None:
        """Store at side * dpr pixels, resampling the drawing if it changes."""
        n = max(1, round(self.side * dpr))
        if self.ink.isNull() or self.ink.width() != n:
            old = None if self.ink.isNull() else self.ink
            self.ink = QImage(n, n, QImage.Format.Format_Grayscale8)
            self.ink.fill(0)
            if old is not None:
                p = QPainter(self.ink)
                p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                p.drawImage(QRectF(0, 0, n, n), old)
                p.end()
        if self.view.width() != n:
            self.view = QImage(n, n, QImage.Format.Format_RGB32)
        for img in (self.ink, self.view):
            img.setDevicePixelRatio(n / self.side)
        self.dpr = dpr
        self.refresh(None)

    def setColors(self, paper: QColor, ink: QColor) -> None:
        """Colour table: gray g -> paper + (ink - paper) g / 255, as 0xffRRGGBB."""
        t = np.linspace(0.0, 1.0, 256)
        rgb = [
            np.rint(c0 + (c1 - c0) * t).astype(np.uint32)
            for c0, c1 in zip(paper.getRgb()[:3], ink.getRgb()[:3], strict=True)
        ]
        self.lut = np.uint32(0xFF000000) | (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]
        if not self.view.isNull():
            self.refresh(None)

    def refresh(self, rect: QRectF | None) -> None:
        """Recolour the view from the ink, everywhere or in `rect` (logical pixels)."""
        ink, view = self.gray(), self._view_np()
        if rect is None:
            view[...] = self.lut[ink]
            return
        s = self.ink.width() / self.side
        n = ink.shape[0]
        y0, y1 = max(0, int(rect.top() * s)), min(n, int(rect.bottom() * s) + 2)
        x0, x1 = max(0, int(rect.left() * s)), min(n, int(rect.right() * s) + 2)
        if y1 > y0 and x1 > x0:
            view[y0:y1, x0:x1] = self.lut[ink[y0:y1, x0:x1]]

    # ------------------------------------------------------------ edits

    def pushUndo(self) -> None:
        self.undo_stack.append(self.ink.copy())
        del self.undo_stack[: -self.MAX_UNDO]

    def undo(self) -> bool:
        if not self.undo_stack:
            return False
        self.ink = self.undo_stack.pop()
        self.setResolution(self.dpr)
        return True

    def clear(self) -> None:
        self.ink.fill(0)
        self.refresh(None)

    def setGray(self, gray: np.ndarray) -> None:
        """Replace every pixel (an (n, n) uint8 image at the stored resolution)."""
        self.gray()[...] = gray
        self.refresh(None)

    def paint(
        self, path: QPainterPath, width: float, erase: bool, dot: QPointF | None = None
    ) -> QRectF:
        """Stroke `path` (or a round dot) with round caps and joins; returns the dirty rect."""
        colour = QColor(0, 0, 0) if erase else QColor(255, 255, 255)
        p = QPainter(self.ink)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if dot is not None:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawEllipse(dot, width / 2, width / 2)
            rect = QRectF(dot.x() - width / 2, dot.y() - width / 2, width, width)
        else:
            pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            p.setPen(pen)
            p.drawPath(path)
            rect = path.boundingRect()
        p.end()
        m = width / 2 + 2
        rect = rect.adjusted(-m, -m, m, m)
        self.refresh(rect)
        return rect
