"""The trainer's alarms (no Qt): a loss that is not finite or explodes pauses training
(`Diverged`), a jump of the mean loss warns (`LossJumped`); both come with a learning
rate that works, tried on a copy of the network (`suggest_lr`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from nnviz.app.protocol import Diverged, LossJumped, Message, State
from nnviz.app.settings import Settings
from nnviz.engine import Minibatches, Network, Optimizer
from nnviz.engine.divergence import DivergenceGuard, suggest_lr

TRIAL_STEPS = 30  # minibatches each rate is tried for before it is suggested


class Alarms:
    """Divergence and loss-jump handling of `nnviz.app.trainer.Trainer` (a mixin)."""

    send: Callable[[Message], None]
    generation: int
    settings: Settings
    net: Network | None
    opt: Optimizer | None
    guard: DivergenceGuard
    running: bool
    step: int
    pending_steps: int
    lr_before: float
    X: np.ndarray
    y: Any
    _params_dirty: bool

    _make_opt: Callable[[], Optimizer]  # provided by the trainer
    flush: Callable[..., None]  # provided by `nnviz.app.trainer_outbox.Outbox`

    def _diverged(self, loss: float, restore: bool = True) -> None:
        """Pause and report; a NaN/inf loss first restores the last finite parameters."""
        assert self.net is not None and self.opt is not None
        if restore:
            self.net.theta[...] = self.guard.good
            self.opt.reset()
        self.running = False
        self.pending_steps = 0
        self._params_dirty = True
        self.flush(force=True)
        fresh = self.net.copy()
        fresh.init_params(self.settings.seed)  # what "reset" starts from
        lr = self.opt.lr
        suggested = self._suggest(fresh, lr)
        self.send(Diverged(self.generation, self.step + 1, float(loss), lr, suggested))
        self.send(State(self.generation, False))

    def _jumped(self, loss: float) -> None:
        """Warn that the mean loss jumped (training goes on), with a rate that works from
        here: the first of min(lr, 10·lr_before)/10, /100, ... that lowers the loss."""
        assert self.net is not None and self.opt is not None
        g, lr = self.guard, self.opt.lr
        before = self.lr_before if self.lr_before != lr else g.low_lr  # the last good rate
        start = min(lr, 10 * before) if math.isfinite(before) and before > 0 else lr
        suggested = self._suggest(self.net, start)
        self.flush(force=True)
        self.send(LossJumped(self.generation, self.step + 1, float(g.low_mean), float(loss),
                             float(before), float(lr), suggested))  # fmt: skip

    def _suggest(self, net: Network, lr: float) -> float:
        """`suggest_lr` from `net` (on a copy, own minibatches); NaN if no rate works."""
        s = self.settings
        batches = Minibatches(self.X, self.y, s.batch_size, s.seed + 2)
        opt = self._make_opt

        def make(rate: float) -> Optimizer:
            o = opt()
            o.lr = rate
            return o

        rate = suggest_lr(net, make, lambda: batches.next()[:2], lr, steps=TRIAL_STEPS)
        return float(f"{rate:.2g}") if rate is not None else math.nan
