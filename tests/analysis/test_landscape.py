"""The loss landscape: surface values, directions, path projection, the 1-D profile."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz import SGD, Adam, Network
from nnviz.analysis.landscape import (
    filter_normalized_direction,
    flatten,
    gradient,
    gradient_direction,
    loss_line,
    loss_surface,
    unflatten,
    weight_direction,
)
from nnviz.analysis.slice_path import (
    gradient_profile,
    grid_around,
    off_slice_distance,
    project_path,
    projected_negative_gradient,
    step_profile,
)
from nnviz.data import make_dataset

HEADS = [  # (sizes, hidden activation, output, loss, integer labels?)
    ([2, 8, 8, 2], "tanh", "softmax", "cross_entropy", True),
    ([2, 5, 3], "relu", "softmax", "mse", True),
    ([2, 4, 1], "sigmoid", "sigmoid", "mse", False),
    ([2, 6, 2], "leaky_relu", "linear", "mse", False),
    ([2, 3], "linear", "softmax", "cross_entropy", False),  # one layer, one-hot targets
]


def _data(n_out: int, labels: bool, n: int = 120):
    X, y = make_dataset("spirals", n=n, seed=3)
    if labels:
        return X, y
    if n_out == 1:
        return X, y.astype(float)
    return X, np.eye(n_out)[y]


def _moved(net, d1, d2, a, b):
    """A copy of `net` at θ + a d1 + b d2, set by hand."""
    m = net.copy()
    m.set_params(
        [
            (W + a * D1 + b * D2, c + a * e1 + b * e2)
            for (W, c), (D1, e1), (D2, e2) in zip(net.params(), d1, d2, strict=True)
        ]
    )
    return m


@pytest.mark.parametrize(("sizes", "act", "out", "loss", "labels"), HEADS)
def test_surface_matches_direct_loss(sizes, act, out, loss, labels):
    net = Network(sizes, activation=act, output=out, loss=loss, dtype=np.float64, seed=1)
    X, Y = _data(sizes[-1], labels)
    d1 = filter_normalized_direction(net, seed=1, bias="row")
    d2 = filter_normalized_direction(net, seed=2)
    alphas, betas = np.linspace(-1, 1, 7), np.linspace(-0.5, 1.5, 5)
    theta = net.theta.copy()
    S = loss_surface(net, X, Y, d1, d2, alphas, betas)
    assert S.shape == (7, 5)
    assert S[3, 1] == pytest.approx(net.loss(X, Y), abs=1e-12)
    for i, j in [(0, 0), (6, 4), (2, 3), (5, 0)]:
        direct = _moved(net, d1, d2, alphas[i], betas[j]).loss(X, Y)
        assert S[i, j] == pytest.approx(direct, rel=1e-12, abs=1e-12)
    np.testing.assert_array_equal(net.theta, theta)


def test_float32_network_matches_its_own_loss():
    net = Network([2, 8, 8, 2], activation="tanh", seed=0)  # float32
    X, y = make_dataset("spirals", n=200, seed=0)
    d1, d2 = filter_normalized_direction(net, 1), filter_normalized_direction(net, 2)
    S = loss_surface(net, X, y, d1, d2, [-0.5, 0.0, 0.5], [0.0])
    assert S[1, 0] == pytest.approx(net.loss(X, y), rel=1e-6)


def test_parameters_and_gradient_buffer_unchanged():
    net = Network([2, 8, 8, 2], activation="tanh", dtype=np.float64, seed=0)
    X, y = make_dataset("spirals", n=100, seed=0)
    net.grad[...] = 7.0
    theta, grad = net.theta.copy(), net.grad.copy()
    d1 = gradient_direction(net, X, y)
    d2 = filter_normalized_direction(net, 0)
    loss_surface(net, X, y, d1, d2, np.linspace(-1, 1, 5), np.linspace(-1, 1, 5))
    projected_negative_gradient(net, X, y, d1, d2)
    gradient_profile(net, X, y)
    np.testing.assert_array_equal(net.theta, theta)
    np.testing.assert_array_equal(net.grad, grad)


def test_filter_normalisation_row_norms():
    net = Network([3, 6, 4, 2], activation="relu", dtype=np.float64, seed=4)
    net.layers[1].b[...] = np.arange(4.0)
    d = filter_normalized_direction(net, seed=5)
    for L, (dW, db) in zip(net.layers, d, strict=True):
        np.testing.assert_allclose(
            np.linalg.norm(dW, axis=1), np.linalg.norm(L.W, axis=1), rtol=1e-12
        )
        assert not np.any(db)  # Li et al.: no movement of biases
    assert not np.allclose(d[0][0], net.layers[0].W)  # random, not θ itself
    rows = filter_normalized_direction(net, seed=5, bias="row")
    for L, (dW, db) in zip(net.layers, rows, strict=True):
        np.testing.assert_allclose(
            np.linalg.norm(np.column_stack([dW, db]), axis=1),
            np.linalg.norm(np.column_stack([L.W, L.b]), axis=1),
            rtol=1e-12,
        )
    same = filter_normalized_direction(net, seed=5)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(d, same, strict=True))


def test_two_weights_slice_is_setting_those_weights():
    net = Network(
        [2, 2, 1], activation="sigmoid", output="sigmoid", loss="mse", dtype=np.float64, seed=0
    )
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([0.0, 1.0, 1.0, 0.0])
    d1, d2 = weight_direction(net, 0, 1, 0), weight_direction(net, 1, 0, None)
    S = loss_surface(net, X, Y, d1, d2, [-2.0, 3.0], [0.5])
    m = net.copy()
    m.layers[0].W[1, 0] += 3.0
    m.layers[1].b[0] += 0.5
    assert S[1, 0] == pytest.approx(m.loss(X, Y), abs=1e-14)
    with pytest.raises(ValueError, match="no parameter"):
        weight_direction(net, 0, 2, 0)


def test_slope_along_descent_direction_is_minus_gradient_norm():
    net = Network([2, 8, 8, 2], activation="tanh", dtype=np.float64, seed=2)
    X, y = make_dataset("spirals", n=200, seed=1)
    g_norm = np.linalg.norm(gradient(net, X, y))
    h = 1e-5
    lm, lp = loss_line(net, X, y, gradient_direction(net, X, y), [-h, h])
    assert (lp - lm) / (2 * h) == pytest.approx(-g_norm, rel=1e-7)
    prof = gradient_profile(net, X, y)
    assert prof.grad_norm == pytest.approx(g_norm, rel=1e-12)
    k = int(np.argmin(np.abs(prof.t)))
    assert prof.t[k] == pytest.approx(0.0, abs=1e-12)
    assert prof.loss[k] == pytest.approx(net.loss(X, y), abs=1e-12)


def test_profile_marks_the_sgd_step():
    net = Network([2, 8, 8, 2], activation="tanh", dtype=np.float64, seed=2)
    X, y = make_dataset("spirals", n=64, seed=1)
    after = net.copy()
    step = after.train_step(X, y, SGD(lr=0.3))
    prof = gradient_profile(net, X, y, after=after.params())
    assert prof.step_t == pytest.approx(0.3 * prof.grad_norm, rel=1e-10)
    assert prof.step_off == pytest.approx(0.0, abs=1e-12)
    assert prof.step_loss == pytest.approx(after.loss(X, y), abs=1e-12)
    assert prof.t.max() > prof.step_t  # the default range shows the step
    rec = step_profile(step, net)
    assert rec.step_t == pytest.approx(prof.step_t, rel=1e-10)
    adam = net.copy()
    adam.train_step(X, y, Adam(lr=0.05))
    assert gradient_profile(net, X, y, after=adam.params()).step_off > 0  # off the line


def test_projected_path_ends_at_current_point():
    net = Network([2, 8, 8, 2], activation="tanh", dtype=np.float64, seed=0)
    X, y = make_dataset("spirals", n=100, seed=0)
    snaps = [net.params()]
    opt = Adam(0.05)
    for _ in range(10):
        net.fit_batch(X, y, opt)
        snaps.append(net.theta.copy())
    d1, d2 = filter_normalized_direction(net, 1), filter_normalized_direction(net, 2)
    coords = project_path(snaps, net.params(), d1, d2)
    assert coords.shape == (11, 2)
    np.testing.assert_allclose(coords[-1], 0.0, atol=1e-12)
    np.testing.assert_allclose(
        project_path(np.stack(snaps[1:]), net.theta, d1, d2), coords[1:], atol=1e-12
    )
    # points in the slice land exactly where they were put, at distance 0 from it
    inside = [flatten(_moved(net, d1, d2, a, b).params()) for a, b in [(0.3, -0.2), (-1, 2)]]
    np.testing.assert_allclose(
        project_path(inside, net.theta, d1, d2), [[0.3, -0.2], [-1, 2]], atol=1e-12
    )
    np.testing.assert_allclose(off_slice_distance(inside, net.theta, d1, d2), 0, atol=1e-12)
    alphas, betas = grid_around(coords, points=21)
    assert alphas[0] <= coords[:, 0].min() and alphas[-1] >= coords[:, 0].max()
    assert betas[0] <= coords[:, 1].min() and betas[-1] >= coords[:, 1].max()


def test_sgd_step_projects_to_lr_times_the_arrow():
    net = Network([2, 8, 2], activation="tanh", dtype=np.float64, seed=0)
    X, y = make_dataset("spirals", n=100, seed=0)
    d1, d2 = filter_normalized_direction(net, 1), filter_normalized_direction(net, 2)
    arrow = projected_negative_gradient(net, X, y, d1, d2)
    before = net.theta.copy()
    net.fit_batch(X, y, SGD(lr=0.1))
    np.testing.assert_allclose(
        project_path([net.theta], before, d1, d2)[0], 0.1 * arrow, rtol=1e-9, atol=1e-14
    )


def test_bad_directions_are_clear_errors():
    net = Network([2, 3, 2], dtype=np.float64, seed=0)
    X, y = make_dataset("spirals", n=20, seed=0)
    d = filter_normalized_direction(net, 0)
    with pytest.raises(ValueError, match="d2 needs 2"):
        loss_surface(net, X, y, d, d[:1], [0.0], [0.0])
    with pytest.raises(ValueError, match="d1: layer wants"):
        loss_surface(net, X, y, [(np.zeros((3, 3)), np.zeros(3)), d[1]], d, [0.0], [0.0])
    with pytest.raises(ValueError, match="inputs of shape"):
        loss_surface(net, X[:, :1], y, d, d, [0.0], [0.0])
    with pytest.raises(ValueError, match="no samples"):
        loss_surface(net, X[:0], y[:0], d, d, [0.0], [0.0])
    with pytest.raises(ValueError, match="bias"):
        filter_normalized_direction(net, 0, bias="keep")
    with pytest.raises(ValueError, match="parameters"):
        unflatten(net, np.zeros(3))
