"""Learning-rate schedules: the documented formulas, and `fit` applying them per epoch."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz.engine import SGD, LRSchedule, Minibatches, Network, fit


def test_constant() -> None:
    s = LRSchedule("constant", lr=0.1)
    assert [s.lr_at(e) for e in (0, 1, 50)] == [0.1, 0.1, 0.1]


def test_step_decay() -> None:
    s = LRSchedule("step", lr=0.1, gamma=0.5, step=2)
    got = [s.lr_at(e) for e in range(6)]
    assert got == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025, 0.025])
    exp = LRSchedule("step", lr=2e-3, gamma=0.75, step=1)
    assert exp.lr_at(3) == pytest.approx(2e-3 * 0.75**3)


def test_cosine_decay() -> None:
    s = LRSchedule("cosine", lr=1.0, epochs=4, lr_min=0.1)
    want = [0.1 + 0.9 * (1 + math.cos(math.pi * e / 4)) / 2 for e in range(5)]
    assert [s.lr_at(e) for e in range(5)] == pytest.approx(want)
    assert s.lr_at(0) == pytest.approx(1.0)
    assert s.lr_at(2) == pytest.approx(0.55)
    assert s.lr_at(4) == s.lr_at(40) == pytest.approx(0.1)


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"kind": "linear"}, "unknown schedule"),
        ({"lr": 0.0}, "positive"),
        ({"gamma": 1.5}, "decay factor"),
        ({"step": 0}, "at least 1"),
        ({"lr": 0.1, "lr_min": 0.2}, "lr_min"),
    ],
)
def test_bad_values(kw: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        LRSchedule(**kw)


def test_fit_applies_the_schedule_each_epoch() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y = rng.integers(0, 2, 40)
    sched = LRSchedule("step", lr=0.2, gamma=0.5, step=1)
    seen: list[float] = []
    opt = SGD(99.0)  # replaced by the schedule before the first step
    net = Network([3, 4, 2], activation="tanh", dtype=np.float64, seed=0)
    fit(
        net,
        opt,
        X,
        y,
        epochs=3,
        batch_size=20,
        schedule=sched,
        on_step=lambda step, loss: seen.append(opt.lr),
    )
    assert seen == pytest.approx([0.2, 0.2, 0.1, 0.1, 0.05, 0.05])

    # the same run by hand: the same batches, the rate set at each epoch's start
    ref = Network([3, 4, 2], activation="tanh", dtype=np.float64, seed=0)
    ref_opt = SGD(1.0)
    batches = Minibatches(X, y, 20, seed=0)
    for e in range(3):
        ref_opt.lr = sched.lr_at(e)
        last = False
        while not last:
            xb, yb, last = batches.next()
            ref.fit_batch(xb, yb, ref_opt)
    np.testing.assert_array_equal(net.theta, ref.theta)
