"""The `nnviz` command line, run as a user would (subprocess) or in-process."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from nnviz.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nnviz", *args], capture_output=True, text=True, timeout=120
    )


def test_train_spirals_learns_and_predict_uses_the_model(tmp_path, capsys):
    out = tmp_path / "spirals.npz"
    assert main(["train", "--data", "spirals", "--quiet", "--out", str(out)]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    acc = float(line.split("test accuracy ")[1].split("%")[0])
    assert acc > 95.0, line
    assert main(["predict", str(out), "0.5,-0.3"]) == 0
    assert "p=" in capsys.readouterr().out


def test_predict_bad_model_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"\x00garbage")
    r = run("predict", str(bad), "x.png")
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "nnviz: error:" in r.stderr
    assert "Traceback" not in r.stderr


def test_predict_pickled_npz_says_it_is_not_a_model_and_never_suggests_unsafe_loading(
    tmp_path, capsys
):
    bad = tmp_path / "objects.npz"
    np.savez(bad, header=np.array([{"a": 1}], dtype=object))
    assert main(["predict", str(bad), "0.5,0.5"]) == 2
    err = capsys.readouterr().err
    assert "not an nnviz model file" in err
    assert "allow_pickle" not in err and "unsafe" not in err


def test_predict_image_with_a_digit_model(tmp_path, capsys):
    from PIL import Image

    from nnviz import Network

    net = Network([784, 10], activation=[], seed=0)
    net.save(tmp_path / "d.npz")
    img = np.zeros((56, 56), np.uint8)
    img[10:46, 26:30] = 255
    Image.fromarray(img).save(tmp_path / "one.png")
    assert main(["predict", str(tmp_path / "d.npz"), str(tmp_path / "one.png")]) == 0
    assert "one.png:" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["train", "--data", "nope"],
        ["train", "--data", "xor", "--layers", "3,4,2"],
        ["train", "--data", "xor", "--lr", "-1"],
        ["predict", "missing.npz", "1,2"],
    ],
)
def test_user_errors_exit_2_with_one_line(args, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("nnviz: error:") and err.count("\n") == 1


def test_gradcheck_command(capsys):
    assert main(["gradcheck"]) == 0
    assert "OK" in capsys.readouterr().out


def test_version():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("nnviz ")
