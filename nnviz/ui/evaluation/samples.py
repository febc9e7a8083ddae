"""The samples of one confusion-matrix cell, and one sample in detail.

`MistakesList` shows the samples of a (true, predicted) pair, most confident first:
28x28 thumbnails for digits, subject and snippet for e-mails, the feature values for
points and CSV rows. `SampleView` shows one of them: the input (with its saliency for
images), the network's probability for every class, and "Step on this sample".
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from nnviz.ui.common.colors import ORANGE
from nnviz.ui.draw.prediction import DigitView
from nnviz.ui.plots.theme import mix, theme_colors

MAX_SHOWN = 300  # samples listed per cell
THUMB = 42


def digit_icon(x784: np.ndarray, side: int = THUMB) -> QIcon:
    """A 28x28 digit as an icon: dark ink on white, like paper."""
    t = np.clip(np.asarray(x784, np.float32).reshape(784), 0.0, 1.0)
    g = np.ascontiguousarray(np.rint(255.0 * (1.0 - t)).astype(np.uint8).reshape(28, 28))
    img = QImage(g.data, 28, 28, 28, QImage.Format.Format_Grayscale8).copy()
    return QIcon(QPixmap.fromImage(img.scaled(side, side)))


class MistakesList(QListWidget):
    """`setSamples(kind, indices, confidence, X, texts)`; a click emits sigSampleClicked(i)."""

    sigSampleClicked = Signal(int)  # the sample's row in the evaluated split

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = "points"
        self.indices = np.zeros(0, np.int64)
        self.itemClicked.connect(self._clicked)
        self.currentRowChanged.connect(self._row)
        self.setToolTip("The samples of the chosen cell, the most confident first")

    def setSamples(
        self,
        kind: str,
        indices: np.ndarray,
        confidence: np.ndarray,
        X: np.ndarray,
        texts: Sequence[str] | None = None,
        features: Sequence[str] | None = None,
    ) -> None:
        """Fill with samples `indices` (confidence[i] the probability of the prediction)."""
        self.blockSignals(True)
        self.clear()
        self.kind = kind
        self.indices = np.asarray(indices, np.int64)[:MAX_SHOWN]
        images = kind == "image"
        self.setViewMode(QListWidget.ViewMode.IconMode if images else QListWidget.ViewMode.ListMode)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setWrapping(images)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setWordWrap(not images)
        for i in self.indices:
            p = float(confidence[i])
            if images:
                item = QListWidgetItem(digit_icon(X[i]), f"{p:.0%}")
            elif texts is not None:
                item = QListWidgetItem(f"{p:.0%}  {texts[i]}")
            else:
                item = QListWidgetItem(f"{p:.0%}  #{i}: {_row_text(X[i], features)}")
            item.setToolTip(f"sample {i}: the network gave its answer p = {p:.3f}")
            item.setData(Qt.ItemDataRole.UserRole, int(i))
            self.addItem(item)
        self.blockSignals(False)

    def click(self, row: int) -> None:
        """Choose the `row`-th sample listed (as a click does)."""
        self.setCurrentRow(row)

    @Slot(QListWidgetItem)
    def _clicked(self, item: QListWidgetItem) -> None:
        self.sigSampleClicked.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    @Slot(int)
    def _row(self, row: int) -> None:
        if 0 <= row < len(self.indices):
            self.sigSampleClicked.emit(int(self.indices[row]))


def _row_text(x: np.ndarray, features: Sequence[str] | None) -> str:
    x = np.asarray(x).ravel()
    names = list(features) if features is not None and len(features) == x.size else None
    parts = [f"{names[k] if names else f'x{k + 1}'}={v:.3g}" for k, v in enumerate(x[:8])]
    return ", ".join(parts) + (", …" if x.size > 8 else "")


class ClassBars(pg.PlotWidget):
    """p(class) for one sample: the predicted class orange, the true class outlined."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pi = self.getPlotItem()
        pi.setMouseEnabled(False, False)
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.setYRange(0, 1.0, padding=0.02)
        pi.getAxis("left").setTicks([[(0, "0"), (0.5, ".5"), (1, "1")]])
        pi.getAxis("left").setWidth(22)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7)
        pi.addItem(self.bars)
        self.p = np.zeros(0)
        self.setMinimumSize(120, 90)
        self.setMaximumHeight(130)
        self.setToolTip("The network's probability for every class (softmax)")

    def setProbabilities(self, p: np.ndarray, names: Sequence[str], true: int | None) -> None:
        self.p = np.asarray(p, np.float64).ravel()
        n = len(self.p)
        _, bg, fg = theme_colors(self, None)
        self.setBackground(bg)
        pi = self.getPlotItem()
        for side in ("left", "bottom"):
            pi.getAxis(side).setPen(fg)
            pi.getAxis(side).setTextPen(fg)
        if n == 0:
            self.bars.setOpts(x=self.p, height=self.p, brushes=None, pens=None, pen=None)
            return
        pi.setXRange(-0.6, n - 0.4, padding=0)
        pi.getAxis("bottom").setTicks([[(k, str(names[k])) for k in range(n)]])
        top = int(np.argmax(self.p)) if n else -1
        neutral = mix((fg.red(), fg.green(), fg.blue()), bg, 0.45)
        brushes = [QColor(*ORANGE) if k == top else neutral for k in range(n)]
        pens = [pg.mkPen(fg, width=2) if k == true else pg.mkPen(None) for k in range(n)]
        self.bars.setOpts(x=np.arange(n), height=self.p, brushes=brushes, pens=pens)


