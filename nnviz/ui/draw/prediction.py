"""What the network sees and says: the 28x28 input, the predicted digit, ten probabilities."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from nnviz.ui.common import colors
from nnviz.ui.plots.theme import is_palette_change, mix, theme_colors

HIGHLIGHT = colors.ORANGE


class DigitView(QWidget):
    """The 28x28 network input, enlarged with hard pixel edges, plus an optional overlay."""

    def __init__(self, parent: QWidget | None = None, scale: int = 3) -> None:
        super().__init__(parent)
        self._x = np.zeros(784, np.float32)
        self._overlay: QImage | None = None
        self.setFixedSize(28 * scale + 2, 28 * scale + 2)
        self.setToolTip(
            "What the network sees: your drawing cropped, scaled to 20 px and\n"
            "centred on its centre of mass in a 28x28 field, like MNIST"
        )

    def setImage(self, x784: np.ndarray) -> None:
        self._x = np.asarray(x784, np.float32).reshape(784)
        self.update()

    def image(self) -> np.ndarray:
        return self._x

    def setOverlay(self, rgba28: np.ndarray | None) -> None:
        """A 28x28x4 RGBA overlay (e.g. saliency), or None."""
        if rgba28 is None:
            self._overlay = None
        else:
            a = np.ascontiguousarray(rgba28, np.uint8)
            self._overlay = QImage(a.data, 28, 28, 28 * 4, QImage.Format.Format_RGBA8888).copy()
        self.update()

    def paintEvent(self, e: QPaintEvent) -> None:
        pal = self.palette()
        paper, ink = pal.color(QPalette.Base), pal.color(QPalette.Text)
        t = np.clip(self._x, 0.0, 1.0)[:, None]
        p0 = np.array(paper.getRgb()[:3], np.float32)
        p1 = np.array(ink.getRgb()[:3], np.float32)
        rgb = np.ascontiguousarray(np.rint(p0 + (p1 - p0) * t).astype(np.uint8))
        img = QImage(rgb.data, 28, 28, 28 * 3, QImage.Format.Format_RGB888)
        p = QPainter(self)
        rect = QRectF(1, 1, self.width() - 2, self.height() - 2)
        p.drawImage(rect, img)
        if self._overlay is not None:
            p.drawImage(rect, self._overlay)
        p.setPen(QPen(pal.color(QPalette.Mid), 1))
        p.drawRect(QRectF(0.5, 0.5, self.width() - 1, self.height() - 1))
        p.end()


class ProbabilityBars(pg.PlotWidget):
    """Ten bars p(0..9); the top one orange. With `before`, two series side by side."""

    sigClassClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._p = np.zeros(10)
        self._before: np.ndarray | None = None
        self._mark: int | None = None
        pi = self.getPlotItem()
        pi.setMouseEnabled(False, False)
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.setXRange(-0.6, 9.6, padding=0)
        pi.setYRange(0, 1.0, padding=0.02)
        pi.getAxis("bottom").setTicks([[(i, str(i)) for i in range(10)]])
        pi.getAxis("left").setTicks([[(0, "0"), (0.5, ".5"), (1, "1")]])
        pi.getAxis("left").setWidth(22)
        self.beforeBars = pg.BarGraphItem(x=np.arange(10) - 0.2, height=np.zeros(10), width=0.38)
        self.bars = pg.BarGraphItem(x=np.arange(10), height=np.zeros(10), width=0.7)
        self.beforeBars.setVisible(False)
        pi.addItem(self.beforeBars)
        pi.addItem(self.bars)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.setMinimumSize(200, 110)
        self.setMaximumHeight(150)
        self.setToolTip(
            "The network's probabilities p(digit | drawing), from the softmax.\n"
            "Click a bar to pick that digit as the label to teach."
        )
        self._theme()

    def sizeHint(self) -> QSize:
        return QSize(280, 120)

    def probabilities(self) -> np.ndarray:
        return self._p

    def setProbabilities(self, p: np.ndarray, before: np.ndarray | None = None) -> None:
        """Show p (10,); with `before`, also the probabilities before a training step."""
        self._p = np.asarray(p, np.float64).reshape(10)
        self._before = None if before is None else np.asarray(before, np.float64).reshape(10)
        self._refresh()

    def setMarked(self, cls: int | None) -> None:
        """Outline the bar of the label being taught."""
        self._mark = cls
        self._refresh()

    def _refresh(self) -> None:
        _, bg, fg = theme_colors(self, None)
        neutral = mix((fg.red(), fg.green(), fg.blue()), bg, 0.45)
        top = int(np.argmax(self._p)) if self._p.any() else -1
        brushes = [QColor(*HIGHLIGHT) if i == top else neutral for i in range(10)]
        pens = [pg.mkPen(fg, width=2) if i == self._mark else pg.mkPen(None) for i in range(10)]
        two = self._before is not None
        x = np.arange(10) + (0.2 if two else 0.0)
        self.bars.setOpts(
            x=x, height=self._p, width=0.38 if two else 0.7, brushes=brushes, pens=pens
        )
        self.beforeBars.setVisible(two)
        if two:
            faint = mix((fg.red(), fg.green(), fg.blue()), bg, 0.18)
            self.beforeBars.setOpts(height=self._before, brush=faint, pen=pg.mkPen(neutral))

    def _theme(self) -> None:
        _, bg, fg = theme_colors(self, None)
        self.setBackground(bg)
        for name in ("left", "bottom"):
            ax = self.getPlotItem().getAxis(name)
            ax.setPen(fg)
            ax.setTextPen(fg)
        self._refresh()

    def changeEvent(self, e: QEvent) -> None:
        super().changeEvent(e)
        if is_palette_change(e) and hasattr(self, "bars"):
            self._theme()

    def _clicked(self, ev: Any) -> None:
        pos = self.getPlotItem().vb.mapSceneToView(ev.scenePos())
        c = round(pos.x())
        if 0 <= c <= 9 and -0.5 <= pos.x() <= 9.5:
            self.sigClassClicked.emit(int(c))


class PredictionView(QWidget):
    """The 28x28 input, the predicted digit in large type, and the probability bars.

    `side` is an optional widget placed right of the big digit (e.g. explanation controls).
    """

    def __init__(self, parent: QWidget | None = None, side: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digitView = DigitView()
        self.digitLabel = QLabel("–")
        font = QFont(self.font())
        font.setPixelSize(48)
        font.setBold(True)
        self.digitLabel.setFont(font)
        self.digitLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.digitLabel.setMinimumWidth(self.fontMetrics().horizontalAdvance("100 % sure") + 8)
        self.confidenceLabel = QLabel("")
        self.confidenceLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for w in (self.digitLabel, self.confidenceLabel):
            w.setToolTip("The network's answer: the digit with the highest probability")
        self.bars = ProbabilityBars()
        answer = QVBoxLayout()
        answer.setSpacing(0)
        answer.addWidget(self.digitLabel)
        answer.addWidget(self.confidenceLabel)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.digitView)
        top.addLayout(answer)
        if side is not None:
            top.addWidget(side, 1)
        else:
            top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.bars)

    def setPrediction(
        self, x784: np.ndarray, p: np.ndarray | None, before: np.ndarray | None = None
    ) -> None:
        """Show the input the network saw and its probabilities (None: nothing drawn)."""
        self.digitView.setImage(x784)
        if p is None:
            self.digitLabel.setText("–")
            self.confidenceLabel.setText("draw a digit")
            self.bars.setProbabilities(np.zeros(10))
            return
        c = int(np.argmax(p))
        self.digitLabel.setText(str(c))
        self.confidenceLabel.setText(f"{100 * float(p[c]):.0f} % sure")
        self.bars.setProbabilities(p, before)
