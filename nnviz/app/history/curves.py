"""The curves of a training run (no Qt): `History`, the per-step losses and per-epoch
metrics, how their score is written, and the one history CSV format."""

from __future__ import annotations

import csv
import math
import os

import numpy as np

from nnviz.util import atomic_open

__all__ = [
    "ACCURACY_TIP",
    "EPOCH_FIELDS",
    "EVAL_SAMPLES",
    "History",
    "accuracy_text",
    "write_history_csv",
]

EPOCH_FIELDS = ("epoch", "step", "train_loss", "train_acc", "val_loss", "val_acc")
EVAL_SAMPLES = 3000  # train/validation samples evaluated at the end of an epoch
ACCURACY_TIP = (
    "Accuracy at the end of the last epoch. train: on the training samples (a fixed pick "
    f"of up to {EVAL_SAMPLES:,}); val: on held-out samples the network never trains on "
    f"(up to {EVAL_SAMPLES:,})"
)


def accuracy_text(train_acc: float, val_acc: float, regression: bool = False) -> str:
    """The one way the end-of-epoch score is written: "train 80.3 % · val 77.5 %", or for
    regression (where the score is R²) "train 0.981 · val 0.953"; "" if unknown."""

    def fmt(v: float) -> str:
        return f"{v:.3f}" if regression else f"{100 * v:.1f} %"

    parts = [f"{name} {fmt(v)}" for name, v in (("train", train_acc), ("val", val_acc))
             if np.isfinite(v)]  # fmt: skip
    return " · ".join(parts)


class History:
    """Per-step losses in growing arrays (capacity doubles, so appends are amortised
    O(1)) and one row of `EPOCH_FIELDS` per evaluated epoch."""

    def __init__(self, capacity: int = 1024) -> None:
        self._steps = np.zeros(capacity, dtype=np.int64)
        self._losses = np.zeros(capacity, dtype=np.float32)
        self._n = 0
        self._epochs = np.zeros((16, len(EPOCH_FIELDS)), dtype=np.float64)
        self._n_epochs = 0

    def __len__(self) -> int:
        return self._n

    def clear(self) -> None:
        self._n = 0
        self._n_epochs = 0

    def extend(self, first_step: int, losses: np.ndarray) -> None:
        """Append the losses of steps first_step, first_step + 1, ..."""
        losses = np.asarray(losses, dtype=np.float32).ravel()
        need = self._n + len(losses)
        if need > len(self._losses):
            cap = max(need, 2 * len(self._losses))
            self._steps = np.resize(self._steps, cap)
            self._losses = np.resize(self._losses, cap)
        self._steps[self._n : need] = np.arange(first_step, first_step + len(losses))
        self._losses[self._n : need] = losses
        self._n = need

    def truncate(self, step: int) -> None:
        """Keep what the first `step` steps did (a run continued from an earlier step): the
        losses of steps 0..step-1 (a loss is labelled with the steps done before it) and
        the epochs that ended by then."""
        self._n = int(np.searchsorted(self.steps, step, side="left"))
        self._n_epochs = int(np.searchsorted(self.epochs[:, 1], step, side="right"))

    def add_epoch(self, *row: float) -> None:
        """One row of (epoch, step, train_loss, train_acc, val_loss, val_acc)."""
        if self._n_epochs == len(self._epochs):
            self._epochs = np.resize(self._epochs, (2 * len(self._epochs), len(EPOCH_FIELDS)))
        self._epochs[self._n_epochs] = row
        self._n_epochs += 1

    @property
    def steps(self) -> np.ndarray:
        return self._steps[: self._n]

    @property
    def losses(self) -> np.ndarray:
        return self._losses[: self._n]

    @property
    def epochs(self) -> np.ndarray:
        """(n_epochs, 6) array of `EPOCH_FIELDS` rows."""
        return self._epochs[: self._n_epochs]

    def last_epoch(self) -> dict[str, float] | None:
        if self._n_epochs == 0:
            return None
        return dict(zip(EPOCH_FIELDS, self._epochs[self._n_epochs - 1].tolist(), strict=True))

    def recent_loss(self, n: int = 20) -> float:
        """Mean loss of the last n steps (nan when empty)."""
        return float(np.mean(self.losses[-n:])) if self._n else float("nan")


EPOCH_COLUMNS = ("epoch", "train_loss", "train_acc", "val_loss", "val_acc")


def write_history_csv(
    path: str | os.PathLike[str],
    steps: np.ndarray,
    losses: np.ndarray,
    epochs: np.ndarray,
    comment: str = "",
    smoothed: np.ndarray | None = None,
) -> int:
    """The one history CSV: a row per step, `step,loss[,smoothed]` and the epoch metrics
    (epoch, train/val loss and accuracy) on the row of the step where an epoch ended
    (blank elsewhere; an unmeasured value is blank too). `epochs` holds `EPOCH_FIELDS`
    rows. Written atomically. Returns the number of step rows."""
    steps, losses = np.asarray(steps), np.asarray(losses)
    at_step = {int(row[1]): row for row in np.asarray(epochs, dtype=np.float64).reshape(-1, 6)}

    def cells(row: np.ndarray | None) -> list[str]:
        if row is None:
            return [""] * len(EPOCH_COLUMNS)
        return [f"{row[0]:.0f}", *("" if math.isnan(v) else f"{v:.6g}" for v in row[2:])]

    head = ["step", "loss", *(["smoothed"] if smoothed is not None else []), *EPOCH_COLUMNS]
    with atomic_open(path, "w", newline="") as f:
        if comment:
            f.write(f"# {comment}\n")
        w = csv.writer(f)
        w.writerow(head)
        for k, (s, loss) in enumerate(zip(steps.tolist(), losses.tolist(), strict=True)):
            mid = [] if smoothed is None else [f"{float(smoothed[k]):.6g}"]
            w.writerow([int(s), f"{loss:.6g}", *mid, *cells(at_step.pop(int(s), None))])
        for s, row in sorted(at_step.items()):  # epochs without a step loss
            w.writerow([s, "", *([""] if smoothed is not None else []), *cells(row)])
    return len(steps)
