"""Lesson "train ..." actions through the window's trainer process (never in the GUI).

Small networks train in exact counts: `StepN(n)` makes the trainer take exactly n steps
and pause; "train until" sends one epoch at a time and checks the condition after each
(the epoch's metrics arrive with its last step). Large networks (MNIST, spam) train
continuously and pause as soon as the target is reached (a few steps more at most).
The job ends early when training diverges, fails or the network is replaced.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Slot

from nnviz.app.session import Session
from nnviz.ui.lessons.host import LessonHostError, StateCheck
from nnviz.ui.lessons.window.protocol import SessionControl

UNTIL_LIMIT = 20000  # steps of "train until" without its own limit
EXACT_MAX_PARAMS = 20_000  # above this, recorded single steps cost too much: run freely


@dataclass
class Job:
    generation: int
    target: int  # train until session.step reaches this
    limit: int  # last step of "train until"
    done: StateCheck | None
    exact: bool


class LessonTraining(QObject):
    """`steps(n)`, `epochs(n)`, `until(done, limit)`; `busy` while a job runs."""

    def __init__(
        self, q: SessionControl, state: Callable[[], Mapping[str, Any]], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.q, self.state = q, state
        self.job: Job | None = None
        q.sigCountersChanged.connect(self._progress)
        q.sigDiverged.connect(self.cancel)
        q.sigError.connect(self.cancel)

    @property
    def busy(self) -> bool:
        return self.job is not None or self.q.loading

    def _ready(self) -> Session:
        s = self.q.session
        if not s.ready or s.dataset is None or s.network is None:
            raise LessonHostError("the data is still loading; try again in a moment")
        return s

    def stepsPerEpoch(self) -> int:
        s = self._ready()
        assert s.dataset is not None
        return math.ceil(len(s.dataset.X_train) / max(1, s.settings.batch_size))

    def steps(self, n: int) -> None:
        s = self._ready()
        self._start(Job(s.generation, s.step + n, s.step + n, None, self._exact()))

    def epochs(self, n: int) -> None:
        self.steps(n * self.stepsPerEpoch())

    def until(self, done: StateCheck, limit: int | None) -> None:
        s = self._ready()
        end = s.step + (limit or UNTIL_LIMIT)
        if done(self.state()):
            return
        exact = self._exact()
        target = min(s.step + self.stepsPerEpoch(), end) if exact else end
        self._start(Job(s.generation, target, end, done, exact))

    def _exact(self) -> bool:
        net = self.q.session.network
        return net is not None and net.n_params <= EXACT_MAX_PARAMS

    def _start(self, job: Job) -> None:
        self.job = job
        s = self.q.session
        if job.exact:
            self.q.stepOnce(job.target - s.step)
        else:
            self.q.play()

    @Slot()
    def cancel(self, *_args: object) -> None:
        """Stop the job (training pauses)."""
        if self.job is not None:
            self.job = None
            self.q.pause()

    @Slot()
    def _progress(self) -> None:
        job, s = self.job, self.q.session
        if job is None:
            return
        if s.generation != job.generation:  # the network was replaced: the job is over
            self.job = None
            return
        if job.done is not None and not job.exact and job.done(self.state()):
            self.cancel()
            return
        if s.step < job.target:
            return
        if job.done is None or s.step >= job.limit or job.done(self.state()):
            if not job.exact:
                self.q.pause()
            self.job = None
            return
        if job.exact:  # the next epoch
            job.target = min(s.step + self.stepsPerEpoch(), job.limit)
            self.q.stepOnce(job.target - s.step)
