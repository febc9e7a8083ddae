"""Sample digits and resources; the data layer stays free of Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnviz.data import resource_path, sample_digits


def test_shipped_file_is_small_and_valid():
    path = resource_path("samples", "digits.npz")
    assert path.is_file() and path.stat().st_size < 20_000
    with np.load(path) as f:
        images, labels = f["images"], f["labels"]
    assert images.shape == (50, 28, 28) and images.dtype == np.uint8
    assert np.array_equal(np.bincount(labels), [5] * 10)


def test_from_mnist_matches_shipped(shared, monkeypatch):
    X, y = sample_digits()  # no local MNIST (isolated): the shipped file
    assert X.shape == (30, 784) and X.dtype == np.float32 and y.dtype == np.int64
    assert np.array_equal(y, np.repeat(np.arange(10), 3))
    assert X.min() >= 0.0 and X.max() <= 1.0
    monkeypatch.setenv("NNVIZ_DATA_DIR", str(shared))
    X2, y2 = sample_digits()
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    X8, y8 = sample_digits(per_class=8)
    assert X8.shape == (80, 784) and np.array_equal(np.bincount(y8), [8] * 10)


def test_fallback_caps_per_class_and_never_downloads(tmp_path):
    X, y = sample_digits(per_class=8, data_dir=tmp_path)
    assert X.shape == (50, 784) and np.array_equal(np.bincount(y), [5] * 10)
    with pytest.raises(ValueError):
        sample_digits(per_class=0)


def test_no_qt_imported():
    code = (
        "import sys, nnviz.data; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))]; "
        "assert not bad, bad"
    )
    subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2]
    )
