"""Backprop against central finite differences, for every activation and loss."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz import Network
from nnviz.engine import gradcheck
from nnviz.engine.functions import HEADS, HIDDEN_ACTIVATIONS


def small_problem(seed: int, n: int = 5) -> tuple[np.ndarray, np.ndarray]:
    r = np.random.default_rng(seed)
    return r.normal(size=(n, 3)), r.integers(0, 3, n)


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize(("output", "loss"), HEADS)
@pytest.mark.parametrize("seed", [0, 1])
def test_backprop_matches_finite_differences(activation, output, loss, seed):
    net = Network(
        [3, 5, 4, 3], activation=activation, output=output, loss=loss, dtype=np.float64, seed=seed
    )
    X, y = small_problem(seed)
    result = gradcheck(net, X, y)
    assert result.n_checked == net.n_params
    assert result.max_rel_error < 1e-6, result.max_rel_error


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
def test_one_hot_and_soft_targets(activation):
    net = Network([4, 6, 3], activation=activation, dtype=np.float64, seed=3)
    rng = np.random.default_rng(3)
    X = rng.normal(size=(7, 4))
    Y = rng.dirichlet(np.ones(3), size=7)  # soft targets, rows sum to 1
    assert gradcheck(net, X, Y).max_rel_error < 1e-6


def test_single_output_mse_with_vector_targets():
    net = Network(
        [2, 4, 1], activation="tanh", output="sigmoid", loss="mse", dtype=np.float64, seed=0
    )
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0.0, 1.0, 1.0, 0.0])
    assert gradcheck(net, X, y).max_rel_error < 1e-6


def test_big_network_is_sampled_over_every_layer():
    net = Network([784, 64, 10], seed=0)
    rng = np.random.default_rng(0)
    r = gradcheck(net, rng.random((3, 784)), rng.integers(0, 10, 3), max_params=200)
    assert r.n_checked <= 200
    layer_of = np.searchsorted(
        np.cumsum([L.W.size + L.b.size for L in net.layers]), r.index, side="right"
    )
    assert set(layer_of) == {0, 1}
    assert r.max_rel_error < 1e-6


def test_input_gradient_matches_finite_differences():
    net = Network([5, 7, 4], activation="tanh", dtype=np.float64, seed=2)
    x = np.random.default_rng(2).normal(size=5)
    g = net.input_gradient(x, 2)
    h = 1e-6
    fd = np.array(
        [
            (net.forward_all(x + h * e)[-1][0][0, 2] - net.forward_all(x - h * e)[-1][0][0, 2])
            / (2 * h)
            for e in np.eye(5)
        ]
    )
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-9)
