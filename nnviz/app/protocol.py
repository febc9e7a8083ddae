"""The messages between the GUI and the trainer process, as typed dataclasses.

Two queues connect them (`nnviz.ui.common.worker` owns them, `nnviz.app.process.main`
serves them); everything on them is one of the classes below, pickled.

Commands, GUI -> trainer:

- `Configure(generation, settings, params, step, run, opt_state)`: load the data of
  `settings` and build its network (a rebuild), with `params` as its weights when given
  (loading a model file, or a branch from a kept snapshot, whose optimizer state
  `opt_state` continues); then train if `run`. Answered by `State`.
- `Start()`, `Pause()`: train continuously / stop. Answered by `State`.
- `StepN(n)`: pause and train exactly n minibatches, each recorded for the animation.
- `SetHyper(settings)`: new hyperparameters (lr, momentum, betas, l2, optimizer,
  batch size, speed) on the fly; the network and the data stay.
- `Stop()`: end the process.

Messages, trainer -> GUI, at most ~30 a second while training; each carries the
`generation` of the network it describes, so the GUI drops messages about a network it
has since replaced:

- `Update`: the losses of every step since the last update (`step0` is the number
  of the first), finished epochs (and their per-class validation loss and accuracy),
  the counters, and at most ~10 times a second the
  weights (`params`) and the `Step` record of one sample for the animation (`record`).
- `State(running)`: whether the trainer is training now. The GUI's play/pause state
  follows this message only, never the command it sent.
- `Snapshots(snaps)`: the steps the trainer's run history kept since the last message
  (`nnviz.app.history.snapshot.Snapshot`: parameters, optimizer state, metrics), for the timeline.
- `Diverged(step, loss, lr, suggested_lr)`: the loss became NaN or infinite (the last
  finite weights are restored) or its mean over 20 steps exploded; training paused.
  `suggested_lr`: a smaller rate that made the loss go down from fresh weights, tried on
  a copy (NaN if none did).
- `LossJumped(step, loss_before, loss, lr_before, lr, suggested_lr)`: the mean loss rose
  an order of magnitude above its lowest value (e.g. a new learning rate wrecked a
  trained network); training goes on. `suggested_lr` was tried on a copy (NaN: none).
- `Error(message)`: a command failed (training paused) or the process stopped
  (`generation` None).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nnviz.app.history.snapshot import Snapshot
from nnviz.app.settings import Settings
from nnviz.engine import Step

Params = list[tuple[np.ndarray, np.ndarray]]  # [(W, b), ...] per layer
EpochRow = tuple[float, float, float, float, float, float]
"""(epoch, step, train_loss, train_acc, val_loss, val_acc) at the end of an epoch."""
ClassRow = tuple[int, int, np.ndarray, np.ndarray]
"""(epoch, step, validation loss per class, validation accuracy per class) after an epoch."""

# ---------------------------------------------------------------------- commands


@dataclass(frozen=True)
class Configure:
    """Build the network of `settings` (weights `params` if given) and its data."""

    generation: int
    settings: Settings
    params: Params | None = None
    step: int = 0  # the step counter to continue from
    run: bool = False  # train once configured
    opt_state: dict[str, np.ndarray] | None = None  # Optimizer.save_state() to continue


@dataclass(frozen=True)
class Start:
    """Train continuously (at the settings' speed)."""


@dataclass(frozen=True)
class Pause:
    """Stop training; the current weights are sent."""


@dataclass(frozen=True)
class StepN:
    """Pause, then train exactly `n` minibatches, each one recorded."""

    n: int = 1


@dataclass(frozen=True)
class SetHyper:
    """New hyperparameters; `settings` differs from the trainer's only in those."""

    settings: Settings


@dataclass(frozen=True)
class Stop:
    """End the trainer process."""


Command = Configure | Start | Pause | StepN | SetHyper | Stop

# ---------------------------------------------------------------------- messages


@dataclass(frozen=True)
class Update:
    """What happened since the last update: losses of steps step0, step0+1, ...;
    finished epochs; counters; sometimes the weights and a record to animate."""

    generation: int
    step0: int
    losses: np.ndarray  # float32, one per step
    epochs: list[EpochRow] = field(default_factory=list)
    step: int = 0  # steps done so far
    epoch: int = 0  # completed passes over the training data
    samples_per_s: float = 0.0
    params: Params | None = None
    record: Step | None = None
    lr: float = float("nan")  # the learning rate in use (the schedule's, this epoch)
    classes: list[ClassRow] = field(default_factory=list)  # per-class metrics of `epochs`


@dataclass(frozen=True)
class Snapshots:
    """Moments the run history kept (the timeline's snapshots), oldest first."""

    generation: int
    snaps: list[Snapshot]


@dataclass(frozen=True)
class State:
    """The trainer is (not) training now."""

    generation: int
    running: bool


@dataclass(frozen=True)
class Diverged:
    """Training stopped at `step` with `loss` (non-finite or exploded) at rate `lr`."""

    generation: int
    step: int
    loss: float
    lr: float
    suggested_lr: float = float("nan")  # tried from fresh weights on a copy


@dataclass(frozen=True)
class LossJumped:
    """The mean loss jumped from `loss_before` (reached at rate `lr_before`) to `loss`
    at rate `lr`; `suggested_lr` made it go down on a copy (NaN: no rate did)."""

    generation: int
    step: int
    loss_before: float
    loss: float
    lr_before: float
    lr: float
    suggested_lr: float = float("nan")


@dataclass(frozen=True)
class Error:
    """A one-line description of a failure; `generation` None: the process is gone."""

    generation: int | None
    message: str

    @classmethod
    def of(cls, generation: int | None, e: BaseException) -> Error:
        """ "TypeName: first line of the message"."""
        text = str(e).strip().splitlines()
        return cls(generation, f"{type(e).__name__}: {text[0]}" if text else type(e).__name__)


Message = Update | Snapshots | State | Diverged | LossJumped | Error

__all__ = [
    "ClassRow",
    "Command",
    "Configure",
    "Diverged",
    "EpochRow",
    "Error",
    "LossJumped",
    "Message",
    "Params",
    "Pause",
    "SetHyper",
    "Snapshots",
    "Start",
    "State",
    "StepN",
    "Stop",
    "Update",
]