class SampleView(QWidget):
    """One sample: the input, its probabilities and saliency, and "Step on this sample"."""

    sigStep = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digit = DigitView(scale=4)
        self.digit.setToolTip(
            "The sample; red: more ink here would raise the predicted class's score, "
            "blue: lower it (the saliency d z / d x)"
        )
        self.digit.hide()
        self.caption = QLabel("Click a cell of the matrix, then a sample")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.bars = ClassBars()
        self.stepButton = QPushButton("Step on this sample")
        self.stepButton.setToolTip(
            "Record one training step on exactly this sample and its true label,\n"
            "and open it in the Step workspace: how backprop would correct this answer"
        )
        self.stepButton.setEnabled(False)
        self.stepButton.clicked.connect(self.sigStep)
        top = QHBoxLayout()
        top.addWidget(self.digit, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.caption, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.bars)
        lay.addWidget(self.stepButton)
        lay.addStretch(1)

    def clear(self) -> None:
        self.digit.hide()
        self.caption.setText("Click a cell of the matrix, then a sample")
        self.bars.setProbabilities(np.zeros(0), [], None)
        self.stepButton.setEnabled(False)

    def show_sample(
        self,
        index: int,
        probs: np.ndarray,
        names: Sequence[str],
        true: int,
        image: np.ndarray | None = None,
        overlay: np.ndarray | None = None,
        text: str = "",
    ) -> None:
        """Show sample `index` (true class `true`) with the network's probabilities."""
        pred = int(np.argmax(probs)) if len(probs) > 1 else int(probs[0] >= 0.5)
        shown = probs if len(probs) > 1 else np.array([1 - probs[0], probs[0]])
        verdict = "right" if pred == true else "wrong"
        self.caption.setText(
            f"<b>Sample {index}</b>: true <b>{html.escape(str(names[true]))}</b>, "
            f"predicted <b>{html.escape(str(names[pred]))}</b> "
            f"(p = {shown[pred]:.3f}, {verdict})" + (f"<br>{html.escape(text)}" if text else "")
        )
        self.bars.setProbabilities(shown, names, true)
        self.digit.setVisible(image is not None)
        if image is not None:
            self.digit.setImage(image)
            self.digit.setOverlay(overlay)
        self.stepButton.setEnabled(True)
