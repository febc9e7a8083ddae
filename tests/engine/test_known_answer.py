"""A 2-2-2 sigmoid network worked out on paper from the formulas.

z = W·x + b, a = σ(z), L = mean_j (a_j - y_j)^2 (2 outputs, so dL/da = a - y),
δ_out = (a - y) ⊙ σ'(z), δ_hid = (W_outᵀ δ_out) ⊙ σ'(z_hid), dW = δ xᵀ, W ← W − η dW.

Hand computation (x = [.05, .10], y = [.01, .99], η = .5):
  z_h1 = .15*.05 + .20*.10 + .35 = .3775      a_h1 = σ(.3775) = .593269992
  z_h2 = .25*.05 + .30*.10 + .35 = .3925      a_h2 = σ(.3925) = .596884378
  z_o1 = .40*a_h1 + .45*a_h2 + .60 = 1.105905967   a_o1 = .751365070
  z_o2 = .50*a_h1 + .55*a_h2 + .60 = 1.224921404   a_o2 = .772928465
  L = ((.741365070)^2 + (-.217071535)^2) / 2 = .298371109
  δ_o1 = .741365070 * .751365070 * (1 - .751365070) = .138498562
  δ_o2 = -.217071535 * .772928465 * (1 - .772928465) = -.038098236
  dW_o[0,0] = δ_o1 * a_h1 = .082167041   -> W_o[0,0] = .40 - .5*.082167041 = .358916480
  δ_h1 = (.40*δ_o1 + .50*δ_o2) * a_h1 (1 - a_h1) = .036350306 * .241300709 = .008771354
  dW_h[0,0] = δ_h1 * x_1 = .000438568     -> W_h[0,0] = .15 - .5*.000438568 = .149780716
"""

from __future__ import annotations

import numpy as np
import pytest

from nnviz import SGD, Network


@pytest.fixture
def worked():
    net = Network(
        [2, 2, 2], activation="sigmoid", output="sigmoid", loss="mse", dtype=np.float64, seed=0
    )
    net.layers[0].W[...] = [[0.15, 0.20], [0.25, 0.30]]
    net.layers[0].b[...] = 0.35
    net.layers[1].W[...] = [[0.40, 0.45], [0.50, 0.55]]
    net.layers[1].b[...] = 0.60
    X = np.array([[0.05, 0.10]])
    Y = np.array([[0.01, 0.99]])
    return net, net.train_step(X, Y, SGD(lr=0.5))


def test_forward_values(worked):
    _, s = worked
    np.testing.assert_allclose(s.layers[0].z[0], [0.3775, 0.3925], atol=1e-12)
    np.testing.assert_allclose(s.layers[0].a[0], [0.593269992, 0.596884378], atol=1e-9)
    np.testing.assert_allclose(s.layers[1].z[0], [1.105905967, 1.224921404], atol=1e-9)
    np.testing.assert_allclose(s.layers[1].a[0], [0.751365070, 0.772928465], atol=1e-9)
    assert s.loss == pytest.approx(0.298371109, abs=1e-9)


def test_backward_values(worked):
    _, s = worked
    np.testing.assert_allclose(s.layers[1].dL_da[0], [0.741365070, -0.217071535], atol=1e-9)
    np.testing.assert_allclose(s.layers[1].delta[0], [0.138498562, -0.038098236], atol=1e-9)
    assert s.layers[1].dW[0, 0] == pytest.approx(0.082167041, abs=1e-9)
    assert s.layers[0].dL_da[0, 0] == pytest.approx(0.036350306, abs=1e-9)
    assert s.layers[0].delta[0, 0] == pytest.approx(0.008771354, abs=1e-9)
    assert s.layers[0].dW[0, 0] == pytest.approx(0.000438568, abs=1e-9)


def test_update_values(worked):
    net, s = worked
    assert s.params_after[1][0][0, 0] == pytest.approx(0.358916480, abs=1e-9)
    assert s.params_after[0][0][0, 0] == pytest.approx(0.149780716, abs=1e-9)
    assert net.layers[1].W[0, 0] == s.params_after[1][0][0, 0]
    assert s.params_before[1][0][0, 0] == 0.40
    # dW = δ xᵀ and the SGD rule hold for every entry
    for k, (W0, b0) in enumerate(s.params_before):
        L = s.layers[k]
        np.testing.assert_allclose(L.dW, L.delta.T @ L.x, atol=1e-15)
        np.testing.assert_allclose(s.params_after[k][0], W0 - 0.5 * L.dW, atol=1e-15)
        np.testing.assert_allclose(s.params_after[k][1], b0 - 0.5 * L.db, atol=1e-15)
