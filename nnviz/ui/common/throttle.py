"""Rate limiting for GUI updates driven by fast input (pointer moves, training)."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, QTimer, Slot


class Throttle(QObject):
    """Call `fn` at most once per `interval` s: at once when idle, else once at the end."""

    def __init__(self, parent: QObject, interval: float, fn: Callable[[], None]) -> None:
        super().__init__(parent)
        self.interval = interval
        self.fn = fn
        self.timer = QTimer(self, singleShot=True, timeout=self.fire)
        self._last = -np.inf

    def poke(self) -> None:
        if self.timer.isActive():
            return
        wait = self.interval - (time.perf_counter() - self._last)
        if wait <= 0:
            self.fire()
        else:
            self.timer.start(max(1, round(wait * 1000)))

    @Slot()
    def fire(self) -> None:
        self.timer.stop()
        self._last = time.perf_counter()
        self.fn()
