"""The engine against torch in float64: gradients and 10 optimizer steps."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz import SGD, Adam, Momentum, Network
from nnviz.engine.functions import HEADS, HIDDEN_ACTIVATIONS, LEAKY_ALPHA

torch = pytest.importorskip(
    "torch", reason="torch is not installed (pip install '.[bench]' to run these)"
)
F = torch.nn.functional

TORCH_ACT = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda z: F.leaky_relu(z, LEAKY_ALPHA),
    "linear": lambda z: z,
    "softmax": lambda z: torch.softmax(z, dim=1),
}

OPTIMIZERS = {
    "sgd": (lambda: SGD(0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
    "sgd_wd": (
        lambda: SGD(0.1, weight_decay=0.01),
        lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=0.01),
    ),
    "momentum": (
        lambda: Momentum(0.05, momentum=0.9),
        lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
    ),
    "nesterov": (
        lambda: Momentum(0.05, momentum=0.8, nesterov=True, weight_decay=0.001),
        lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.001),
    ),
    "adam": (lambda: Adam(0.01), lambda p: torch.optim.Adam(p, lr=0.01)),
    "adam_wd": (
        lambda: Adam(0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01),
        lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01),
    ),
}


def torch_model(net: Network):
    params = []
    for L in net.layers:
        params += [
            torch.tensor(L.W, dtype=torch.float64, requires_grad=True),
            torch.tensor(L.b, dtype=torch.float64, requires_grad=True),
        ]
    return params


def torch_loss(net: Network, params, X, y):
    a = torch.tensor(X, dtype=torch.float64)
    for k, L in enumerate(net.layers):
        z = a @ params[2 * k].T + params[2 * k + 1]
        if k == len(net.layers) - 1 and net.loss_name == "cross_entropy":
            return F.cross_entropy(z, torch.tensor(y))
        a = TORCH_ACT[L.activation](z)
    target = F.one_hot(torch.tensor(y), net.sizes[-1]).to(torch.float64)
    return F.mse_loss(a, target)


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize(("output", "loss"), HEADS)
@pytest.mark.parametrize("opt_name", list(OPTIMIZERS))
def test_matches_torch(activation, output, loss, opt_name):
    net = Network(
        [4, 6, 5, 3], activation=activation, output=output, loss=loss, dtype=np.float64, seed=7
    )
    params = torch_model(net)
    make_ours, make_theirs = OPTIMIZERS[opt_name]
    ours, theirs = make_ours(), make_theirs(params)
    rng = np.random.default_rng(11)
    for step in range(10):
        X = rng.normal(size=(8, 4))
        y = rng.integers(0, 3, 8)
        record = net.train_step(X, y, ours)
        theirs.zero_grad()
        L = torch_loss(net, params, X, y)
        L.backward()
        assert abs(record.loss - L.item()) < 1e-10, step
        for k in range(len(net.layers)):
            np.testing.assert_allclose(
                record.layers[k].dW, params[2 * k].grad.numpy(), rtol=0, atol=1e-10
            )
            np.testing.assert_allclose(
                record.layers[k].db, params[2 * k + 1].grad.numpy(), rtol=0, atol=1e-10
            )
        theirs.step()
        for k, L_ in enumerate(net.layers):
            np.testing.assert_allclose(L_.W, params[2 * k].detach().numpy(), rtol=0, atol=1e-10)
            np.testing.assert_allclose(L_.b, params[2 * k + 1].detach().numpy(), rtol=0, atol=1e-10)


def test_fit_batch_float32_tracks_torch_float32():
    net = Network([20, 16, 5], activation="relu", seed=0)
    params = [torch.tensor(p, requires_grad=True) for L in net.layers for p in (L.W, L.b)]
    opt, topt = Adam(1e-2), torch.optim.Adam(params, lr=1e-2)
    rng = np.random.default_rng(0)
    for _ in range(20):
        X = rng.normal(size=(16, 20)).astype(np.float32)
        y = rng.integers(0, 5, 16)
        ours = net.fit_batch(X, y, opt)
        topt.zero_grad()
        z = torch.relu(torch.tensor(X) @ params[0].T + params[1]) @ params[2].T + params[3]
        L = F.cross_entropy(z, torch.tensor(y))
        L.backward()
        topt.step()
        assert abs(ours - L.item()) < 1e-4
    np.testing.assert_allclose(net.layers[0].W, params[0].detach().numpy(), atol=1e-4)
