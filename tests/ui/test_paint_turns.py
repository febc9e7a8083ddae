"""Heavy widgets take turns when one window repaint would paint them all at once."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QWidget

from nnviz.ui.common import frame_budget

TICKS = [0]  # turns of the event loop that reached its timers


class Heavy(QWidget):
    """Paints in `cost` seconds through a PaintTurn; records the tick of each paint."""

    def __init__(self, cost: float) -> None:
        super().__init__()
        self.cost = cost
        self.painted: list[int] = []
        self.turn = frame_budget.PaintTurn(self, lambda: QColor("white"))

    def paintEvent(self, event) -> None:
        if self.turn.begin():
            time.sleep(self.cost)
            self.painted.append(TICKS[0])
            self.turn.end()


@pytest.fixture
def window(qtbot):
    win = QWidget()
    frame_budget.watch(win)
    row = QHBoxLayout(win)
    heavies = [Heavy(0.02), Heavy(0.02), Heavy(0.02)]
    for h in heavies:
        h.setMinimumSize(50, 50)
        row.addWidget(h)
    qtbot.addWidget(win)
    ticker = QTimer(win, interval=1)
    ticker.timeout.connect(lambda: TICKS.__setitem__(0, TICKS[0] + 1))
    ticker.start()
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: all(h.painted for h in heavies))
    return win, heavies


def test_one_repaint_paints_heavy_widgets_in_turns(qtbot, window):
    _win, heavies = window
    qtbot.wait(50)
    for h in heavies:
        h.painted.clear()
        h.update()
    # all three are due in one repaint; the budget lets one or two in, the rest next
    qtbot.waitUntil(lambda: all(h.painted for h in heavies), timeout=2000)
    ticks = {t for h in heavies for t in h.painted}
    assert len(ticks) >= 2, "all three painted in one pause of the event loop"
    assert all(len(h.painted) == 1 for h in heavies)


def test_a_widget_never_waits_two_pauses(qtbot, window):
    _win, heavies = window
    qtbot.wait(50)
    for _ in range(5):
        for h in heavies:
            h.painted.clear()
            h.update()
        qtbot.waitUntil(lambda: all(h.painted for h in heavies), timeout=1000)


def test_grabbing_paints_at_once(qtbot, window):
    _win, heavies = window
    h = heavies[0]
    h.painted.clear()
    h.grab()  # not a window repaint: no turn to wait for
    assert len(h.painted) == 1


def test_a_skipped_fresh_paint_shows_the_background(qtbot, window):
    _win, heavies = window
    h = heavies[2]
    h.turn.cost = 1.0  # would not fit in any pause but its own
    frame_budget.busy_since(time.monotonic() - 0.1)  # a long pause is under way
    h.resize(60, 60)
    h.painted.clear()
    h.update()
    qtbot.waitUntil(lambda: bool(h.painted), timeout=2000)
