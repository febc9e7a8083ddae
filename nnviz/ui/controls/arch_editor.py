"""Edit the hidden layers of a network: add/remove layers, units and activation per layer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.settings import MAX_UNITS
from nnviz.engine import HIDDEN_ACTIVATIONS

MAX_HIDDEN = 6
ACTIVATION_TIPS = {
    "relu": "ReLU: max(0, z)",
    "leaky_relu": "Leaky ReLU: z if z > 0 else 0.01 z",
    "tanh": "tanh(z), output in (-1, 1)",
    "sigmoid": "sigmoid: 1 / (1 + e^-z), output in (0, 1)",
    "linear": "linear: a = z (no non-linearity)",
}
LOSS_NAMES = {"cross_entropy": "cross-entropy", "mse": "mean squared error"}


class ArchitectureEditor(QWidget):
    """Rows "Layer k: [units] [activation] [remove]" between a read-only input and output."""

    sigChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[QLabel, QSpinBox, QComboBox, QToolButton]] = []
        self.inputLabel = QLabel()
        self.inputLabel.setToolTip("The input layer: one unit per feature of the data")
        self.outputLabel = QLabel()
        self.outputLabel.setWordWrap(True)
        self.outputLabel.setToolTip(
            "The output layer follows the data: one unit per class, softmax probabilities "
            "trained with the cross-entropy loss"
        )
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(4)
        self.grid.setVerticalSpacing(2)
        self.addButton = QPushButton("+ Add layer")
        self.addButton.setToolTip(f"Add a hidden layer before the output (at most {MAX_HIDDEN})")
        self.addButton.clicked.connect(self.addLayer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.inputLabel)
        layout.addLayout(self.grid)
        layout.addWidget(self.addButton, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.outputLabel)
        self.setIO(None, None)

    # ------------------------------------------------------------ state

    def hidden(self) -> list[int]:
        return [spin.value() for _, spin, _, _ in self._rows]

    def activations(self) -> list[str]:
        return [combo.currentData() for _, _, combo, _ in self._rows]

    def setLayers(self, hidden: list[int], activations: list[str]) -> None:
        """Show these hidden layers (no sigChanged)."""
        self.blockSignals(True)
        while len(self._rows) > len(hidden):
            self._removeRow(len(self._rows) - 1)
        while len(self._rows) < len(hidden):
            self._appendRow(8, "tanh")
        for (_, spin, combo, _), n, act in zip(self._rows, hidden, activations, strict=False):
            spin.setValue(n)
            combo.setCurrentIndex(max(combo.findData(act), 0))
        self.blockSignals(False)
        self._updateButtons()

    def setIO(
        self,
        n_in: int | None,
        n_out: int | None,
        output: str = "softmax",
        loss: str = "cross_entropy",
    ) -> None:
        """The read-only input and output rows."""
        count = f"{n_in} features" if n_in is not None else "one unit per column of the data"
        self.inputLabel.setText(f"Input: {count}")
        units = f"{n_out} units" if n_out is not None else "one unit per class"
        self.outputLabel.setText(f"Output: {units}, {output} · {LOSS_NAMES.get(loss, loss)} loss")

    # ------------------------------------------------------------ rows

    def _appendRow(self, units: int, activation: str) -> None:
        k = len(self._rows)
        label = QLabel(f"Layer {k + 1}")
        spin = QSpinBox()
        spin.setRange(1, MAX_UNITS)
        spin.setValue(units)
        spin.setSuffix(" units")
        spin.setToolTip(f"Number of neurons in hidden layer {k + 1}")
        spin.setKeyboardTracking(False)
        spin.valueChanged.connect(self._edited)
        combo = QComboBox()
        for name in HIDDEN_ACTIVATIONS:
            combo.addItem(name, name)
            combo.setItemData(
                combo.count() - 1, ACTIVATION_TIPS.get(name, name), Qt.ItemDataRole.ToolTipRole
            )
        combo.setCurrentIndex(max(combo.findData(activation), 0))
        combo.setToolTip(f"Activation function of hidden layer {k + 1}")
        combo.currentIndexChanged.connect(self._edited)
        remove = QToolButton()
        remove.setText("✕")  # text, so it follows the palette in light and dark themes
        remove.setToolTip(f"Remove hidden layer {k + 1}")
        remove.setAutoRaise(True)
        remove.clicked.connect(self._removeClicked)
        for col, w in enumerate((label, spin, combo, remove)):
            self.grid.addWidget(w, k, col)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self._rows.append((label, spin, combo, remove))

    def _removeRow(self, k: int) -> None:
        hidden, acts = self.hidden(), self.activations()
        del hidden[k], acts[k]
        for w in self._rows.pop():
            self.grid.removeWidget(w)
            w.hide()  # deleteLater waits for the outer event loop: a modal dialog would
            w.deleteLater()  # otherwise leave the old row painted over the new layout
        for (_, spin, combo, _), n, act in zip(self._rows, hidden, acts, strict=True):
            spin.blockSignals(True)
            combo.blockSignals(True)
            spin.setValue(n)
            combo.setCurrentIndex(max(combo.findData(act), 0))
            spin.blockSignals(False)
            combo.blockSignals(False)

    @Slot()
    def addLayer(self) -> None:
        if len(self._rows) >= MAX_HIDDEN:
            return
        units = self._rows[-1][1].value() if self._rows else 8
        act = self._rows[-1][2].currentData() if self._rows else "tanh"
        self._appendRow(units, act)
        self._edited()

    def removeLayer(self, k: int) -> None:
        if 0 <= k < len(self._rows):
            self._removeRow(k)
            self._edited()

    @Slot()
    def _removeClicked(self) -> None:
        sender = self.sender()
        for k, row in enumerate(self._rows):
            if row[3] is sender:
                self.removeLayer(k)
                return

    @Slot()
    def _edited(self) -> None:
        self._updateButtons()
        self.sigChanged.emit()

    def _updateButtons(self) -> None:
        self.addButton.setEnabled(len(self._rows) < MAX_HIDDEN)
