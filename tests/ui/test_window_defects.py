"""In the real main window: a neuron click shows the Inspector, file dialogs open where
the user last was, Ctrl+Z undoes on the canvas after its Undo button was clicked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from nnviz.app.settings import Settings
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
