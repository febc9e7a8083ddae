"""The GUI side of the training process: start it, send commands, poll its results.

Training runs in a separate process (multiprocessing, spawn, one BLAS thread)
so the GUI never waits for NumPy and the trainer never waits for painting. A
reader thread receives and unpickles the results (a large message arrives in
pieces, and the GUI thread must not wait for the rest); a ~30 Hz QTimer takes
what has arrived and emits it as `sigMessages(list)`. Commands and messages are the
dataclasses of `nnviz.app.protocol`.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing as mp
import os
import queue
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from nnviz.app import process
from nnviz.app.protocol import Command, Error, Message, Stop
from nnviz.ui.common import frame_budget

POLL_MS = 33
MAX_MESSAGES_PER_POLL = 200
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


class TrainingProcess(QObject):
    """Owns the trainer process and its two queues."""

    sigMessages = Signal(list)  # list[Message], oldest first

    def __init__(self, parent: QObject | None = None, poll_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._ctx = mp.get_context("spawn")
        self._commands: Any = None
        self._results: Any = None
        self._proc: Any = None
        self._inbox: collections.deque[Message] = collections.deque()
        self._reader: threading.Thread | None = None
        self._stop = threading.Event()
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        """Spawn the process (its BLAS limited to one thread) and start polling."""
        if self._proc is not None:
            return
        self._commands = self._ctx.Queue()
        self._commands.cancel_join_thread()  # exiting never waits on a dead child's pipe
        self._results = self._ctx.Queue()
        saved = {k: os.environ.get(k) for k in ONE_THREAD}
        os.environ.update(ONE_THREAD)  # inherited by the child before it imports NumPy
        try:
            self._proc = self._ctx.Process(
                target=process.main,
                args=(self._commands, self._results),
                name="nnviz-trainer",
                daemon=True,
            )
            self._proc.start()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self._stop.clear()
        self._reader = threading.Thread(
            target=self._read, args=(self._results,), name="nnviz-results", daemon=True
        )
        self._reader.start()
        self._timer.start()

    def _read(self, results: Any) -> None:
        """Reader thread: blocking gets (unpickling off the GUI thread) into the inbox."""
        while not self._stop.is_set():
            try:
                self._inbox.append(results.get(timeout=0.05))
            except queue.Empty:
                continue
            except (EOFError, OSError, ValueError):
                return

    def isAlive(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def send(self, cmd: Command) -> None:
        """Queue one command, e.g. send(StepN(1)); starts the process on first use."""
        if self._proc is None:
            self.start()
        self._commands.put(cmd)

    @Slot()
    def poll(self) -> list[Message]:
        """Take every waiting message (never blocks) and emit them as one list."""
        msgs = self._drain(MAX_MESSAGES_PER_POLL)
        if self._proc is not None and not msgs and not self._proc.is_alive():
            self._timer.stop()
            msgs = [Error(None, "the trainer stopped")]
        if msgs:
            self._deliver(msgs)
        return msgs

    @frame_budget.shares_pause
    def _deliver(self, msgs: list[Message]) -> None:
        self.sigMessages.emit(msgs)

    def _drain(self, limit: int) -> list[Message]:
        msgs: list[Message] = []
        while self._inbox and len(msgs) < limit:
            msgs.append(self._inbox.popleft())
        return msgs

    def close(self, timeout: float = 3.0) -> None:
        """Ask the process to stop; join (reading its queue meanwhile), then terminate."""
        self._timer.stop()
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError, ValueError):
            self._commands.put(Stop())
        deadline = time.monotonic() + timeout
        while proc.is_alive() and time.monotonic() < deadline:
            self._drain(1000)  # a child blocked on a full pipe could not exit
            proc.join(0.02)
        if proc.is_alive():
            proc.terminate()
            proc.join(1.0)
        if proc.is_alive():
            proc.kill()
            proc.join(1.0)
        self._stop.set()
        if self._reader is not None:
            self._reader.join(2.0)
            self._reader = None
        self._inbox.clear()
        for q in (self._commands, self._results):
            q.cancel_join_thread()
            q.close()
        self._commands = self._results = None
        proc.close()
