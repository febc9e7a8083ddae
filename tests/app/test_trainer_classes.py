"""Per-class validation metrics after epochs: sent by the trainer, kept by the session."""

from __future__ import annotations

import numpy as np

from nnviz.analysis.evaluate import evaluate_network
from nnviz.app import trainer
from nnviz.app.protocol import Configure, Start, Update
from nnviz.app.session import Session, load_dataset
from nnviz.app.settings import Settings
from nnviz.engine import Network
from nnviz.engine.train import class_means, class_metrics


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        self.t += 1e-4
        return self.t


def test_class_means_and_metrics_match_an_independent_count():
    t = np.array([0, 0, 1, 2, 2, 2])
    v = np.array([1.0, 3.0, 5.0, 0.0, 1.0, 2.0])
    np.testing.assert_allclose(class_means(t, v, 4), [2.0, 5.0, 1.0, np.nan])
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(200, 3)), rng.integers(0, 3, 200)
    net = Network([3, 5, 3], seed=1)
    loss, acc = class_metrics(net, X, y)
    ev = evaluate_network(net, X, y)
    np.testing.assert_allclose(loss, ev.class_loss)
    np.testing.assert_allclose(acc, ev.recall)


def test_trainer_sends_per_class_rows_with_its_epochs_and_the_session_keeps_them():
    out: list = []
    t = trainer.Trainer(out.append, Clock())
    s = Settings(dataset="spirals3", hidden=[6], activations=["tanh"], steps_per_second=0)
    t.handle(Configure(1, s))
    t.handle(Start())
    for _ in range(40):
        t.work(budget=0.01)
    ups = [m for m in out if isinstance(m, Update)]
    rows = [r for m in ups for r in m.classes]
    epochs = [e for m in ups for e in m.epochs]
    assert rows and len(rows) == len(epochs)
    epoch, step, loss, acc = rows[-1]
    assert (epoch, step) == epochs[-1][:2] and loss.shape == acc.shape == (3,)
    want_loss, want_acc = class_metrics(t.net, t.X_val, t.y_val)
    if step == t.step:
        np.testing.assert_allclose(loss, want_loss, rtol=1e-5)
        np.testing.assert_allclose(acc, want_acc)
    session = Session(s)
    session.set_dataset(load_dataset(s))
    session.generation = 1
    changed = set()
    for m in ups:
        changed |= session.apply(m)
    assert "classes" in changed and len(session.class_epochs) == len(rows)
    session.reset()
    assert session.class_epochs == []
