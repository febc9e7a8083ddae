"""Heavy pictures take turns: Qt paints every changed widget of a window in one go, so
a training-curves redraw and a network-view rebuild in the same frame add up to one
long pause.

Two rules keep each pause short:
- A view about to be repainted at some cost `claim`s the next moments; a view that could
  postpone its own rebuild asks `claimed()` and waits a frame if so.
- A heavy widget paints through a `PaintTurn`: when the window's repaint has already
  run for a while (a workspace switch repaints every panel at once), it keeps its last
  picture for one more frame (or its plain background, when it has just been shown or
  resized) and paints on the next turn of the event loop, so the work is spread over
  several short frames. A widget waits through at most `MAX_WAITS` pauses.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QWidget

BUDGET_S = 0.024  # a window repaint goes on while under this; heavier paints wait
CHAIN_S = 0.008  # repaints this close together are one pause of the event loop
STALE_S = 0.25  # a wait that began longer ago than this no longer counts
MAX_WAITS = 3  # pauses a widget may wait through before it paints anyway

_busy_until = 0.0
_pause_start = 0.0  # when the event loop's current run of work began
_last_end = -1.0  # when the last window repaint ended
_in_repaint = False


def claim(seconds: float) -> None:
    """Something expensive paints within the next `seconds`."""
    global _busy_until
    _busy_until = max(_busy_until, time.monotonic() + seconds)


def claimed() -> bool:
    """Whether another view's expensive repaint is due now (postponable work waits)."""
    return time.monotonic() < _busy_until


def remaining() -> float:
    """Seconds until the current claim ends (0 when there is none)."""
    return max(0.0, _busy_until - time.monotonic())


def busy_since(start: float) -> None:
    """Work that began at `start` (time.monotonic) belongs to the event loop's current
    pause unless the last window repaint ended a while ago (a workspace switch lays
    the window out before it repaints)."""
    global _pause_start, _last_end
    now = time.monotonic()
    _pause_start = start if now - _last_end > CHAIN_S else min(_pause_start, start)
    _last_end = now


P = ParamSpec("P")
R = TypeVar("R")


def shares_pause(handler: Callable[P, R]) -> Callable[P, R]:
    """Decorate a handler whose work and the repaint right after it are one pause of the
    event loop (trainer messages, a curves flush, a workspace switch)."""

    @functools.wraps(handler)
    def counted(*args: P.args, **kwargs: P.kwargs) -> R:
        start = time.monotonic()
        try:
            return handler(*args, **kwargs)
        finally:
            busy_since(start)

    return counted


def new_pause() -> None:
    """The event loop got back to its timers: whatever comes next is a new pause."""
    global _last_end
    _last_end = -1.0


def resume(widget: QWidget) -> None:
    """For a timer that brings back deferred work: the pause it waited out is over, and
    `widget` repaints in the new one."""
    new_pause()
    widget.update()


def crowded() -> bool:
    """The event loop has been busy without a pause for the whole budget already (work
    that can wait a frame should)."""
    now = time.monotonic()
    return now - _last_end <= CHAIN_S and now - _pause_start > BUDGET_S


def fits(seconds: float) -> bool:
    """Whether work of about `seconds` still fits in the event loop's current pause
    (always, outside a window repaint)."""
    elapsed = pause_elapsed()
    return elapsed is None or elapsed + seconds < BUDGET_S


def pause_elapsed() -> float | None:
    """Seconds the event loop has been busy without a pause, within a window repaint
    (None outside one, e.g. while a widget is grabbed into an image)."""
    return time.monotonic() - _pause_start if _in_repaint else None


class FrameClock(QObject):
    """Installed on a top-level window: times its repaints. Repaints that follow one
    another at once (Qt may repaint again within one turn of the event loop) count as
    one pause."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        global _in_repaint, _last_end
        if event.type() != QEvent.Type.UpdateRequest or _in_repaint:
            return False
        busy_since(time.monotonic())
        _in_repaint = True
        try:
            obj.event(event)  # the repaint itself
        finally:
            _in_repaint = False
            _last_end = time.monotonic()
        return True


def watch(window: QWidget) -> None:
    """Time `window`'s repaints."""
    window.installEventFilter(FrameClock(window))


class PaintTurn(QObject):
    """The paint events of one heavy widget. `surface` is where it paints (the widget,
    or a graphics view's viewport); it paints opaquely, so a skipped paint keeps the
    last picture::

        def paintEvent(self, ev):
            if self.turn.begin():
                ...  # paint
                self.turn.end()
    """

    def __init__(self, surface: QWidget, background: Callable[[], QBrush | QColor]) -> None:
        super().__init__(surface)
        self._surface, self._background = surface, background
        surface.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        surface.installEventFilter(self)
        self.cost = 0.0  # seconds a paint takes: the last slow one, decaying
        self._fresh = True  # nothing of ours on screen yet at this size and place
        self.fresh_cost = 0.0  # the same for a first paint after a resize or show
        self._waited: float | None = None  # the pause it began to wait in
        self._pause = 0.0  # the last pause it waited in
        self._waits = 0  # pauses it has waited through
        self._t0 = 0.0
        # a real timer (not a queued call), so the paint waits for the next turn
        self._later = QTimer(self, singleShot=True, interval=1)
        self._later.timeout.connect(lambda: resume(surface))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Resize, QEvent.Type.Move):
            self._fresh = True
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self._waited = None  # a wait before it was hidden is over
        return False

    def begin(self) -> bool:
        """True: paint now (then call `end`). False: this pause of the event loop is
        long enough already; the last picture (or the plain background) stays and the
        widget paints in a later pause (at most `MAX_WAITS` pauses later)."""
        elapsed = pause_elapsed()
        expected = max(self.cost, self.fresh_cost) if self._fresh else self.cost
        if elapsed is None or elapsed + expected < BUDGET_S:
            return self._go()
        if self._waited is None or _pause_start - self._waited >= STALE_S:
            self._waited, self._pause, self._waits = _pause_start, _pause_start, 1
        elif _pause_start != self._pause:  # a new pause since it last waited
            if self._waits >= MAX_WAITS:
                return self._go()
            self._pause, self._waits = _pause_start, self._waits + 1
        if self._fresh:
            p = QPainter(self._surface)
            p.fillRect(self._surface.rect(), self._background())
            p.end()
        self._later.start()
        return False

    def _go(self) -> bool:
        self._waited, self._waits = None, 0
        self._t0 = time.perf_counter()
        return True

    def end(self) -> None:
        dt = time.perf_counter() - self._t0
        if self._fresh:  # a first paint at a new size rebuilds what it caches
            self.fresh_cost = dt if self.fresh_cost == 0.0 else 0.5 * (self.fresh_cost + dt)
        # up at once, down slowly: a paint that is sometimes slow counts as slow
        self.cost = dt if dt > self.cost else 0.8 * self.cost + 0.2 * dt
        self._fresh = False
