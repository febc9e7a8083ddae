"""The recorded-step service: exactly `train_step`, on a copy or in place."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.app.stepper import step_in_place, step_on_copy
from nnviz.engine import SGD, Adam, Momentum, Network


@pytest.mark.parametrize(
    "make_opt", [lambda: SGD(lr=0.1), lambda: Momentum(lr=0.1), lambda: Adam(lr=0.01)]
)
def test_step_on_copy_equals_train_step_and_leaves_the_caller_alone(make_opt):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(8, 3)), rng.integers(0, 2, 8)
    net, opt = Network([3, 4, 2], seed=1), make_opt()
    for _ in range(3):  # some optimizer state to carry over
        net.fit_batch(X, y, opt)
    theta, state, t = net.theta.copy(), opt.state(), opt.t
    ref_net, ref_opt = net.copy(np.float64), opt.copy(np.float64)
    ref = ref_net.train_step(X, y, ref_opt)

    rec = step_on_copy(net, X, y, opt)

    np.testing.assert_array_equal(net.theta, theta)  # the caller's network and optimizer
    assert opt.t == t and all(np.array_equal(opt.state()[k], v) for k, v in state.items())
    assert rec.net.dtype == np.float64 and rec.step.loss == ref.loss
    np.testing.assert_array_equal(rec.net.theta, ref_net.theta)
    assert rec.opt.t == t + 1


def test_optimizer_copy_keeps_its_state_in_the_new_dtype():
    net, opt = Network([2, 2], seed=0), Adam(lr=0.1)
    net.fit_batch(np.ones((1, 2)), [1], opt)
    c = opt.copy(np.float64)
    assert c.t == opt.t and c.state()["m"].dtype == np.float64
    np.testing.assert_allclose(c.state()["m"], opt.state()["m"])
    c.reset()
    assert opt.t == 1


def test_step_in_place_updates_the_given_network():
    net, opt = Network([2, 3, 2], dtype=np.float64, seed=0), SGD(lr=0.5)
    ref = net.copy()
    rec = step_in_place(net, np.ones((1, 2)), [0], opt)
    ref.train_step(np.ones((1, 2)), [0], SGD(lr=0.5))
    assert rec.net is net and rec.opt is opt
    np.testing.assert_array_equal(net.theta, ref.theta)
