"""Workspaces: Train, Draw and Step, switched by tab and by key, each with its own layout."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from nnviz.app.settings import Settings
from nnviz.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")

SMALL = Settings(hidden=[4], activations=["tanh"], steps_per_second=0)
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def qsettings(tmp_path):
    return QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)


def open_window(qtbot, qsettings, restore=False) -> MainWindow:
    w = MainWindow(settings=SMALL, qsettings=qsettings, restore=restore)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    w.networkView.setFocus()
    qtbot.waitUntil(w.networkView.hasFocus)
    return w


@pytest.fixture
def window(qtbot, qsettings):
    w = open_window(qtbot, qsettings)
    yield w
    w.close()


def shown(w: MainWindow, name: str) -> bool:
    return not w.panel(name).isHidden()


def test_keys_switch_and_never_hide(window, qtbot):
    w = window
    assert w.currentWorkspace() == "train"
    for key, mod, name in [
        (Qt.Key.Key_2, CTRL, "draw"),
        (Qt.Key.Key_3, CTRL, "step"),
        (Qt.Key.Key_1, CTRL, "train"),
        (Qt.Key.Key_D, CTRL, "draw"),
        (Qt.Key.Key_D, CTRL, "draw"),  # a second press keeps it
        (Qt.Key.Key_B, CTRL | SHIFT, "step"),
        (Qt.Key.Key_B, CTRL | SHIFT, "step"),
    ]:
        qtbot.keyClick(w.networkView, key, mod)
        assert w.currentWorkspace() == name
        assert w.workspaces.bar.currentIndex() == ("train", "draw", "step").index(name)
        if name != "train":
            assert shown(w, name)


def test_tabs_switch_and_each_workspace_keeps_its_layout(window):
    w = window
    bar = w.workspaces.bar
    assert [bar.tabText(k) for k in range(bar.count())] == ["Train", "Draw", "Step"]
    assert shown(w, "plots") and shown(w, "controls")
    w.panel("controls").hide()  # the user's own Train layout
    bar.setCurrentIndex(1)
    assert w.currentWorkspace() == "draw" and shown(w, "draw")
    assert not shown(w, "step") and not shown(w, "plots")  # Draw's default layout
    bar.setCurrentIndex(2)
    assert w.currentWorkspace() == "step" and shown(w, "step") and not shown(w, "draw")
    w.showWorkspace("train")
    assert not shown(w, "controls") and shown(w, "plots")  # as it was left
    assert not shown(w, "weights")  # 2-D data: never the weight pictures
    with pytest.raises(ValueError, match="no workspace"):
        w.showWorkspace("nope")


def test_reset_layout_resets_only_the_current_workspace(window):
    w = window
    w.panel("controls").hide()
    w.showWorkspace("draw")
    assert not shown(w, "controls")  # Draw's default: room for the canvas
    w.panel("controls").show()
    reset = next(a for a in w.viewMenu.actions() if a.text() == "&Reset layout")
    w.showWorkspace("train")
    reset.trigger()
    assert shown(w, "controls")  # Train's default again
    w.showWorkspace("draw")
    assert shown(w, "controls")  # Draw kept its own change


def test_training_goes_on_while_switching(window, qtbot):
    w = window
    w.sessionQt.play()
    qtbot.waitUntil(lambda: w.sessionQt.running and w.session.step > 0, timeout=20000)
    for name in ("draw", "step", "train", "step"):
        before = w.session.step
        w.showWorkspace(name)
        qtbot.waitUntil(lambda before=before: w.session.step > before, timeout=20000)
        assert w.sessionQt.running


def test_workspace_and_layouts_are_remembered(qtbot, qsettings):
    w = open_window(qtbot, qsettings)
    w.showWorkspace("draw")
    w.panel("controls").show()
    w.showWorkspace("step")
    w.close()
    w2 = open_window(qtbot, qsettings, restore=True)
    try:
        assert w2.currentWorkspace() == "step" and shown(w2, "step")
        w2.showWorkspace("draw")
        assert shown(w2, "draw") and shown(w2, "controls")
    finally:
        w2.setTheme("light")
        w2.close()


def test_a_restored_step_workspace_keeps_its_room(qtbot, qsettings):
    w = open_window(qtbot, qsettings)
    w.showWorkspace("step")
    assert not shown(w, "decision")
    w.close()
    w2 = open_window(qtbot, qsettings, restore=True)  # the data's picture comes back
    try:
        qtbot.waitUntil(lambda: w2.session.ready)
        qtbot.wait(100)
        assert w2.currentWorkspace() == "step" and shown(w2, "step")
        assert not shown(w2, "decision")
        w2.showWorkspace("train")
        assert shown(w2, "decision")
    finally:
        w2.close()


def test_rapid_switches_leave_a_window_that_repaints(window, qtbot):
    from events import EventCount
    from PySide6.QtCore import QEvent

    paints = EventCount(window.networkView, QEvent.Type.Paint)
    for name in ("draw", "step", "train", "step", "draw", "train"):  # faster than a turn
        window.showWorkspace(name)
    for _ in range(3):
        paints.n = 0
        window.networkView.update()
        qtbot.waitUntil(lambda: paints.n > 0, timeout=1000)
        qtbot.wait(50)
