"""The main window: building it, training through it, shortcuts, divergence, closing."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QLineEdit, QWidget

from nnviz.app.settings import Settings
from nnviz.ui.common.selection import Selection
from nnviz.ui.features.inspector import PLACEHOLDER
from nnviz.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")

SMALL = Settings(hidden=[4], activations=["tanh"], steps_per_second=0)


@pytest.fixture
def qsettings(tmp_path):
    return QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)


def open_window(qtbot, qsettings, settings: Settings | None = SMALL, restore=False) -> MainWindow:
    w = MainWindow(settings=settings, qsettings=qsettings, restore=restore)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    return w


@pytest.fixture
def window(qtbot, qsettings):
    w = open_window(qtbot, qsettings)
    yield w
    w.close()
    assert not w.sessionQt.worker.isAlive()


def test_window_builds_with_docks_menus_and_a_network(window):
    assert window.windowTitle().startswith("nnviz")
    assert (window.width(), window.height()) == (1400, 850)
    for name in ("controls", "plots", "decision", "weights"):
        assert isinstance(window.panel(name), QDockWidget)
    assert window.panel("nope") is None
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:5] == ["&File", "&Train", "&View", "E&xport", "&Help"]
    assert window.session.network.sizes == [2, 4, 2]
    assert window.currentNetwork().dtype == np.float64
    x, y = window.nextSample()
    assert x.shape == (1, 2) and y.shape == (1,)
    assert window.makeOptimizer().name == "adam"
    assert window.actions["play"].shortcut().toString() == "Space"
    assert window.actions["open"].shortcut().toString() == "Ctrl+O"
    assert not window.panel("weights").toggleViewAction().isEnabled()  # 2-D data


def test_add_panel_and_shared_selection(window, qtbot):
    dock = window.addPanel(
        "extra", "Extra", QWidget(), Qt.DockWidgetArea.RightDockWidgetArea, "Ctrl+9"
    )
    assert window.panel("extra") is dock and dock.objectName() == "dock_extra"
    assert dock.toggleViewAction() in window.panelsMenu.actions()
    sel = Selection(0, 1)
    with qtbot.waitSignal(window.sigSelection) as got:
        window.setSelection(sel)
    assert got.args == [sel] and window.networkView.selection() == sel
    assert window.inspector.text() != PLACEHOLDER
    with qtbot.waitSignal(window.sigSelection):
        window.networkView.sigSelectionChanged.emit(None)
    assert window.selection() is None


def test_play_pause_step_and_reset(window, qtbot):
    q = window.sessionQt
    with qtbot.waitSignal(q.sigTrainingStateChanged):
        window.actions["play"].trigger()
    qtbot.waitUntil(
        lambda: window.session.step > 50 and len(window.plots.historyArrays()["step"]) > 0,
        timeout=20000,
    )
    assert window.actions["play"].text() == "&Pause"
    window.actions["play"].trigger()
    assert window.actions["play"].text() == "&Pause"  # until the trainer says it paused
    with qtbot.waitSignal(q.sigTrainingStateChanged) as paused:
        pass
    assert paused.args == [False] and not q.running and window.actions["play"].text() == "&Play"
    assert "Step" in window.statusInfo.labels["step"].text()
    # the trainer reports the pause after its last update: one step trains exactly one
    # minibatch and animates it
    before = window.session.step
    with qtbot.waitSignal(q.sigStepRecorded, timeout=10000) as rec:
        window.actions["step"].trigger()
    assert rec.args[0].batch_size == window.session.settings.batch_size
    qtbot.waitUntil(lambda: window.session.step == before + 1)
    W = window.session.network.layers[0].W.copy()
    window.actions["reset"].trigger()
    assert window.session.step == 0 and len(window.session.history) == 0
    assert len(window.plots.historyArrays()["step"]) == 0
    assert not np.array_equal(W, window.session.network.layers[0].W)


def test_changing_the_architecture_rebuilds(window, qtbot):
    window.controls.archEditor.addLayer()
    with qtbot.waitSignal(window.sessionQt.sigNetworkChanged, timeout=5000):
        pass  # debounced
    assert window.session.network.sizes == [2, 4, 4, 2]
    assert window.networkView._state.sizes == [2, 4, 4, 2]
    window.controls.archEditor.removeLayer(0)
    window.controls.archEditor.removeLayer(0)
    window.controls.flush()
    assert window.session.network.sizes == [2, 2]


def test_hyperparameters_do_not_rebuild(window, qtbot):
    net = window.session.network
    window.controls.lrEdit.setValue(0.2)
    window.controls.lrEdit.sigChanged.emit(0.2)
    window.controls.flush()
    assert window.session.settings.lr == 0.2 and window.session.network is net


def test_divergence_shows_a_banner_that_resets_with_a_smaller_rate(qtbot, qsettings):
    s = Settings(hidden=[4], activations=["tanh"], optimizer="sgd", lr=1e3, steps_per_second=0)
    w = open_window(qtbot, qsettings, s)
    try:
        w.sessionQt.play()
        qtbot.waitUntil(lambda: not w.banner.isHidden(), timeout=20000)
        assert "Training diverged" in w.banner.text() and "at step" in w.banner.text()
        assert not w.sessionQt.running
        reset = w.banner.buttons()[0]
        lr = float(reset.text().split("lr = ")[1])
        assert lr <= 10  # a rate tried in the trainer, not a blind 1e3 / 10
        reset.click()
        assert w.session.settings.lr == lr and w.session.step == 0
        assert w.banner.isHidden()
    finally:
        w.close()


def test_worker_process_exits_on_close(qtbot, qsettings):
    w = open_window(qtbot, qsettings)
    w.sessionQt.play()
    qtbot.waitUntil(lambda: w.session.step > 0, timeout=20000)
    pid = w.sessionQt.worker.pid
    w.close()
    assert not w.sessionQt.worker.isAlive()
    assert not os.path.exists(f"/proc/{pid}")  # exited and reaped


def test_settings_and_window_state_round_trip(qtbot, qsettings):
    s = Settings(dataset="circles", hidden=[3, 5], activations=["relu", "sigmoid"], lr=0.07, seed=4)
    w = open_window(qtbot, qsettings, s)
    w.setTheme("dark")
    w.close()
    w2 = open_window(qtbot, qsettings, settings=None, restore=True)
    try:
        got = w2.session.settings
        assert (got.dataset, got.hidden, got.activations, got.lr, got.seed) == (
            "circles", [3, 5], ["relu", "sigmoid"], 0.07, 4,
        )  # fmt: skip
        assert w2.themeMode == "dark"
    finally:
        w2.setTheme("light")
        w2.close()


def test_space_trains_from_the_view_but_not_inside_other_panels(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.networkView.setFocus()
    qtbot.waitUntil(window.networkView.hasFocus)
    qtbot.keyClick(window.networkView, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.sessionQt.running, timeout=20000)
    qtbot.keyClick(window.networkView, Qt.Key.Key_Space)
    assert not window.sessionQt.requested
    qtbot.waitUntil(lambda: not window.sessionQt.running, timeout=20000)
    edit = QLineEdit()
    window.addPanel("typing", "Typing", edit, Qt.DockWidgetArea.RightDockWidgetArea)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_Space)
    qtbot.keyClick(edit, Qt.Key.Key_R)
    assert edit.text() == " r" and not window.sessionQt.requested


def test_save_and_open_a_model_switches_the_data(qtbot, qsettings, tmp_path):
    from nnviz.ui.files import open_save as window_files

    w = open_window(qtbot, qsettings, SMALL.replace(dataset="circles", hidden=[3]))
    try:
        w.sessionQt.stepOnce(5)
        qtbot.waitUntil(lambda: w.session.step == 5, timeout=20000)
        assert w.session.dirty and w.windowTitle().endswith("•")
        path = tmp_path / "circles.npz"
        assert window_files.save_to(w, path)
        assert not w.session.dirty and path.exists()
        W = w.session.network.layers[0].W.copy()
        w.applySettings(w.session.settings.replace(dataset="xor", hidden=[6]))
        assert w.session.network.sizes == [2, 6, 2]
        with qtbot.waitSignal(w.sessionQt.sigNetworkChanged):
            assert w.openPath(str(path))
        assert w.session.settings.dataset == "circles" and w.session.network.sizes == [2, 3, 2]
        assert np.array_equal(w.session.network.layers[0].W, W)
        assert w.controls.datasetCombo.currentData() == "circles"
        assert str(path.resolve()) in window_files.recent_files(w)
        assert not w.openPath(str(tmp_path / "missing.npz"))
        assert "Could not open" in w.banner.text()
    finally:
        w.close()


def test_missing_mnist_offers_choices_and_keeps_toy_data(window, monkeypatch):
    from nnviz.ui.shell import main_window

    asked = []
    monkeypatch.setattr(main_window, "mnist_available", lambda: False)
    monkeypatch.setattr(window.mnistSetup, "ask", lambda: asked.append(1) or "cancel")
    window.controls.chooseDataset("mnist")
    assert asked and window.session.settings.dataset == "spirals"
    assert window.controls.datasetCombo.currentData() == "spirals"
