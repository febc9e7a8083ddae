"""The drawing surface: smooth round strokes into a HiDPI ink image (`InkImage`).

`inkArray()` gives the fixed-resolution float32 model of the drawing (`nnviz.data.ink`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QMimeData, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPointingDevice,
    QTabletEvent,
)
from PySide6.QtWidgets import QWidget

from nnviz.data import DataFileError, load_image
from nnviz.data.ink import CANVAS, fit_to_square, to_gray
from nnviz.ui.draw.image_input import ink_from_qimage, mime_source, offers_image
from nnviz.ui.draw.ink_image import InkImage, midpoint
from nnviz.ui.plots.theme import is_palette_change


class CanvasWidget(QWidget):
    """A square drawing pad (side x side logical pixels) with undo.

    Left button draws (or erases in eraser mode), the right button erases; a pen
    tablet's pressure scales the stroke width. Strokes are quadratic curves through the
    midpoints of successive pointer positions, drawn with round caps and joins.
    """

    sigInkChanged = Signal()  # the ink changed (every stroke segment, clear, undo, load)
    sigStrokeFinished = Signal()
    sigMessage = Signal(str)  # something the user should read (e.g. an unreadable file)

    def __init__(self, parent: QWidget | None = None, side: int = CANVAS) -> None:
        super().__init__(parent)
        self._side = side
        self._brush = 22.0
        self._erasing = False
        self._img = InkImage(side, self.devicePixelRatioF() or 1.0)
        self._overlay: QImage | None = None
        self._pts: list[tuple[QPointF, float]] = []  # the last three points of the stroke
        self._stroke_button: Qt.MouseButton | None = None
        self._stroke_erase = False
        self._empty = True
        self.setFixedSize(side, side)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip(
            "Draw a digit with the mouse or a pen. The right button erases.\n"
            "Drop an image file here, or paste one with Ctrl+V."
        )
        self._themeColors()

    # ------------------------------------------------------------ public API

    def side(self) -> int:
        return self._side

    def brushSize(self) -> float:
        return self._brush

    def setBrushSize(self, px: float) -> None:
        """Stroke width in logical pixels (a pen's pressure scales it)."""
        self._brush = float(max(1.0, px))

    def isErasing(self) -> bool:
        return self._erasing

    def setErasing(self, on: bool) -> None:
        self._erasing = bool(on)

    def isEmpty(self) -> bool:
        return self._empty

    def canUndo(self) -> bool:
        return bool(self._img.undo_stack)

    def inkArray(self) -> np.ndarray:
        """The ink as float32 (side, side) in [0, 1], whatever the screen resolution."""
        return self._img.array()

    def inkImage(self) -> InkImage:
        return self._img

    def clear(self) -> None:
        """Wipe the canvas (undoable)."""
        if self._empty:
            return
        self._end_stroke(silent=True)
        self._img.pushUndo()
        self._img.clear()
        self._changed(None, empty=True)

    def undo(self) -> bool:
        """Back to before the last stroke, clear or loaded image; False if nothing to undo."""
        self._end_stroke(silent=True)
        if not self._img.undo():
            return False
        self._changed(None)
        return True

    def setInk(self, ink: np.ndarray, margin: float = 0.0) -> None:
        """Replace the drawing by a 2-D ink image in [0, 1] (any size; fitted, undoable)."""
        self._end_stroke(silent=True)
        self._img.pushUndo()
        self._img.setGray(to_gray(fit_to_square(ink, self._img.ink.width(), margin)))
        self._changed(None)

    def loadImageFile(self, path: str | Path) -> bool:
        """Put an image file on the canvas (`nnviz.data.load_image`); False on failure."""
        return self._putImage(load_image, path, "Cannot open the image")

    def setQImage(self, image: QImage) -> bool:
        """Put a QImage (pasted or dropped) on the canvas; False if it has no readable image."""
        return self._putImage(ink_from_qimage, image, "Cannot use that image")

    def _putImage(self, read: Callable[[Any], np.ndarray], source: Any, failure: str) -> bool:
        try:
            ink = read(source)
        except DataFileError as err:
            self.sigMessage.emit(f"{failure}: {err}")
            return False
        self.setInk(ink, margin=0.1)
        return True

    def _putMimeData(self, data: QMimeData | None) -> bool | None:
        """The first local file of `data`, else its image, onto the canvas (None: neither)."""
        source = mime_source(data)
        if source is None:
            return None
        return self.loadImageFile(source) if isinstance(source, str) else self.setQImage(source)

    def paste(self) -> bool:
        """Paste an image (or an image file) from the clipboard."""
        done = self._putMimeData(QGuiApplication.clipboard().mimeData())
        if done is None:
            self.sigMessage.emit("The clipboard holds no image to paste.")
            return False
        return done

    def setOverlay(self, rgba: np.ndarray | None) -> None:
        """An (H, W, 4) uint8 RGBA picture laid over the whole canvas, or None."""
        if rgba is None:
            self._overlay = None
        else:
            a = np.ascontiguousarray(rgba, np.uint8)
            h, w = a.shape[:2]
            self._overlay = QImage(a.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
        self.update()

    # ------------------------------------------------------------ strokes

    def _changed(self, rect: QRectF | None, empty: bool | None = None) -> None:
        was_empty = self._empty
        self._empty = self._img.isEmpty() if empty is None else empty
        if rect is None or was_empty != self._empty:
            self.update()
        else:
            self.update(rect.toAlignedRect())
        self.sigInkChanged.emit()

    def _paint(self, path: QPainterPath, width: float, dot: QPointF | None = None) -> None:
        self._checkResolution()
        rect = self._img.paint(path, width, self._stroke_erase, dot)
        self._changed(rect, None if self._stroke_erase else False)

    def _begin_stroke(
        self, pos: QPointF, width: float, erase: bool, button: Qt.MouseButton
    ) -> None:
        self._img.pushUndo()
        self._pts = [(pos, width)]
        self._stroke_button = button
        self._stroke_erase = erase

    def _extend_stroke(self, pos: QPointF, width: float) -> None:
        last = self._pts[-1][0]
        if abs(pos.x() - last.x()) + abs(pos.y() - last.y()) < 0.5:
            return
        self._pts.append((pos, width))
        path = QPainterPath()
        if len(self._pts) == 2:
            a = self._pts[0][0]
            path.moveTo(a)
            path.lineTo(midpoint(a, pos))
        else:
            (a, _), (b, w_b), (c, _) = self._pts[-3:]
            path.moveTo(midpoint(a, b))
            path.quadTo(b, midpoint(b, c))
            width = w_b
            del self._pts[:-3]
        self._paint(path, width)

    def _end_stroke(self, silent: bool = False) -> None:
        if self._stroke_button is None:
            return
        pts, self._pts = self._pts, []
        self._stroke_button = None
        if silent:
            return
        if len(pts) == 1:
            self._paint(QPainterPath(), pts[0][1], dot=pts[0][0])
        else:
            (a, _), (b, w) = pts[-2:]
            path = QPainterPath(midpoint(a, b))
            path.lineTo(b)
            self._paint(path, w)
        self.sigStrokeFinished.emit()

    def mousePressEvent(self, e: QMouseEvent) -> None:
        button = e.button()
        if self._stroke_button is None and button in (Qt.LeftButton, Qt.RightButton):
            erase = self._erasing or button == Qt.RightButton
            self._begin_stroke(e.position(), self._brush, erase, button)
            e.accept()
        else:
            super().mousePressEvent(e)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if self._stroke_button is not None:
            self._extend_stroke(e.position(), self._brush)
            e.accept()

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if self._stroke_button is not None and e.button() == self._stroke_button:
            self._end_stroke()
            e.accept()

    def tabletEvent(self, e: QTabletEvent) -> None:
        """Pen input: width = brush * (0.3 + 0.9 * pressure); the pen's eraser end erases."""
        width = self._brush * (0.3 + 0.9 * float(e.pressure()))
        kind = e.type()
        if kind == QEvent.Type.TabletPress and self._stroke_button is None:
            eraser = e.pointerType() == QPointingDevice.PointerType.Eraser
            self._begin_stroke(e.position(), width, self._erasing or eraser, Qt.LeftButton)
        elif kind == QEvent.Type.TabletMove and self._stroke_button is not None:
            self._extend_stroke(e.position(), width)
        elif kind == QEvent.Type.TabletRelease:
            self._end_stroke()
        e.accept()

    # ------------------------------------------------------------ drops, theme, paint

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        if offers_image(e.mimeData()):
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        self._putMimeData(e.mimeData())
        e.acceptProposedAction()

    def _themeColors(self) -> None:
        pal = self.palette()
        self._img.setColors(pal.color(QPalette.Base), pal.color(QPalette.Text))

    def _checkResolution(self) -> None:
        dpr = self.devicePixelRatioF() or 1.0
        if abs(self._img.dpr - dpr) > 1e-6:
            self._img.setResolution(dpr)

    def changeEvent(self, e: QEvent) -> None:
        if is_palette_change(e):
            self._themeColors()
            self.update()
        super().changeEvent(e)

    def paintEvent(self, e: QPaintEvent) -> None:
        self._checkResolution()
        p = QPainter(self)
        rect = QRectF(0, 0, self._side, self._side)
        p.drawImage(rect, self._img.view)
        if self._overlay is not None:
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(rect, self._overlay)
        if self._empty and self._stroke_button is None:
            p.setPen(self.palette().color(QPalette.PlaceholderText))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Draw a digit here")
        p.setPen(QPen(self.palette().color(QPalette.Mid), 1))
        p.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        p.end()
