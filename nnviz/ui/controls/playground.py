"""Controls that TensorFlow Playground has: input features, L1/L2 rates, train/test ratio.

`FeaturePicker` shows one check box per plane feature (x₁, x₂, x₁², x₂², x₁·x₂,
sin x₁, sin x₂) for 2-D data, or "squares" and "pairwise products" for CSV columns.
`RateCombo` picks a regularization rate from Playground's list. `RatioSlider` sets
the share of the data used for training (10-90 %). Each emits `sigChanged`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QWidget,
)

from nnviz.app.settings import Settings
from nnviz.data import PLANE_FEATURES
from nnviz.data.features import csv_features, label

RATES = (0.0, 0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
FEATURE_TIPS = {
    "x1": "The first input as it is",
    "x2": "The second input as it is",
    "x1^2": "x₁²: lets a single layer draw a boundary that bends along x₁",
    "x2^2": "x₂²: with x₁², circles become linearly separable",
    "x1*x2": "x₁·x₂: positive in two opposite quadrants (XOR)",
    "sin(x1)": "sin(x₁): waves along x₁",
    "sin(x2)": "sin(x₂): waves along x₂",
}


class FeaturePicker(QWidget):
    """Which input features feed the network."""

    sigChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        for k, name in enumerate(PLANE_FEATURES):
            box = QCheckBox(label(name))
            box.setToolTip(FEATURE_TIPS[name])
            box.toggled.connect(self._toggled)
            self.boxes[name] = box
            grid.addWidget(box, k // 4, k % 4)
        self.squares = QCheckBox("+ squares")
        self.squares.setToolTip("Add every column's square x_i² as an input")
        self.products = QCheckBox("+ pairwise products")
        self.products.setToolTip("Add every product of two columns x_i·x_j (i < j) as an input")
        for box in (self.squares, self.products):
            box.toggled.connect(self._toggled)
        grid.addWidget(self.squares, 2, 0, 1, 2)
        grid.addWidget(self.products, 2, 2, 1, 2)
        self._csv = False
        self._n_raw = 2

    def setFeatures(self, s: Settings, n_raw: int | None = None) -> None:
        """Show the settings' features (no signal); CSV data shows its two options."""
        self._csv = s.kind == "csv"
        chosen = set(s.features)
        if self._csv:
            self._n_raw = sum(1 for f in s.features if f.isalnum()) or n_raw or self._n_raw
        for name, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(name in chosen if chosen else name in ("x1", "x2"))
            box.setVisible(not self._csv)
            box.blockSignals(False)
        for box, mark in ((self.squares, "^2"), (self.products, "*")):
            box.blockSignals(True)
            box.setChecked(any(mark in f for f in s.features))
            box.setVisible(self._csv)
            box.blockSignals(False)

    def features(self) -> list[str]:
        """The chosen feature names ([] = the raw inputs)."""
        if self._csv:
            sq, pr = self.squares.isChecked(), self.products.isChecked()
            return csv_features(self._n_raw, sq, pr) if sq or pr else []
        names = [n for n, box in self.boxes.items() if box.isChecked()]
        return [] if names == ["x1", "x2"] else names

    @Slot()
    def _toggled(self) -> None:
        if not self._csv and not any(b.isChecked() for b in self.boxes.values()):
            box = self.sender()
            if isinstance(box, QCheckBox):  # at least one input stays on
                box.blockSignals(True)
                box.setChecked(True)
                box.blockSignals(False)
            return
        self.sigChanged.emit()


class RateCombo(QComboBox):
    """A regularization rate from 0 (off) to 10."""

    sigChanged = Signal()

    def __init__(self, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for r in RATES:
            self.addItem("off" if r == 0 else f"{r:g}", r)
        self.setToolTip(tip)
        self.currentIndexChanged.connect(self.sigChanged)

    def value(self) -> float:
        return float(self.currentData())

    def setValue(self, rate: float) -> None:
        i = self.findData(rate)
        if i < 0:  # a rate from a file or a setup: listed where it belongs
            i = sum(1 for r in RATES if r < rate)
            self.insertItem(i, f"{rate:g}", rate)
        self.blockSignals(True)
        self.setCurrentIndex(i)
        self.blockSignals(False)


class RatioSlider(QWidget):
    """The share of the data used for training, 10-90 % in steps of 5 %."""

    sigChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(2, 18)  # x 5 %
        self.slider.setPageStep(2)
        self.slider.setToolTip("Ratio of training to test data: the rest tests the network")
        self.text = QLabel()
        self.text.setMinimumWidth(self.text.fontMetrics().horizontalAdvance("90 % train"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.slider, 1)
        row.addWidget(self.text)
        self.slider.valueChanged.connect(self._moved)
        self.slider.sliderReleased.connect(self.sigChanged)
        self._moved(self.slider.value())

    def value(self) -> float:
        return self.slider.value() * 5 / 100

    def setValue(self, fraction: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(fraction * 20))
        self.slider.blockSignals(False)
        self._moved(self.slider.value())

    @Slot(int)
    def _moved(self, v: int) -> None:
        self.text.setText(f"{v * 5} % train")
        if self.sender() is self.slider and not self.slider.isSliderDown():
            self.sigChanged.emit()
