"""The trainer process: serve `nnviz.app.protocol` commands from one queue with a
`Trainer`, put its messages on the other (no Qt).

The GUI side (`nnviz.ui.common.worker`) spawns `main(commands, results)` with one
BLAS thread; every queued command is applied before training goes on.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
from typing import Any

from nnviz.app.trainer import Trainer


def main(commands: Any, results: Any) -> None:
    """Process entry point: serve commands from `commands`, put messages on `results`."""
    try:
        _serve(commands, results)
    finally:
        # Exit without waiting to flush unread results (the GUI may be gone).
        results.cancel_join_thread()


def _serve(commands: Any, results: Any) -> None:
    trainer = Trainer(results.put)
    parent = mp.parent_process()
    wait = 0.1
    while True:
        if parent is not None and not parent.is_alive():  # the GUI was killed: exit too
            return
        try:
            cmd = commands.get(timeout=wait) if wait > 0 else commands.get_nowait()
        except queue.Empty:
            cmd = None
        except (EOFError, OSError):  # the GUI went away
            return
        if cmd is not None:
            if not trainer.handle(cmd):
                return
            while True:  # apply every queued command before training on
                try:
                    cmd = commands.get_nowait()
                except queue.Empty:
                    break
                if not trainer.handle(cmd):
                    return
        wait = trainer.work()
