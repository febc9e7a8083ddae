"""Status bar fields: epoch, step, loss, accuracy, samples/s, and a progress bar."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from nnviz.app.session import Session

FIELDS = {
    "epoch": "Completed passes over the training data",
    "step": "Minibatch updates so far",
    "loss": "Training loss, mean of the last 20 steps",
    "accuracy": "Accuracy (regression: R²) at the end of the last epoch: training (test)",
    "speed": "Training throughput in samples per second",
}


class TrainingStatus:
    """Permanent labels on the right of a status bar; messages stay on the left."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.labels: dict[str, QLabel] = {}
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setMaximumHeight(16)
        self.progress.setToolTip("Progress of the current download or import")
        self.progress.hide()
        bar.addPermanentWidget(self.progress)
        for name, tip in FIELDS.items():
            label = QLabel()
            label.setToolTip(tip)
            label.setMinimumWidth(60)
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
            acc = "R² –" if reg else "Acc –"
            show = "{:.3f}" if reg else "{:.1%}"
            if last is not None and math.isfinite(last["train_acc"]):
                acc = f"{acc[:-2]} {show.format(last['train_acc'])}"
                if math.isfinite(last["val_acc"]):
                    acc += f" ({'test' if reg else 'val'} {show.format(last['val_acc'])})"
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
