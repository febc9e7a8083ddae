"""Editors of the tiny-network workbench: number spin boxes and the table of a layer's
weights and biases, sized from the font."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QStyledItemDelegate,
    QTableWidget,
)

from nnviz.engine import Network


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
