"""Regression sets, CSV regression, the train/test share and the metrics."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.data import DataFileError, load_csv_regression, make_dataset
from nnviz.data import dataset as datasets
from nnviz.engine import regression_metrics


@pytest.mark.parametrize("name", ["plane", "multigauss"])
def test_regression_sets(name):
    X, y = make_dataset(name, n=300, seed=2)
    assert X.shape == (300, 2) and y.shape == (300,) and y.dtype == np.float64
    assert -1.0 <= y.min() < 0.0 < y.max() <= 1.0
    X2, y2 = make_dataset(name, n=300, seed=2)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)


def test_plane_target_without_noise():
    X, y = make_dataset("plane", n=50, noise=0.0, seed=0)
    np.testing.assert_allclose(y, (X[:, 0] + X[:, 1]) / 2)


def test_regression_dataset_targets_round_trip():
    ds = datasets.load("plane", seed=0)
    assert ds.regression and ds.n_classes == 1 and ds.meta()["task"] == "regression"
    back = datasets.unscale_targets(ds.meta(), ds.y_train[:, None])[:, 0]
    raw = ds.y_scaler.inverse_transform(ds.y_train[:, None])[:, 0]
    np.testing.assert_allclose(back, raw)
    assert abs(ds.y_train.mean()) < 1e-12


@pytest.mark.parametrize(("share", "n_train"), [(0.1, 40), (0.5, 200), (0.8, 320), (0.9, 360)])
def test_train_share_sets_split_sizes(share, n_train):
    ds = datasets.load("circles", n=400, train_fraction=share)
    assert (len(ds.X_train), len(ds.X_test)) == (n_train, 400 - n_train)


@pytest.mark.parametrize("share", [0.05, 0.95, 1.0, float("nan")])
def test_train_share_out_of_range(share):
    with pytest.raises(ValueError, match="training share"):
        datasets.load("xor", train_fraction=share)


def test_csv_regression(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = 3 * X[:, 0] - X[:, 1] + 10
    rows = "\n".join(f"{a:.6f},{b:.6f},{t:.6f}" for (a, b), t in zip(X, y, strict=True))
    path = tmp_path / "house.csv"
    path.write_text("size,age,price\n" + rows + "\n")
    Xr, yr, target = load_csv_regression(path)
    assert target == "price" and Xr.shape == (60, 2)
    np.testing.assert_allclose(yr, y, atol=1e-5)
    ds = datasets.load(str(path), regression=True, squares=True, train_fraction=0.5)
    assert ds.regression and ds.class_names == ["price"]
    assert ds.features == ["x1", "x2", "x1^2", "x2^2"] and ds.n_features == 4
    assert len(ds.X_train) == 30


def test_csv_regression_rejects_text_target(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("1,2,3\n4,5,cat\n")
    with pytest.raises(DataFileError, match=r"line 2.*not a number"):
        load_csv_regression(path)


def test_regression_metrics():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    assert regression_metrics(y, y) == (0.0, 1.0)
    mse, r2 = regression_metrics(y, y + 1.0)
    assert mse == 1.0 and r2 == pytest.approx(1 - 4 / 5)
    mse, r2 = regression_metrics(y[:, None], np.full((4, 1), 2.5))
    assert r2 == pytest.approx(0.0)
