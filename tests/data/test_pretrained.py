"""The shipped digit model: small, accurate on MNIST, and right about drawn digits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from drawn_digits import drawn_digit

import nnviz
from nnviz.cli import build_parser, main
from nnviz.data import load_mnist, preprocess, sample_digits
from nnviz.data.pretrained import model_path

MIN_ACCURACY = 0.98


@pytest.fixture(scope="module")
def net() -> nnviz.Network:
    return nnviz.pretrained_digits()


def test_loads_as_a_float32_digit_classifier(net: nnviz.Network) -> None:
    assert net.sizes[0] == 784 and net.sizes[-1] == 10
    assert net.dtype == np.float32
    assert net.layers[-1].activation == "softmax"
    p = net.forward(np.zeros((2, 784), np.float32))
    assert p.shape == (2, 10) and np.allclose(p.sum(1), 1.0, atol=1e-5)


def test_meta_records_how_it_was_trained(net: nnviz.Network) -> None:
    m = net.meta
    assert m["dataset"] == "mnist" and m["kind"] == "image"
    assert m["classes"] == [str(i) for i in range(10)]
    assert m["trained_with"].startswith("nnviz train --data mnist ")
    assert "--augment" in m["trained_with"]
    assert m["test_accuracy"] >= MIN_ACCURACY


def test_file_is_at_most_2_mb() -> None:
    size = Path(model_path()).stat().st_size
    assert size <= 2 * 1024 * 1024, f"{size / 1e6:.2f} MB"


def test_mnist_test_accuracy(net: nnviz.Network, shared: Path) -> None:
    _, _, X, y = load_mnist(shared)
    acc = float(np.mean(net.predict(X) == y))
    assert acc >= MIN_ACCURACY, f"{acc:.2%}"
    assert abs(acc - net.meta["test_accuracy"]) < 1e-3


def test_shipped_sample_digits_offline(net: nnviz.Network) -> None:
    X, y = sample_digits(per_class=5)  # no MNIST folder here: the copy in resources/
    assert np.mean(net.predict(X) == y) >= 0.95


@pytest.mark.parametrize("digit", [0, 1, 7])
@pytest.mark.parametrize("width", [12, 22, 32])
def test_key_drawn_digits(net: nnviz.Network, digit: int, width: int) -> None:
    for tilt in (-8.0, 0.0, 8.0):
        x = preprocess(drawn_digit(digit, width, seed=3, tilt=tilt))
        p = net.forward(x)
        assert int(np.argmax(p)) == digit, f"{digit} (pen {width}, tilt {tilt}) read as {p}"


def test_most_drawn_digits_are_recognised(net: nnviz.Network) -> None:
    """Every digit at several pens, sizes, slants, wobbles, widths and writing styles."""
    rng = np.random.default_rng(0)
    X, y = [], []
    for d in range(10):
        for width in (10, 18, 28):
            for size in (0.45, 0.8):
                for seed in range(2):
                    img = drawn_digit(
                        d,
                        width,
                        seed=seed,
                        tilt=rng.uniform(-12, 12),
                        variant=bool(seed),
                        aspect=rng.uniform(0.75, 1.2),
                        size=size,
                    )
                    X.append(preprocess(img))
                    y.append(d)
    right = net.predict(np.array(X)) == np.array(y)
    per_digit = right.reshape(10, -1).mean(1)
    assert right.mean() >= 0.93, f"{right.mean():.1%}; per digit {np.round(per_digit, 2)}"
    assert per_digit.min() >= 0.6, per_digit


def test_recorded_command_is_a_valid_train_command(net: nnviz.Network) -> None:
    args = build_parser().parse_args(net.meta["trained_with"].split()[1:])
    assert args.command == "train" and args.data == "mnist" and args.augment
    assert args.layers == net.sizes


def test_train_records_its_recipe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "xor.npz"
    argv = ["train", "--data", "xor", "--epochs", "5", "--lr-decay", "0.5", "--quiet"]
    assert main([*argv, "--out", str(out)]) == 0
    meta = nnviz.load_model(out).meta
    assert meta["trained_with"].startswith("nnviz train --data xor --layers 2,8,8,2 ")
    recipe = meta["trained_with"]
    assert "--lr-schedule step --lr-gamma 0.5 --lr-epochs 1" in recipe and "--epochs 5" in recipe
    assert f"{meta['test_accuracy']:.2%}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--augment"], "digit images"), (["--lr-decay", "0"], "--lr-decay must be in (0, 1]")],
)
def test_train_rejects_bad_options(
    extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", "--data", "xor", "--epochs", "1", "--quiet", *extra]) == 2
    assert message in capsys.readouterr().err
