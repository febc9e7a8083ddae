"""Landscape computations on a background thread: one at a time, the newest wins.

`SurfaceRunner.start(...)` runs `job.compute` on a thread; its progress and result reach
GUI-owned slots through queued signals (never lambdas on the thread). Starting a new
computation or `cancel()` drops the running one: it stops at its next block.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from nnviz.engine import Network
from nnviz.ui.common.tasks import BackgroundTask
from nnviz.ui.landscape.job import LandscapeResult, SliceSpec, compute


class SurfaceRunner(QObject):
    """Emits sigProgress(text, done, total), then sigDone(LandscapeResult) or sigFailed."""

    sigProgress = Signal(str, int, int)
    sigDone = Signal(object)
    sigFailed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task: BackgroundTask | None = None
        self._cancel = threading.Event()
        self._generation = 0

    def start(
        self,
        net: Network,
        X: np.ndarray,
        Y: np.ndarray,
        spec: SliceSpec,
        tracks: dict[Any, list[np.ndarray]],
        steps: dict[Any, list[int]],
    ) -> None:
        """Compute the slice through `net` (a private copy) on (X, Y); `steps` ride along
        in `result.extra["steps"]` to match the projected `tracks`."""
        self.cancel()
        self._generation += 1
        gen, cancel = self._generation, threading.Event()

        def work(progress: Any) -> LandscapeResult:  # runs on the task's thread
            res = compute(net, X, Y, spec, tracks, progress, cancel)
            res.generation = gen
            res.extra["steps"] = steps
            return res

        task = BackgroundTask(work, name="landscape")
        task.sigProgress.connect(self.sigProgress)
        task.sigDone.connect(self._done)
        task.sigFailed.connect(self._failed)
        self._task, self._cancel = task, cancel
        task.start()

    def isRunning(self) -> bool:
        return self._task is not None

    def task(self) -> BackgroundTask | None:
        return self._task

    @Slot()
    def cancel(self) -> None:
        """Drop the running computation (it stops at its next block)."""
        if self._task is not None:
            self._task.cancelled = True
            self._cancel.set()
            self._task = None

    def shutdown(self, timeout: float = 5.0) -> None:
        """Cancel and wait for the thread."""
        task = self._task
        self.cancel()
        if task is not None:
            task.wait(timeout)

    @Slot(object)
    def _done(self, res: LandscapeResult) -> None:
        if res.generation == self._generation and self._task is not None:
            self._task = None
            self.sigDone.emit(res)

    @Slot(str)
    def _failed(self, message: str) -> None:
        if self._task is not None:
            self._task = None
            self.sigFailed.emit(message)
