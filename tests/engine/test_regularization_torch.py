"""L1/L2 penalties against torch in float64: loss, gradients and 10 updates."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz import SGD, Adam, Momentum, Network

pytestmark = pytest.mark.torch
torch = pytest.importorskip(
    "torch", reason="torch is not installed (pip install '.[bench]' to run these)"
)
F = torch.nn.functional

ACT = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}
OPTS = {
    "sgd": (lambda: SGD(0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
    "momentum": (
        lambda: Momentum(0.05, momentum=0.9),
        lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
    ),
    "adam": (lambda: Adam(0.01), lambda p: torch.optim.Adam(p, lr=0.01)),
}


def objective(net: Network, params, X, Y, l1: float, l2: float):
    """data loss + l1 Σ|W| + l2/2 ΣW² over the weights (params[0::2]) only."""
    a = torch.tensor(X, dtype=torch.float64)
    last = len(net.layers) - 1
    for k, L in enumerate(net.layers):
        z = a @ params[2 * k].T + params[2 * k + 1]
        if k == last and net.loss_name == "cross_entropy":
            data = F.cross_entropy(z, torch.tensor(Y))
            break
        a = z if L.activation == "linear" else ACT[L.activation](z)
    else:
        data = F.mse_loss(a, torch.tensor(Y, dtype=torch.float64))
    W = params[0::2]
    penalty = l1 * sum(w.abs().sum() for w in W) + 0.5 * l2 * sum((w * w).sum() for w in W)
    return data, penalty


@pytest.mark.parametrize("opt_name", list(OPTS))
@pytest.mark.parametrize(
    "head", [("tanh", "softmax", "cross_entropy"), ("relu", "linear", "mse")], ids=str
)
@pytest.mark.parametrize("rates", [(0.01, 0.0), (0.0, 0.1), (0.02, 0.05)], ids=str)
def test_penalties_match_torch(opt_name, head, rates):
    act, out, loss = head
    l1, l2 = rates
    net = Network([3, 6, 4, 2], act, out, loss, dtype=np.float64, seed=5, l1=l1, l2=l2)
    params = [
        torch.tensor(p, dtype=torch.float64, requires_grad=True)
        for L in net.layers
        for p in (L.W, L.b)
    ]
    make_ours, make_theirs = OPTS[opt_name]
    ours, theirs = make_ours(), make_theirs(params)
    rng = np.random.default_rng(3)
    for s in range(10):
        X = rng.normal(size=(8, 3))
        Y = rng.integers(0, 2, 8) if loss == "cross_entropy" else rng.normal(size=(8, 2))
        rec = net.train_step(X, Y, ours)
        theirs.zero_grad()
        data, penalty = objective(net, params, X, Y, l1, l2)
        (data + penalty).backward()
        assert abs(rec.data_loss - data.item()) < 1e-10, s
        assert abs(rec.penalty - penalty.item()) < 1e-10, s
        assert abs(rec.loss - (data + penalty).item()) < 1e-10, s
        for k, T in enumerate(rec.layers):
            np.testing.assert_allclose(T.dW_total, params[2 * k].grad.numpy(), rtol=0, atol=1e-10)
            np.testing.assert_allclose(T.db, params[2 * k + 1].grad.numpy(), rtol=0, atol=1e-10)
        theirs.step()
        for k, L in enumerate(net.layers):
            np.testing.assert_allclose(L.W, params[2 * k].detach().numpy(), rtol=0, atol=1e-10)
            np.testing.assert_allclose(L.b, params[2 * k + 1].detach().numpy(), rtol=0, atol=1e-10)


def test_l1_subgradient_is_torch_sign():
    W = torch.tensor([[0.0, 1.5], [-0.2, 0.0]], dtype=torch.float64, requires_grad=True)
    (0.3 * W.abs().sum()).backward()
    net = Network([2, 2], "tanh", "linear", "mse", dtype=np.float64, seed=0, l1=0.3)
    net.layers[0].W[...] = W.detach().numpy()
    step = net.train_step(np.zeros((1, 2)), np.zeros((1, 2)), SGD(0.1))
    np.testing.assert_array_equal(step.layers[0].dW_penalty, W.grad.numpy())
