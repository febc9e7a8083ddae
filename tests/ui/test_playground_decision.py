"""The decision map for features and regression, and the CSV feature options."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.analysis.decision import GridEvaluator
from nnviz.app.settings import Settings
from nnviz.engine import Network
from nnviz.ui.controls.playground import FeaturePicker
from nnviz.ui.features.decision import DecisionView
from nnviz.ui.features.decision_modes import value_rgb

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def view(qtbot):
    v = DecisionView(resolution=30, thumb=12)
    qtbot.addWidget(v)
    return v


def test_regression_map_shows_the_predicted_value(view, qtbot):
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, (60, 2))
    y = X[:, 0]  # the target rises to the right
    view.setData(X, y, ["y"], regression=True)
    net = Network([2, 1], output="linear", loss="mse", dtype=np.float64, seed=0)
    net.layers[0].W[...] = [[1.0, 0.0]]
    net.layers[0].b[...] = 0.0
    view.setNetwork(net.config(), net.params())
    view.flush()
    heat = view.heatmapImage()
    left, right = heat[:, :3].astype(int), heat[:, -3:].astype(int)
    assert np.all(right[..., 0] > right[..., 2]) and np.all(left[..., 2] > left[..., 0])
    view.setAccuracy(1.0, 0.98)  # the window passes the last epoch's R² (one definition)
    assert view.accuracy.text() == "R²: train 1.000 · val 0.980"
    assert view.title.text() == "<b>Predicted value</b>"
    view.setDiscretize(True)
    assert len(np.unique(view.heatmapImage().reshape(-1, 3), axis=0)) < len(
        np.unique(heat.reshape(-1, 3), axis=0)
    )


def test_features_are_computed_on_the_plane(view):
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    view.setFeatures(["x1^2", "x2^2"])
    view.setData(X, np.array([0, 1, 0, 1]), ["a", "b"])
    net = Network([2, 2], seed=0)
    view.setNetwork(net.config(), net.params())
    view.flush()
    res = view.result()
    assert res is not None and res.inputs.shape == (30, 30, 2)
    assert np.all(res.inputs >= 0)  # squares
    ev = GridEvaluator(30)
    ev.features = ["x1^2", "x2^2"]
    np.testing.assert_allclose(res.probs, ev.evaluate(net.config(), net.params(), res.bounds).probs)
    assert view.thumbs._titles[0] == "Inputs: x₁², x₂²"


def test_value_colours_are_symmetric():
    V = np.array([[-1.0, 0.0, 1.0]])
    rgb = value_rgb(V, 1.0, (255, 255, 255), True, False).astype(int)
    assert rgb[0, 0, 2] > rgb[0, 0, 0] and rgb[0, 2, 0] > rgb[0, 2, 2]


def test_csv_picker_offers_squares_and_products(qtbot):
    p = FeaturePicker()
    qtbot.addWidget(p)
    p.setFeatures(Settings(dataset="data.csv"), 3)
    assert not p.boxes["x1"].isVisibleTo(p) and p.squares.isVisibleTo(p)
    assert p.features() == []
    with qtbot.waitSignal(p.sigChanged):
        p.squares.setChecked(True)
    assert p.features() == ["x1", "x2", "x3", "x1^2", "x2^2", "x3^2"]
    p.products.setChecked(True)
    assert p.features()[-3:] == ["x1*x2", "x1*x3", "x2*x3"]
    p.setFeatures(Settings(dataset="data.csv", features=p.features()), 9)
    assert p.squares.isChecked() and p.products.isChecked() and p._n_raw == 3
