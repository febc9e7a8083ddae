"""Optimizer state: `save_state` / `load_state` continue a run bit for bit."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from nnviz import SGD, Adam, Momentum, Network


@pytest.mark.parametrize(
    "make",
    [
        lambda: SGD(lr=0.1, weight_decay=1e-3),
        lambda: Momentum(lr=0.05, momentum=0.9, nesterov=True),
        lambda: Adam(lr=1e-2, weight_decay=1e-4),
    ],
)
def test_load_state_continues_bit_for_bit(make):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(32, 4)).astype(np.float32), rng.integers(0, 3, 32)
    net, opt = Network([4, 5, 3], seed=1), make()
    for _ in range(3):
        net.fit_batch(X, y, opt)
    saved, theta = opt.save_state(), net.theta.copy()
    net.fit_batch(X, y, opt)
    net.fit_batch(X[:8], y[:8], opt)

    again, opt2 = Network([4, 5, 3], seed=99), make()
    again.theta[...] = theta
    opt2.load_state(saved)
    again.fit_batch(X, y, opt2)
    again.fit_batch(X[:8], y[:8], opt2)
    np.testing.assert_array_equal(again.theta, net.theta)
    assert opt2.t == opt.t == 5
    for k, v in opt.save_state().items():
        np.testing.assert_array_equal(opt2.save_state()[k], v)


def test_saved_state_is_a_copy_and_fresh_state_loads():
    net, opt = Network([2, 3, 2], seed=0), Adam(lr=0.1)
    assert set(opt.save_state()) == {"t"}
    fresh = copy.deepcopy(opt)
    fresh.load_state(opt.save_state())
    assert fresh.t == 0
    net.fit_batch(np.ones((1, 2)), [1], opt)
    saved = opt.save_state()
    saved["m"][...] = 7.0
    assert not np.any(opt.save_state()["m"] == 7.0)


def test_load_state_refuses_state_that_does_not_fit():
    opt = Adam()
    with pytest.raises(ValueError, match="buffers"):
        opt.load_state({"t": np.array(3), "m": np.zeros(4)})
    opt.load_state({"t": np.array(3), "m": np.zeros(4), "v": np.zeros(4)})
    with pytest.raises(ValueError, match="parameters"):
        Network([2, 3, 2]).fit_batch(np.ones((1, 2)), [1], opt)
