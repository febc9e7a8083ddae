"""The trainer's side of the run history: decide which steps to keep, collect them to send.

`Recorder.after_step(step, net, opt, loss, evaluated)` runs after every training step:
a `RunHistory` decides (every step of the first 100, a logarithmic grid, epoch ends
that were evaluated, user pauses and single steps via `mark`); a kept step's snapshot
(parameters + optimizer state + metrics) waits in `outbox` until `take()` sends it.
The trainer's own history holds little (`TRAINER_BUDGET`): the GUI keeps the run.
"""

from __future__ import annotations

from nnviz.app.history.runs import RunHistory
from nnviz.app.history.snapshot import Snapshot
from nnviz.app.protocol import EpochRow
from nnviz.engine import Network, Optimizer

TRAINER_BUDGET = 8 * 2**20  # bytes the trainer itself keeps (the GUI holds the run)


class Recorder:
    """Which steps of a training run to keep, and the snapshots not sent yet."""

    def __init__(self, budget_bytes: int = TRAINER_BUDGET) -> None:
        self.history = RunHistory(budget_bytes=budget_bytes)
        self.outbox: list[Snapshot] = []
        self._next = 0  # steps before this one are not kept unless they end an epoch

    def start(self, step: int, net: Network, opt: Optimizer) -> None:
        """A new network (or a continuation from `step`): forget what was kept; the
        initial weights (step 0) are kept at once."""
        self.history.clear()
        self.outbox = []
        self._next = 0
        if step == 0:
            self._keep(self.history.record(0, net, opt, epoch_end=False))

    def after_step(
        self, step: int, net: Network, opt: Optimizer, loss: float, evaluated: EpochRow | None
    ) -> None:
        """Called after every step; one comparison unless the step is kept."""
        if step < self._next and evaluated is None:
            return
        snap = self.history.record(step, net, opt, epoch_end=evaluated is not None)
        self._next = self.history.next_regular(step)
        if snap is not None:
            snap.metrics["loss"] = float(loss)
            if evaluated is not None:
                _epoch, _s, tl, ta, vl, va = evaluated
                snap.metrics |= {"train_loss": tl, "train_acc": ta, "val_loss": vl, "val_acc": va}
            self._keep(snap)

    def mark(self, step: int, reason: str, net: Network, opt: Optimizer) -> None:
        """The user paused or stepped at `step`: keep it (again, with its mark)."""
        steps = self.history.steps()
        if steps and step < steps[-1]:
            return  # a restored earlier state (divergence): nothing new to keep
        snap = self.history.mark(step, reason, net if step not in steps else None, opt)
        self._keep(snap)

    def _keep(self, snap: Snapshot | None) -> None:
        if snap is not None and (not self.outbox or self.outbox[-1] is not snap):
            self.outbox.append(snap)

    def take(self) -> list[Snapshot]:
        """The snapshots kept since the last call."""
        out, self.outbox = self.outbox, []
        return out
