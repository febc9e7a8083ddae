"""Work a window does not do: panels behind another tab are not updated (and catch up
when brought to the front), and values that change many times a second repaint their
own widget without laying the window out again, no more often than it can be read."""

from __future__ import annotations

import time

import numpy as np
import pytest
from events import EventCount
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget
from real_window import open_window

from nnviz.app.settings import Settings
from nnviz.ui.common.on_screen import on_screen
from nnviz.ui.common.text_line import TextLine

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")

SMALL = Settings(dataset="spirals", hidden=[6], activations=["tanh"], steps_per_second=0)


def LayoutRequests(target: QWidget) -> EventCount:
    """Counts the LayoutRequest events `target` receives."""
    return EventCount(target, QEvent.Type.LayoutRequest)


@pytest.fixture
def window(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path, SMALL)
    qtbot.waitUntil(lambda: w.session.runs.steps() == [0], timeout=30000)
    w.sessionQt.stepOnce(20)
    qtbot.waitUntil(lambda: w.session.runs.steps()[-1:] == [20], timeout=30000)
    yield w
    w.close()


def test_text_line_grows_in_steps_and_never_shrinks(qtbot):
    line = TextLine("Step 1")
    qtbot.addWidget(line)
    w0 = line.sizeHint().width()
    line.setText("Step 2")
    assert line.sizeHint().width() == w0 and line.text() == "Step 2"
    line.setText("Step 123,456,789 of a long run")
    w1 = line.sizeHint().width()
    assert w1 > w0 and w1 % 24 == 0
    line.setText("Step 3")
    assert line.sizeHint().width() == w1
    assert line.minimumSizeHint().width() == w1  # never cut
    cut = TextLine("a long text that may be cut", elide=True)
    qtbot.addWidget(cut)
    assert cut.minimumSizeHint().width() < cut.sizeHint().width()


def test_status_figures_do_not_lay_the_window_out_again(window, qtbot):
    window.session.step = 1000
    window.statusInfo.update(window.session)  # as wide as the figures below: may grow once
    qtbot.wait(500)  # quiet: no late message re-lays out a panel meanwhile
    requests = LayoutRequests(window)
    for step in range(30):
        window.session.step = 1000 + step  # the figures change, their width does not
        window.statusInfo.update(window.session)
        qtbot.wait(5)
    assert requests.n == 0
    assert window.statusInfo.labels["step"].text() == "Step 1,029"


def test_scrubbing_does_not_lay_the_window_out_again(window, qtbot):
    travel = window.timeTravel
    travel.timeline.scrubTo(3)  # the first move may size the step label once
    qtbot.wait(500)
    requests = LayoutRequests(window)
    for step in (5, 9, 12, 17, 4):
        travel.timeline.scrubTo(step)
        qtbot.wait(5)
    assert requests.n == 0
    assert "Step 4" in travel.timeline.stepLabel.text()


def test_a_panel_behind_another_tab_is_not_updated_and_catches_up(window, qtbot):
    docks = window.docks
    docks.bringForward("decision")
    qtbot.waitUntil(lambda: not on_screen(docks["inspector"]))
    assert docks["inspector"].isVisible()  # Qt's view of a tab that is not in front
    assert not docks.isShown("inspector") and docks.isShown("decision")
    travel = window.timeTravel
    travel.timeline.scrubTo(2)
    before = window.inspector._params
    travel.timeline.scrubTo(7)
    assert window.inspector._params is before  # not refreshed behind its tab
    docks.bringForward("inspector")
    qtbot.waitUntil(lambda: docks.isShown("inspector"))
    want = window.session.runs.params_at(7)
    qtbot.waitUntil(
        lambda: (
            window.inspector._params is not None
            and np.array_equal(window.inspector._params[0][0], want[0][0])
        )
    )  # the catch-up shows the moment scrubbed to, not the live weights


def test_the_network_view_is_opaque(window):
    from PySide6.QtCore import Qt

    assert window.networkView.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)


def test_no_stale_tab_bar_is_left_over_the_window(window, qtbot):
    from PySide6.QtWidgets import QTabBar

    window.resize(1280, 720)
    qtbot.wait(400)
    rect = window.rect()
    shown = {d.windowTitle() for d in window.docks.widgets() if d.isVisible()}
    for bar in window.findChildren(QTabBar):
        if bar.parent() is not window or not bar.isVisible() or bar.objectName():
            continue
        assert rect.contains(bar.geometry()), bar.geometry()
        titles = {bar.tabText(i) for i in range(bar.count())}
        assert bar.tabText(bar.currentIndex()) in shown, titles


def test_status_figures_change_at_most_five_times_a_second_and_end_current(window, qtbot):
    step = window.statusInfo.labels["step"]
    seen: list[str] = []
    qtbot.wait(300)  # nothing waiting from the fixture's steps
    t0 = time.monotonic()
    for k in range(60):  # a trainer's messages, every ~8 ms
        window.session.step = 2000 + k
        window.sessionQt.sigCountersChanged.emit()
        if not seen or seen[-1] != step.text():
            seen.append(step.text())
        qtbot.wait(8)
    elapsed = time.monotonic() - t0
    assert 2 <= len(seen) <= elapsed / 0.2 + 2
    qtbot.waitUntil(lambda: step.text() == "Step 2,059", timeout=1000)  # the last arrives
