"""The training loop: XOR, minibatches, early stopping, divergence."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz import SGD, Adam, Network
from nnviz.engine import DivergenceError, Minibatches, evaluate, fit

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([0, 1, 1, 0])


def test_xor_reaches_full_accuracy():
    net = Network([2, 4, 2], activation="tanh", dtype=np.float64, seed=0)
    hist = fit(net, Adam(0.05), XOR_X, XOR_Y, epochs=300, batch_size=4)
    assert evaluate(net, XOR_X, XOR_Y)[1] == 1.0
    assert hist.epochs[-1].train_acc == 1.0
    assert len(hist.step_loss) == 300


def test_xor_with_sigmoid_mse_single_output():
    net = Network(
        [2, 3, 1], activation="sigmoid", output="sigmoid", loss="mse", dtype=np.float64, seed=1
    )
    fit(net, SGD(2.0), XOR_X, XOR_Y.astype(float), epochs=3000, batch_size=4)
    assert evaluate(net, XOR_X, XOR_Y.astype(float))[1] == 1.0


def test_minibatches_visit_every_sample_once_per_epoch():
    X = np.arange(10)[:, None].astype(float)
    mb = Minibatches(X, np.arange(10), batch_size=3, seed=0)
    seen, last = [], False
    while not last:
        xb, yb, last = mb.next()
        np.testing.assert_array_equal(xb[:, 0], yb)
        seen += yb.tolist()
    assert sorted(seen) == list(range(10)) and mb.epoch == 1 and mb.steps_per_epoch == 4


def test_divergence_stops_and_restores_good_parameters():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 3)) * 100
    y = rng.normal(size=(64, 1)) * 100
    net = Network(
        [3, 16, 1], activation="relu", output="linear", loss="mse", dtype=np.float64, seed=0
    )
    with pytest.raises(DivergenceError, match="smaller learning rate") as e:
        fit(net, SGD(10.0), X, y, epochs=50, batch_size=8)
    assert "diverged" in str(e.value)
    assert np.all(np.isfinite(net.theta))
    assert math.isfinite(net.loss(X[:8], y[:8]))


def test_validation_split_and_early_stopping():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 5))
    y = rng.integers(0, 2, 60)  # pure noise: validation loss soon stops improving
    net = Network([5, 64, 2], activation="relu", dtype=np.float64, seed=0)
    hist = fit(net, Adam(0.05), X, y, epochs=200, batch_size=8, val_split=0.3, patience=3)
    assert hist.stopped_early and len(hist.epochs) < 200
    assert all(math.isfinite(e.val_loss) for e in hist.epochs)
    best = min(e.val_loss for e in hist.epochs)
    assert evaluate(net, *_val(X, y))[0] == pytest.approx(best, rel=1e-9)


def _val(X, y):
    from nnviz.engine.train import split_validation

    _, _, Xv, yv = split_validation(X, y, 0.3, 0)
    return Xv, yv


def test_callbacks_and_stop_request():
    net = Network([2, 4, 2], dtype=np.float64)
    steps = []
    fit(
        net,
        SGD(0.1),
        XOR_X,
        XOR_Y,
        epochs=10,
        batch_size=2,
        on_step=lambda s, loss: steps.append(s),
        should_stop=lambda: len(steps) >= 5,
    )
    assert steps == [1, 2, 3, 4, 5]
