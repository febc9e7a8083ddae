"""The view's own clock: one step plays forward -> loss -> backward -> update.

A record that arrives while one is playing replaces it at once (the numbers
shown switch to the newer step, the clock keeps running, nothing is queued);
the cycle then plays once more so the newest step is also seen from its start.

With a `Pace` (slow motion) every frame of the step lasts the pace's seconds, or,
when the pace is manual, the step waits on each frame for `advance()`.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from nnviz.teach.pace import Pace, frame_count
from nnviz.ui.netview.state import (
    PHASE_SHARE,
    NetState,
    Segment,
    paced_share,
    segment_at,
    still_segment,
)

BASE_DURATION = 1.2  # seconds per step at speed 1
FRAME_MS = 33  # ~30 Hz: the view redraws at most this often while a step plays


class AnimationClock(QObject):
    """Progress t in [0, 1] through one step, as the `segment` being shown.

    `sigChanged` whenever the segment changes (a tick, a still, the end),
    `sigFinished` when a cycle ends on its own or is cut short by disabling.
    """

    sigChanged = Signal()
    sigFinished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)
        self.speed = 1.0
        self.enabled = True
        self.cycle = 0  # bumped at every start: a new run of flows to render
        self.segment: Segment | None = None
        self.pace: Pace | None = None  # slow motion; None: the normal pace
        self.manualFrame: int | None = None  # the frame a manual pace waits on
        self._n_layers = 0
        self._t0 = 0.0
        self._again = False

    def set_speed(self, factor: float) -> None:
        """Play `factor` times faster than normal, keeping the position in the cycle."""
        factor = max(float(factor), 0.05)
        t = self._progress() if self.running else 0.0
        self.speed = factor
        if self.running:
            self._t0 = time.monotonic() - t * self.duration()

    def set_pace(self, pace: Pace | None) -> None:
        """Slow motion for the steps that follow (None: back to the normal pace)."""
        self.pace = pace
        if pace is None or not pace.manual:
            self.manualFrame = None

    def duration(self, n_layers: int | None = None) -> float:
        """Seconds one step (of `n_layers`, default the last played) takes: (2L + 2)·s
        with a pace of s seconds a frame (0 when manual), otherwise BASE_DURATION / speed."""
        if self.pace is not None:
            return self.pace.cycle_seconds(max(n_layers or self._n_layers, 1))
        return BASE_DURATION / self.speed

    def frame_durations(self, n_layers: int) -> list[float]:
        """Seconds each frame of a step stays on screen (timeline order)."""
        if self.pace is not None:
            return self.pace.durations(n_layers)
        total, per = BASE_DURATION / self.speed, sum(PHASE_SHARE.values())
        out: list[float] = []
        for phase, share in PHASE_SHARE.items():
            k = n_layers if phase in ("forward", "backward") else 1
            out += [total * share / per / k] * k
        return out

    def advance(self) -> bool:
        """Manual pace: show the next frame; False when the step is over (or none waits)."""
        k = self.manualFrame
        if k is None:
            return False
        if k + 1 >= frame_count(self._n_layers):
            self.manualFrame = None
            self.hold(None)
            self.sigFinished.emit()
            return False
        self.manualFrame = k + 1
        self.hold(still_segment(k + 1, self._n_layers))
        return True

    def set_enabled(self, on: bool) -> None:
        self.enabled = bool(on)
        if not on and self.running:
            self._finish(emit=True)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def play(self, n_layers: int) -> None:
        """Play a step of a network with `n_layers` dense layers (again, if one plays)."""
        self._n_layers = n_layers
        if self.pace is not None and self.pace.manual:
            self.stop()
            self.cycle += 1
            self.manualFrame = 0
            self.hold(still_segment(0, n_layers))
            return
        if self.running:  # the next tick shows the newer step
            self._again = True
            return
        self._start()
        self._tick()

    def hold(self, seg: Segment | None) -> None:
        """Show `seg` as a still (None: the static picture)."""
        self.segment = seg
        self.sigChanged.emit()

    def stop(self) -> None:
        """Stop without `sigFinished`."""
        self.manualFrame = None
        if self.running:
            self._finish(emit=False)

    # ------------------------------------------------------------ ticking

    def _progress(self) -> float:
        return (time.monotonic() - self._t0) / max(self.duration(), 1e-6)

    def _start(self) -> None:
        self._t0 = time.monotonic()
        self._again = False
        self.cycle += 1
        self._timer.start()

    def _tick(self) -> None:
        t = self._progress()
        if t >= 1.0:
            if self._again:
                self._start()
                t = 0.0
            else:
                self._finish(emit=True)
                return
        share = None if self.pace is None else paced_share(self._n_layers)
        self.hold(segment_at(t, self._n_layers, share))

    def _finish(self, emit: bool) -> None:
        self._timer.stop()
        self._again = False
        self.hold(None)
        if emit:
            self.sigFinished.emit()


class AnimationControls:
    """The network view's animation API over its `_clock` and `_state` (a mixin)."""

    _clock: AnimationClock
    _state: NetState

    def update(self, *args: object) -> None:
        """Repaint; while a step plays, at the clock's next tick (at most ~30 Hz, however
        many values, edges or hovers change in between)."""
        if args or not self._clock.running:
            super().update(*args)  # type: ignore[misc]

    def _clockChanged(self) -> None:
        super().update()  # type: ignore[misc]

    def setAnimationSpeed(self, factor: float) -> None:
        """Play steps `factor` times faster than normal (one step ≈ 1.2 s / factor)."""
        self._clock.set_speed(factor)

    def animationSpeed(self) -> float:
        return self._clock.speed

    def animationDuration(self) -> float:
        """Seconds one step takes at the current speed."""
        return self._clock.duration(self._state.n_layers)

    def setPace(self, pace: Pace | None) -> None:
        """Slow motion: s seconds a phase, or one phase per `advancePhase()` (manual; it
        returns False after the last); None: the normal speed. `phaseDurations()`: the
        seconds each phase of a step stays on screen, in timeline order."""
        self._clock.set_pace(pace)

    def pace(self) -> Pace | None:
        return self._clock.pace

    def advancePhase(self) -> bool:
        return self._clock.advance()

    def phaseDurations(self) -> list[float]:
        return self._clock.frame_durations(max(self._state.n_layers, 1))

    def setAnimationEnabled(self, on: bool) -> None:
        self._clock.set_enabled(on)

    def isAnimationEnabled(self) -> bool:
        return self._clock.enabled

    def isAnimating(self) -> bool:
        return self._clock.running

    def currentSegment(self) -> Segment | None:
        """The phase being shown (None when the picture is static)."""
        return self._clock.segment

    def stopAnimation(self) -> None:
        self._clock.stop()
