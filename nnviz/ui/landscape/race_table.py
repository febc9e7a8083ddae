"""The racers' table: one row per racer with its settings (optimizer, lr, momentum, batch
size) and, side by side, its step, evaluation loss and accuracy, and an Adopt button."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from nnviz.app.race import RacerConfig, RacerState
from nnviz.ui.controls.hyper_widgets import CompactSpinBox

OPTIMIZERS = ("sgd", "momentum", "adam")
RACER_COLORS = [(213, 94, 0), (86, 180, 233), (204, 121, 167), (230, 159, 0)]  # Okabe-Ito
DEFAULT_CONFIGS = [
    RacerConfig("sgd", 0.1, batch_size=16),
    RacerConfig("momentum", 0.05, momentum=0.9, batch_size=16),
    RacerConfig("adam", 0.01, batch_size=16),
]
COLUMNS = ("racer", "optimizer", "lr", "momentum", "batch", "step", "loss", "accuracy", "")
C_OPT, C_LR, C_MOM, C_BATCH, C_STEP, C_LOSS, C_ACC, C_ADOPT = range(1, 9)


def racer_name(i: int) -> str:
    return "ABCD"[i]


class RacerTable(QTableWidget):
    """2-4 rows of racer settings and results; emits sigAdopt(row)."""

    sigAdopt = Signal(int)
    sigChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        head = self.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setConfigs(DEFAULT_CONFIGS)

    # ------------------------------------------------------------ rows

    def setConfigs(self, configs: Sequence[RacerConfig]) -> None:
        if not 2 <= len(configs) <= 4:
            raise ValueError(f"a race has 2 to 4 racers, got {len(configs)}")
        self.setRowCount(0)
        for c in configs:
            self._addRow(c)
        self._fitHeight()
        self.sigChanged.emit()

    def addRacer(self) -> None:
        if self.rowCount() < 4:
            self._addRow(RacerConfig("adam", 0.001, batch_size=16))
            self._fitHeight()
            self.sigChanged.emit()

    def removeRacer(self) -> None:
        if self.rowCount() > 2:
            self.removeRow(self.rowCount() - 1)
            self._fitHeight()
            self.sigChanged.emit()

    def _addRow(self, c: RacerConfig) -> None:
        r = self.rowCount()
        self.insertRow(r)
        name = QTableWidgetItem(f"■ {racer_name(r)}")
        name.setForeground(QColor(*RACER_COLORS[r]))
        name.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.setItem(r, 0, name)
        opt = QComboBox()
        opt.addItems(OPTIMIZERS)
        opt.setCurrentText(c.optimizer)
        lr = CompactSpinBox(log_step=0.1)
        lr.setRange(1e-5, 10.0)
        lr.setValue(c.lr)
        lr.setToolTip("Learning rate (arrows multiply by 10^±0.1)")
        mom = CompactSpinBox()
        mom.setRange(0.0, 0.999)
        mom.setSingleStep(0.05)
        mom.setValue(c.momentum)
        mom.setToolTip("Momentum μ (used by the momentum optimizer)")
        batch = QSpinBox()
        batch.setRange(1, 4096)
        batch.setValue(c.batch_size)
        batch.setToolTip("Minibatch size")
        for col, w in ((C_OPT, opt), (C_LR, lr), (C_MOM, mom), (C_BATCH, batch)):
            self.setCellWidget(r, col, w)
        opt.currentTextChanged.connect(self._edited)
        for spin in (lr, mom, batch):
            spin.valueChanged.connect(self._edited)
        for col in (C_STEP, C_LOSS, C_ACC):
            item = QTableWidgetItem("–")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(r, col, item)
        adopt = QPushButton("Adopt")
        adopt.setToolTip("Pause the race and make this racer's network the main network")
        adopt.setEnabled(False)
        adopt.clicked.connect(lambda _=False, row=r: self.sigAdopt.emit(row))  # GUI thread
        self.setCellWidget(r, C_ADOPT, adopt)
        self._showMomentum(r)

    @Slot()
    def _edited(self) -> None:
        for r in range(self.rowCount()):
            self._showMomentum(r)
        self.sigChanged.emit()

    def _showMomentum(self, r: int) -> None:
        self.cellWidget(r, C_MOM).setEnabled(
            self.isEditable() and self.cellWidget(r, C_OPT).currentText() == "momentum"
        )

    def _fitHeight(self) -> None:
        h = self.horizontalHeader().height() + 2 * self.frameWidth()
        h += sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(h + 2)

    # ------------------------------------------------------------ reading and writing

    def configs(self) -> list[RacerConfig]:
        out = []
        for r in range(self.rowCount()):
            out.append(
                RacerConfig(
                    self.cellWidget(r, C_OPT).currentText(),
                    float(self.cellWidget(r, C_LR).value()),
                    float(self.cellWidget(r, C_MOM).value()),
                    int(self.cellWidget(r, C_BATCH).value()),
                )
            )
        return out

    def isEditable(self) -> bool:
        return getattr(self, "_editable", True)

    def setEditable(self, on: bool) -> None:
        """Settings can change only before a race (Reset ends one)."""
        self._editable = on
        for r in range(self.rowCount()):
            for col in (C_OPT, C_LR, C_BATCH):
                self.cellWidget(r, col).setEnabled(on)
            self._showMomentum(r)
            self.cellWidget(r, C_ADOPT).setEnabled(not on)

    def showRacer(self, r: int, racer: RacerState) -> None:
        """Step, evaluation loss and accuracy of racer r."""
        loss = racer.evals[-1][1] if racer.evals else math.nan
        acc = racer.accuracy
        self.item(r, C_STEP).setText(f"{racer.step:,}")
        self.item(r, C_LOSS).setText("diverged" if racer.diverged else _num(loss, ".4g"))
        self.item(r, C_ACC).setText(_num(acc * 100, ".1f", "%"))
        self.item(r, C_LOSS).setToolTip(racer.diverged or "Loss on the evaluation samples")

    def clearResults(self) -> None:
        for r in range(self.rowCount()):
            for col in (C_STEP, C_LOSS, C_ACC):
                self.item(r, col).setText("–")


def _num(v: float, fmt: str, unit: str = "") -> str:
    return f"{v:{fmt}}{unit}" if math.isfinite(v) else "–"
