"""Nothing on screen outlives what it describes: error banners, the Play action's text,
the controls while new data loads."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from nnviz.app.settings import Settings
from nnviz.data.mnist import find_mnist
from nnviz.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")


@pytest.fixture
def window(qtbot, tmp_path):
    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    s = Settings(hidden=[4], activations=["tanh"], steps_per_second=0)
    w = MainWindow(settings=s, qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    yield w
    w.close()


def test_a_good_csv_clears_the_error_of_a_bad_one(window, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\0\1\2 not text")
    window.openPath(str(bad))
    assert window.banner.kind == "error" and not window.banner.isHidden()
    good = tmp_path / "good.csv"
    rng = np.random.default_rng(0)
    rows = [f"{x:.3f},{y:.3f},{int(x > y)}" for x, y in rng.normal(size=(40, 2))]
    good.write_text("x,y,label\n" + "\n".join(rows) + "\n")
    window.openPath(str(good))
    assert window.session.settings.dataset == str(good.resolve())
    assert window.banner.isHidden()


def test_play_says_pause_while_the_trainer_runs(window, qtbot):
    play = window.actions["play"]
    bar = window.statusBar()
    bar.showMessage(play.statusTip())  # the pointer rests on Play
    assert bar.currentMessage() == "Start training (Space)"
    window.sessionQt.play()
    qtbot.waitUntil(lambda: window.sessionQt.running, timeout=20000)
    assert play.statusTip() == play.toolTip() == "Pause training (Space)"
    assert bar.currentMessage() == "Pause training (Space)"
    window.sessionQt.pause()
    qtbot.waitUntil(lambda: not window.sessionQt.running, timeout=20000)
    assert play.statusTip() == "Start training (Space)"
    assert bar.currentMessage() == "Start training (Space)"


def test_decision_regions_and_status_bar_show_the_same_accuracy(window, qtbot):
    window.sessionQt.play()
    qtbot.waitUntil(lambda: len(window.session.history.epochs) >= 3, timeout=20000)
    window.sessionQt.pause()
    qtbot.waitUntil(lambda: not window.sessionQt.running, timeout=20000)
    status = window.statusInfo.labels["accuracy"].text()
    header = window.decisionView.accuracy.text()
    assert status.startswith("Acc train ") and " · val " in status
    assert header == "accuracy: " + status.removeprefix("Acc ")
    assert window.decisionView.accuracy.toolTip() == window.statusInfo.labels["accuracy"].toolTip()
    window.sessionQt.reset()
    assert window.decisionView.accuracy.text() == ""


@pytest.mark.skipif(find_mnist() is None, reason="needs the MNIST files")
def test_the_controls_show_the_settings_being_loaded(qtbot, tmp_path):
    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    s = Settings.defaults_for("mnist")
    w = MainWindow(settings=s, qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    try:
        assert w.sessionQt.loading  # MNIST loads on a thread: not there yet
        c = w.controls
        assert c.settings().dataset == "mnist" and c.settings().hidden == s.hidden
        qtbot.waitUntil(lambda: w.session.ready, timeout=60000)
        assert c.settings().dataset == "mnist"
    finally:
        w.close()
