"""The learning-rate schedule in the Optimizer box: constant, step or cosine per epoch.

With base rate lr and finished epochs e (`nnviz.engine.schedule`):
step lr·gamma^floor(e / n); cosine lr_min + (lr - lr_min)(1 + cos(pi·min(e, T)/T))/2.
The rate in use now (as the trainer reports it) is shown below the choices.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QWidget

from nnviz.app.settings import Settings
from nnviz.engine import SCHEDULES
from nnviz.ui.controls.hyper_widgets import CompactSpinBox

LABELS = {"constant": "Constant", "step": "Step decay", "cosine": "Cosine decay"}
TIPS = {
    "constant": "The same learning rate in every epoch",
    "step": "Multiply the learning rate by γ every n epochs: lr·γ^floor(epoch / n)",
    "cosine": "Lower the learning rate along a half cosine to lr_min over T epochs",
}


class ScheduleEditor(QWidget):
    """`values()` -> the Settings fields; `setSettings(s)`; `showCurrent(lr, epoch)`."""

    sigChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kindCombo = QComboBox()
        for kind in SCHEDULES:
            self.kindCombo.addItem(LABELS[kind], kind)
        self.kindCombo.setToolTip("How the learning rate changes from epoch to epoch")
        self.gammaSpin = CompactSpinBox()
        self.gammaSpin.setRange(0.001, 1.0)
        self.gammaSpin.setSingleStep(0.05)
        self.gammaSpin.setToolTip("Step decay: the factor γ applied every n epochs")
        self.epochsSpin = QSpinBox()
        self.epochsSpin.setRange(1, 10_000)
        self.epochsSpin.setToolTip("Step decay: epochs n per step; cosine: epochs T to lr_min")
        self.lrMinSpin = CompactSpinBox(log_step=0.5)
        self.lrMinSpin.setRange(0.0, 10.0)
        self.lrMinSpin.setToolTip("Cosine decay: the learning rate it ends at")
        self.current = QLabel()
        self.current.setToolTip("The learning rate the trainer uses now (the schedule's)")
        for w in (self.gammaSpin, self.epochsSpin, self.lrMinSpin):
            w.setKeyboardTracking(False)
            w.valueChanged.connect(self._edited)
        self.kindCombo.currentIndexChanged.connect(self._edited)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.kindCombo)
        form.addRow("γ", self.gammaSpin)
        form.addRow("Epochs", self.epochsSpin)
        form.addRow("lr_min", self.lrMinSpin)
        form.addRow(self.current)
        self._form = form
        self._lr = 0.01
        self._sync()

    def kind(self) -> str:
        return str(self.kindCombo.currentData())

    def values(self) -> dict[str, Any]:
        """lr_schedule, lr_gamma, lr_epochs and lr_min as the widgets show them."""
        return {
            "lr_schedule": self.kind(),
            "lr_gamma": self.gammaSpin.value(),
            "lr_epochs": self.epochsSpin.value(),
            "lr_min": self.lrMinSpin.value(),
        }

    def setSettings(self, s: Settings) -> None:
        """Show the schedule of `s` (no signal)."""
        widgets = (self.kindCombo, self.gammaSpin, self.epochsSpin, self.lrMinSpin)
        for w in widgets:
            w.blockSignals(True)
        self.kindCombo.setCurrentIndex(max(self.kindCombo.findData(s.lr_schedule), 0))
        self.gammaSpin.setValue(s.lr_gamma)
        self.epochsSpin.setValue(s.lr_epochs)
        self.lrMinSpin.setValue(s.lr_min)
        for w in widgets:
            w.blockSignals(False)
        self._lr = s.lr
        self._sync()

    def showCurrent(self, lr: float, epoch: int) -> None:
        """The rate in use at `epoch` (finished epochs)."""
        if math.isfinite(lr):
            self.current.setText(f"now: lr = {lr:.3g} (epoch {epoch + 1})")

    @Slot()
    def _edited(self) -> None:
        self._sync()
        self.sigChanged.emit()

    def _sync(self) -> None:
        kind = self.kind()
        self._form.setRowVisible(self.gammaSpin, kind == "step")
        self._form.setRowVisible(self.epochsSpin, kind != "constant")
        self._form.setRowVisible(self.lrMinSpin, kind == "cosine")
        self.kindCombo.setToolTip(TIPS[kind])
