"""The training process's guard against divergence (no Qt): a restore point of parameters
known to give a finite loss, and a watch on the loss's running mean."""

from __future__ import annotations

import math

import numpy as np

GOOD_EVERY = 16  # steps between snapshots of parameters known to be finite
EXPLODE_WINDOW = 20  # steps: a mean loss above EXPLODE_FACTOR * ln(classes) is divergence
EXPLODE_FACTOR = 25.0


class DivergenceGuard:
    """`good`: the parameters before the last snapshot step (every GOOD_EVERY steps) whose
    loss was finite. `exploded` flags mean(loss over EXPLODE_WINDOW steps) above
    EXPLODE_FACTOR · ln(classes)."""

    def __init__(self, theta: np.ndarray, n_classes: int) -> None:
        self.good = theta.copy()
        self._candidate = np.empty_like(self.good)
        self._window = np.zeros(EXPLODE_WINDOW)
        self._sum = 0.0  # of the window, kept up to date
        self._explode_at = EXPLODE_FACTOR * max(math.log(n_classes), 0.4)

    def reset(self, theta: np.ndarray) -> None:
        """New parameters from elsewhere become the restore point."""
        self.good = theta.copy()

    def before(self, step: int, theta: np.ndarray) -> bool:
        """Before step `step`: on snapshot steps keep a copy of theta (True)."""
        if step % GOOD_EVERY != 0:
            return False
        self._candidate[...] = theta
        return True

    def exploded(self, step: int, loss: float) -> float | None:
        """Record the finite loss of step `step`; the window's mean if it exploded."""
        i = step % EXPLODE_WINDOW
        self._sum += loss - self._window[i]
        self._window[i] = loss
        mean = self._sum / EXPLODE_WINDOW
        return mean if step >= EXPLODE_WINDOW and mean > self._explode_at else None

    def accept(self) -> None:
        """The copy kept by `before` gave a finite loss: it is the new restore point."""
        self.good, self._candidate = self._candidate, self.good
