"""The one divergence guard: restore point, explosion, an order-of-magnitude jump, and a
learning rate that works."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz.data import make_dataset
from nnviz.engine import SGD, DivergenceGuard, Minibatches, Network, suggest_lr
from nnviz.engine.divergence import EXPLODE_WINDOW


def _feed(guard: DivergenceGuard, losses, start: int = 0) -> list[float]:
    jumps = []
    for i, loss in enumerate(losses, start):
        assert guard.exploded(i, loss) is None
        j = guard.jumped(i)
        if j is not None:
            jumps.append(j)
    return jumps


def test_a_tenfold_rise_of_the_loss_warns_once():
    g = DivergenceGuard(np.zeros(3), n_classes=2, lr=0.1)
    assert _feed(g, [0.5] * 60 + [0.01] * 60) == []
    g.set_lr(3.0)
    jumps = _feed(g, [8.0] * 100, start=120)
    assert len(jumps) == 1 and jumps[0] > 10 * 0.01
    assert g.low_lr == 0.1 and g.low_mean == pytest.approx(0.01)


def test_small_noise_at_a_tiny_loss_is_not_a_jump():
    g = DivergenceGuard(np.zeros(3), n_classes=2)
    assert _feed(g, [0.001] * 60 + [0.02] * 60) == []  # 20x, but far below chance level


def test_explosion_and_restore_point():
    theta = np.ones(4)
    g = DivergenceGuard(theta, n_classes=10)
    assert g.before(0, theta * 2) and not g.before(1, theta)
    g.accept()
    np.testing.assert_array_equal(g.good, theta * 2)
    hit = [g.exploded(i, 1e3) for i in range(EXPLODE_WINDOW + 1)]
    assert hit[-1] is not None and all(h is None for h in hit[: EXPLODE_WINDOW - 1])


def test_suggest_lr_returns_a_rate_whose_loss_goes_down_and_leaves_the_net():
    ds = make_dataset("spirals", n=400, seed=0)
    X, y = ds[0], ds[1]
    net = Network([2, 16, 16, 2], activation="tanh", seed=0)
    theta = net.theta.copy()
    batches = Minibatches(X, y, 32, seed=0)

    def next_batch():
        xb, yb, _ = batches.next()
        return xb, yb

    rate = suggest_lr(net, lambda lr: SGD(lr=lr), next_batch, lr=100.0)
    assert rate is not None and rate <= 10.0 and math.isfinite(rate)
    np.testing.assert_array_equal(net.theta, theta)
