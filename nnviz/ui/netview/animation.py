"""The view's own clock: one step plays forward -> loss -> backward -> update.

A record that arrives while one is playing replaces it at once (the numbers
shown switch to the newer step, the clock keeps running, nothing is queued);
the cycle then plays once more so the newest step is also seen from its start.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from nnviz.ui.netview.state import Segment, segment_at

BASE_DURATION = 1.2  # seconds per step at speed 1
FRAME_MS = 16


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

    def duration(self) -> float:
        """Seconds one step takes at the current speed."""
        return BASE_DURATION / self.speed

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
        if self.running:
            self._again = True
        else:
            self._start()
        self._tick()

    def hold(self, seg: Segment | None) -> None:
        """Show `seg` as a still (None: the static picture)."""
        self.segment = seg
        self.sigChanged.emit()

    def stop(self) -> None:
        """Stop without `sigFinished`."""
        if self.running:
            self._finish(emit=False)

    # ------------------------------------------------------------ ticking

    def _progress(self) -> float:
        return (time.monotonic() - self._t0) / self.duration()

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
        self.hold(segment_at(t, self._n_layers))

    def _finish(self, emit: bool) -> None:
        self._timer.stop()
        self._again = False
        self.hold(None)
        if emit:
            self.sigFinished.emit()
