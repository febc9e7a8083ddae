"""Trainer messages (`nnviz.app.protocol`) folded into the Qt-free session and re-emitted
as `SessionQt` signals: stale generations dropped, a batch's curve points, epoch rows
and per-class rows joined into one signal each."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nnviz.app.protocol import Diverged, Error, LossJumped, Message, Snapshots, State, Update

if TYPE_CHECKING:
    from nnviz.ui.common.session_qt import SessionQt


def deliver(sq: SessionQt, msgs: list[Message]) -> None:
    """Apply `msgs` to `sq.session` in order and emit what changed."""
    gen = sq.session.generation
    steps: list[np.ndarray] = []
    losses: list[np.ndarray] = []
    epochs: list[np.ndarray] = []
    classes: list = []
    changed: set[str] = set()
    record = None
    for m in msgs:
        if isinstance(m, Error):  # the trainer stopped, whichever network it had
            sq._setRunning(False)
            sq.sigError.emit(m.message or "training failed")
            continue
        if m.generation != gen:
            continue
        if isinstance(m, State):
            sq._setRunning(m.running)
        elif isinstance(m, Snapshots):
            changed |= {"snapshots"} if sq.session.apply_snapshots(m) else set()
        elif isinstance(m, Diverged):
            sq._setRunning(False)
            sq.sigDiverged.emit(int(m.step), float(m.loss), float(m.lr), float(m.suggested_lr))
        elif isinstance(m, LossJumped):
            sq.sigLossJumped.emit(m)
        elif isinstance(m, Update):
            n_epochs = len(sq.session.history.epochs)
            c = sq.session.apply(m)
            changed |= c
            if "history" in c:
                k = len(m.losses)
                steps.append(sq.session.history.steps[-k:].copy())
                losses.append(sq.session.history.losses[-k:].copy())
            if "epochs" in c:
                epochs.append(sq.session.history.epochs[n_epochs:].copy())
            if "classes" in c:
                classes.extend(m.classes)
            if "step" in c:
                record = m.record
    if steps:
        sq.sigHistoryAppended.emit(np.concatenate(steps), np.concatenate(losses))
    if epochs:
        sq.sigEpochs.emit(np.concatenate(epochs))
    if classes:
        sq.sigClassEpochs.emit(classes)
    if "params" in changed:
        sq.sigParamsChanged.emit()
    if record is not None:
        sq.sigStepRecorded.emit(record)
    if "counters" in changed:
        sq.sigCountersChanged.emit()
    if "snapshots" in changed:
        sq.sigSnapshots.emit()
