"""`nnviz train`: the app's defaults (one definition), the schedule flags, --seconds."""

from __future__ import annotations

from pathlib import Path

import pytest

import nnviz
from nnviz.app.settings import MNIST_DEFAULTS, Settings
from nnviz.cli import build_parser, main
from nnviz.cli.train import schedule_of
from nnviz.data.mnist import find_mnist

needs_mnist = pytest.mark.skipif(find_mnist() is None, reason="needs the MNIST files")


def args(*extra: str):
    return build_parser().parse_args(["train", *extra])


def test_schedule_defaults_come_from_the_settings():
    s = Settings.defaults_for("mnist")
    _, sched = schedule_of(args(), s, s.lr)
    assert sched == s.schedule()
    assert (sched.kind, sched.gamma, sched.step) == ("step", MNIST_DEFAULTS["lr_gamma"], 1)


def test_schedule_flags_override_and_lr_decay_is_a_step_schedule():
    s = Settings.defaults_for("spirals")
    _, cos = schedule_of(args("--lr-schedule", "cosine", "--lr-epochs", "5"), s, 0.1)
    assert (cos.kind, cos.epochs, cos.lr) == ("cosine", 5, 0.1)
    assert cos.lr_at(5) == pytest.approx(0.0)
    _, step = schedule_of(args("--lr-decay", "0.5"), s, 0.1)
    assert (step.kind, step.gamma, step.step) == ("step", 0.5, 1)
    assert step.lr_at(2) == pytest.approx(0.025)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--lr-schedule", "step", "--lr-gamma", "1.5"], "decay factor"),
        (["--lr-decay", "0.5", "--lr-schedule", "cosine"], "--lr-decay"),
        (["--lr-min", "5", "--lr-schedule", "cosine"], "lr_min"),
        (["--seconds", "-1"], "--seconds"),
    ],
)
def test_bad_schedule_or_seconds_is_one_line(extra, message, capsys):
    assert main(["train", "--data", "xor", "--epochs", "1", "--quiet", *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_spirals_with_the_app_defaults_learns(tmp_path: Path, capsys):
    out = tmp_path / "s.npz"
    assert main(["train", "--data", "spirals", "--quiet", "--out", str(out)]) == 0
    net = nnviz.load_model(out)
    d = Settings.defaults_for("spirals")
    assert net.sizes == [2, *d.hidden, 2] and list(net.activations[:-1]) == d.activations
    assert net.meta["test_accuracy"] > 0.95


def test_seconds_stops_after_that_much_training(tmp_path: Path, capsys):
    out = tmp_path / "x.npz"
    assert main(["train", "--data", "xor", "--seconds", "0.3", "--quiet", "--out", str(out)]) == 0
    meta = nnviz.load_model(out).meta
    assert meta["trained_seconds"] >= 0.3 and meta["trained_steps"] > 0
    assert "--seconds 0.3" in meta["trained_with"]
    assert "trained " in capsys.readouterr().out


@needs_mnist
def test_mnist_trains_with_exactly_the_app_defaults(tmp_path: Path, capsys):
    out = tmp_path / "m.npz"
    assert main(["train", "--data", "mnist", "--seconds", "1", "--quiet", "--out", str(out)]) == 0
    net = nnviz.load_model(out)
    d = Settings.defaults_for("mnist")
    assert net.sizes == [784, *d.hidden, 10] and list(net.activations[:-1]) == d.activations
    recipe = net.meta["trained_with"]
    sched = d.schedule()
    want = f"--lr {d.lr:g} --lr-schedule step --lr-gamma {sched.gamma:g} --lr-epochs 1"
    assert f"--optimizer {d.optimizer}" in recipe and want in recipe
    assert f"--batch-size {d.batch_size}" in recipe
    assert net.meta["trained_seconds"] >= 1.0
