"""L1 and L2 penalties: value, gradient (finite differences, torch), records, files."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz import SGD, Adam, Network, load_model
from nnviz.engine.gradcheck import gradcheck

CASES = [
    ([3, 5, 4, 2], "tanh", "softmax", "cross_entropy"),
    ([3, 6, 1], "sigmoid", "linear", "mse"),
    ([2, 4, 3], "relu", "sigmoid", "mse"),
]
RATES = [(0.01, 0.0), (0.0, 0.05), (0.03, 0.02)]


def _batch(net: Network, n: int = 7, seed: int = 1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, net.sizes[0]))
    if net.loss_name == "cross_entropy":
        return X, rng.integers(0, net.sizes[-1], n)
    return X, rng.normal(size=(n, net.sizes[-1]))


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("rates", RATES)
def test_penalty_gradient_matches_finite_differences(case, rates):
    sizes, act, out, loss = case
    net = Network(sizes, act, out, loss, dtype=np.float64, seed=3, l1=rates[0], l2=rates[1])
    net.layers[0].b[...] = 0.3  # biases are not penalised: a nonzero one must not matter
    X, Y = _batch(net)
    assert gradcheck(net, X, Y).max_rel_error < 1e-7


def test_penalty_value_and_weights_only():
    net = Network([2, 3, 1], "tanh", "linear", "mse", dtype=np.float64, seed=0, l1=0.1, l2=0.4)
    W = [L.W for L in net.layers]
    want = 0.1 * sum(np.abs(w).sum() for w in W) + 0.2 * sum((w**2).sum() for w in W)
    net.layers[1].b[...] = 100.0
    assert net.penalty() == pytest.approx(want, rel=1e-14)


def test_l1_subgradient_at_zero_is_zero():
    net = Network([2, 2], "tanh", "linear", "mse", dtype=np.float64, seed=0, l1=0.5)
    net.layers[0].W[...] = [[0.0, 1.0], [-2.0, 0.0]]
    X, Y = np.zeros((1, 2)), np.zeros((1, 2))  # data gradient of W is 0 at x = 0
    step = net.train_step(X, Y, SGD(0.1))
    np.testing.assert_array_equal(step.layers[0].dW_penalty, [[0.0, 0.5], [-0.5, 0.0]])


@pytest.mark.parametrize("opt", [lambda: SGD(0.1), lambda: Adam(0.01)])
def test_fit_batch_and_train_step_agree(opt):
    a = Network([3, 5, 2], "tanh", dtype=np.float64, seed=2, l1=0.02, l2=0.03)
    b = a.copy()
    oa, ob = opt(), opt()
    for s in range(5):
        X, Y = _batch(a, seed=s)
        loss = a.fit_batch(X, Y, oa)
        step = b.train_step(X, Y, ob)
        assert loss == step.loss
        assert step.loss == pytest.approx(step.data_loss + step.penalty, rel=1e-15)
        np.testing.assert_array_equal(a.theta, b.theta)
    T = step.layers[0]
    np.testing.assert_array_equal(T.dW, T.delta.T @ T.x)  # dW stays the data gradient
    W = step.params_before[0][0]
    np.testing.assert_allclose(T.dW_penalty, 0.02 * np.sign(W) + 0.03 * W, rtol=1e-15)
    assert (step.l1, step.l2) == (0.02, 0.03)


def test_no_penalty_changes_nothing():
    net = Network([3, 4, 2], "tanh", dtype=np.float64, seed=0)
    X, Y = _batch(net)
    step = net.train_step(X, Y, SGD(0.1))
    assert step.penalty == 0.0 and step.loss == step.data_loss
    assert not step.layers[0].dW_penalty.any()


def test_rates_are_checked():
    with pytest.raises(ValueError, match="l1 rate"):
        Network([2, 2], l1=-1.0)
    net = Network([2, 2])
    with pytest.raises(ValueError, match="l2 rate"):
        net.l2 = float("nan")


def test_rates_and_features_saved(tmp_path):
    net = Network([2, 3, 2], "tanh", seed=0, l1=0.001, l2=0.003)
    net.meta["features"] = ["x1^2", "x2^2"]
    net.save(tmp_path / "m.npz")
    back = load_model(tmp_path / "m.npz")
    assert (back.l1, back.l2) == (0.001, 0.003)
    assert back.meta["features"] == ["x1^2", "x2^2"]
    with np.load(tmp_path / "m.npz") as z:
        assert json.loads(str(z["header"]))["version"] == 2


def test_version1_file_without_rates_loads(tmp_path):
    net = Network([2, 3, 2], "tanh", seed=0)
    header = {k: v for k, v in net.config().items() if k not in ("l1", "l2")}
    header.update(format="nnviz-model", version=1, meta={})
    arrays = {"header": np.array(json.dumps(header))}
    for k, L in enumerate(net.layers):
        arrays[f"W{k}"], arrays[f"b{k}"] = L.W, L.b
    np.savez(tmp_path / "old.npz", **arrays)
    back = load_model(tmp_path / "old.npz")
    assert (back.l1, back.l2) == (0.0, 0.0)
    np.testing.assert_array_equal(back.theta, net.theta)


def _peak_bytes(l1: float, l2: float) -> int:
    import tracemalloc

    net = Network([50, 32, 10], seed=0, l1=l1, l2=l2)
    opt = Adam(1e-3)
    rng = np.random.default_rng(0)
    X = rng.random((64, 50), dtype=np.float32)
    y = rng.integers(0, 10, 64)
    for _ in range(3):
        net.fit_batch(X, y, opt)
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    for _ in range(20):
        net.fit_batch(X, y, opt)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return peak


def test_fit_batch_with_penalties_allocates_no_arrays():
    # the penalty adds less than one copy of the first weight matrix (6400 bytes)
    assert _peak_bytes(1e-4, 1e-3) < _peak_bytes(0.0, 0.0) + 32 * 50 * 4
