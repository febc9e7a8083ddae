"""The one guard against divergence (no Qt), used by `fit` and by the app's trainer.

- A restore point: parameters known to give a finite loss (a snapshot every GOOD_EVERY
  steps becomes the restore point once the step taken from it gave a finite loss).
- Explosion: the mean loss over the last EXPLODE_WINDOW steps above
  EXPLODE_FACTOR · ln(classes) (chance level is ln(classes) for cross-entropy).
- A jump: that mean more than JUMP_FACTOR times its lowest value so far (and above
  JUMP_FLOOR · ln(classes)), e.g. after a learning rate that wrecks a trained network.
- A rate that works: `suggest_lr` tries smaller rates on a copy and returns the first
  one whose loss goes down.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from nnviz.engine.network import Network
from nnviz.engine.optim import Optimizer

GOOD_EVERY = 16  # steps between snapshots of parameters known to be finite
EXPLODE_WINDOW = 20  # steps: a mean loss above EXPLODE_FACTOR * ln(classes) is divergence
EXPLODE_FACTOR = 25.0
JUMP_FACTOR = 10.0  # an order of magnitude above the lowest window mean
JUMP_FLOOR = 0.1  # ... and above this fraction of chance level


class DivergenceError(RuntimeError):
    """Training produced a non-finite loss; the last good parameters were restored."""


class DivergenceGuard:
    """`good`: the parameters before the last snapshot step (every GOOD_EVERY steps) whose
    loss was finite. `exploded` flags mean(loss over EXPLODE_WINDOW steps) above
    EXPLODE_FACTOR · ln(classes); `jumped` an order-of-magnitude rise of that mean."""

    def __init__(self, theta: np.ndarray, n_classes: int, lr: float = math.nan) -> None:
        self.good = theta.copy()
        self._candidate = np.empty_like(self.good)
        self._window = np.zeros(EXPLODE_WINDOW)
        self._sum = 0.0  # of the window, kept up to date
        chance = max(math.log(n_classes), 0.4)
        self._explode_at = EXPLODE_FACTOR * chance
        self._jump_floor = JUMP_FLOOR * chance
        self.lr = lr  # the learning rate in use
        self.low_mean = math.inf  # lowest window mean since the last reset
        self.low_lr = lr  # the learning rate in use when it was reached
        self._warned = False

    def reset(self, theta: np.ndarray) -> None:
        """New parameters from elsewhere become the restore point; the watch starts over."""
        self.good = theta.copy()
        self.low_mean, self.low_lr, self._warned = math.inf, self.lr, False

    def set_lr(self, lr: float) -> None:
        """The learning rate changed (a new rate may warn about a jump again)."""
        self.lr = lr
        self._warned = False

    def before(self, step: int, theta: np.ndarray) -> bool:
        """Before step `step`: on snapshot steps keep a copy of theta (True)."""
        if step % GOOD_EVERY != 0:
            return False
        self._candidate[...] = theta
        return True

    def accept(self) -> None:
        """The copy kept by `before` gave a finite loss: it is the new restore point."""
        self.good, self._candidate = self._candidate, self.good

    def restore(self, net: Network, opt: Optimizer, where: str) -> DivergenceError:
        """Put the restore point back into `net`, reset `opt`; the error to raise."""
        net.theta[...] = self.good
        opt.reset()
        return DivergenceError(
            f"training diverged {where}; restored the last good parameters. "
            f"Try a smaller learning rate (now {opt.lr:g})."
        )

    def exploded(self, step: int, loss: float) -> float | None:
        """Record the finite loss of step `step`; the window's mean if it exploded."""
        i = step % EXPLODE_WINDOW
        self._sum += loss - self._window[i]
        self._window[i] = loss
        mean = self._sum / EXPLODE_WINDOW
        return mean if step >= EXPLODE_WINDOW and mean > self._explode_at else None

    def jumped(self, step: int) -> float | None:
        """After `exploded(step, ...)`: the window's mean if it rose JUMP_FACTOR times above
        its lowest value (once per rise; checked once a window)."""
        if step < EXPLODE_WINDOW or step % EXPLODE_WINDOW != EXPLODE_WINDOW - 1:
            return None
        mean = self._sum / EXPLODE_WINDOW
        if mean < self.low_mean:
            self.low_mean, self.low_lr = mean, self.lr
            self._warned = False
            return None
        if self._warned or mean <= max(JUMP_FACTOR * self.low_mean, self._jump_floor):
            return None
        self._warned = True
        return mean


def suggest_lr(
    net: Network,
    make_opt: Callable[[float], Optimizer],
    batches: Callable[[], tuple[np.ndarray, np.ndarray]],
    lr: float,
    steps: int = 30,
    tries: int = 4,
) -> float | None:
    """The first of lr/10, lr/100, ... (`tries` rates) that, trained for `steps`
    minibatches from `batches()` on a copy of `net`, stays finite and lowers the loss on
    5 held minibatches (drawn first) below where `net` starts on them; None if none does.
    `net` itself is not changed."""
    held = [batches() for _ in range(5)]

    def held_loss(n: Network) -> float:
        return float(np.mean([n.loss(X, Y) for X, Y in held]))

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        start = held_loss(net)
        for k in range(1, tries + 1):
            rate = lr / 10**k
            trial, opt = net.copy(), make_opt(rate)
            finite = all(math.isfinite(trial.fit_batch(*batches(), opt)) for _ in range(steps))
            end = held_loss(trial)
            if finite and math.isfinite(end) and (end < start or not math.isfinite(start)):
                return rate
    return None
