"""The public Network API: shapes, in-place weights, fast path = traced path."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from nnviz import SGD, Adam, Momentum, Network


def test_contract_shapes():
    net = Network(
        [2, 3, 2], activation="sigmoid", output="sigmoid", loss="mse", dtype=np.float64, seed=0
    )
    L = net.layers[0]
    assert L.W.shape == (3, 2) and L.b.shape == (3,)
    L.W[...] = 0.5
    assert np.all(net.layers[0].W == 0.5)
    net.layers[1].W = np.ones((2, 3))  # assignment writes in place too
    assert net.theta[-8:-2].tolist() == [1.0] * 6
    X = np.zeros((4, 2))
    assert net.forward(X).shape == (4, 2)
    assert net.forward(np.zeros(2)).shape == (2,)
    step = net.train_step(X, np.zeros((4, 2)), SGD(lr=0.5))
    assert [t.z.shape for t in step.layers] == [(4, 3), (4, 2)]
    assert step.layers[0].x.shape == (4, 2)
    assert [p[0].shape for p in step.params_after] == [(3, 2), (2, 3)]


@pytest.mark.parametrize(
    "make_opt",
    [lambda: SGD(0.1, weight_decay=0.01), lambda: Momentum(0.1, nesterov=True), lambda: Adam(0.01)],
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fit_batch_and_train_step_give_identical_parameters(make_opt, dtype):
    a = Network([6, 8, 5, 3], activation="relu", dtype=dtype, seed=4)
    b = a.copy()
    oa, ob = make_opt(), make_opt()
    rng = np.random.default_rng(0)
    for _ in range(5):
        X = rng.normal(size=(10, 6)).astype(dtype)
        y = rng.integers(0, 3, 10)
        la = a.fit_batch(X, y, oa)
        sb = b.train_step(X, y, ob)
        assert la == sb.loss
        np.testing.assert_array_equal(a.theta, b.theta)


def test_labels_and_one_hot_agree():
    net = Network([4, 5, 3], dtype=np.float64, seed=0)
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(6, 4)), rng.integers(0, 3, 6)
    s1 = net.copy().train_step(X, y, SGD(0.1))
    s2 = net.copy().train_step(X, np.eye(3)[y], SGD(0.1))
    assert s1.loss == pytest.approx(s2.loss, abs=1e-15)
    np.testing.assert_allclose(s1.layers[0].dW, s2.layers[0].dW, atol=1e-15)
    np.testing.assert_allclose(s1.Y, s2.Y)


def test_extreme_inputs_are_stable():
    net = Network([2, 2], activation=[], output="sigmoid", loss="mse", dtype=np.float64)
    net.layers[0].W[...] = [[1e4, 0], [-1e4, 0]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = net.forward(np.array([[1.0, 0.0], [-1.0, 0.0]]))
    assert np.all(np.isfinite(a)) and a[0, 0] == 1.0 and a[0, 1] == 0.0
    ce = Network([2, 3], activation=[], dtype=np.float64)
    ce.layers[0].W[...] = [[1e4, 0], [0, 0], [-1e4, 0]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = ce.loss(np.array([[1.0, 0.0]]), np.array([2]))
    assert loss == pytest.approx(2e4)


def test_losses_match_their_definitions():
    net = Network([3, 4], activation=[], output="sigmoid", loss="mse", dtype=np.float64)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(5, 3)), rng.random((5, 4))
    assert net.loss(X, Y) == pytest.approx(np.mean((net.forward(X) - Y) ** 2), abs=1e-15)
    ce = Network([3, 4], activation=[], dtype=np.float64)
    y = rng.integers(0, 4, 5)
    p = ce.forward(X)
    assert ce.loss(X, y) == pytest.approx(-np.mean(np.log(p[np.arange(5), y])), abs=1e-14)


def test_he_and_xavier_init():
    relu = Network([1000, 500, 10], activation="relu", seed=0)
    assert relu.layers[0].W.std() == pytest.approx(np.sqrt(2 / 1000), rel=0.02)
    sig = Network([1000, 500, 10], activation="sigmoid", seed=0)
    assert sig.layers[0].W.std() == pytest.approx(np.sqrt(2 / 1500), rel=0.02)
    assert np.all(sig.layers[0].b == 0)
    np.testing.assert_array_equal(
        Network([3, 4, 2], seed=5).theta, Network([3, 4, 2], seed=5).theta
    )


@pytest.mark.parametrize(
    ("kwargs", "msg"),
    [
        ({"sizes": [3]}, "at least two"),
        ({"sizes": [3, 2], "output": "sigmoid"}, "cross_entropy needs"),
        ({"sizes": [3, 4, 2], "activation": "swish"}, "hidden activation"),
        ({"sizes": [3, 2], "loss": "hinge"}, "loss must be"),
        ({"sizes": [3, 2], "dtype": np.int32}, "dtype"),
    ],
)
def test_bad_construction_messages(kwargs, msg):
    with pytest.raises(ValueError, match=msg):
        Network(**kwargs)


def test_bad_shapes_give_clear_messages():
    net = Network([3, 2])
    with pytest.raises(ValueError, match=r"shape \(batch, 3\)"):
        net.forward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.1"):
        net.fit_batch(np.zeros((2, 3)), np.array([0, 5]), SGD(0.1))
    with pytest.raises(ValueError, match="2 inputs but 3 labels"):
        net.fit_batch(np.zeros((2, 3)), np.array([0, 1, 1]), SGD(0.1))
    with pytest.raises(ValueError, match="learning rate"):
        SGD(-1)


def test_momentum_and_adam_records_carry_state():
    net = Network([2, 3, 2], dtype=np.float64, seed=0)
    X, y = np.ones((1, 2)), np.array([1])
    opt = Adam(0.01)
    s1 = net.train_step(X, y, opt)
    s2 = net.train_step(X, y, opt)
    assert s1.optimizer.hyper["t"] == 1 and s2.optimizer.hyper["t"] == 2
    buffers = {"m_W", "m_b", "v_W", "v_b"}
    assert set(s2.optimizer.state[0]) == buffers | {"m_hat_W", "m_hat_b", "v_hat_W", "v_hat_b"} | {
        "step_W",
        "step_b",
    }
    assert set(s2.optimizer.state_before[0]) == buffers
    np.testing.assert_array_equal(s2.optimizer.state_before[0]["m_W"], s1.optimizer.state[0]["m_W"])
    m = Momentum(0.1, momentum=0.9)
    s = net.train_step(X, y, m)
    np.testing.assert_allclose(s.optimizer.state[1]["v_W"], s.layers[1].dW)


def test_fit_batch_allocates_nothing_in_steady_state():
    import tracemalloc

    net = Network([50, 32, 10], seed=0)
    opt = Adam(1e-3)
    rng = np.random.default_rng(0)
    X = rng.random((64, 50), dtype=np.float32)
    y = rng.integers(0, 10, 64)
    for _ in range(5):
        net.fit_batch(X, y, opt)
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    for _ in range(200):
        net.fit_batch(X, y, opt)
    growth = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    assert growth < 4096
