"""The shipped digit model loader."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import nnviz
from nnviz.data.pretrained import model_path, pretrained_digits
from nnviz.engine import ModelFileError, Network


def test_model_path_points_into_resources() -> None:
    p = model_path()
    assert p.parts[-3:] == ("resources", "models", "digits.npz")


def test_loads_a_fresh_copy_each_time(tmp_path: Path) -> None:
    path = tmp_path / "digits.npz"
    Network([784, 8, 10], seed=1).save(path)
    a, b = pretrained_digits(path), pretrained_digits(path)
    assert a.sizes == [784, 8, 10] and a.dtype == np.float32
    a.layers[0].W[...] = 0.0
    assert b.layers[0].W.any()
    assert nnviz.pretrained_digits(path).layers[0].W.any()


def test_missing_or_wrong_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="missing"):
        pretrained_digits(tmp_path / "nope.npz")
    Network([2, 3, 2]).save(tmp_path / "toy.npz")
    with pytest.raises(ModelFileError, match="784"):
        pretrained_digits(tmp_path / "toy.npz")
