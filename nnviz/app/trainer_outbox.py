"""The trainer's outgoing messages (no Qt): the `Update` sent at most ~30 times a second
with the new losses, epoch rows, current parameters and a recorded `Step` for the
animation (a probe on one training sample when training runs fast), then the run-history
`Snapshots` the recorder kept."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from nnviz.app.history.recorder import Recorder
from nnviz.app.history.snapshot import Snapshot
from nnviz.app.protocol import ClassRow, EpochRow, Message, Params, Snapshots, Update
from nnviz.app.settings import Settings
from nnviz.engine import Minibatches, Network, Optimizer, Step

SEND_INTERVAL = 1 / 30  # s between "update" messages
SNAPSHOT_INTERVAL = 0.1  # s between parameter snapshots / animation records
FULL_STATE_MAX_PARAMS = 20_000  # larger nets send records without optimizer buffers
SNAPSHOTS_BYTES = 4 << 20  # per message: pickling a larger one for the queue costs ~5x more


def in_chunks(snaps: list[Snapshot], max_bytes: int) -> list[list[Snapshot]]:
    """`snaps` in order, in lists of at most `max_bytes` (at least one snapshot each)."""
    chunks: list[list[Snapshot]] = []
    size = max_bytes
    for s in snaps:
        if size + s.nbytes > max_bytes:
            chunks.append([])
            size = 0
        chunks[-1].append(s)
        size += s.nbytes
    return chunks


class Outbox:
    """What `nnviz.app.trainer.Trainer` sends and when (a mixin)."""

    send: Callable[[Message], None]
    clock: Callable[[], float]
    generation: int
    settings: Settings
    net: Network | None
    opt: Optimizer | None
    batches: Minibatches | None
    recorder: Recorder
    running: bool
    step: int
    probe: np.random.Generator
    X: np.ndarray
    y: Any
    _losses: list[float]
    _step0: int
    _epochs: list[EpochRow]
    _classes: list[ClassRow]
    _record: Step | None
    _record_params: Params | None
    _params_dirty: bool
    _last_send: float
    _last_snapshot: float
    _rate_t0: float
    _rate_samples: int
    _samples_per_s: float

    def _probe_record(self) -> None:
        """The `Step` of one training sample on a copy of the network (for the animation)."""
        assert self.net is not None and self.opt is not None
        i = int(self.probe.integers(len(self.X)))
        net = self.net.copy()
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            rec = net.train_step(self.X[i : i + 1], self.y[i : i + 1], copy.deepcopy(self.opt))
        self._record = self._slim(rec)
        self._record_params = rec.params_before  # the current weights, shared when pickled

    def _slim(self, rec: Step) -> Step:
        """Drop the optimizer buffers from records of big networks (they are large)."""
        if self.net is not None and self.net.n_params > FULL_STATE_MAX_PARAMS:
            return replace(rec, optimizer=replace(rec.optimizer, state_before=(), state=()))
        return rec

    def flush(self, force: bool = False) -> None:
        """Send an "update" if one is due (or `force`) and there is news."""
        now = self.clock()
        if not force and now - self._last_send < SEND_INTERVAL:
            return
        dt = now - self._rate_t0
        if self.running and dt >= 0.5:
            self._samples_per_s = self._rate_samples / dt
            self._rate_t0, self._rate_samples = now, 0
        snap_due = now - self._last_snapshot >= SNAPSHOT_INTERVAL or force
        if self.running and snap_due and self._record is None and self._params_dirty:
            self._probe_record()
        news = self._losses or self._epochs or self._record is not None or self._params_dirty
        if not (news or self.recorder.outbox):
            return
        params, record = None, None
        if snap_due and (self._params_dirty or self._record is not None):
            assert self.net is not None
            params = self._record_params if self._record_params is not None else self.net.params()
            record = self._record
            self._record = self._record_params = None
            self._params_dirty = False
            self._last_snapshot = now
        losses = np.asarray(self._losses, dtype=np.float32)
        epoch = self.batches.epoch if self.batches else 0
        rate = self._samples_per_s if self.running else 0.0
        gen, step0, epochs, step = self.generation, self._step0, self._epochs, self.step
        lr = self.opt.lr if self.opt is not None else self.settings.lr
        classes, self._classes = self._classes, []
        self.send(
            Update(gen, step0, losses, epochs, step, epoch, rate, params, record, lr, classes)
        )
        for chunk in in_chunks(self.recorder.take(), SNAPSHOTS_BYTES):
            self.send(Snapshots(gen, chunk))
        self._losses, self._epochs = [], []
        self._step0 = self.step
        self._last_send = now
