"""Weight pictures of the first layer and decision regions of 2-D classifiers."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from nnviz.analysis.decision import GridEvaluator, grid_bounds
from nnviz.engine import Network
from nnviz.ui.common import colors
from nnviz.ui.features.decision import DecisionView
from nnviz.ui.features.weight_grid import GAP, WeightGrid, tile_layout

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def grid(qtbot):
    w = WeightGrid()
    qtbot.addWidget(w)
    w.resize(600, 640)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


@pytest.fixture
def view(qtbot):
    w = DecisionView(resolution=40, thumb=16)
    qtbot.addWidget(w)
    w.resize(900, 500)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def sign_net() -> Network:
    """Class 1 exactly when x1 > 0."""
    net = Network([2, 2], output="softmax", dtype=np.float64)
    net.set_params([(np.array([[-6.0, 0.0], [6.0, 0.0]]), np.zeros(2))])
    return net


def points(n: int = 60, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(seed).uniform(-1.5, 1.5, size=(n, 2))
    return X, (X[:, 0] > 0).astype(np.int64)


@pytest.mark.parametrize("n", [128, 512])
def test_weight_grid_image_shape(grid, n):
    W = np.random.default_rng(0).normal(size=(n, 784)).astype(np.float32)
    grid.setWeights(W)
    rows, cols = grid.gridShape()
    assert rows * cols >= n > (rows - 1) * cols
    img = grid.image_array()
    assert img.shape == (rows * (28 + GAP), cols * (28 + GAP), 3) and img.dtype == np.uint8


def test_weight_tiles_scaled_per_neuron(grid):
    W = np.zeros((3, 784))
    W[0, 0] = 5.0  # top-left pixel of tile 0: its own max -> full orange
    W[1, 29] = -0.001  # tile 1, row 1 col 1: its own max -> full blue
    grid.setWeights(W)
    img, step = grid.image_array(), 28 + GAP
    _, cols = grid.gridShape()
    lut = colors.diverging(light=not grid._dark)
    np.testing.assert_array_equal(img[0, 0], lut[255])
    r, c = divmod(1, cols)
    np.testing.assert_array_equal(img[r * step + 1, c * step + 1], lut[0])
    np.testing.assert_array_equal(img[r * step + 5, c * step + 5], lut[128])  # w = 0


def test_neuron_hit_testing_and_layout():
    assert tile_layout(128, 1.0) == (11, 12)
    assert tile_layout(10, 10.0) == (1, 10)
    g = WeightGrid()
    g.setWeights(np.ones((5, 784)))
    _, cols = g.gridShape()
    step = 28 + GAP
    assert g.neuronAt(3, 3) == 0
    assert g.neuronAt(step * 1 + 3, 3) == (1 if cols > 1 else None)
    assert g.neuronAt(28.5, 3) is None  # in the gap
    assert g.neuronAt(-1, 3) is None
    g.close()
    g.deleteLater()


def test_weight_grid_click_and_hover(grid, qtbot):
    grid.setWeights(np.random.default_rng(1).normal(size=(16, 784)))
    qtbot.waitUntil(lambda: grid.vb.width() > 50)
    step = 28 + GAP
    _, cols = grid.gridShape()
    j = cols + 1  # row 1, column 1
    centre = QPointF(step + 14, step + 14)
    scene_pos = grid.vb.mapViewToScene(centre)
    grid.view.scene().sigMouseMoved.emit(scene_pos)
    assert f"Neuron {j} " in grid.status.text()
    vp = grid.view.mapFromScene(scene_pos)
    with qtbot.waitSignal(grid.sigNeuronClicked) as sig:
        qtbot.mouseClick(grid.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(vp))
    assert sig.args == [j]
    assert grid.selectBox.isVisible()


def test_weight_grid_rejects_non_image_inputs(grid):
    grid.setWeights(np.ones((8, 2)))
    assert grid.image_array() is None and "28×28" in grid.status.text()
    with pytest.raises(ValueError):
        grid.setWeights(np.ones(784))


def test_weight_grid_theme_switch(grid):
    grid.setWeights(np.ones((4, 784)))
    light = grid.image_array().copy()
    grid.setTheme(True)
    assert not np.array_equal(light, grid.image_array())


def test_decision_heatmap_matches_grid_math(view):
    X, y = points()
    view.setData(X, y, ["left", "right"])
    net = sign_net()
    view.setNetwork(net.config(), net.params())
    view.flush()
    res = view.result()
    x0, x1, y0, y1 = grid_bounds(X)  # the regions cover at least the data box
    assert res.bounds[0] <= x0 and res.bounds[1] >= x1
    assert res.bounds[2] <= y0 and res.bounds[3] >= y1
    ref = GridEvaluator(40).evaluate(net.config(), net.params(), res.bounds)
    np.testing.assert_array_equal(res.predicted, ref.predicted)
    np.testing.assert_allclose(res.probs, ref.probs)
    heat = view.heatmapImage().astype(int)
    assert heat.shape == (40, 40, 3)
    assert view.heatmap.mapRectToParent(view.heatmap.boundingRect()).left() == res.bounds[0]
    right, left = heat[:, -5:], heat[:, :5]  # class 1 (blue) right of x1 = 0, class 0 left
    assert np.all(right[..., 2] > right[..., 0]) and np.all(left[..., 0] > left[..., 2])
    assert "train 100.0%" in view.accuracy.text()
    assert view.thumbnailCount() == 2  # the inputs x1, x2


def test_thumbnails_one_per_hidden_unit(view, qtbot):
    X, y = points()
    view.setData(X, y)
    net = Network([2, 5, 3, 2], activation=["relu", "tanh"], seed=0)
    view.setNetwork(net.config(), net.params())
    qtbot.waitUntil(lambda: view.result() is not None)
    assert view.thumbnailCount() == 10  # 2 inputs, then 5 + 3 hidden units
    assert [len(imgs) for imgs in view.thumbs._images] == [2, 5, 3]
    assert view.thumbs._images[1][0].width() == 16
    small = GridEvaluator(16).evaluate(net.config(), net.params(), grid_bounds(X))
    assert view._thumbResult.hidden[0].shape == small.hidden[0].shape == (16, 16, 5)
    np.testing.assert_allclose(view._thumbResult.hidden[1], small.hidden[1])
    k_j = view.thumbs.unitAt(view.thumbs._rects[8][0].center())
    assert k_j == (2, 1)
    with qtbot.waitSignal(view.sigNeuronClicked) as sig:
        qtbot.mouseClick(
            view.thumbs, Qt.MouseButton.LeftButton, pos=view.thumbs._rects[8][0].center()
        )
    assert sig.args == [1, 1]  # hidden layer 1, unit 1
    with qtbot.waitSignal(view.sigNeuronClicked) as sig:
        qtbot.mouseClick(
            view.thumbs, Qt.MouseButton.LeftButton, pos=view.thumbs._rects[1][0].center()
        )
    assert sig.args == [-1, 1]  # input x2


def test_set_network_is_throttled(view, qtbot, monkeypatch):
    X, y = points()
    view.setData(X, y)
    calls = []
    real = view.evaluator.evaluate
    monkeypatch.setattr(view.evaluator, "evaluate", lambda *a: calls.append(1) or real(*a))
    net = Network([2, 4, 2], seed=0)
    for s in range(20):
        net.layers[0].b[:] = s * 0.01
        view.setNetwork(net.config(), net.params())
    qtbot.waitUntil(lambda: len(calls) >= 1)
    assert len(calls) == 1
    np.testing.assert_allclose(view.evaluator._net.layers[0].b, 0.19, rtol=1e-6)


def test_multiclass_test_points_and_hover(view):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(90, 2))
    y = np.repeat([0, 1, 2], 30)
    view.setData(X, y)
    view.setTestPoints(X[:9], y[:9])
    net = Network([2, 6, 3], seed=2)
    view.setNetwork(net.config(), net.params())
    view.flush()
    assert view.result().probs.shape == (40, 40, 3)
    assert "test" in view.accuracy.text()
    assert view.testItem.isVisible() and len(view.testItem.data) == 9
    vb = view.plot.getPlotItem().vb
    view.plot.scene().sigMouseMoved.emit(vb.mapViewToScene(QPointF(0.0, 0.0)))
    assert "predicts class" in view.status.text()
    view.setTestPoints(None, None)
    assert not view.testItem.isVisible()
    view.setTheme(True)
    assert view.heatmapImage() is not None


def test_non_2d_network_shows_message(view):
    net = Network([784, 8, 10])
    view.setNetwork(net.config(), net.params())
    view.flush()
    assert view.result() is None and "2-D" in view.status.text()
    assert view.thumbnailCount() == 0


def test_regions_follow_the_view(view, qtbot):
    X, y = points()
    view.setData(X, y)
    net = sign_net()
    view.setNetwork(net.config(), net.params())
    view.flush()
    vb = view.plot.getPlotItem().vb
    vb.setRange(xRange=(5, 9), yRange=(5, 9), padding=0)
    qtbot.waitUntil(lambda: view.result().bounds[0] > 4)
    assert np.all(view.result().predicted == 1)  # everything right of x1 = 0 is class 1


def test_non_finite_values_are_drawn_neutral(grid, view):
    W = np.ones((4, 784))
    W[0, :3] = [np.nan, np.inf, -np.inf]
    grid.setWeights(W)
    assert grid.image_array() is not None
    X, y = points()
    view.setData(X, y, ["only one name"])
    assert len(view._scatter) == 2  # a generated name for the class without one
    net = Network([2, 3, 2], seed=0)
    params = net.params()
    params[0][0][0, 0] = np.nan
    view.setNetwork(net.config(), params)
    view.flush()
    assert view.heatmapImage() is not None


def test_mismatched_params_show_a_message(view):
    X, y = points()
    view.setData(X, y)
    view.setNetwork(Network([2, 3, 2]).config(), Network([2, 4, 2]).params())
    view.flush()
    assert "Cannot draw" in view.status.text()
