"""What a `Step` carries for the views: f'(z), the sizes, the optimizer's own values."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.engine import SGD, Adam, Momentum, Network
from nnviz.engine.functions import ACTIVATIONS, HEADS, HIDDEN_ACTIVATIONS, LEAKY_ALPHA

rng = np.random.default_rng(3)
X = rng.normal(size=(4, 3))


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_slope_matches_central_differences(name):
    """Activation.slope_of(z, f(z)) = (f(z + h) - f(z - h)) / 2h away from kinks
    (softmax: the diagonal of its Jacobian)."""
    act = ACTIVATIONS[name]
    z = rng.normal(size=(5, 4))
    z[np.abs(z) < 1e-3] = 0.5
    h = 1e-6
    numeric = np.empty_like(z)
    for j in range(z.shape[1]):
        up, down, zp, zm = (np.empty_like(z) for _ in range(4))
        zp[...], zm[...] = z, z
        zp[:, j] += h
        zm[:, j] -= h
        act.value(zp, up)
        act.value(zm, down)
        numeric[:, j] = (up[:, j] - down[:, j]) / (2 * h)
    a = np.empty_like(z)
    act.value(z, a)
    np.testing.assert_allclose(act.slope_of(z, a), numeric, rtol=1e-6, atol=1e-8)


def test_leaky_slope_is_alpha_below_zero():
    act = ACTIVATIONS["leaky_relu"]
    z = np.array([[-2.0, 3.0]])
    a = np.empty_like(z)
    act.value(z, a)
    np.testing.assert_array_equal(act.slope_of(z, a), [[LEAKY_ALPHA, 1.0]])
    assert f"{LEAKY_ALPHA:g}" in act.slope


@pytest.mark.parametrize("hidden", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize(("output", "loss"), HEADS)
def test_da_dz_is_what_backprop_multiplied(hidden, output, loss):
    """delta = dL/da * f'(z) wherever the engine formed that product."""
    net = Network([3, 5, 4, 2], activation=hidden, output=output, loss=loss, dtype=np.float64)
    Y = np.array([0, 1, 1, 0]) if loss == "cross_entropy" else rng.uniform(size=(4, 2))
    step = net.train_step(X, Y, SGD(0.1))
    for T in step.layers:
        assert T.da_dz.shape == T.z.shape
        np.testing.assert_array_equal(T.da_dz, ACTIVATIONS[T.activation].slope_of(T.z, T.a))
        if T.activation != "softmax":
            np.testing.assert_array_equal(T.delta, T.dL_da * T.da_dz)


def test_step_sizes_and_activations():
    net = Network([3, 5, 4, 2], activation=["tanh", "relu"], dtype=np.float64)
    step = net.train_step(X, np.array([0, 1, 1, 0]), SGD(0.1))
    assert step.sizes == net.sizes == [3, 5, 4, 2]
    assert step.activations == net.activations


def test_optimizer_values_are_the_update():
    """The recorded step is exactly what left theta; Adam's m_hat, v_hat and bias
    corrections follow m/(1 - beta1^t), v/(1 - beta2^t)."""
    net = Network([3, 4, 2], dtype=np.float64)
    opt = Adam(0.01, weight_decay=0.1)
    for _ in range(3):
        step = net.train_step(X, np.array([0, 1, 1, 0]), opt)
    t = step.optimizer.hyper["t"]
    bc1, bc2 = 1 - 0.9**t, 1 - 0.999**t
    assert step.optimizer.scalars == pytest.approx(
        {"bias_correction1": bc1, "bias_correction2": bc2}, rel=1e-15
    )
    for k, st in enumerate(step.optimizer.state):
        np.testing.assert_allclose(st["m_hat_W"], st["m_W"] / bc1, rtol=1e-15)
        np.testing.assert_allclose(st["v_hat_b"], st["v_b"] / bc2, rtol=1e-15)
        W0, W1 = step.params_before[k][0], step.params_after[k][0]
        np.testing.assert_array_equal(W1, W0 - st["step_W"])
        np.testing.assert_array_equal(st["g_W"], step.layers[k].dW + 0.1 * W0)
        expected = 0.01 * st["m_hat_W"] / (np.sqrt(st["v_hat_W"]) + 1e-8)
        np.testing.assert_allclose(st["step_W"], expected, rtol=1e-9)


@pytest.mark.parametrize("make_opt", [lambda: SGD(0.1), lambda: Momentum(0.1)])
def test_sgd_and_momentum_record_their_step(make_opt):
    net = Network([3, 4, 2], dtype=np.float64)
    opt = make_opt()
    step = net.train_step(X, np.array([0, 1, 1, 0]), opt)
    st = step.optimizer.state[1]
    np.testing.assert_array_equal(step.params_after[1][1], step.params_before[1][1] - st["step_b"])
    assert "g_W" not in st and step.optimizer.scalars == {}
