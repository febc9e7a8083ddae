"""The Evaluation panel: it fills after training, a cell fills the gallery, a sample
lights the network and steps, the export, and the evaluation never blocks the window."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from real_window import open_window

from nnviz.analysis.evaluate import confusion_matrix
from nnviz.app.settings import Settings
from nnviz.app.stepper import step_on_sample
from nnviz.data.dataset import load
from nnviz.engine import Network
from nnviz.ui.evaluation.link import export_matrix
from nnviz.ui.evaluation.panel import EvaluationPanel
from nnviz.ui.shell.data_setup import mnist_available

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")

SMALL = Settings(hidden=[6], activations=["tanh"], steps_per_second=0)


@pytest.fixture
def window(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path, SMALL, size=None)
    qtbot.waitUntil(lambda: w.session.ready, timeout=10_000)
    yield w
    w.close()


def evaluated(qtbot, panel: EvaluationPanel) -> None:
    qtbot.waitUntil(lambda: panel.evaluation is not None and not panel.busy, timeout=20_000)


def test_panel_fills_after_an_epoch_and_a_cell_fills_the_gallery(window, qtbot):
    panel = window.evaluationPanel
    assert panel is not None and window.panel("evaluation") is not None
    window.docks.bringForward("evaluation")
    window.sessionQt.stepOnce(40)  # several epochs of 320 points in batches of 16
    qtbot.waitUntil(lambda: len(window.session.history.epochs) > 0, timeout=20_000)
    window.sessionQt.sigTrainingStateChanged.emit(False)
    evaluated(qtbot, panel)
    ev = panel.evaluation
    ds = window.session.dataset
    assert ev.n == len(ds.X_test)
    np.testing.assert_array_equal(ev.matrix, confusion_matrix(ds.y_test, ev.y_pred, 2))
    assert panel.table.rowCount() == 2 and panel.table.item(0, 0).text() == ds.class_names[0]
    assert "%" in panel.summary.text()

    t, p = np.unravel_index(np.argmax(ev.matrix), ev.matrix.shape)
    center = panel.matrix.cellCenter(int(t), int(p))
    with qtbot.waitSignal(panel.matrix.sigCellClicked) as got:
        qtbot.mouseClick(panel.matrix, Qt.MouseButton.LeftButton, pos=center.toPoint())
    assert got.args == [int(t), int(p)]
    k = int(ev.matrix[t, p])
    assert panel.gallery.count() == min(k, 300)
    conf = ev.confidence[panel.gallery.indices]
    assert np.all(np.diff(conf) <= 0)  # most confident first
    assert panel.link.rings.data.size == k  # the points ringed on the decision regions

    curves = panel.link.classCurves  # per-class curves, shown on demand
    qtbot.waitUntil(lambda: len(curves.epochs) > 0, timeout=10_000)
    e, loss, acc = curves.arrays()
    assert loss.shape == acc.shape == (len(e), 2) and curves.names == ds.class_names
    curves.check.setChecked(True)
    assert curves.glw.isVisibleTo(window.plots)
    assert len(curves.accCurves[0].getData()[0]) == len(e)


def test_sample_lights_the_network_and_steps_on_demand(window, qtbot):
    panel = window.evaluationPanel
    net = Network([2, 6, 2], activation="tanh", seed=3)
    panel.evaluate(net)
    evaluated(qtbot, panel)
    ev = panel.evaluation
    t, p = map(int, np.argwhere(ev.matrix > 0)[0])
    panel.showCell(t, p)
    shown = []
    window.networkView.showForward = lambda x, a, z: shown.append((x, a, z))
    panel.gallery.click(0)
    i = int(panel.gallery.indices[0])
    assert panel.sample == i and len(shown) == 1
    np.testing.assert_allclose(shown[0][0], window.session.dataset.X_test[i])
    np.testing.assert_allclose(panel.sampleView.bars.p, ev.probs[i], rtol=1e-6)
    assert panel.sampleView.stepButton.isEnabled()

    panel.sampleView.stepButton.click()
    assert window.currentWorkspace() == "step"
    rec = panel.link.lastStep
    ds = window.session.dataset
    want = step_on_sample(net, ds.X_test, ds.y_test, i, window.makeOptimizer())
    np.testing.assert_allclose(rec.step.loss, want.step.loss)
    np.testing.assert_allclose(rec.net.theta, want.net.theta)
    assert window.stepPanel.step is rec.step


def test_export_csv_and_png(window, qtbot, tmp_path):
    panel = window.evaluationPanel
    panel.evaluate(window.session.network)
    evaluated(qtbot, panel)
    export_matrix(panel, tmp_path / "m.csv")
    lines = (tmp_path / "m.csv").read_text().splitlines()
    assert len(lines) == 3 and lines[0].startswith("true")
    export_matrix(panel, tmp_path / "m.png")
    assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".")]


@pytest.mark.skipif(not mnist_available(), reason="needs the MNIST files")
def test_mnist_evaluation_runs_off_the_gui_thread(qtbot):
    ds = load("mnist")
    panel = EvaluationPanel()
    qtbot.addWidget(panel)
    panel.setData(ds)
    net = Network([784, 128, 64, 10], activation="relu", dtype=np.float32, seed=0)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    qtbot.wait(50)
    assert panel.evaluate(net)
    assert panel.busy  # returned at once; the work is on a thread
    evaluated(qtbot, panel)
    timer.stop()
    assert panel.evaluation.n == 10_000
    assert len(ticks) > 3  # the event loop kept turning while it ran
    print(f"largest gap between 10 ms ticks: {1000 * np.diff(ticks).max():.1f} ms")
    panel.showCell(4, 9)
    if panel.gallery.count():
        panel.gallery.click(0)
        assert panel.sampleView.digit.isVisibleTo(panel.sampleView)


def test_spam_mistakes_show_subject_and_snippet(qtbot):
    from nnviz.data import load_spam_messages

    ds = load("spam")
    _, test = load_spam_messages()
    panel = EvaluationPanel()
    qtbot.addWidget(panel)
    panel.setData(ds)
    panel.evaluate(Network([ds.n_features, 4, 2], activation="relu", seed=0))
    evaluated(qtbot, panel)
    ev = panel.evaluation
    assert ev.classes == ("ham", "spam") and ev.n == len(test)
    t, p = map(int, np.argwhere(ev.matrix > 0)[0])
    panel.showCell(t, p)
    i = int(panel.gallery.indices[0])
    assert test[i].subject in panel.gallery.item(0).text()
    panel.gallery.click(0)
    assert test[i].subject in panel.sampleView.caption.text()


def test_csv_rows_are_listed_with_their_values(qtbot, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = (X[:, 0] > 0).astype(int)
    path = tmp_path / "d.csv"
    rows = "".join(f"{r[0]},{r[1]},{r[2]},{c}\n" for r, c in zip(X, y, strict=True))
    path.write_text("a,b,c,label\n" + rows)
    ds = load(str(path))
    panel = EvaluationPanel()
    qtbot.addWidget(panel)
    panel.setData(ds)
    panel.evaluate(Network([ds.n_features, 3, ds.n_classes], seed=0))
    evaluated(qtbot, panel)
    t, p = map(int, np.argwhere(panel.evaluation.matrix > 0)[0])
    panel.showCell(t, p)
    assert "=" in panel.gallery.item(0).text()  # feature = value, ...
