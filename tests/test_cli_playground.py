"""`nnviz train` with input features, regression, L1/L2, test share and shared setups."""

from __future__ import annotations

import re

import pytest

from nnviz import load_model
from nnviz.app.setups.code import Setup, encode, write_setup_file
from nnviz.cli import main


def last_line(capsys) -> str:
    return capsys.readouterr().out.strip().splitlines()[-1]


def accuracy(line: str) -> float:
    return float(re.search(r"test accuracy ([\d.]+)%", line).group(1))


def test_circles_need_no_hidden_layer_with_squares(tmp_path, capsys):
    out = tmp_path / "c.npz"
    args = ["train", "--data", "circles", "--layers", "2,2", "--epochs", "30", "--quiet"]
    assert main([*args, "--features", "x1^2,x2^2", "--out", str(out)]) == 0
    assert accuracy(last_line(capsys)) >= 95.0
    net = load_model(out)
    assert net.meta["features"] == ["x1^2", "x2^2"]
    assert main(["predict", str(out), "0.1,0.1", "1.0,0.0"]) == 0
    inner, outer = capsys.readouterr().out.strip().splitlines()
    assert inner.split(": ")[1][0] == "1" and outer.split(": ")[1][0] == "0"
    assert main(args) == 0  # raw x1, x2: a line cannot split circles
    assert accuracy(last_line(capsys)) < 70.0


def test_plane_regression_prints_mse_and_r2(tmp_path, capsys):
    out = tmp_path / "p.npz"
    args = ["train", "--data", "plane", "--layers", "2,8,1", "--quiet", "--out", str(out)]
    assert main([*args, "--l1", "0.0001", "--l2", "0.001", "--test-fraction", "0.5"]) == 0
    line = last_line(capsys)
    m = re.search(r"test MSE ([\d.e-]+)  test R² ([\d.-]+)  \((\d+) samples\)", line)
    assert m, line
    assert float(m.group(2)) >= 0.95 and m.group(3) == "200"
    net = load_model(out)
    assert (net.l1, net.l2) == (0.0001, 0.001) and net.meta["task"] == "regression"
    assert "--l1 0.0001 --l2 0.001" in net.meta["trained_with"]
    assert main(["predict", str(out), "0.5,0.5"]) == 0
    value = float(capsys.readouterr().out.split(": ")[1])
    assert abs(value - 0.5) < 0.15


def test_setup_code_and_file_train_the_same(tmp_path, capsys):
    s = Setup(features=("x1^2", "x2^2"), hidden=(), activations=(), optimizer="adam", lr=0.01)
    assert main(["train", "--setup", encode(s), "--epochs", "5", "--quiet"]) == 0
    from_code = last_line(capsys)
    path = tmp_path / "lesson.nnviz-setup"
    write_setup_file(path, s)
    assert main(["train", "--setup", str(path), "--epochs", "5", "--quiet"]) == 0
    assert last_line(capsys) == from_code
    assert main(["train", "--setup", "nnviz://setup/" + encode(s), "--epochs", "5", "--quiet"]) == 0
    assert last_line(capsys) == from_code


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--setup", "1.AAAA"], "setup code"),
        (["--setup", encode(Setup()), "--lr", "0.1"], "drop --lr"),
        (["--data", "circles", "--features", "x1^3"], "unknown feature"),
        (["--data", "circles", "--test-fraction", "0.95"], "--test-fraction"),
        (["--data", "plane", "--layers", "2,8,2"], "1 output"),
        (["--data", "circles", "--l1", "-1"], "l1 rate"),
        (["--data", "xor", "--regression"], "CSV"),
    ],
)
def test_errors_are_one_line(args, message, capsys):
    assert main(["train", "--quiet", "--epochs", "1", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_csv_regression_with_features(tmp_path, capsys):
    import numpy as np

    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(300, 2))
    y = 5 + 3 * X[:, 0] * X[:, 1]
    path = tmp_path / "prod.csv"
    rows = "\n".join(f"{a:.5f},{b:.5f},{t:.5f}" for (a, b), t in zip(X, y, strict=True))
    path.write_text("a,b,out\n" + rows + "\n")
    out = tmp_path / "r.npz"
    args = ["train", "--data", str(path), "--regression", "--features", "x1,x2,x1*x2"]
    assert main([*args, "--layers", "3,1", "--epochs", "60", "--quiet", "--out", str(out)]) == 0
    assert float(last_line(capsys).split("test R² ")[1].split()[0]) > 0.99
    assert main(["predict", str(out), "1,1"]) == 0
    assert abs(float(capsys.readouterr().out.split(": ")[1]) - 8.0) < 0.3
