"""Small pictures of what each hidden neuron responds to over the input plane.

Tile (k, j) is the activation a_k[j](x1, x2) of neuron j of hidden layer k on the
decision grid: sigmoid in [0, 1] on the sequential map, ReLU scaled by its own
maximum (all blank = never active here), signed activations (tanh, leaky ReLU,
linear) on the diverging map scaled by max |a|. Tiles wrap to the widget's width.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

MARGIN, GAP = 6, 6


class NeuronThumbs(QWidget):
    """Rows of thumbnails, one titled group per hidden layer; hover names the neuron."""

    sigNeuronClicked = Signal(int, int)  # (layer k, unit j)

    def __init__(self, parent: QWidget | None = None, size: int = 48) -> None:
        super().__init__(parent)
        self.size = size
        self._images: list[list[QImage]] = []
        self._titles: list[str] = []
        self._tips: list[list[str]] = []
        self._rects: list[tuple[QRect, int, int]] = []
        self._fg = QColor(0, 0, 0)
        self._frame = QColor(160, 160, 160)
        self._empty = "Hidden-neuron pictures appear once a network with hidden layers is set."
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setToolTip("What each hidden neuron responds to over the plane of the two inputs")

    def setLayers(
        self, tiles: list[np.ndarray], titles: list[str], tips: list[list[str]] | None = None
    ) -> None:
        """tiles[k]: (units, h, w, 3) uint8 images of layer k (row 0 at the top);
        tips[k][j] overrides the hover text of tile (k, j)."""
        self._tips = tips or []
        self._images = []
        for T in tiles:
            T = np.ascontiguousarray(T)
            h, w = T.shape[1:3]
            self._images.append(
                [QImage(t.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy() for t in T]
            )
        self._titles = list(titles)
        self._relayout()
        self.update()

    def setEmptyText(self, text: str) -> None:
        self._empty = text
        self.update()

    def count(self) -> int:
        """Number of thumbnails shown (= number of hidden units)."""
        return sum(len(imgs) for imgs in self._images)

    def setColors(self, fg: QColor, frame: QColor) -> None:
        self._fg, self._frame = fg, frame
        self.update()

    # ------------------------------------------------------------ layout

    def _layout(self, width: int) -> tuple[list[tuple[QRect, int, int]], list[int], int]:
        """Tile rects with (layer, unit), title baselines, total height for `width`."""
        fh = self.fontMetrics().height()
        step = self.size + GAP
        per_row = max(1, (width - 2 * MARGIN + GAP) // step)
        rects, titles, y = [], [], MARGIN
        for k, imgs in enumerate(self._images):
            titles.append(y + fh - 3)
            y += fh + 2
            for j in range(len(imgs)):
                r, c = divmod(j, per_row)
                rects.append((QRect(MARGIN + c * step, y + r * step, self.size, self.size), k, j))
            rows = -(-len(imgs) // per_row)
            y += rows * step + GAP
        return rects, titles, y + MARGIN

    def _relayout(self) -> None:
        self._rects, self._titleY, height = self._layout(self.width())
        self.setMinimumHeight(height if self._images else 3 * self.fontMetrics().height())

    def sizeHint(self) -> QSize:
        return QSize(4 * (self.size + GAP) + 2 * MARGIN, self.minimumHeight())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    # ------------------------------------------------------------ paint / mouse

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setPen(self._fg)
        if not self._images:
            p.drawText(
                self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                | int(Qt.TextFlag.TextWordWrap),
                self._empty,
            )
            return
        for title, y in zip(self._titles, self._titleY, strict=False):
            p.drawText(MARGIN, y, title)
        p.setPen(self._frame)
        for rect, k, j in self._rects:
            p.drawImage(rect, self._images[k][j])
            p.drawRect(rect.adjusted(-1, -1, 0, 0))
        p.end()

    def unitAt(self, pos: QPoint) -> tuple[int, int] | None:
        for rect, k, j in self._rects:
            if rect.contains(pos):
                return k, j
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.unitAt(event.position().toPoint())
        if hit is None:
            QToolTip.hideText()
        else:
            k, j = hit
            tips = self._tips
            tip = tips[k][j] if k < len(tips) and j < len(tips[k]) and tips[k][j] else None
            QToolTip.showText(
                event.globalPosition().toPoint(),
                tip
                or f"Hidden layer {k + 1}, neuron {j}: its activation over the plane "
                "(click to select)",
                self,
            )
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.unitAt(event.position().toPoint())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.sigNeuronClicked.emit(*hit)
        super().mousePressEvent(event)
