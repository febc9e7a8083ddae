"""The three workspaces in the real window: room at 1280x720 and 1920x1080, the Draw
workspace's one network, text size, presentation and slow motion."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QDockWidget,
    QTextBrowser,
    QWidget,
)

from nnviz.app.settings import Settings
from nnviz.engine import SGD, Network
from nnviz.teach.pace import DEFAULT_SECONDS, Pace
from nnviz.ui.draw.reader import duration_text
from nnviz.ui.shell.main_window import MainWindow
from nnviz.ui.viewing.presentation import PRIMARY

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")

SMALL = Settings(hidden=[4], activations=["tanh"], steps_per_second=0)


@pytest.fixture
def qsettings(tmp_path):
    return QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def full_hd_screen(monkeypatch):
    """The offscreen screen is 800x800; the window fits itself to a 1920x1080 one."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 1920, 1080))


def open_window(qtbot, qsettings, size=(1400, 850), settings=SMALL) -> MainWindow:
    w = MainWindow(settings=settings, qsettings=qsettings, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.width() == size[0] and w.height() == size[1])
    w.activateWindow()
    w.networkView.setFocus()
    qtbot.waitUntil(w.networkView.hasFocus)
    return w


@pytest.fixture
def window(qtbot, qsettings):
    w = open_window(qtbot, qsettings)
    yield w
    w.textSize.normal()  # the application font is shared by every test
    w.close()


def visible(w: MainWindow, name: str) -> bool:
    return w.panel(name).isVisible()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_step_workspace_has_room_to_read(qtbot, qsettings, size):
    w = open_window(qtbot, qsettings, size)
    w.showWorkspace("step")
    text = w.findChild(QTextBrowser, "stepExplanation")
    assert text is not None and text.isVisible()
    fm = text.fontMetrics()
    # the workspace grows the step dock once the layout is in place
    qtbot.waitUntil(lambda: text.viewport().height() >= 12 * fm.lineSpacing(), timeout=8000)
    qtbot.wait(50)
    assert text.viewport().width() >= 60 * max(fm.averageCharWidth(), fm.horizontalAdvance("x"))
    assert text.viewport().height() >= 12 * fm.lineSpacing()
    controls = w.stepPanel.controls
    parent = controls.parentWidget()
    while parent is not None:  # no scroll bar shows around the step toolbar
        if isinstance(parent, QAbstractScrollArea):
            assert not parent.horizontalScrollBar().isVisible()
            assert not parent.verticalScrollBar().isVisible()
        parent = parent.parentWidget()
    assert controls.rect().contains(controls.timeline.geometry())
    w.close()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_train_and_draw_workspaces_at_common_sizes(qtbot, qsettings, size):
    w = open_window(qtbot, qsettings, size)
    assert visible(w, "controls") and visible(w, "plots") and w.networkView.isVisible()
    assert w.networkView.height() >= 200 and w.networkView.width() >= 320
    w.showWorkspace("draw")
    qtbot.wait(150)
    canvas = w.findChild(QWidget, "drawCanvas")
    assert visible(w, "draw") and canvas is not None and canvas.isVisible()
    assert w.networkView.isVisible() and w.networkView.width() >= 320
    assert not visible(w, "controls") and not visible(w, "plots")
    w.close()


def test_draw_workspace_shows_the_network_reading_the_drawing(window, qtbot):
    w = window
    assert w.networkView.shownNetwork() is w.session.network  # Train: the training network
    w.showWorkspace("draw")
    reader = w.drawPanel.readingNetwork()
    assert w.networkView.shownNetwork() is reader
    assert w.drawReader.bar.isVisible()
    assert w.drawReader.readerName().startswith("pretrained digits (")
    assert "not digits" in w.drawReader.note.text()  # spirals: says why
    assert w.drawReader.readerName() in w.drawReader.panelLabel.text()
    # training messages do not replace what the Draw workspace shows
    w.wiring.networkChanged()
    w.wiring.paramsChanged()
    assert w.networkView.shownNetwork() is reader
    # "Learn this" changes the reader's weights: the centre follows
    w.drawPanel.canvas.setInk(np.pad(np.ones((120, 20), np.float32), 60))
    w.drawPanel.refresh()
    w.drawPanel.learn()
    W = w.networkView._state.params[0][0]
    np.testing.assert_array_equal(W, reader.params()[0][0])
    w.showWorkspace("train")
    assert w.networkView.shownNetwork() is w.session.network
    assert not w.drawReader.bar.isVisible()


def test_draw_workspace_can_read_with_your_network(window, qtbot, monkeypatch):
    w = window
    digits = Network([784, 16, 10], seed=1, dtype=np.float64)
    monkeypatch.setattr(w.session, "network", digits)  # as if MNIST were loaded
    w.wiring.showSessionNetwork = lambda: w.networkView.setNetwork(digits, (28, 28))
    w.wiring.viewFollowsSession = False  # the 2-D data's views keep their network
    w.drawReader.sessionChanged()
    w.showWorkspace("draw")
    w.drawReader.combo.setCurrentIndex(1)
    w.drawReader.choose(1)
    reader = w.drawPanel.readingNetwork()
    assert reader is not digits and reader.sizes == [784, 16, 10]  # a copy
    assert w.networkView.shownNetwork() is reader
    assert w.drawReader.readerName().startswith("your network (")
    w.drawReader.choose(0)
    assert w.drawReader.readerName().startswith("pretrained digits")
    assert w.networkView.shownNetwork() is w.drawPanel.readingNetwork()


def test_duration_text():
    assert duration_text(40) == "40 s"
    assert duration_text(185) == "3 min"
    assert duration_text(3900) == "1 h 5 min"


