"""The trainer warns when a learning rate wrecks a trained network, and suggests rates
that were tried (on a copy, in the trainer) instead of a blind lr/10."""

from __future__ import annotations

import math

import numpy as np

from nnviz.app.protocol import Diverged, LossJumped, SetHyper, Start, Update
from nnviz.app.settings import Settings
from nnviz.engine import make_optimizer
from tests.app.test_trainer import make


def train(t, steps: int, until=lambda: False) -> None:
    t.handle(Start())
    while t.running and t.step < steps and not until():
        t.work(budget=0.01)


def trained_loss(t, lr: float, steps: int = 100) -> tuple[float, float]:
    """Loss over the training set before and after `steps` minibatches at `lr`, on a copy
    of the trainer's network."""
    net = t.net.copy()
    opt = make_optimizer(t.settings.optimizer, lr, **t.settings.opt_kw())
    rng = np.random.default_rng(5)
    start = net.loss(t.X, t.y)
    for _ in range(steps):
        i = rng.integers(len(t.X), size=t.settings.batch_size)
        net.fit_batch(t.X[i], t.y[i], opt)
    return start, net.loss(t.X, t.y)


def test_a_rate_that_wrecks_a_trained_network_is_reported_with_a_rate_that_works():
    s = Settings(dataset="xor", hidden=[8], activations=["tanh"], optimizer="sgd", lr=0.5)
    t, out, _ = make(s, steps_per_second=0)
    train(t, 1500)
    before = float(np.mean([v for m in out if hasattr(m, "losses") for v in m.losses][-20:]))
    assert before < 0.1
    t.handle(SetHyper(t.settings.replace(lr=60.0)))
    train(t, t.step + 400, until=lambda: any(isinstance(m, LossJumped) for m in out))
    # the suggested rate really lowers the loss from the wrecked weights
    jumps = [m for m in out if isinstance(m, LossJumped)]
    start, end = trained_loss(t, jumps[0].suggested_lr)
    assert end < start / 2
    train(t, t.step + 300)
    jumps = [m for m in out if isinstance(m, LossJumped)]
    assert len(jumps) == 1  # once per rise
    j = jumps[0]
    assert j.lr == 60.0 and j.lr_before == 0.5
    assert j.loss > 10 * j.loss_before
    assert math.isfinite(j.suggested_lr) and j.suggested_lr <= 5.0
    k = out.index(j)  # a warning, not a stop: training went on
    assert any(isinstance(m, Update) and m.step > j.step for m in out[k:])


def test_divergence_suggests_a_tried_rate_not_a_blind_tenth():
    s = Settings(hidden=[8, 8], activations=["tanh"] * 2, optimizer="sgd", lr=1e3)
    t, out, _ = make(s, steps_per_second=0)
    train(t, 300)
    div = next(m for m in out if isinstance(m, Diverged))
    assert math.isfinite(div.suggested_lr) and div.suggested_lr <= 10.0  # not 100
