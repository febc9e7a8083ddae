"""The landscape view's computing row: "Recompute", "Follow training", the progress of
a running computation with its "Cancel", and a line on the data and the last surface."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from nnviz.ui.landscape.job import LandscapeResult


def data_text(n: int, n_total: int, res: LandscapeResult | None) -> str:
    """Which samples the loss is computed on, and the last grid's size, time and L(θ)."""
    if n == 0:
        text = "No data"
    elif n < n_total:
        text = f"Loss on a fixed subsample of {n:,} of the {n_total:,} training samples"
    else:
        text = f"Loss on all {n:,} training samples"
    if res is not None:
        k = len(res.alphas)
        text += f" · {k}×{k} grid in {res.seconds:.2f} s · L(θ) = {res.loss0:.5g}"
    return text


class ComputeBar(QWidget):
    """Widgets only; the view connects them."""

    def __init__(self, follow: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recomputeButton = QPushButton("&Recompute")
        self.recomputeButton.setToolTip("Compute the surface again around the current θ")
        self.followCheck = QCheckBox("Follow training")
        self.followCheck.setChecked(follow)
        self.followCheck.setToolTip(
            "Recompute by itself when θ leaves the window or moves far off the slice"
        )
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(140)
        self.progress.setTextVisible(False)
        self.cancelButton = QPushButton("Cancel")
        self.info = QLabel()
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(4, 0, 4, 0)
        bar.addWidget(self.recomputeButton)
        bar.addWidget(self.followCheck)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancelButton)
        bar.addWidget(self.info, 1)

    def showBusy(self, busy: bool) -> None:
        """Progress and "Cancel" only while computing (busy: an endless bar at first)."""
        self.progress.setVisible(busy)
        self.cancelButton.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def setInfo(self, text: str) -> None:
        self.info.setText(text)
        self.info.setToolTip(text)
