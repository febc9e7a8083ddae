"""Model files: round trip, atomic saves, one-line errors for bad files."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

import nnviz
from nnviz import Network, load_model
from nnviz.engine.io import ModelFileError


def test_round_trip(tmp_path):
    net = Network([4, 6, 3], activation="tanh", dtype=np.float64, seed=1)
    net.meta = {"dataset": "spirals", "standardizer": {"mean": [0.0] * 4, "std": [1.0] * 4}}
    path = tmp_path / "m.npz"
    net.save(path)
    again = nnviz.load_model(path)
    assert again.config() == net.config()
    np.testing.assert_array_equal(again.theta, net.theta)
    assert again.meta == net.meta
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]  # no temp file left


def test_save_replaces_atomically(tmp_path, monkeypatch):
    path = tmp_path / "m.npz"
    Network([2, 2]).save(path)
    before = path.read_bytes()

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(np, "savez", boom)
    with pytest.raises(RuntimeError):
        Network([2, 3]).save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]


def test_save_into_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ModelFileError, match="cannot write"):
        Network([2, 2]).save(tmp_path / "nope" / "m.npz")


def _write(path, header, **arrays):
    np.savez(path, header=np.array(json.dumps(header)), **arrays)


GOOD = {
    "format": "nnviz-model",
    "version": 1,
    "sizes": [2, 3],
    "activation": [],
    "output": "softmax",
    "loss": "cross_entropy",
    "dtype": "float32",
}


@pytest.mark.parametrize(
    ("setup", "msg"),
    [
        (lambda p: None, "no such model file"),
        (lambda p: p.write_bytes(b"hello"), "not an nnviz model file"),
        (lambda p: p.write_bytes(b""), "not an nnviz model file"),
        (lambda p: np.savez(p, W0=np.zeros((3, 2))), "without an nnviz header"),
        (lambda p: _write(p, {"format": "other"}), "not an nnviz model"),
        (lambda p: _write(p, {**GOOD, "version": 99}), "newer than"),
        (lambda p: _write(p, GOOD, W0=np.zeros((3, 2))), "lacks b0"),
        (lambda p: _write(p, GOOD, W0=np.zeros((2, 3)), b0=np.zeros(3)), "does not fit"),
        (lambda p: _write(p, GOOD, W0=np.full((3, 2), np.nan), b0=np.zeros(3)), "NaN"),
        (lambda p: _write(p, {**GOOD, "sizes": [2, 10**9]}), "implausible"),
        (lambda p: _write(p, {**GOOD, "output": "swish"}), "does not fit"),
    ],
)
def test_bad_files_raise_one_line_errors(tmp_path, setup, msg):
    path = tmp_path / "bad.npz"
    setup(path)
    with pytest.raises(ModelFileError, match=msg) as e:
        load_model(path)
    assert "\n" not in str(e.value)


def test_truncated_file(tmp_path):
    path = tmp_path / "m.npz"
    Network([20, 30, 5]).save(path)
    data = path.read_bytes()
    for cut in (10, len(data) // 2):
        path.write_bytes(data[:cut])
        with pytest.raises(ModelFileError):
            load_model(path)


def test_file_cut_after_the_model_still_loads(tmp_path):
    """Members after the model's own (e.g. a history) may be lost; the model is not."""
    path = tmp_path / "m.npz"
    net = Network([20, 30, 5])
    net.save(path, extra={"history/x": np.arange(50_000.0)})
    data = path.read_bytes()
    for cut in (len(data) - 5, len(data) // 2):
        path.write_bytes(data[:cut])
        np.testing.assert_array_equal(load_model(path).theta, net.theta)


def test_extra_arrays_may_not_shadow_the_model(tmp_path):
    with pytest.raises(ValueError, match="taken"):
        Network([2, 2]).save(tmp_path / "m.npz", extra={"W0": np.zeros(1)})


def test_pickled_arrays_are_refused(tmp_path):
    path = tmp_path / "m.npz"
    with zipfile.ZipFile(path, "w") as z, z.open("header.npy", "w") as f:
        np.lib.format.write_array(f, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ModelFileError, match="not an nnviz model file") as e:
        load_model(path)
    assert "allow_pickle" not in str(e.value) and "unsafe" not in str(e.value)