def test_text_size_scales_every_panel_and_is_remembered(qtbot, qsettings):
    w = open_window(qtbot, qsettings)
    before = {n: w.panel(n).widget().font().pointSizeF() for n in w.docks.names()}
    own = w.drawPanel.messageLabel.font().pointSizeF()  # a label with a font of its own
    qtbot.keyClick(w.networkView, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w.networkView, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    f = w.textSize.scale()
    assert f == pytest.approx(1.3)
    qtbot.wait(10)  # the application font reaches the widgets by events
    for name, pt in before.items():
        assert w.panel(name).widget().font().pointSizeF() == pytest.approx(pt * f), name
    assert w.drawPanel.messageLabel.font().pointSizeF() == pytest.approx(own * f)
    assert w.networkView.textScale() == pytest.approx(f)
    w.close()
    w2 = open_window(qtbot, qsettings)  # remembered
    assert w2.textSize.scale() == pytest.approx(1.3)
    assert w2.networkView.textScale() == pytest.approx(1.3)
    qtbot.keyClick(w2.networkView, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert w2.textSize.scale() == 1.0
    qtbot.wait(10)
    assert QApplication.font().pointSizeF() == pytest.approx(before["controls"])
    assert w2.drawPanel.messageLabel.font().pointSizeF() == pytest.approx(own)
    w2.close()


@pytest.mark.parametrize("name", ["train", "draw", "step"])
def test_presentation_hides_secondary_panels_and_restores_them(window, qtbot, name):
    w = window
    w.showWorkspace(name)
    qtbot.wait(100)
    shown = {n for n in w.docks.names() if visible(w, n)}
    w.presentation.action.trigger()
    now = {n for n in w.docks.names() if visible(w, n)}
    assert now == shown & set(PRIMARY[name]) and now
    w.presentation.action.trigger()
    assert {n for n in w.docks.names() if visible(w, n)} == shown
    w.presentation.action.trigger()
    w.showWorkspace("train" if name != "train" else "step")  # leaving ends presentation
    assert not w.presentation.action.isChecked()
    w.showWorkspace(name)
    assert {n for n in w.docks.names() if visible(w, n)} == shown


def test_single_step_plays_in_slow_motion_and_play_stays_fast(window, qsettings):
    w = window
    view = w.networkView
    assert w.slowMotion.pace == Pace(DEFAULT_SECONDS)
    assert DEFAULT_SECONDS >= 0.5
    w.commands.stepOnce()
    L = len(w.session.network.sizes) - 1
    assert view.pace() == w.slowMotion.pace
    assert view.phaseDurations() == [DEFAULT_SECONDS] * (2 * L + 2)
    assert view.animationDuration() == pytest.approx((2 * L + 2) * DEFAULT_SECONDS)
    w.slowMotion.setPace(Pace(2.0))
    assert qsettings.value("view/slowMotion") == pytest.approx(2.0)
    w.commands.stepOnce()
    assert view.phaseDurations() == [2.0] * (2 * L + 2)
    w.commands.togglePlay()  # Play: the normal pace
    assert view.pace() is None
    assert sum(view.phaseDurations()) == pytest.approx(view.animationDuration())
    assert max(view.phaseDurations()) < 0.5
    w.commands.togglePlay()


def test_one_phase_per_keypress(window):
    w = window
    view = w.networkView
    act = next(a for a in w.slowMotion.group.actions() if a.data() == "manual")
    act.trigger()
    assert w.slowMotion.pace.manual
    net = Network([2, 3, 2], seed=0, dtype=np.float64)
    step = net.train_step(np.array([[0.5, -0.5]]), [1], SGD(lr=0.1))
    w.slowMotion.singleStep()
    view.showStep(step)
    seen = [view.currentSegment()]
    while w.slowMotion.advance():
        seen.append(view.currentSegment())
    assert [(s.phase, s.layer) for s in seen] == [
        ("forward", 0), ("forward", 1), ("loss", None), ("backward", 1), ("backward", 0),
        ("update", None),
    ]  # fmt: skip
    assert view.currentSegment() is None and not view.isAnimating()
    assert view.phaseDurations() == [0.0] * 6  # no clock: each phase waits for a key


def places(w: MainWindow) -> dict[str, tuple[int, int, int, int]]:
    """Every panel on screen: its geometry."""
    return {d.objectName(): d.geometry().getRect() for d in w.findChildren(QDockWidget)
            if d.isVisible() and w.rect().contains(d.geometry())}  # fmt: skip


def test_a_workspace_seen_before_comes_back_without_rebuilding_the_layout(
    window, qtbot, monkeypatch
):
    w = window
    seen = {}
    for name in ("draw", "step", "train"):  # each once: its default layout
        w.showWorkspace(name)
        qtbot.wait(1100)  # the workspace's own panel has grown
        seen[name] = places(w)
    rebuilt = []
    monkeypatch.setattr(w, "restoreState", lambda *a: rebuilt.append(a) or True)
    for name in ("draw", "step"):  # few panels appear: shown and hidden in place
        w.showWorkspace(name)
        assert places(w) == seen[name]
    assert rebuilt == []


def test_a_moved_panel_still_gets_its_workspace_layout_back(window, qtbot):
    w = window
    w.showWorkspace("draw")
    qtbot.wait(1100)
    draw = places(w)
    w.showWorkspace("step")
    w.panel("step").setFloating(True)  # the user's own Step layout
    w.showWorkspace("draw")
    assert places(w) == draw and w.panel("step").isHidden()
    w.showWorkspace("step")
    assert w.panel("step").isFloating() and visible(w, "step")
