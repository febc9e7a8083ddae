"""The comparison of two moments A and B: loss and accuracy at both, what changed most.

The network view shows W_B - W_A on its edges meanwhile; this panel lists the weights
(and biases) with the largest |W_B - W_A| and the neurons whose incoming weights moved
the most, ||(dW[j, :], db[j])||_2 (`nnviz.analysis.compare`). Clicking a row selects
that weight or neuron everywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.analysis.compare import Comparison
from nnviz.ui.common.selection import Selection


@dataclass(frozen=True)
class Moment:
    """One side of a comparison: its step, loss and accuracy (nan when unknown)."""

    step: int
    loss: float
    accuracy: float

    def describe(self) -> str:
        acc = f", accuracy {self.accuracy:.1%}" if math.isfinite(self.accuracy) else ""
        loss = f"loss {self.loss:.4g}" if math.isfinite(self.loss) else "loss ?"
        return f"step {self.step:,}: {loss}{acc}"


def _name(layer: int, j: int, i: int | None) -> str:
    return f"b{layer + 1}[{j}]" if i is None else f"W{layer + 1}[{j}, {i}]"


class ComparePanel(QWidget):
    """`setComparison(a, b, comparison)`; `sigSelect(Selection)`, `sigDone()`."""

    sigSelect = Signal(object)
    sigDone = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("Set A and B on the timeline to compare two moments.")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.list = QListWidget()
        self.list.setToolTip("Click a row to select that weight or neuron in every view")
        self.list.itemClicked.connect(self._clicked)
        self.done = QPushButton("Stop comparing")
        self.done.setToolTip("Edges show the weights again; the marks A and B are cleared")
        self.done.clicked.connect(self.sigDone)
        self.done.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.done)
        self.comparison: Comparison | None = None

    def setComparison(self, a: Moment, b: Moment, cmp: Comparison) -> None:
        self.comparison = cmp
        self.summary.setText(
            f"<b>A</b> = {a.describe()}<br><b>B</b> = {b.describe()}<br>"
            f"Edges show W<sub>B</sub> − W<sub>A</sub> (gradient colours, largest "
            f"|change| {cmp.max_abs:.3g})."
        )
        self.list.clear()
        self._header("Weights that changed most (A → B)")
        for w in cmp.top_weights:
            text = f"{_name(w.layer, w.j, w.i)}: {w.before:+.3f} → {w.after:+.3f} ({w.delta:+.3f})"
            sel = Selection(w.layer, w.j) if w.i is None else Selection(w.layer, None, (w.j, w.i))
            self._row(text, sel)
        self._header("Neurons whose incoming weights moved most")
        for n in cmp.top_neurons:
            self._row(f"neuron {n.j} of layer {n.layer + 1}: ‖Δ‖ = {n.norm:.3g}",
                      Selection(n.layer, n.j))  # fmt: skip
        self.done.setEnabled(True)

    def clear(self) -> None:
        self.comparison = None
        self.list.clear()
        self.summary.setText("Set A and B on the timeline to compare two moments.")
        self.done.setEnabled(False)

    def rows(self) -> list[str]:
        """The texts of the listed changes (headers excluded)."""
        items = (self.list.item(k) for k in range(self.list.count()))
        return [it.text() for it in items if it.data(Qt.ItemDataRole.UserRole) is not None]

    def _header(self, text: str) -> None:
        item = QListWidgetItem(text)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.NoItemFlags | Qt.ItemFlag.ItemIsEnabled)
        self.list.addItem(item)

    def _row(self, text: str, sel: Selection) -> None:
        item = QListWidgetItem("  " + text)
        item.setData(Qt.ItemDataRole.UserRole, sel)
        self.list.addItem(item)

    @Slot(QListWidgetItem)
    def _clicked(self, item: QListWidgetItem) -> None:
        sel = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(sel, Selection):
            self.sigSelect.emit(sel)
