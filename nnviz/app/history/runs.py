"""The recorded history of a training run: thinned snapshots within a memory budget (no Qt).

The trainer calls `record(step, net, opt, metrics)` after every step; `step` counts
the steps done (0 = the initial weights). Which steps are kept:

- every step up to `dense_steps` (100): things change fastest at the start;
- then steps on a logarithmic grid, `per_decade` (50) a decade: s_next = ceil(1.047 s);
- every epoch end (`epoch_end=True`, or `metrics["epoch_end"]`);
- every moment the user paused or stepped (`mark(step, reason)` or `record(mark=...)`).

A step that is not kept costs a few comparisons and no copy. When the memory held
(`nbytes`: snapshots, optimizer state and loss curves) exceeds `budget_bytes`, the
history drops snapshots one by one, by class, lowest first: regular (log-grid) steps,
then epoch ends, then the first steps, then user marks; within a class the one whose
removal leaves the smallest gap in log(1 + step) between its neighbours (the densest
part of the timeline). The first and the newest snapshot are dropped last.

`branch(step)` restarts the run from a kept step: later snapshots are dropped and the
later loss curve is kept (for display, until `clear_branches`) as a `Branch`.
"""

from __future__ import annotations

import bisect
import math
from itertools import pairwise
from typing import Any

import numpy as np

from nnviz.app.history.loss_curve import Branch as Branch  # re-exported
from nnviz.app.history.loss_curve import LossCurve
from nnviz.app.history.snapshot import PRIORITY, Snapshot, take_snapshot
from nnviz.engine import Network, Optimizer

DEFAULT_BUDGET = 256 * 2**20  # bytes


