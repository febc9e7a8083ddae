"""The trainer process applies the learning-rate schedule at every epoch end."""

from __future__ import annotations

import pytest

from nnviz.app import trainer
from nnviz.app.protocol import Configure, SetHyper, StepN, Update
from nnviz.app.settings import MNIST_DEFAULTS, Settings


def run_steps(t: trainer.Trainer, n: int) -> None:
    t.handle(StepN(n))
    while t.pending_steps:
        t.work(budget=1.0)


def make(step: int = 0, **kw) -> tuple[trainer.Trainer, list]:
    out: list = []
    t = trainer.Trainer(out.append)
    s = Settings(hidden=[4], activations=["tanh"], lr=0.1, batch_size=16, **kw)
    t.handle(Configure(1, s, None, step))
    return t, out


def test_step_schedule_per_epoch() -> None:
    t, out = make(lr_schedule="step", lr_gamma=0.5, lr_epochs=1)
    per_epoch = t.batches.steps_per_epoch
    assert t.opt.lr == pytest.approx(0.1)
    run_steps(t, per_epoch - 1)
    assert t.opt.lr == pytest.approx(0.1)
    run_steps(t, 1)
    assert t.batches.epoch == 1 and t.opt.lr == pytest.approx(0.05)
    run_steps(t, 2 * per_epoch)
    assert t.opt.lr == pytest.approx(0.0125)
    t.flush(force=True)
    assert [m for m in out if isinstance(m, Update)][-1].lr == pytest.approx(0.0125)


def test_changing_the_schedule_applies_at_once() -> None:
    t, _ = make()
    run_steps(t, 2 * t.batches.steps_per_epoch)
    assert t.opt.lr == pytest.approx(0.1)  # constant
    t.handle(SetHyper(t.settings.replace(lr_schedule="cosine", lr_epochs=4, lr_min=0.0)))
    assert t.opt.lr == pytest.approx(0.05)  # cosine at epoch 2 of 4: halfway
    t.handle(SetHyper(t.settings.replace(lr=0.2)))
    assert t.opt.lr == pytest.approx(0.1)


def test_a_resumed_network_keeps_its_epoch_count() -> None:
    t, _ = make(lr_schedule="step", lr_gamma=0.5, lr_epochs=1)
    t2, _ = make(step=3 * t.batches.steps_per_epoch, lr_schedule="step", lr_gamma=0.5,
                 lr_epochs=1)  # fmt: skip
    assert t2.opt.lr == pytest.approx(0.1 * 0.5**3)


def test_mnist_defaults_are_one_definition() -> None:
    s = Settings.defaults_for("mnist", seed=4)
    for name, value in MNIST_DEFAULTS.items():
        assert getattr(s, name) == value
    assert s.seed == 4 and s.steps_per_second == 0
    assert s.schedule().lr_at(0) == s.lr
    s.hidden.append(3)  # a copy: the shared definition does not change
    assert Settings.defaults_for("mnist").hidden == MNIST_DEFAULTS["hidden"]


def test_schedule_settings_are_repaired() -> None:
    s = Settings.from_dict({"lr_schedule": "magic", "lr_gamma": 7, "lr_epochs": 0, "lr_min": 9})
    assert (s.lr_schedule, s.lr_gamma, s.lr_epochs, s.lr_min) == ("constant", 1.0, 1, s.lr)
    assert Settings.from_dict(s.to_dict()) == s
