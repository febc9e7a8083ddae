"""Status bar fields: epoch, step, loss, accuracy, samples/s, and a progress bar."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QProgressBar, QStatusBar

from nnviz.app.history import ACCURACY_TIP, accuracy_text
from nnviz.app.session import Session
from nnviz.ui.common.text_line import TextLine

FIELDS = {
    "epoch": "Completed passes over the training data",
    "step": "Minibatch updates so far",
    "loss": "Training loss, mean of the last 20 steps",
    "accuracy": ACCURACY_TIP,
    "speed": "Training throughput in samples per second",
}


class TrainingStatus:
    """Permanent labels on the right of a status bar; messages stay on the left."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.labels: dict[str, TextLine] = {}  # new values repaint them, not the window
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setMaximumHeight(16)
        self.progress.setToolTip("Progress of the current download or import")
        self.progress.hide()
        bar.addPermanentWidget(self.progress)
        for name, tip in FIELDS.items():
            label = TextLine()
            label.setToolTip(tip)
            bar.addPermanentWidget(label)
            self.labels[name] = label
        self.update(None)

    def update(self, session: Session | None) -> None:
        if session is None or not session.ready:
            texts = {"epoch": "Epoch –", "step": "Step –", "loss": "Loss –", "accuracy": "Acc –"}
            texts["speed"] = ""
        else:
            h = session.history
            loss = h.recent_loss()
            last = h.last_epoch()
            reg = session.settings.regression
            text = accuracy_text(last["train_acc"], last["val_acc"], reg) if last else ""
            name = "R²" if reg else "Acc"
            acc = f"{name} {text}" if text else f"{name} –"
            texts = {
                "epoch": f"Epoch {session.epoch:,}",
                "step": f"Step {session.step:,}",
                "loss": f"Loss {loss:.4g}" if math.isfinite(loss) else "Loss –",
                "accuracy": acc,
                "speed": f"{session.samples_per_s:,.0f} samples/s" if session.samples_per_s else "",
            }
        for name, text in texts.items():
            self.labels[name].setText(text)
            self.labels[name].setVisible(bool(text))

    def setProgress(self, done: int, total: int) -> None:
        """Show a progress bar (total 0: busy indicator); done < 0 hides it."""
        if done < 0:
            self.progress.hide()
            return
        self.progress.setRange(0, max(total, 0))
        if total > 0:
            self.progress.setValue(min(done, total))
        self.progress.show()