class RunHistory(LossCurve):
    """Snapshots of one run (one architecture), thinned to `budget_bytes`."""

    def __init__(
        self,
        budget_bytes: int = DEFAULT_BUDGET,
        dense_steps: int = 100,
        per_decade: int = 50,
        keep_optimizer: bool = True,
    ) -> None:
        if budget_bytes <= 0 or dense_steps < 0 or per_decade < 1:
            raise ValueError("budget_bytes and per_decade must be positive, dense_steps >= 0")
        self.budget_bytes = int(budget_bytes)
        self.dense_steps = int(dense_steps)
        self.ratio = 10 ** (1 / per_decade)
        self.keep_optimizer = keep_optimizer
        self.branches: list[Branch] = []
        self.config: dict[str, Any] | None = None
        self.clear()

    def clear(self) -> None:
        """Forget every snapshot and curve (a new run, possibly a new architecture)."""
        self._snaps: dict[int, Snapshot] = {}
        self._steps: list[int] = []  # kept steps, ascending
        self._held = 0  # bytes in snapshots
        self._next_log = self._grid_after(-1)
        self._last: tuple[int, Network, Optimizer | None] | None = None
        self._curve_steps = np.zeros(1024, dtype=np.int64)
        self._curve_loss = np.zeros(1024, dtype=np.float32)
        self._n = 0
        self.config = None
        self.branches = []

    # ------------------------------------------------------------ recording

    def record(
        self,
        step: int,
        net: Network,
        opt: Optimizer | None = None,
        metrics: dict[str, Any] | None = None,
        *,
        epoch_end: bool = False,
        mark: str | None = None,
    ) -> Snapshot | None:
        """Note the network after `step` steps; returns the snapshot if this step is kept.
        `metrics` may hold "loss" (added to the curve), "accuracy", ... and "epoch_end"."""
        if metrics:
            loss = metrics.get("loss")
            if loss is not None:
                self._append_loss(step, loss)
            epoch_end = epoch_end or bool(metrics.get("epoch_end", False))
        self._last = (step, net, opt)
        on_grid = step >= self._next_log
        if not (step <= self.dense_steps or on_grid or epoch_end or mark is not None):
            return None
        if self._steps and step <= self._steps[-1]:
            raise ValueError(f"step {step} is not after the last kept step {self._steps[-1]}")
        if on_grid:
            self._next_log = self._grid_after(step)
        snap = self._take(step, net, opt, metrics)
        snap.epoch_end, snap.mark = epoch_end, mark
        self._insert(snap)
        return snap

    def mark(
        self,
        step: int,
        reason: str = "pause",
        net: Network | None = None,
        opt: Optimizer | None = None,
    ) -> Snapshot:
        """Keep `step` as a moment the user stopped at. Without `net`, `step` must be
        kept already or be the latest recorded step (whose live network is read now)."""
        snap = self._snaps.get(step)
        if snap is None:
            if net is None and self._last is not None and self._last[0] == step:
                _, net, opt = self._last
            if net is None:
                raise ValueError(f"step {step} is not kept and its network is gone")
            snap = self._take(step, net, opt, None)
            snap.mark = reason
            self._insert(snap)
        elif snap.mark is None:
            snap.mark = reason
        return snap

    def annotate(self, step: int, **metrics: float) -> None:
        """Add metrics (e.g. accuracy measured after the step was recorded) to a kept step."""
        if step in self._snaps:
            self._snaps[step].metrics.update({k: float(v) for k, v in metrics.items()})

    def add(self, snap: Snapshot) -> None:
        """Insert a snapshot taken elsewhere (another process, a file); thins as usual."""
        if snap.step in self._snaps:
            self._drop(snap.step)
        if self.config is None:
            self.config = snap.config
        if snap.step >= self._next_log:
            self._next_log = self._grid_after(snap.step)
        self._insert(snap)

    def _take(
        self, step: int, net: Network, opt: Optimizer | None, metrics: dict[str, Any] | None
    ) -> Snapshot:
        if self.config is None:
            self.config = net.config()
        elif net.n_params != self._n_params():
            raise ValueError("the network changed shape; clear() the history first")
        snap = take_snapshot(step, net, opt, self.config, self.keep_optimizer)
        snap.early = step <= self.dense_steps
        if metrics:
            snap.metrics = {
                k: float(v) for k, v in metrics.items() if k != "epoch_end" and _is_number(v)
            }
        return snap

    def next_regular(self, step: int) -> int:
        """The first step after `step` that `record` keeps even when it is neither an
        epoch end nor marked (so a caller may skip recording the steps before it)."""
        return step + 1 if step < self.dense_steps else max(self._next_log, step + 1)

    def _n_params(self) -> int:
        s = self.config["sizes"] if self.config else []
        return sum(o * i + o for i, o in pairwise(s))

    def _grid_after(self, step: int) -> int:
        """The first step of the logarithmic grid after `step`."""
        s = self.dense_steps + 1
        while s <= step:
            s = max(s + 1, math.ceil(s * self.ratio))
        return s

    # ------------------------------------------------------------ thinning

    def _insert(self, snap: Snapshot) -> None:
        i = bisect.bisect(self._steps, snap.step)
        self._steps.insert(i, snap.step)
        self._snaps[snap.step] = snap
        self._held += snap.nbytes
        self._thin()

    def _thin(self) -> None:
        while self.nbytes > self.budget_bytes and len(self._steps) > 1:
            self._drop(self._victim())

    def _victim(self) -> int:
        """The step to drop: lowest class, then the smallest log gap it would leave."""
        s = np.array(self._steps, dtype=np.float64)
        if len(s) <= 2:
            return self._steps[0]
        gap = np.log1p(s[2:]) - np.log1p(s[:-2])  # for the interior snapshots 1..n-2
        prio = np.array([PRIORITY[self._snaps[k].kind] for k in self._steps[1:-1]])
        cost = prio * 1e3 + gap  # gaps are < 30, so the class decides first
        return self._steps[1 + int(np.argmin(cost))]

    def _drop(self, step: int) -> None:
        snap = self._snaps.pop(step)
        self._steps.remove(step)
        self._held -= snap.nbytes

    # ------------------------------------------------------------ reading

    @property
    def nbytes(self) -> int:
        """Memory held: snapshots, optimizer state, loss curves (allocated capacity)."""
        curves = self._curve_steps.nbytes + self._curve_loss.nbytes
        return self._held + curves + sum(b.nbytes for b in self.branches)

    def __len__(self) -> int:
        return len(self._steps)

    def steps(self) -> list[int]:
        """The kept step numbers, ascending."""
        return list(self._steps)

    def snapshot(self, step: int) -> Snapshot:
        try:
            return self._snaps[step]
        except KeyError:
            raise KeyError(f"step {step} is not kept") from None

    def params_at(self, step: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """Copies of every (W, b) as they were after `step` steps (a kept step)."""
        return self.snapshot(step).params()

    def nearest(self, step: float) -> int:
        """The kept step closest to `step` (for a timeline slider); KeyError when empty."""
        if not self._steps:
            raise KeyError("no step is kept yet")
        i = bisect.bisect_left(self._steps, step)
        near = self._steps[max(0, i - 1) : i + 1]
        return min(near, key=lambda k: abs(k - step))

    # ------------------------------------------------------------ branching

    def branch(self, step: int) -> Snapshot:
        """Continue the run from kept `step`: later snapshots go, the later loss curve
        becomes a `Branch`. Returns the snapshot to restore the network and optimizer
        from (`snap.params()`, `snap.optimizer()`); record `step + 1` next."""
        snap = self.snapshot(step)
        steps, losses = self.curve()
        cut = int(np.searchsorted(steps, step, side="right"))
        if cut < self._n:
            self.branches.append(Branch(step, steps[cut:].copy(), losses[cut:].copy()))
        self._n = cut
        for k in self._steps[bisect.bisect(self._steps, step) :]:
            self._drop(k)
        self._next_log = self._grid_after(step)
        self._last = None
        return snap

    def clear_branches(self) -> None:
        """Forget the curves of abandoned branches."""
        self.branches = []


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, np.floating, np.integer)) and not isinstance(v, bool)
