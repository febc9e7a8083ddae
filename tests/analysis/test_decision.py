"""The Qt-free grid math behind the decision-region view."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.analysis.decision import (
    GridEvaluator,
    class_probabilities,
    grid_axes,
    grid_bounds,
    grid_points,
    subsample,
)
from nnviz.engine import Network


def sign_net(k: float = 5.0) -> Network:
    """2-2 softmax network whose class is 1 exactly when x > 0."""
    net = Network([2, 2], output="softmax", dtype=np.float64)
    net.set_params([(np.array([[-k, 0.0], [k, 0.0]]), np.zeros(2))])
    return net


def test_bounds_cover_data_and_are_square():
    X = np.array([[-1.0, 0.0], [3.0, 1.0]])
    x0, x1, y0, y1 = grid_bounds(X, margin=0.1)
    assert x0 < -1 and x1 > 3 and y0 < 0 and y1 > 1
    assert x1 - x0 == pytest.approx(y1 - y0)
    assert (x0 + x1) / 2 == pytest.approx(1.0) and (y0 + y1) / 2 == pytest.approx(0.5)


def test_bounds_degenerate_inputs():
    assert grid_bounds(np.zeros((0, 2))) == (-1.0, 1.0, -1.0, 1.0)
    x0, x1, _, _ = grid_bounds(np.zeros((5, 2)))
    assert x1 > x0


def test_grid_points_row_major_pixel_centres():
    xs, ys = grid_axes((0.0, 4.0, 10.0, 12.0), 4)
    np.testing.assert_allclose(xs, [0.5, 1.5, 2.5, 3.5])
    np.testing.assert_allclose(ys, [10.25, 10.75, 11.25, 11.75])
    P = grid_points((0.0, 4.0, 10.0, 12.0), 4)
    assert P.shape == (16, 2)
    np.testing.assert_allclose(P[1], [1.5, 10.25])  # row 0, column 1
    np.testing.assert_allclose(P[4], [0.5, 10.75])  # row 1, column 0


def test_class_probabilities_shapes():
    sm = np.array([[0.2, 0.8], [0.6, 0.4]])
    np.testing.assert_allclose(class_probabilities(sm, "softmax"), sm)
    one = class_probabilities(np.array([[0.25], [1.3]]), "sigmoid")
    np.testing.assert_allclose(one, [[0.75, 0.25], [0.0, 1.0]])
    multi = class_probabilities(np.array([[1.0, 3.0, 0.0], [0.0, 0.0, 0.0]]), "sigmoid")
    np.testing.assert_allclose(multi.sum(axis=1), 1.0)
    np.testing.assert_allclose(multi[0], [0.25, 0.75, 0.0])


def test_evaluate_known_network_splits_at_x_zero():
    net = sign_net()
    ev = GridEvaluator(n=20)
    res = ev.evaluate(net.config(), net.params(), (-1.0, 1.0, -1.0, 1.0))
    assert res.probs.shape == (20, 20, 2) and res.hidden == ()
    xs, _ = grid_axes(res.bounds, 20)
    expected = np.broadcast_to((xs > 0).astype(int), (20, 20))
    np.testing.assert_array_equal(res.predicted, expected)
    np.testing.assert_allclose(res.probs.sum(axis=2), 1.0)


def test_hidden_activations_match_forward_all():
    net = Network([2, 3, 4, 2], activation=["tanh", "relu"], dtype=np.float64, seed=1)
    ev = GridEvaluator(n=8)
    bounds = (-2.0, 2.0, -1.0, 3.0)
    res = ev.evaluate(net.config(), net.params(), bounds)
    assert [h.shape for h in res.hidden] == [(8, 8, 3), (8, 8, 4)]
    assert res.activations == ("tanh", "relu")
    layers = net.forward_all(grid_points(bounds, 8))
    np.testing.assert_allclose(res.hidden[0].reshape(64, 3), layers[0][1])
    np.testing.assert_allclose(res.probs.reshape(64, 2), layers[2][1])


def test_network_is_reused_while_config_unchanged():
    net = Network([2, 4, 2], seed=0)
    ev = GridEvaluator(n=4)
    a = ev.network(net.config(), net.params())
    net2 = Network([2, 4, 2], seed=3)
    b = ev.network(net2.config(), net2.params())
    assert a is b
    np.testing.assert_array_equal(b.layers[0].W, net2.layers[0].W)
    c = ev.network(Network([2, 5, 2]).config(), Network([2, 5, 2]).params())
    assert c is not a


def test_non_2d_network_is_rejected():
    net = Network([3, 2])
    with pytest.raises(ValueError, match="2 inputs"):
        GridEvaluator(4).evaluate(net.config(), net.params(), (-1.0, 1.0, -1.0, 1.0))


def test_accuracy_and_subsample():
    net = sign_net()
    ev = GridEvaluator(4)
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [2.0, 5.0]])
    assert ev.accuracy(net.config(), net.params(), X, np.array([0, 1, 0])) == pytest.approx(2 / 3)
    a = np.arange(36.0).reshape(6, 6)
    np.testing.assert_array_equal(subsample(a, 3), a[1::2, 1::2])
    assert subsample(np.zeros((120, 120, 5)), 48).shape == (48, 48, 5)
