"""The Evaluation panel's two rows of controls: split, counts or row percentages,
"Evaluate now", "After epochs" and the confusion matrix's export menu."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class EvaluationControls(QWidget):
    """Widgets only; the panel connects them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.splitBox = QComboBox()
        self.splitBox.addItem("Test split", "test")
        self.splitBox.addItem("Training split", "train")
        self.splitBox.setToolTip("Evaluate on the held-out test samples or the training samples")
        self.countsButton = QRadioButton("Counts")
        self.percentButton = QRadioButton("Row %")
        self.percentButton.setToolTip("100 · C[true, predicted] / samples of the true class")
        self.countsButton.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.countsButton)
        group.addButton(self.percentButton)
        self.autoCheck = QCheckBox("After epochs")
        self.autoCheck.setChecked(True)
        self.autoCheck.setToolTip("Evaluate again after training epochs (every few seconds)")
        self.refreshButton = QPushButton("Evaluate now")
        self.refreshButton.setToolTip("Evaluate the current network on the chosen split")
        self.exportButton = QToolButton()
        self.exportButton.setText("Export")
        self.exportButton.setToolTip("Export the confusion matrix as CSV or as a PNG image")
        self.exportButton.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.exportButton)
        self.csvAction = menu.addAction("Confusion matrix as CSV…")
        self.pngAction = menu.addAction("Confusion matrix as PNG…")
        self.exportButton.setMenu(menu)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        rows = (
            (self.splitBox, self.countsButton, self.percentButton),
            (self.refreshButton, self.autoCheck, self.exportButton),
        )
        for widgets in rows:
            row = QHBoxLayout()
            for w in widgets:
                row.addWidget(w)
            row.addStretch(1)
            lay.addLayout(row)
