"""An optimizer race: 2-4 configurations trained from the same initial weights on the
same data in the same sample order, driven without blocking (no Qt).

    race = Race(net, X, y, [RacerConfig("sgd", 0.1), RacerConfig("adam", 0.01)])
    race.start()                # or race.request(n): n more steps for every racer
    race.poll()                 # from a ~30 Hz timer: True if there is news
    race.racers[i].losses, .evals, .accuracy, .path.array(), .theta, .diverged
    net = race.adopt(i)         # pauses the race; a copy of racer i's network
    race.close()

Where the racers run (`workers`):
- 0: in the caller's process, interleaved step by step inside `poll(budget)`;
- k >= 1: k worker processes (multiprocessing spawn, one BLAS thread each), racer i
  in worker i % k, the racers of one worker interleaved step by step.
The default is `default_workers`: one process per racer only when the machine has a
spare core for each besides the GUI; on 2 cores that is one worker process holding
every racer (more processes than cores only time-slice one another and slow the GUI).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
import time
from collections.abc import Sequence
from multiprocessing.shared_memory import SharedMemory
from typing import Any

import numpy as np

from nnviz.app.race.racers import Racer, RacerConfig, RacerState
from nnviz.app.race.worker import EVAL_INTERVAL, lockstep, serve
from nnviz.engine import Network

__all__ = ["Race", "RacerConfig", "RacerState", "default_workers"]

EVAL_SAMPLES = 3000  # samples of the evaluation set (a fixed random pick of X by default)
PATH_BYTES = 32 << 20  # snapshot memory per racer; sets the path's cap
SMALL_THETA_BYTES = 256 << 10  # below this, every message carries the current θ
SHARE_BYTES = 1 << 20  # training inputs larger than this go to workers in shared memory


def default_workers(n_racers: int, cores: int | None = None) -> int:
    """Worker processes for a race: one per racer if there is a core for each besides
    the GUI's, else one process that interleaves them all."""
    cores = cores or os.cpu_count() or 1
    return n_racers if cores - 1 >= n_racers else 1


