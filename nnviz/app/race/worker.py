"""The loop of a race worker process, and the lockstep round both modes share.

A worker trains its racers in lockstep (every racer one step, the ones behind
first) and reports each racer's news at most ~30 times a second.
Commands in: ("init", specs) first, then ("start",), ("pause",), ("target", step),
("sync", token), ("stop",).
Messages out: ("news", racer index, news dict), ("synced", worker, token),
("error", text).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import queue
import time
from multiprocessing.shared_memory import SharedMemory
from typing import Any

import numpy as np

from nnviz.app.race.racers import Racer

SEND_INTERVAL = 1 / 30  # s of training between messages from a worker
EVAL_INTERVAL = 0.25  # s between evaluations while running


def lockstep(racers: list[Racer], running: bool, target: int) -> bool:
    """One step for each racer that still has steps to go and is not ahead of the
    others; False if none had any."""
    live = [r for r in racers if not r.done and (running or r.step < target)]
    if not live:
        return False
    lag = min(r.step for r in live)
    for r in live:
        if r.step == lag:
            r.run(1)
    return True


def serve(worker: int, commands: Any, results: Any) -> None:
    """Worker process: ("init", racer specs) first; then train the racers in lockstep and
    report at most ~30 times a second."""
    shared: list[SharedMemory] = []
    racers: list[Racer] = []
    try:
        specs = commands.get()[1]
        for spec in specs:
            if isinstance(spec["X"], tuple):  # ("shared", name, shape, dtype)
                _, name, shape, dtype = spec["X"]
                if not shared:
                    shared.append(SharedMemory(name=name))
                spec["X"] = np.ndarray(shape, np.dtype(dtype), buffer=shared[0].buf)
        racers = [Racer(**s) for s in specs]
        del specs, spec
        for r in racers:
            r.evaluate()
            results.put(("news", r.index, r.take_news(with_theta=True)))
        running, target, last_eval = False, 0, -np.inf
        parent = mp.parent_process()
        while True:
            if parent is not None and not parent.is_alive():  # the GUI was killed
                return
            busy = any(not r.done and (running or r.step < target) for r in racers)
            try:
                cmd = commands.get_nowait() if busy else commands.get(timeout=0.5)
            except queue.Empty:
                cmd = None
            if cmd is not None:
                if cmd[0] == "stop":
                    return
                if cmd[0] == "start":
                    running = True
                elif cmd[0] == "pause":  # stop together: the ones a step behind catch up
                    running, target = False, max(r.step for r in racers)
                    while lockstep(racers, running, target):
                        pass
                    for r in racers:
                        r.evaluate()
                elif cmd[0] == "target":
                    target = cmd[1]
                elif cmd[0] == "sync":
                    for r in racers:
                        results.put(("news", r.index, r.take_news(with_theta=True)))
                    results.put(("synced", worker, cmd[1]))
                continue
            if not busy:
                continue
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < SEND_INTERVAL and lockstep(racers, running, target):
                pass
            now = time.perf_counter()
            idle = not any(not r.done and (running or r.step < target) for r in racers)
            if idle or now - last_eval >= EVAL_INTERVAL:
                last_eval = now
                for r in racers:
                    r.evaluate()
            for r in racers:
                results.put(("news", r.index, r.take_news(with_theta=idle)))
    except Exception as e:  # report instead of dying silently
        results.put(("error", f"{type(e).__name__}: {e}"))
    finally:
        results.cancel_join_thread()
        racers.clear()  # drop the views of shared memory before closing it
        for shm in shared:
            with contextlib.suppress(BufferError):  # a view still alive: unmapped at exit
                shm.close()
