"""Small editors for hyperparameters: a learning rate on a log slider plus an exact box."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QSlider, QWidget

LR_MIN, LR_MAX = 1e-5, 10.0
BOX_MAX = 1000.0  # the box accepts larger rates than the slider shows (to see divergence)
TICKS_PER_DECADE = 20


class CompactSpinBox(QDoubleSpinBox):
    """A double spin box that shows values like 0.03 or 1e-05 (no trailing zeros).

    Steps multiply/divide by a factor (e.g. x10^0.1) when `log_step` is set."""

    def __init__(self, parent: QWidget | None = None, log_step: float = 0.0) -> None:
        super().__init__(parent)
        self.setDecimals(10)
        self.log_step = log_step
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text.strip())
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> object:
        t = text.strip()
        if not t:
            return QValidator.State.Intermediate, text, pos
        try:
            v = float(t)
        except ValueError:
            ok = all(c in "0123456789.eE+-" for c in t)
            return (QValidator.State.Intermediate if ok else QValidator.State.Invalid), text, pos
        if self.minimum() <= v <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def stepBy(self, steps: int) -> None:
        if self.log_step and self.value() > 0:
            self.setValue(self.value() * 10 ** (self.log_step * steps))
        else:
            super().stepBy(steps)


class LearningRateEdit(QWidget):
    """lr on a log10 slider (1e-5 .. 10) kept in sync with an exact number box."""

    sigChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        lo, hi = math.log10(LR_MIN), math.log10(LR_MAX)
        self.slider.setRange(round(lo * TICKS_PER_DECADE), round(hi * TICKS_PER_DECADE))
        self.slider.setPageStep(TICKS_PER_DECADE // 2)
        self.slider.setToolTip("Learning rate on a log scale (1e-5 to 10): drag to change it")
        self.box = CompactSpinBox(log_step=1 / TICKS_PER_DECADE)
        self.box.setRange(1e-7, BOX_MAX)
        self.box.setToolTip("Learning rate lr: each step moves the weights by -lr × gradient")
        self.box.setMinimumWidth(80)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.box)
        self.slider.valueChanged.connect(self._fromSlider)
        self.box.valueChanged.connect(self._fromBox)
        self.setValue(0.01)

    def value(self) -> float:
        return float(self.box.value())

    def setValue(self, lr: float) -> None:
        """Show lr (no sigChanged)."""
        self.box.blockSignals(True)
        self.slider.blockSignals(True)
        self.box.setValue(lr)
        self.slider.setValue(round(math.log10(max(lr, LR_MIN)) * TICKS_PER_DECADE))
        self.box.blockSignals(False)
        self.slider.blockSignals(False)

    @Slot(int)
    def _fromSlider(self, tick: int) -> None:
        lr = float(f"{10 ** (tick / TICKS_PER_DECADE):.2g}")
        self.box.blockSignals(True)
        self.box.setValue(lr)
        self.box.blockSignals(False)
        self.sigChanged.emit(lr)

    @Slot(float)
    def _fromBox(self, lr: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(math.log10(max(lr, LR_MIN)) * TICKS_PER_DECADE))
        self.slider.blockSignals(False)
        self.sigChanged.emit(lr)