class Race:
    """Racers from `net`'s current parameters on (X, Y); see the module docstring."""

    def __init__(
        self,
        net: Network,
        X: Any,
        Y: Any,
        configs: Sequence[RacerConfig],
        *,
        X_eval: Any = None,
        Y_eval: Any = None,
        seed: int | None = 0,
        workers: int | None = None,
    ) -> None:
        if not 1 <= len(configs) <= 4:
            raise ValueError(f"a race has 1 to 4 racers, got {len(configs)}")
        X = np.ascontiguousarray(X, dtype=net.dtype)
        Y = np.asarray(Y)
        if X_eval is None:
            pick = np.random.default_rng(seed).permutation(len(X))[:EVAL_SAMPLES]
            X_eval, Y_eval = X[pick], Y[pick]
        self.workers = default_workers(len(configs)) if workers is None else int(workers)
        theta_bytes = net.theta.nbytes
        spec = {
            "net_config": net.config(),
            "theta": net.theta.copy(),
            "X": X,
            "Y": Y,
            "X_eval": np.asarray(X_eval, dtype=net.dtype),
            "Y_eval": np.asarray(Y_eval),
            "seed": seed,
            "cap": max(16, min(1024, PATH_BYTES // max(theta_bytes, 1))),
            "theta_every_message": theta_bytes <= SMALL_THETA_BYTES,
        }
        self.specs = [{"index": i, "config": c, **spec} for i, c in enumerate(configs)]
        self.running = False
        self.target = 0  # steps every racer should reach when not running
        self._last_eval = -np.inf
        self._sync = 0
        self._procs: list[Any] = []
        self._commands: list[Any] = []
        self._results: Any = None
        self._inbox: queue.Queue = queue.Queue()
        self._reader: threading.Thread | None = None
        self._shared: SharedMemory | None = None
        self.racers: list[RacerState]
        if self.workers == 0:
            self.racers = [Racer(**s) for s in self.specs]
            for r in self.racers:
                r.evaluate()  # type: ignore[attr-defined]
        else:
            self.racers = [
                RacerState(s["index"], s["config"], s["theta"], s["cap"]) for s in self.specs
            ]
            self._spawn()

    # ------------------------------------------------------------ control

    def request(self, n: int) -> None:
        """n more steps for every racer (returns at once; `poll` collects them)."""
        self.target = max(self.target, min(r.step for r in self.racers)) + int(n)
        self._send(("target", self.target))

    def start(self) -> None:
        """Every racer trains until `pause`."""
        self.running = True
        self._send(("start",))

    def pause(self) -> None:
        self.running = False
        self.target = max(r.step for r in self.racers)
        self._send(("pause",))  # workers: the racers a step behind catch up there
        if self.workers == 0:
            self._work_here(budget=np.inf)
            for r in self.racers:
                r.evaluate()  # type: ignore[attr-defined]

    @property
    def busy(self) -> bool:
        """True while any racer has steps to go."""
        return any(not r.done and (self.running or r.step < self.target) for r in self.racers)

    def poll(self, budget: float = 0.02) -> bool:
        """In-process: train for up to `budget` s. Workers: take in their messages.
        True if any racer has news."""
        if self.workers == 0:
            return self._work_here(budget)
        news = False
        while True:
            try:
                msg = self._inbox.get_nowait()  # already unpickled by the reader thread
            except queue.Empty:
                return news
            news |= self._take(msg)

    def step(self, n: int, timeout: float = 120.0) -> None:
        """Blocking: n more steps for every racer (for scripts and tests)."""
        self.request(n)
        deadline = time.monotonic() + timeout
        while self.busy:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the race did not finish {n} steps in {timeout:g} s")
            if self.workers == 0:
                self.poll(budget=1.0)
            else:
                self._wait_one(deadline)
        self.sync(timeout=max(deadline - time.monotonic(), 1.0))

    def sync(self, timeout: float = 30.0) -> None:
        """Blocking: every racer's records (and θ) up to date in this process."""
        if self.workers == 0:
            return
        self._sync += 1
        self._send(("sync", self._sync))
        waiting = set(range(len(self._procs)))
        deadline = time.monotonic() + timeout
        while waiting:
            msg = self._wait_one(deadline)
            if msg is not None and msg[0] == "synced" and msg[2] == self._sync:
                waiting.discard(msg[1])

    def adopt(self, i: int) -> Network:
        """Pause the race and return a copy of racer i's network (to become the main one)."""
        self.pause()
        self.sync()
        r = self.racers[i]
        if isinstance(r, Racer):
            return r.network()
        net = Network.from_config(self.specs[i]["net_config"])
        net.theta[...] = r.theta
        return net

    def close(self) -> None:
        """Stop the worker processes."""
        self._send(("stop",))
        for p in self._procs:
            p.join(timeout=2.0)
            if p.is_alive():
                p.terminate()
                p.join(timeout=1.0)
        if self._reader is not None:
            self._results.put(None)  # ends the reader thread
            self._reader.join(timeout=2.0)
            self._reader = None
        if self._shared is not None:
            self._shared.close()
            self._shared.unlink()
            self._shared = None
        self._procs = []
        self._commands = []

    def __enter__(self) -> Race:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ in process

    def _work_here(self, budget: float) -> bool:
        t0 = time.perf_counter()
        did = False
        racers: list[Racer] = self.racers  # type: ignore[assignment]
        while lockstep(racers, self.running, self.target):  # at least one round
            did = True
            if time.perf_counter() - t0 >= budget:
                break
        now = time.perf_counter()
        if did and (not self.busy or now - self._last_eval >= EVAL_INTERVAL):
            self._last_eval = now
            for r in racers:
                r.evaluate()
        return did

    # ------------------------------------------------------------ workers

    def _spawn(self) -> None:
        ctx = mp.get_context("spawn")
        X = self.specs[0]["X"]
        if X.nbytes > SHARE_BYTES:  # big data: one copy in shared memory, not one per worker
            self._shared = SharedMemory(create=True, size=X.nbytes)
            np.ndarray(X.shape, X.dtype, buffer=self._shared.buf)[...] = X
            handle = ("shared", self._shared.name, X.shape, X.dtype.str)
            self.specs = [{**s, "X": handle} for s in self.specs]
        self._results = ctx.Queue()
        self._results.cancel_join_thread()  # close() puts its end mark here
        saved = {k: os.environ.get(k) for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
        os.environ.update({k: "1" for k in saved})  # read by the child's NumPy at import
        try:
            for w in range(self.workers):
                specs = [s for s in self.specs if s["index"] % self.workers == w]
                commands = ctx.Queue()
                commands.cancel_join_thread()  # exiting never waits on a dead worker's pipe
                p = ctx.Process(target=serve, args=(w, commands, self._results), daemon=True)
                p.start()
                commands.put(("init", specs))  # pickled by the queue's feeder thread
                self._procs.append(p)
                self._commands.append(commands)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self._reader = threading.Thread(target=self._read, name="nnviz-race-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        """Reader thread: receive and unpickle results, so `poll` never waits for a
        large message to arrive in pieces."""
        while True:
            try:
                msg = self._results.get()
            except (EOFError, OSError):
                return
            if msg is None:
                return
            self._inbox.put(msg)

    def _send(self, cmd: tuple) -> None:
        for q in self._commands:
            q.put(cmd)

    def _wait_one(self, deadline: float) -> tuple | None:
        try:
            msg = self._inbox.get(timeout=max(0.01, min(0.5, deadline - time.monotonic())))
        except queue.Empty:
            if not all(p.is_alive() for p in self._procs):
                raise RuntimeError("a race worker process ended unexpectedly") from None
            return None
        self._take(msg)
        return msg

    def _take(self, msg: tuple) -> bool:
        if msg[0] == "news":
            self.racers[msg[1]].apply(msg[2])
            return True
        if msg[0] == "error":
            raise RuntimeError(f"race worker: {msg[1]}")
        return False
