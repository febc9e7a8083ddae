"""Small real training runs recorded into a RunHistory, shared by the history tests."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnviz import Adam, Network
from nnviz.app.history.runs import RunHistory
from nnviz.engine import Minibatches, Optimizer, Step


def toy_data(n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2)).astype(np.float32)
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    return X, y


def run(
    steps: int,
    history: RunHistory | None = None,
    on_step: Callable[[int, Network, Optimizer], None] | None = None,
    batch: int = 16,
) -> tuple[Network, Optimizer]:
    """Train 2-8-8-2 with Adam for `steps` steps from seed 0, recording every step."""
    X, y = toy_data()
    net, opt = Network([2, 8, 8, 2], seed=0), Adam(lr=0.01)
    batches = Minibatches(X, y, batch, seed=0)
    if history is not None:
        history.record(0, net, opt)
    for step in range(1, steps + 1):
        xb, yb, last = batches.next()
        loss = net.fit_batch(xb, yb, opt)
        if history is not None:
            history.record(step, net, opt, {"loss": loss, "epoch_end": last})
        if on_step is not None:
            on_step(step, net, opt)
    return net, opt


def assert_same_step(a: Step, b: Step) -> None:
    """Bit-for-bit equality of two step records."""
    assert a.loss == b.loss and a.loss_name == b.loss_name
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.Y, b.Y)
    np.testing.assert_array_equal(a.losses_per_sample, b.losses_per_sample)
    for la, lb in zip(a.layers, b.layers, strict=True):
        for name in ("x", "z", "a", "dL_da", "delta", "dW", "db"):
            np.testing.assert_array_equal(getattr(la, name), getattr(lb, name))
    for pa, pb in ((a.params_before, b.params_before), (a.params_after, b.params_after)):
        for (Wa, ba), (Wb, bb) in zip(pa, pb, strict=True):
            np.testing.assert_array_equal(Wa, Wb)
            np.testing.assert_array_equal(ba, bb)
    assert a.optimizer.name == b.optimizer.name and a.optimizer.hyper == b.optimizer.hyper
    for sa, sb in (
        (a.optimizer.state_before, b.optimizer.state_before),
        (a.optimizer.state, b.optimizer.state),
    ):
        for da, db in zip(sa, sb, strict=True):
            assert da.keys() == db.keys()
            for k in da:
                np.testing.assert_array_equal(da[k], db[k])
