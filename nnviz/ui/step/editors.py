"""Editors of the tiny-network workbench: its widgets and their layout, number spin boxes
and the table of a layer's weights and biases, sized from the font."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from nnviz.engine import Network
from nnviz.teach.tiny_nets import PRESETS


def output_row() -> tuple[QHBoxLayout, QComboBox, QComboBox]:
    """(row, output activation box, loss box) of the workbench's "Output" line."""
    output, loss = QComboBox(), QComboBox()
    output.addItems(["sigmoid", "tanh", "relu", "leaky_relu", "linear", "softmax"])
    output.setToolTip("Activation f of the output layer: ŷ = f(z)")
    loss.addItems(["mse", "cross_entropy"])
    loss.setToolTip("Loss: mean squared error, or cross-entropy (softmax only)")
    row = QHBoxLayout()
    for w in (output, QLabel("loss"), loss):
        row.addWidget(w)
    row.addStretch(1)
    return row, output, loss


def with_output(net: Network, output: str, loss: str) -> Network:
    """`net` with another output activation and loss, the same weights (ValueError for a
    pair the engine does not take, e.g. cross-entropy without softmax)."""
    cfg = net.config()
    cfg.update(output=output, loss=loss)
    new = Network(cfg.pop("sizes"), **cfg)
    new.set_params(net.params())
    return new


def spin(lo: float = -100.0, hi: float = 100.0) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setDecimals(6)
    box.setSingleStep(0.05)
    box.setKeyboardTracking(False)
    return box


class _SpinDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):  # type: ignore[override]
        return spin()

    def setEditorData(self, editor, index) -> None:  # type: ignore[override]
        editor.setValue(float(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor, model, index) -> None:  # type: ignore[override]
        editor.interpretText()
        model.setData(index, f"{editor.value():.10g}", Qt.ItemDataRole.EditRole)


def param_table(k: int, n_in: int, n_out: int) -> QTableWidget:
    """Layer k's W (n_out x n_in) and b as one editable table: row j = to, column i = from."""
    t = QTableWidget(n_out, n_in + 1)
    t.setHorizontalHeaderLabels([f"from {i}" for i in range(n_in)] + [f"b{k + 1}"])
    t.setVerticalHeaderLabels([f"to {j}" for j in range(n_out)])
    t.setItemDelegate(_SpinDelegate(t))
    t.setToolTip(
        f"Layer {k + 1}: W{k + 1}[j, i] (row j = neuron it feeds, column i = input) and "
        f"the bias b{k + 1}[j]. Double-click to edit."
    )
    fit_table(t)
    return t


def fit_table(t: QTableWidget) -> None:
    """Cells wide enough for "-0.1234567" and tall enough for the font; the table exactly as
    tall as its rows (the workbench scrolls when they do not fit)."""
    fm = t.fontMetrics()
    t.horizontalHeader().setDefaultSectionSize(fm.horizontalAdvance("-0.1234567") + 12)
    t.verticalHeader().setDefaultSectionSize(fm.height() + 8)
    height = t.horizontalHeader().sizeHint().height() + 2 * t.frameWidth()
    t.setFixedHeight(height + sum(t.rowHeight(j) for j in range(t.rowCount())) + 2)


def setup_workbench(wb: Any, training: bool) -> None:
    """Build the `Workbench` widgets (stored on `wb`) and lay them out in a scroll area;
    the "Use the training network" button only when `training`."""
    wb.presetCombo = QComboBox()
    wb.presetCombo.addItems(PRESETS)
    wb.presetCombo.setToolTip("Pick a small network whose every number fits on screen.")
    wb.randomButton = QPushButton("Randomise")
    wb.randomButton.setToolTip("New random weights and biases (inputs and targets stay).")
    wb.resetButton = QPushButton("Reset")
    wb.resetButton.setToolTip("Back to the preset's original weights, sample and settings.")
    wb.trainingButton = QPushButton("Use the training network")
    wb.trainingButton.setToolTip(
        "Step the app's current network on its next training sample (N for another)."
    )
    wb.trainingButton.setVisible(training)
    wb.advanceButton = QPushButton("Apply the update, next sample")
    wb.advanceButton.setToolTip(
        "Keep the updated weights and step again on the next sample: watch the loss fall."
        + ("" if training else " (N)")
    )
    wb.optCombo = QComboBox()
    wb.optCombo.addItems(["sgd", "momentum", "adam"])
    wb.optCombo.setToolTip("Optimizer: plain SGD, SGD with momentum (0.9) or Adam.")
    wb.lrSpin = spin(1e-4, 100.0)
    wb.lrSpin.setDecimals(4)
    wb.lrSpin.setToolTip("Learning rate lr: how far each update moves against the gradient.")
    out_row, wb.outputCombo, wb.lossCombo = output_row()
    wb.sampleCombo = QComboBox()
    wb.sampleCombo.setToolTip("Which training sample the step uses.")
    wb.xRow, wb.yRow = QHBoxLayout(), QHBoxLayout()
    wb.xSpins, wb.ySpins, wb.paramTables, wb.paramLabels = [], [], [], []
    wb.paramBox = QVBoxLayout()
    wb.info = QLabel()
    wb.info.setWordWrap(True)

    buttons = QHBoxLayout()
    for w in (wb.presetCombo, wb.randomButton, wb.resetButton):
        buttons.addWidget(w)
    buttons.addStretch(1)
    wb.editors = QWidget()
    form = QFormLayout(wb.editors)
    form.setContentsMargins(0, 0, 0, 0)
    opt_row = QHBoxLayout()
    opt_row.addWidget(wb.optCombo)
    opt_row.addWidget(QLabel("lr"))
    opt_row.addWidget(wb.lrSpin)
    opt_row.addStretch(1)
    form.addRow("Optimizer", opt_row)
    form.addRow("Output", out_row)
    form.addRow("Sample", wb.sampleCombo)
    form.addRow("Inputs x", wb.xRow)
    form.addRow("Targets y", wb.yRow)
    form.addRow(wb.paramBox)
    content = QWidget()
    lay = QVBoxLayout(content)
    lay.addLayout(buttons)
    lay.addWidget(wb.advanceButton)
    lay.addWidget(wb.trainingButton)
    lay.addWidget(wb.editors)
    lay.addWidget(wb.info)
    lay.addStretch(1)
    wb.scroll = QScrollArea()  # low tabs scroll instead of squeezing the tables
    wb.scroll.setWidget(content)
    wb.scroll.setWidgetResizable(True)
    wb.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    outer = QVBoxLayout(wb)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(wb.scroll)
