"""Input features: values, labels, checks, and their trip through model files."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz import Network, load_model
from nnviz.data import dataset as datasets
from nnviz.data.features import (
    PLANE_FEATURES,
    FeatureError,
    csv_features,
    expand,
    label,
    parse_features,
)


def test_expansion_values():
    X = np.array([[1.0, 2.0], [-0.5, 3.0]])
    F = expand(X, PLANE_FEATURES)
    want = np.array(
        [
            [1.0, 2.0, 1.0, 4.0, 2.0, np.sin(1.0), np.sin(2.0)],
            [-0.5, 3.0, 0.25, 9.0, -1.5, np.sin(-0.5), np.sin(3.0)],
        ]
    )
    np.testing.assert_array_equal(F, want)
    np.testing.assert_array_equal(expand(X, ["x2^2", "x1"]), [[4.0, 1.0], [9.0, -0.5]])


def test_labels_are_formulas():
    assert [label(f) for f in PLANE_FEATURES] == [
        "x₁", "x₂", "x₁²", "x₂²", "x₁·x₂", "sin(x₁)", "sin(x₂)"
    ]  # fmt: skip
    assert label("x3*x12") == "x₃·x₁₂"


def test_csv_features():
    assert csv_features(3) == ["x1", "x2", "x3"]
    assert csv_features(3, squares=True, products=True) == [
        "x1", "x2", "x3", "x1^2", "x2^2", "x3^2", "x1*x2", "x1*x3", "x2*x3"
    ]  # fmt: skip
    X = np.arange(6.0).reshape(2, 3)
    F = expand(X, csv_features(3, products=True))
    np.testing.assert_array_equal(F[:, 3:], [[0.0, 0.0, 2.0], [12.0, 15.0, 20.0]])


@pytest.mark.parametrize(
    "bad", ["x3", "x0", "x2*x1", "cos(x1)", "x1^3", "x1,x1", "", "x1 ^2", "x" + "9" * 40]
)
def test_bad_names_are_one_line_errors(bad):
    with pytest.raises(FeatureError) as e:
        parse_features(bad, 2)
    assert "\n" not in str(e.value)


def test_dataset_features_and_model_file(tmp_path):
    ds = datasets.load("circles", seed=1, features="x1^2,x2^2")
    assert ds.n_features == 2 and ds.features == ["x1^2", "x2^2"]
    X_raw = ds.extra["X_raw"][:5]
    prepared = datasets.prepare_inputs(ds.meta(), X_raw)
    np.testing.assert_allclose(prepared, ds.scaler.transform(X_raw) ** 2)
    net = Network([2, 2], "tanh", seed=0)
    net.meta = ds.meta()
    net.save(tmp_path / "m.npz")
    back = load_model(tmp_path / "m.npz")
    assert back.meta["features"] == ["x1^2", "x2^2"]
    np.testing.assert_array_equal(
        back.forward(datasets.prepare_inputs(back.meta, X_raw)), net.forward(prepared)
    )


def test_raw_features_are_not_stored():
    ds = datasets.load("xor", features=["x1", "x2"])
    assert ds.features is None and "features" not in ds.meta()
