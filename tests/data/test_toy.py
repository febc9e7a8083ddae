"""Toy 2-D data sets: shapes, balance, reproducibility."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.data import TOY_DATASETS, make_dataset
from nnviz.data.toy import circles, gaussians, spirals, xor

CASES = [
    ("xor", {}, 2),
    ("circles", {}, 2),
    ("spirals", {}, 2),
    ("spirals", {"classes": 3}, 3),
    ("gaussians", {}, 2),
    ("gaussians", {"k": 5}, 5),
]


@pytest.mark.parametrize("name, kw, k", CASES)
@pytest.mark.parametrize("n", [10, 201])
def test_shape_dtype_balance(name, kw, k, n):
    X, y = make_dataset(name, n=n, noise=0.1, seed=3, **kw)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    counts = np.bincount(y, minlength=k)
    assert len(counts) == k and counts.max() - counts.min() <= 1
    assert np.isfinite(X).all() and np.abs(X).max() < 3


@pytest.mark.parametrize("name", TOY_DATASETS)
def test_seed_reproducible(name):
    X1, y1 = make_dataset(name, n=50, seed=7)
    X2, y2 = make_dataset(name, n=50, seed=7)
    X3, _ = make_dataset(name, n=50, seed=8)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_geometry_without_noise():
    X, y = xor(n=100, noise=0.0)
    assert np.array_equal(X[:, 0] * X[:, 1] < 0, y == 1)
    X, y = circles(n=100, noise=0.0, factor=0.4)
    assert np.allclose(np.hypot(*X.T), np.where(y == 0, 1.0, 0.4))
    X, y = spirals(n=90, noise=0.0, classes=3)
    assert np.hypot(*X.T).max() <= 1.0
    X, y = gaussians(n=400, noise=0.0, k=4, spread=0.05)
    centres = np.array([X[y == c].mean(axis=0) for c in range(4)])
    assert np.allclose(centres, [[1, 0], [0, 1], [-1, 0], [0, -1]], atol=0.03)


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown data set 'moons'"):
        make_dataset("moons")
    with pytest.raises(ValueError, match="2 or 3"):
        spirals(classes=4)
    with pytest.raises(ValueError, match="k >= 2"):
        gaussians(k=1)
    with pytest.raises(ValueError, match="noise"):
        xor(noise=-1)
    with pytest.raises(ValueError, match="at least 3 points"):
        spirals(n=2, classes=3)
