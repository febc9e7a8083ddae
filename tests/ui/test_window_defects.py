"""In the real main window: a neuron click shows the Inspector, file dialogs open where
the user last was, Ctrl+Z undoes on the canvas after its Undo button was clicked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from nnviz.app.settings import Settings
from nnviz.ui.common import file_dialogs
from nnviz.ui.files import open_save as window_files
from nnviz.ui.shell.main_window import MainWindow
from tests.ui.test_draw_pad import draw, vertical

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")


@pytest.fixture
def window(qtbot, tmp_path):
    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    s = Settings(hidden=[4], activations=["tanh"], steps_per_second=0)
    w = MainWindow(settings=s, qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


@pytest.mark.parametrize("workspace", ["train", "draw", "step"])
def test_clicking_a_neuron_brings_the_inspector_forward(window, qtbot, workspace):
    window.showWorkspace(workspace)
    qtbot.wait(100)
    view = window.networkView
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.nodeCenter(1, 0).toPoint())
    assert window.selection() is not None and window.selection().layer == 1
    dock = window.panel("inspector")
    assert dock.isVisible()
    for other in window.tabifiedDockWidgets(dock):  # in front of its tab group
        assert other.visibleRegion().isEmpty() or not other.isVisible()
    assert not dock.visibleRegion().isEmpty()


def test_file_dialogs_open_in_the_last_folder_used(window, tmp_path, monkeypatch):
    asked: list[str] = []

    def fake_save(parent, title, start, filter_):
        asked.append(start)
        return str(tmp_path / "elsewhere" / Path(start).name), filter_

    (tmp_path / "elsewhere").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    file_dialogs.remember("")  # nothing used yet: Documents, else home
    window.qsettings.remove(file_dialogs.KEY)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    first = docs if docs and Path(docs).is_dir() else str(Path.home())
    window.stepPanel.setStep(*step_and_net(window))
    window.stepPanel.exportDialog("csv")
    assert Path(asked[0]).parent == Path(first)  # not the app's own folder
    assert (tmp_path / "elsewhere" / "step.csv").is_file()
    window.stepPanel.exportDialog("md")  # then where the last file went
    assert Path(asked[1]).parent == tmp_path / "elsewhere"
    assert window_files.save_as(window)
    assert (tmp_path / "elsewhere" / asked[2].split("/")[-1]).is_file()
    assert Path(asked[2]).parent == tmp_path / "elsewhere"  # Save model: the same helper
    assert window.qsettings.value(file_dialogs.KEY) == str(tmp_path / "elsewhere")


def step_and_net(window):
    net = window.currentNetwork()
    x, y = window.nextSample()
    return net.copy().train_step(x, y, window.makeOptimizer()), net


def test_ctrl_z_undoes_on_the_canvas_after_its_undo_button(window, qtbot):
    window.showWorkspace("draw")
    qtbot.wait(100)
    window.activateWindow()
    panel = window.drawPanel
    canvas = panel.canvas
    for x in (60, 120, 180):
        draw(canvas, vertical(x))
    n = len(canvas._img.undo_stack)
    qtbot.mouseClick(panel.undoButton, Qt.MouseButton.LeftButton)
    assert len(canvas._img.undo_stack) == n - 1
    target = QApplication.focusWidget() or canvas
    assert target is canvas
    qtbot.keyClick(target, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(canvas._img.undo_stack) == n - 2
