"""The loss-landscape view: surfaces for two weights and random directions, the current
point, the projected path, following training, and computing off the GUI thread."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QTimer

from nnviz import SGD, Network
from nnviz.data import make_dataset
from nnviz.ui.landscape.job import SliceSpec, slice_window
from nnviz.ui.landscape.view import OWN, LandscapeView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

X_XOR = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
Y_XOR = np.array([[0], [1], [1], [0]], dtype=np.float64)
WAIT_MS = 30_000


def xor_net() -> Network:
    return Network([2, 2, 1], activation="sigmoid", output="sigmoid", loss="mse",
                   dtype=np.float64, seed=1)  # fmt: skip


@pytest.fixture
def view(qtbot):
    v = LandscapeView()
    qtbot.addWidget(v)
    v.resize(700, 560)
    v.show()
    qtbot.waitExposed(v)
    yield v
    v.close()


def computed(qtbot, v: LandscapeView, trigger=None):
    """Run `trigger` (or a recompute) and wait for the new surface."""
    with qtbot.waitSignal(v.sigSurfaceChanged, timeout=WAIT_MS) as blocker:
        (trigger or v.recompute)()
    return blocker.args[0]


def value_at_current_point(res) -> float:
    i, j = np.flatnonzero(res.alphas == 0.0), np.flatnonzero(res.betas == 0.0)
    assert i.size == 1 and j.size == 1, "(0, 0) is a grid point"
    return float(res.S[i[0], j[0]])


def test_two_weights_draw_a_surface_through_the_current_point(qtbot, view):
    net = xor_net()
    view.setNetwork(net)
    view.setData(X_XOR, Y_XOR)
    res = computed(qtbot, view, lambda: view.setWeights((0, 0, 0), (1, 0, 1)))
    assert res.spec.mode == "weights" and res.labels == ("W1[0, 0]", "W2[0, 1]")
    img = view.plot.image.image
    assert img.shape == (41, 41) and np.isfinite(img).all()
    assert np.isfinite(res.S).all()
    assert value_at_current_point(res) == pytest.approx(net.loss(X_XOR, Y_XOR), rel=1e-12)
    assert res.loss0 == pytest.approx(net.loss(X_XOR, Y_XOR), rel=1e-12)
    # the axes show the weights' own values; the current point sits at them
    assert res.origin == (net.layers[0].W[0, 0], net.layers[1].W[0, 1])
    px, py = view.plot.point.getData()
    assert (px[0], py[0]) == res.origin
    assert len(view.plot.contours.xData) > 10  # contour lines
    assert "all 4 training samples" in view.info.text()
    vb = view.plot.plot.vb  # hovering the current point reads its loss
    text = view.plot.readoutAt(vb.mapViewToScene(QPointF(*res.origin)))
    assert text.startswith("W1[0, 0] = ") and text.endswith(f"loss {res.loss0:.5g}")


def test_training_path_is_projected_and_ends_at_the_current_point(qtbot, view):
    net = xor_net()
    view.setNetwork(net)
    view.setData(X_XOR, Y_XOR)
    view.setWeights((0, 0, 0), (0, 0, 1))
    opt, thetas = SGD(lr=2.0), []
    for step in range(1, 31):
        net.fit_batch(X_XOR, Y_XOR, opt)
        view.appendParams(net.params(), step)
        thetas.append(net.theta.copy())
    res = computed(qtbot, view)  # around the latest θ
    np.testing.assert_array_equal(res.theta0, thetas[-1])
    c = view.trackCoords(OWN)
    assert c.shape == (30, 2)
    np.testing.assert_allclose(c[-1], 0.0, atol=1e-12)
    # in a two-weights slice a path's coordinates are those weights' changes
    W = np.array([t[:2] for t in thetas])  # W1[0, 0], W1[0, 1] are θ's first entries
    np.testing.assert_allclose(c, W - W[-1], atol=1e-12)
    x, y = view.plot.tracks[OWN][1].getData()
    assert len(x) == 30
    np.testing.assert_allclose([x[-1], y[-1]], res.origin)
    assert all(res.contains(p, inner=1.0) for p in c)


def test_random_directions_on_spirals(qtbot, view):
    X, y = make_dataset("spirals", n=200, seed=0)
    net = Network([2, 8, 8, 2], activation="tanh", seed=0)  # float32, as the app trains
    view.setNetwork(net)
    view.setData(X, y)
    view.setGridPoints(21)
    res = computed(qtbot, view, lambda: view.setMode("random", seed=5))
    assert res.spec == SliceSpec("random", res.spec.weights, 5, 21, 1.0)
    assert res.S.shape == (21, 21) and np.isfinite(res.S).all()
    assert value_at_current_point(res) == pytest.approx(net.loss(X, y), rel=1e-5)
    assert view.plot.image.image.shape == (21, 21)
    assert res.origin == (0.0, 0.0)
    assert np.hypot(*res.arrow) > 0  # -g projected: a real direction
    assert not view.controls.weight1.isVisible() and view.controls.seedBox.isVisible()


def test_large_data_uses_a_fixed_subsample_stated_on_screen(qtbot):
    v = LandscapeView(max_samples=100)
    qtbot.addWidget(v)
    X, y = make_dataset("spirals", n=400, seed=0)
    v.setData(X, y)
    assert v._X.shape == (100, 2)
    first = v._X.copy()
    v.setData(X, y)
    np.testing.assert_array_equal(v._X, first)
    assert "fixed subsample of 100 of the 400" in v.info.text()


def test_same_weight_twice_is_a_clear_message(qtbot, view):
    view.setNetwork(xor_net())
    view.setData(X_XOR, Y_XOR)
    view.setWeights((0, 1, 1), (0, 1, 1))
    view.recompute()
    assert view.result() is None and not view.isComputing()
    assert view.plot.message.isVisible()
    assert "two different weights" in view.plot.message.textItem.toPlainText()


def test_picking_weights_from_clicks(view):
    view.setNetwork(xor_net())
    view.pickWeight((0, 1, 0))
    view.pickWeight((1, 0, 1))
    assert view.controls.weights() == ((0, 1, 0), (1, 0, 1))
    assert view.controls.mode() == "weights"
    view.pickWeight((0, 0, None))  # a bias
    assert view.controls.weights() == ((1, 0, 1), (0, 0, None))
    assert view.controls.weight2.currentText() == "b1[0]"


def test_follows_training_when_theta_leaves_the_window(qtbot, view):
    net = xor_net()
    view.setNetwork(net)
    view.setData(X_XOR, Y_XOR)
    first = computed(qtbot, view, lambda: view.setWeights((0, 0, 0), (0, 0, 1)))
    net.layers[0].W[0, 0] += 5.0  # far outside the ±1 window
    second = computed(qtbot, view, lambda: view.appendParams(net.theta, 1))
    assert second.generation > first.generation
    np.testing.assert_array_equal(second.theta0, net.theta)
    assert second.origin[0] == pytest.approx(first.origin[0] + 5.0)


def test_computing_does_not_block_the_event_loop(qtbot, view):
    rng = np.random.default_rng(0)
    X = rng.random((3000, 784), dtype=np.float32)  # MNIST-sized inputs
    y = rng.integers(0, 10, 3000)
    v = LandscapeView(max_samples=300)
    qtbot.addWidget(v)
    v.show()
    v.setNetwork(Network([784, 128, 64, 10], activation="relu", seed=0))
    v.setData(X, y)
    ticks: list[tuple[float, bool]] = []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append((time.perf_counter(), v.isComputing())))
    timer.start()
    res = computed(qtbot, v)
    timer.stop()
    busy = [t for t, computing in ticks if computing]
    assert len(busy) >= 3, "the GUI's timer kept firing during the computation"
    gaps = np.diff([t for t, _ in ticks])
    print(f"max gap {gaps.max() * 1000:.0f} ms over {len(ticks)} ticks, {res.seconds:.2f} s")
    assert np.isfinite(res.S).all()
    assert "fixed subsample of 300 of the 3,000" in v.info.text()
    v.close()


def test_cancel_and_close_stop_the_worker(qtbot, view):
    view.max_samples = 300
    rng = np.random.default_rng(1)
    view.setNetwork(Network([784, 128, 64, 10], activation="relu", seed=0))
    view.setData(rng.random((300, 784), dtype=np.float32), rng.integers(0, 10, 300))
    view.setGridPoints(61)
    view.recompute()
    task = view.runner.task()
    assert view.isComputing() and task.isRunning()
    view.cancel()
    assert not view.isComputing() and not view.progress.isVisible()
    assert task.wait(30.0)
    qtbot.wait(50)
    assert view.result() is None  # the cancelled result was dropped
    view.recompute()
    task = view.runner.task()
    view.close()
    assert not task.isRunning()


def test_window_is_square_and_holds_the_current_point():
    a, b = slice_window(np.array([[2.0, -0.5], [1.0, 0.1]]), 41, 1.0)
    assert len(a) == len(b) == 41
    assert a[-1] - a[0] == pytest.approx(b[-1] - b[0])
    assert 0.0 in a and 0.0 in b
    assert a[0] < 1.0 and a[-1] > 2.0 and b[0] < -0.5


def test_step_profile_marks_the_sgd_step_on_the_curve(qtbot):
    from nnviz import Adam
    from nnviz.teach.tiny_nets import textbook
    from nnviz.ui.landscape.profile import StepProfileView

    net, samples, lr = textbook()
    x, y = (np.array([v]) for v in samples[0])
    v = StepProfileView()
    qtbot.addWidget(v)
    step = net.copy().train_step(x, y, SGD(lr=lr))
    p = v.setStep(step, net)
    assert p.loss0 == pytest.approx(step.loss, rel=1e-12)
    t, L = v.curve.getData()
    assert len(t) == 61 and np.isfinite(L).all()
    slope = (L[1:] - L[:-1]) / (t[1:] - t[:-1])
    k = int(np.argmin(np.abs(t)))  # the slope at 0 is -‖g‖ (finite differences)
    assert slope[k] == pytest.approx(-p.grad_norm, rel=0.05)
    assert p.step_t == pytest.approx(lr * p.grad_norm)  # an SGD step: lr‖g‖ along -g
    sx, sy = v.landed.getData()
    assert sx[0] == pytest.approx(p.step_t) and sy[0] == pytest.approx(p.step_loss)
    assert v.stepLine.isVisible() and v.stepLine.value() == pytest.approx(p.step_t)
    assert "exactly on the line" in v.caption.text()
    adam_net, opt = net.copy(), Adam(lr=0.1)
    adam_net.train_step(x, y, opt)
    p = v.setStep(adam_net.train_step(x, y, opt), net)  # Adam turns the step away from -g
    assert p.step_off > 0 and "turned" in v.caption.text()
    v.clear()
    assert v.curve.getData()[0] is None or len(v.curve.getData()[0]) == 0


def test_step_profile_of_a_larger_network_is_computed_off_the_gui_thread(qtbot):
    from nnviz.ui.landscape.profile import StepProfileView

    rng = np.random.default_rng(0)
    net = Network([784, 128, 64, 10], activation="relu", seed=0)
    X, y = rng.random((32, 784), dtype=np.float32), rng.integers(0, 10, 32)
    step = net.copy().train_step(X, y, SGD(lr=0.1))
    v = StepProfileView()
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.sigProfile, timeout=30_000) as blocker:
        assert v.setStep(step, net) is None  # returns at once
    p = blocker.args[0]
    assert p.loss0 == pytest.approx(step.loss, rel=1e-5)
    assert p.step_t == pytest.approx(0.1 * p.grad_norm, rel=1e-4)
    assert len(v.curve.getData()[0]) == 61
    v.shutdown()


def test_paths_wait_while_hidden_and_catch_up_when_shown(qtbot, view):
    net = xor_net()
    view.setNetwork(net)
    view.setData(X_XOR, Y_XOR)
    view.setWeights((0, 0, 0), (0, 0, 1))
    computed(qtbot, view)
    view.hide()
    opt = SGD(lr=2.0)
    for step in range(1, 11):
        net.fit_batch(X_XOR, Y_XOR, opt)
        view.appendParams(net.params(), step)
    qtbot.waitUntil(lambda: view._pathsDue)  # the throttled refresh found the view hidden
    assert OWN not in view.plot.tracks
    view.show()
    qtbot.waitUntil(lambda: OWN in view.plot.tracks and not view._pathsDue)
    assert len(view.plot.tracks[OWN][1].getData()[0]) == 10
