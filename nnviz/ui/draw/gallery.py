"""A row of real MNIST digits as clickable thumbnails."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPalette, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QToolButton, QWidget

from nnviz.data import DataFileError, sample_digits
from nnviz.ui.plots.theme import is_palette_change

THUMB = 30


def _pixmap(x784: np.ndarray, paper: tuple[int, ...], ink: tuple[int, ...], side: int) -> QPixmap:
    t = np.clip(np.asarray(x784, np.float32), 0.0, 1.0)[:, None]
    p0, p1 = np.array(paper[:3], np.float32), np.array(ink[:3], np.float32)
    rgb = np.ascontiguousarray(np.rint(p0 + (p1 - p0) * t).astype(np.uint8))
    img = QImage(rgb.data, 28, 28, 28 * 3, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(
        img.scaled(
            side,
            side,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    )


class Gallery(QScrollArea):
    """Sample digits (`nnviz.data.sample_digits`); a click emits (x784, label)."""

    sigDigitClicked = Signal(object, int)

    def __init__(self, parent: QWidget | None = None, per_class: int = 2) -> None:
        super().__init__(parent)
        self.images = np.zeros((0, 784), np.float32)
        self.labels = np.zeros(0, np.int64)
        self.buttons: list[QToolButton] = []
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        self._row = QHBoxLayout(inner)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(2)
        self.setWidget(inner)
        try:
            self.images, self.labels = sample_digits(per_class=per_class)
        except DataFileError as err:
            self._row.addWidget(QLabel(f"No sample digits: {err}"))
        rank = np.zeros(len(self.labels), np.int64)
        for c in np.unique(self.labels):
            idx = np.flatnonzero(self.labels == c)
            rank[idx] = np.arange(idx.size)
        self._order = [int(i) for i in np.lexsort((self.labels, rank))]  # 0..9, 0..9, ...
        for i in self._order:
            b = QToolButton()
            b.setAutoRaise(True)
            b.setIconSize(QSize(THUMB, THUMB))
            b.setToolTip(
                f"An MNIST test digit ({int(self.labels[i])}): click to put it on "
                "the canvas, then draw over it"
            )
            b.clicked.connect(lambda _=False, i=i: self.click(i))
            self._row.addWidget(b)
            self.buttons.append(b)
        self._row.addStretch(1)
        self._paint_icons()
        self.setFixedHeight(THUMB + 12 + self.horizontalScrollBar().sizeHint().height())

    def sizeHint(self) -> QSize:
        """Narrow: the row scrolls, so the panel need not be as wide as every thumbnail."""
        return QSize(10 * (THUMB + 8), self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(3 * (THUMB + 8), self.height())

    def click(self, i: int) -> None:
        """Act as if sample i (in `images` order) was clicked."""
        self.sigDigitClicked.emit(self.images[i], int(self.labels[i]))

    def _paint_icons(self) -> None:
        pal = self.palette()
        paper, ink = pal.color(QPalette.Base).getRgb(), pal.color(QPalette.Text).getRgb()
        dpr = self.devicePixelRatioF() or 1.0
        for b, i in zip(self.buttons, self._order, strict=True):
            pm = _pixmap(self.images[i], paper, ink, round(THUMB * dpr))
            pm.setDevicePixelRatio(dpr)
            b.setIcon(QIcon(pm))

    def changeEvent(self, e: QEvent) -> None:
        super().changeEvent(e)
        if is_palette_change(e):
            self._paint_icons()
