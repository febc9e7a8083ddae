"""The view's own clock: one step plays forward -> loss -> backward -> update.

A record that arrives while one is playing replaces it at once (the numbers
shown switch to the newer step, the clock keeps running, nothing is queued);
the cycle then plays once more so the newest step is also seen from its start.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from nnviz.engine.record import Step
from nnviz.ui.netview.state import Segment, segment_at

BASE_DURATION = 1.2  # seconds per step at speed 1
FRAME_MS = 16


class AnimationMixin:
    """Timer, timeline and the current segment of a `NetworkView`."""

    def _initAnimation(self) -> None:
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)
        self._speed = 1.0
        self._animEnabled = True
        self._t0 = 0.0
        self._again = False
        self._cycle = 0
        self._seg: Segment | None = None

    # ------------------------------------------------------------ public

    def setAnimationSpeed(self, factor: float) -> None:
        """Play steps `factor` times faster than normal (one step ≈ 1.2 s / factor)."""
        factor = max(float(factor), 0.05)
        if self._timer.isActive():
            # keep the current position in the cycle
            t = self._progress()
            self._speed = factor
            self._t0 = time.monotonic() - t * self.animationDuration()
        else:
            self._speed = factor

    def animationSpeed(self) -> float:
        return self._speed

    def animationDuration(self) -> float:
        """Seconds one step takes at the current speed."""
        return BASE_DURATION / self._speed

    def setAnimationEnabled(self, on: bool) -> None:
        self._animEnabled = bool(on)
        if not on and self._timer.isActive():
            self._finish()

    def isAnimationEnabled(self) -> bool:
        return self._animEnabled

    def isAnimating(self) -> bool:
        return self._timer.isActive()

    def currentSegment(self) -> Segment | None:
        """The phase being shown (None when the picture is static)."""
        return self._seg

    def showStep(self, step: Step) -> None:
        """Animate forward -> backward -> update of `step` (replacing any running one)."""
        self._acceptStep(step)
        if not self._animEnabled or self._state.n_layers == 0:
            self._setSegment(None)
            return
        if self._timer.isActive():
            self._again = True
        else:
            self._startCycle()
        self._tick()

    def stopAnimation(self) -> None:
        if self._timer.isActive():
            self._finish(emit=False)

    # ------------------------------------------------------------ clock

    def _progress(self) -> float:
        return (time.monotonic() - self._t0) / self.animationDuration()

    def _startCycle(self) -> None:
        self._t0 = time.monotonic()
        self._again = False
        self._cycle += 1
        self._timer.start()

    def _tick(self) -> None:
        t = self._progress()
        if t >= 1.0:
            if self._again:
                self._startCycle()
                t = 0.0
            else:
                self._finish()
                return
        self._setSegment(segment_at(t, self._state.n_layers))

    def _finish(self, emit: bool = True) -> None:
        self._timer.stop()
        self._again = False
        self._setSegment(None)
        if emit:
            self.sigAnimationFinished.emit()
