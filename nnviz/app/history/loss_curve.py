"""The loss curve of a recorded run (no Qt): every step's loss of the current branch in
growing arrays (capacity doubles, so appends are amortised O(1)), and the curves of
abandoned continuations (`Branch`), kept for display."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Branch:
    """The loss curve of an abandoned continuation, which left the run at `start`."""

    start: int
    steps: np.ndarray
    losses: np.ndarray

    @property
    def nbytes(self) -> int:
        return int(self.steps.nbytes + self.losses.nbytes)


class LossCurve:
    """The loss-curve part of `nnviz.app.history.runs.RunHistory` (a mixin)."""

    _curve_steps: np.ndarray
    _curve_loss: np.ndarray
    _n: int

    def _thin(self) -> None:
        """Drop snapshots until the memory budget holds (the history does)."""

    def load_curve(self, steps: np.ndarray, losses: np.ndarray) -> None:
        """Replace the loss curve of the current branch (e.g. read from a file)."""
        if np.shape(steps) != np.shape(losses) or np.ndim(steps) != 1:
            raise ValueError(f"curve of {np.shape(steps)} steps and {np.shape(losses)} losses")
        self._curve_steps = np.array(steps, dtype=np.int64)
        self._curve_loss = np.array(losses, dtype=np.float32)
        self._n = len(self._curve_loss)
        if self._n == 0:
            self._curve_steps, self._curve_loss = (
                np.zeros(1024, np.int64),
                np.zeros(1024, np.float32),
            )

    def extend_curve(self, step0: int, losses: np.ndarray) -> None:
        """Append the losses of steps step0, step0 + 1, ... (a process that only sends
        losses, e.g. the trainer's updates, while its snapshots arrive through `add`)."""
        losses = np.asarray(losses, dtype=np.float32).ravel()
        need = self._n + len(losses)
        if need > len(self._curve_loss):
            cap = max(need, 2 * len(self._curve_loss))
            self._curve_steps = np.resize(self._curve_steps, cap)
            self._curve_loss = np.resize(self._curve_loss, cap)
        self._curve_steps[self._n : need] = np.arange(step0, step0 + len(losses))
        self._curve_loss[self._n : need] = losses
        self._n = need
        self._thin()

    def _append_loss(self, step: int, loss: float) -> None:
        if self._n == len(self._curve_loss):
            self._curve_steps = np.resize(self._curve_steps, 2 * self._n)
            self._curve_loss = np.resize(self._curve_loss, 2 * self._n)
            self._thin()
        self._curve_steps[self._n] = step
        self._curve_loss[self._n] = loss
        self._n += 1

    def curve(self) -> tuple[np.ndarray, np.ndarray]:
        """(steps, losses) of every recorded step of the current branch (views)."""
        return self._curve_steps[: self._n], self._curve_loss[: self._n]
