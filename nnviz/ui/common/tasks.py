"""Run a slow function (loading MNIST, downloading) on a Python thread, report via signals.

Signals are emitted from the thread and delivered to slots of GUI-owned objects
through queued connections, so the GUI thread never blocks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class BackgroundTask(QObject):
    """`BackgroundTask(fn).start()`: fn(progress) runs on a thread; `progress(text, done,
    total)` may be called from it. Emits sigProgress, then sigDone(result) or sigFailed."""

    sigProgress = Signal(str, int, int)
    sigDone = Signal(object)
    sigFailed = Signal(str)

    def __init__(self, fn: Callable[[Callable[[str, int, int], None]], Any], name: str = "task"):
        super().__init__()
        self.fn = fn
        self.cancelled = False
        self._thread = threading.Thread(target=self._run, name=f"nnviz-{name}", daemon=True)

    def start(self) -> BackgroundTask:
        self._thread.start()
        return self

    def isRunning(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Join the thread; True if it has finished."""
        if self._thread.ident is not None:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _progress(self, text: str, done: int, total: int) -> None:
        if not self.cancelled:
            self.sigProgress.emit(text, int(done), int(total))

    def _run(self) -> None:
        try:
            result = self.fn(self._progress)
        except Exception as e:  # shown to the user as one line
            if not self.cancelled:
                text = str(e).strip().splitlines()
                self.sigFailed.emit(text[0] if text else type(e).__name__)
            return
        if not self.cancelled:
            self.sigDone.emit(result)
