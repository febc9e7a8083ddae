"""The training loop that runs in its own process, driven by commands (no Qt).

It speaks the typed protocol of `nnviz.app.protocol`: commands in (`Configure`,
`Start`, `Pause`, `StepN`, `SetHyper`, `Stop`), messages out (`Update`, `Snapshots`,
`State`, `Diverged`, `LossJumped`, `Error`), at most ~30 a second while training. Each
`Update` carries the current learning rate (`lr`, from the schedule). A divergence or a jump
of the loss comes with a rate that works, tried on a copy (`suggest_lr`, in
`nnviz.app.trainer_alarms`). Every step is offered to a run history
(`nnviz.app.history.recorder`); the steps it keeps go out as `Snapshots`
(`nnviz.app.trainer_outbox`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np

from nnviz.app.history import EVAL_SAMPLES
from nnviz.app.history.recorder import Recorder
from nnviz.app.metrics import score
from nnviz.app.protocol import (
    ClassRow,
    Command,
    Configure,
    EpochRow,
    Error,
    Message,
    Params,
    Pause,
    SetHyper,
    Start,
    State,
    StepN,
    Stop,
)
from nnviz.app.session import build_network, load_dataset
from nnviz.app.settings import Settings
from nnviz.app.trainer_alarms import TRIAL_STEPS as TRIAL_STEPS  # re-exported
from nnviz.app.trainer_alarms import Alarms
from nnviz.app.trainer_outbox import FULL_STATE_MAX_PARAMS as FULL_STATE_MAX_PARAMS
from nnviz.app.trainer_outbox import SEND_INTERVAL, Outbox
from nnviz.app.trainer_outbox import SNAPSHOT_INTERVAL as SNAPSHOT_INTERVAL
from nnviz.engine import Minibatches, Network, Optimizer, Step, make_optimizer
from nnviz.engine.divergence import EXPLODE_WINDOW as EXPLODE_WINDOW  # re-exported
from nnviz.engine.divergence import DivergenceGuard
from nnviz.engine.train import class_metrics

RECORD_EVERY_STEP_BELOW = 6  # steps per second: slower speeds record every real step

Send = Callable[[Message], None]


class Trainer(Alarms, Outbox):
    """The state of the training process; `handle` a command, `work` for a while."""

    def __init__(self, send: Send, clock: Callable[[], float] = time.perf_counter) -> None:
        self.send = send
        self.clock = clock
        self.generation = -1
        self.settings = Settings()
        self.net: Network | None = None
        self.opt: Optimizer | None = None
        self.batches: Minibatches | None = None
        self.running = False
        self.step = 0
        self.epoch0 = 0
        self.pending_steps = 0  # single steps requested while paused
        self.guard = DivergenceGuard(np.zeros(1), 2)  # replaced by `configure`
        self.lr_before = math.nan  # the learning rate before the last change
        self.recorder = Recorder()
        self._reset_buffers()

    def _reset_buffers(self) -> None:
        self._losses: list[float] = []
        self._step0 = self.step
        self._epochs: list[EpochRow] = []
        self._classes: list[ClassRow] = []
        self._record: Step | None = None
        self._record_params: Params | None = None  # the current weights, if a record holds them
        self._params_dirty = False
        self._last_send = self._last_snapshot = self._last_eval = -math.inf
        self._rate_t0 = self._pace_t0 = self.clock()
        self._rate_samples = self._pace_steps = 0
        self._samples_per_s = 0.0

    def handle(self, cmd: Command) -> bool:
        """Apply one command; False means stop."""
        try:
            match cmd:
                case Stop():
                    return False
                case Configure():
                    self.configure(cmd)
                case _ if self.net is None:
                    return True  # nothing to train yet
                case Start():
                    self.set_running(True)
                case Pause():
                    self.set_running(False)
                case StepN(n=n):
                    self.set_running(False)
                    self.pending_steps += int(n)
                case SetHyper(settings=settings):
                    self.set_hyper(settings)
                case _:
                    raise TypeError(f"not a trainer command: {type(cmd).__name__}")
        except Exception as e:  # report, keep the process alive
            self.running = False
            self.send(Error.of(self.generation, e))
        return True

    def configure(self, cmd: Configure) -> None:
        """Load the dataset, build the network (with `cmd.params` as weights if given),
        then report the state (training if `cmd.run`)."""
        self.running = False
        self.pending_steps = 0
        self.generation = generation = cmd.generation
        self.settings = cmd.settings.normalized()
        ds = load_dataset(self.settings)
        self.X = np.ascontiguousarray(ds.X_train, dtype=np.float32)
        self.y = ds.y_train
        self.X_val = np.ascontiguousarray(ds.X_test[:EVAL_SAMPLES], dtype=np.float32)
        self.y_val = ds.y_test[:EVAL_SAMPLES]
        rng = np.random.default_rng(self.settings.seed)
        pick = rng.permutation(len(self.X))[:EVAL_SAMPLES]
        self.X_eval, self.y_eval = self.X[pick], self.y[pick]
        self.net = build_network(self.settings, ds)
        if cmd.params is not None:
            self.net.set_params(cmd.params)
        self.opt = self._make_opt()
        if cmd.opt_state is not None:
            self.opt.load_state(cmd.opt_state)  # a branch continues the optimizer too
        self.batches = Minibatches(self.X, self.y, self.settings.batch_size, self.settings.seed)
        self.epoch0 = int(cmd.step) // self.batches.steps_per_epoch  # epochs before this network
        self._apply_schedule()
        self.probe = np.random.default_rng(self.settings.seed + 1)
        self.step = int(cmd.step)
        self.guard = DivergenceGuard(self.net.theta, self.net.sizes[-1], self.opt.lr)
        self.lr_before = math.nan
        self._reset_buffers()
        self.recorder.start(self.step, self.net, self.opt)
        self.running = bool(cmd.run)
        self.send(State(generation, self.running))

    def _make_opt(self) -> Optimizer:
        s = self.settings
        return make_optimizer(s.optimizer, s.lr, **s.opt_kw())

    def _apply_schedule(self) -> None:
        """opt.lr = the schedule's rate for the epochs finished so far."""
        assert self.opt is not None and self.batches is not None
        self.opt.lr = self.settings.schedule().lr_at(self.epoch0 + self.batches.epoch)
        if self.guard.lr != self.opt.lr:
            self.lr_before = self.guard.lr  # the rate before the last change
            self.guard.set_lr(self.opt.lr)

    def set_running(self, on: bool) -> None:
        """Start or pause; pausing sends the current weights first; then `State`."""
        if on == self.running:
            return
        self.running = on
        self._pace_t0, self._pace_steps = self.clock(), 0
        self._rate_t0, self._rate_samples = self.clock(), 0
        if not on:
            self._params_dirty = True
            self._mark("pause")
            self.flush(force=True)
        self.send(State(self.generation, on))

    def set_hyper(self, settings: Settings) -> None:
        """Change lr (and its schedule), momentum, betas, weight decay, the L1/L2 penalty,
        optimizer, batch size or speed on the fly."""
        old = self.settings
        self.settings = s = settings.normalized()
        assert self.opt is not None and self.batches is not None
        assert self.net is not None
        self.net.l1, self.net.l2 = s.l1, s.l2  # the penalty changes on the fly
        if s.optimizer != old.optimizer or (s.weight_decay > 0) != (old.weight_decay > 0):
            self.opt = self._make_opt()  # a new optimizer starts with fresh state
        else:
            self.opt.lr = s.lr
            self.opt.weight_decay = s.weight_decay
            if s.optimizer == "momentum":
                self.opt.momentum = s.momentum  # type: ignore[attr-defined]
            if s.optimizer == "adam":
                self.opt.betas = (s.beta1, s.beta2)  # type: ignore[attr-defined]
        self._apply_schedule()
        self.batches.batch_size = min(s.batch_size, len(self.X))
        if s.steps_per_second != old.steps_per_second:
            self._pace_t0, self._pace_steps = self.clock(), 0

    def _train_one(self, record: bool) -> bool:
        """One minibatch step; False if the loss was not finite (then paused)."""
        assert self.net is not None and self.opt is not None and self.batches is not None
        xb, yb, last = self.batches.next()
        snapshot = self.guard.before(self.step, self.net.theta)
        if record:
            rec = self.net.train_step(xb, yb, self.opt)
            loss = rec.loss
        else:
            loss = self.net.fit_batch(xb, yb, self.opt)
        if not math.isfinite(loss):
            self._diverged(loss)
            return False
        exploded = self.guard.exploded(self.step, loss)
        if exploded is not None:
            self._diverged(exploded, restore=False)
            return False
        jumped = self.guard.jumped(self.step)
        if jumped is not None:
            self._jumped(jumped)
        if snapshot:
            self.guard.accept()
        self._record_params = None  # an older record no longer shows the current weights
        if record:
            self._record = self._slim(rec)
            self._record_params = rec.params_after
        self._losses.append(loss)
        self.step += 1
        self._rate_samples += len(xb)
        self._params_dirty = True
        n_epochs = len(self._epochs)
        if last:
            self._apply_schedule()
            self._epoch_end()
        row = self._epochs[-1] if len(self._epochs) > n_epochs else None
        self.recorder.after_step(self.step, self.net, self.opt, loss, row)
        return True

    def _mark(self, reason: str) -> None:
        """Keep the current step in the run history as a moment the user stopped at."""
        if self.net is not None and self.opt is not None:
            self.recorder.mark(self.step, reason, self.net, self.opt)

    def _epoch_end(self) -> None:
        """Evaluate after an epoch (at most ~30 times a second when epochs are short)."""
        assert self.net is not None and self.batches is not None
        now = self.clock()
        if self.running and now - self._last_eval < SEND_INTERVAL:
            return
        self._last_eval = now
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            reg = self.settings.regression
            tl, ta = score(self.net, self.X_eval, self.y_eval, reg)
            vl, va = score(self.net, self.X_val, self.y_val, reg)
            per_class = self._class_metrics()
        self._epochs.append((self.batches.epoch, self.step, tl, ta, vl, va))
        if per_class is not None:
            self._classes.append((self.batches.epoch, self.step, *per_class))

    def _class_metrics(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Validation loss and accuracy per class (classification only)."""
        assert self.net is not None
        if self.net.loss_name != "cross_entropy" or np.asarray(self.y_val).ndim != 1:
            return None
        loss, acc = class_metrics(self.net, self.X_val, self.y_val)
        return loss.astype(np.float32), acc.astype(np.float32)

    @np.errstate(over="ignore", invalid="ignore", divide="ignore")  # diverging steps stay quiet
    def work(self, budget: float = SEND_INTERVAL) -> float:
        """Train for up to `budget` seconds; returns how long to wait before the next call."""
        if self.net is None:
            return 0.1
        t0 = self.clock()
        sps = self.settings.steps_per_second
        slow = 0 < sps < RECORD_EVERY_STEP_BELOW
        while self.pending_steps > 0 and self.clock() - t0 < budget:
            self.pending_steps -= 1
            if not self._train_one(record=True):
                break
            self._mark("step")
            self.flush(force=True)
        if not self.running:
            self.flush()
            return 0.0 if self.pending_steps else 0.1
        wait = 0.0
        while self.running and self.clock() - t0 < budget:
            if sps:
                due = int((self.clock() - self._pace_t0) * sps) + 1 - self._pace_steps
                if due <= 0:
                    wait = (self._pace_steps / sps) - (self.clock() - self._pace_t0)
                    break
                if due > sps:  # fell far behind (e.g. the GUI was busy): don't burst
                    self._pace_t0, self._pace_steps = self.clock(), 0
            if not self._train_one(record=slow):
                break
            self._pace_steps += 1
        self.flush(force=slow and self._record is not None)
        return max(0.0, min(wait, SEND_INTERVAL))
