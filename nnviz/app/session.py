"""A training session without Qt: settings, dataset, network, history, model files.

`Settings` is the typed description of what to train (data, architecture,
optimizer, speed). `Session` owns the dataset, the float32 `Network` whose
parameters mirror the training process, the loss history and the latest `Step`
record, and the run history of kept snapshots (`runs`, the timeline). The GUI adapter
(`nnviz.ui.common.session_qt`) turns its changes into signals;
the trainer process (`nnviz.app.trainer`) builds the same dataset and network from
the same settings.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.app.history import History, RunHistory
from nnviz.app.history.file import HistoryFileError, load_history, save_model_with_history
from nnviz.app.history.snapshot import Snapshot
from nnviz.app.protocol import ClassRow, Snapshots, Update
from nnviz.app.settings import Settings, dataset_kind, model_settings
from nnviz.data.dataset import Dataset, load
from nnviz.engine import Network, Optimizer, Step, load_model, make_optimizer

__all__ = ["History", "Session", "SessionError", "Settings", "load_dataset"]


class SessionError(ValueError):
    """A user-facing problem (e.g. a model that does not fit any dataset)."""


def load_dataset(settings: Settings, progress: Any = None) -> Dataset:
    """The dataset `settings` describes: its training share, input features and task.

    MNIST and the spam e-mails keep their own test sets; toy and CSV data are split
    with `train_fraction` and expanded into `features` (none: the raw inputs).
    """
    spec = settings.dataset
    if spec == "mnist":
        return load("mnist", progress=progress)
    if spec == "spam":
        return load("spam")
    kw: dict[str, Any] = {
        "train_fraction": settings.train_fraction,
        "features": list(settings.features) or None,
    }
    if dataset_kind(spec) == "toy":
        kw.update(n=settings.n_samples, noise=settings.noise)
    elif settings.regression:
        kw["regression"] = True
    return load(spec, seed=settings.seed, **kw)


def build_network(settings: Settings, dataset: Dataset) -> Network:
    """A float32 network n_in - hidden... - n_outputs initialised with the weights' seed,
    with the settings' L1/L2 penalty."""
    sizes = [dataset.n_features, *settings.hidden, dataset.n_classes]
    net = Network(
        sizes,
        activation=list(settings.activations),
        output=settings.output,
        loss=settings.loss,
        dtype=np.float32,
        seed=settings.weights_seed,
        l1=settings.l1,
        l2=settings.l2,
    )
    net.meta = dataset.meta()
    return net


class Session:
    """Settings + dataset + network + history of one training run."""

    def __init__(self, settings: Settings | None = None, dataset: Dataset | None = None) -> None:
        self.settings = (settings or Settings()).normalized()
        self.dataset: Dataset | None = None
        self.network: Network | None = None
        self.history = History()
        self.runs = RunHistory()  # kept snapshots of this run (the timeline)
        self.save_runs = False  # `save` includes `runs` in the model file
        self.class_epochs: list[ClassRow] = []  # per-class validation metrics after epochs
        self.last_step: Step | None = None
        self.dirty = False  # trained since the last save/load
        self.path: Path | None = None  # the model file, once saved or opened
        self.step = 0
        self.epoch = 0
        self.samples_per_s = 0.0
        self.lr = math.nan  # the learning rate the trainer last reported (its schedule's)
        self.generation = 0  # bumped whenever the network is replaced or reset
        self._order = np.zeros(0, dtype=np.int64)
        self._pos = 0
        if dataset is not None:
            self.set_dataset(dataset)

    # ------------------------------------------------------------ building

    def set_dataset(self, dataset: Dataset, settings: Settings | None = None) -> None:
        """Adopt a loaded dataset (and settings) and build a fresh network for it."""
        if settings is not None:
            self.settings = settings.normalized()
        self.dataset = dataset
        self._order = np.random.default_rng(self.settings.seed).permutation(len(dataset.X_train))
        self._pos = 0
        self.rebuild()

    def rebuild(self, settings: Settings | None = None) -> None:
        """A new network from the settings (same dataset), fresh history."""
        if settings is not None:
            self.settings = settings.normalized()
        if self.dataset is None:
            raise SessionError("no dataset loaded yet")
        self.network = build_network(self.settings, self.dataset)
        self.path = None
        self._clear()

    def reset(self, seed: int | None = None) -> None:
        """Re-initialise the weights with the seed and clear the history."""
        if seed is not None:
            self.settings.seed = int(seed)
            self.settings.init_seed = None
        if self.network is None:
            raise SessionError("no network yet")
        self.network.init_params(self.settings.weights_seed)
        self._clear()

    def _clear(self) -> None:
        self.history.clear()
        self.runs.clear()
        self.class_epochs = []
        self.last_step = None
        self.step = self.epoch = 0
        self.samples_per_s = 0.0
        self.dirty = False
        self.generation += 1

    # ------------------------------------------------------------ views of the state

    @property
    def ready(self) -> bool:
        return self.network is not None and self.dataset is not None

    def current_network(self) -> Network:
        """A float64 copy with the latest parameters (safe to train or inspect)."""
        if self.network is None:
            raise SessionError("no network yet")
        return self.network.copy(dtype=np.float64)

    def make_optimizer(self) -> Optimizer:
        return make_optimizer(self.settings.optimizer, self.settings.lr, **self.settings.opt_kw())

    def sample(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Training sample i as (x (1, n_in) float64, y (1,) int64)."""
        if self.dataset is None:
            raise SessionError("no dataset loaded yet")
        X, y = self.dataset.X_train, self.dataset.y_train
        i = int(i) % len(X)
        return np.asarray(X[i : i + 1], dtype=np.float64), np.asarray(y[i : i + 1])

    def next_sample(self) -> tuple[np.ndarray, np.ndarray]:
        """The next training sample in a fixed shuffled order (wraps around)."""
        if self.dataset is None or len(self._order) == 0:
            raise SessionError("no dataset loaded yet")
        i = int(self._order[self._pos % len(self._order)])
        self._pos += 1
        return self.sample(i)

    # ------------------------------------------------------------ trainer messages

    def apply(self, msg: Update) -> set[str]:
        """Fold one trainer `Update` into the session; returns what changed:
        "history", "epochs", "params", "step", "counters" (stale generations are ignored)."""
        if msg.generation != self.generation or self.network is None:
            return set()
        changed = {"counters"}
        if len(msg.losses):
            self.history.extend(int(msg.step0), msg.losses)
            self.runs.extend_curve(int(msg.step0) + 1, msg.losses)  # steps done after each
            changed.add("history")
            self.dirty = True
        for e in msg.epochs:
            self.history.add_epoch(*e)
        if msg.epochs:
            changed.add("epochs")
        if msg.classes:
            self.class_epochs.extend(msg.classes)
            changed.add("classes")
        if msg.params is not None:
            self.network.set_params(msg.params)
            changed.add("params")
        if msg.record is not None:
            self.last_step = msg.record
            changed.add("step")
        self.step, self.epoch, self.samples_per_s = msg.step, msg.epoch, msg.samples_per_s
        if math.isfinite(msg.lr):
            self.lr = float(msg.lr)
        return changed

    def apply_snapshots(self, msg: Snapshots) -> bool:
        """Add the trainer's kept snapshots to `runs`; False for a stale generation."""
        if msg.generation != self.generation or self.network is None:
            return False
        for snap in msg.snaps:
            if self.runs.config is not None:
                snap.config = self.runs.config  # one shared copy
            self.runs.add(snap)
        return bool(msg.snaps)

    def branch(self, step: int) -> Snapshot:
        """Continue from kept `step`: later snapshots and losses go (the later loss curve
        stays in `runs.branches`), the network takes the snapshot's parameters and the
        generation moves on (messages about the abandoned continuation are dropped)."""
        if self.network is None:
            raise SessionError("no network yet")
        snap = self.runs.branch(step)
        self.history.truncate(step)
        self.network.set_params(snap.params())
        self.step = step
        self.last_step = None
        self.generation += 1
        return snap

    # ------------------------------------------------------------ files

    def save(self, path: str | Path) -> None:
        """Save the network with its dataset description and the settings."""
        if self.network is None or self.dataset is None:
            raise SessionError("nothing to save yet")
        meta = {**self.dataset.meta(), "settings": self.settings.to_dict()}
        if self.dataset.source:
            meta["source"] = self.dataset.source
        self.network.meta = meta
        save_model_with_history(self.network, path, self.runs if self.save_runs else None)
        self.path = Path(path)
        self.dirty = False

    def plan_load(self, path: str | Path) -> tuple[Network, Settings, str]:
        """Read a model file and work out the settings it needs.

        Returns (network, settings, note); `note` explains a dataset switch ("" if
        none). Raises `ModelFileError` or `SessionError` with a readable reason.
        """
        net = load_model(path)
        current = self.dataset
        settings, note = model_settings(
            net,
            self.settings,
            current_features=current.n_features if current else None,
            current_classes=current.n_classes if current else None,
        )
        if settings is None:
            raise SessionError(f"{Path(path).name}: {note}")
        return net, settings, note

    def adopt(self, net: Network, settings: Settings, dataset: Dataset, path: str | Path) -> None:
        """Take a loaded model (as planned by `plan_load`) and its dataset."""
        if net.sizes[0] != dataset.n_features or net.sizes[-1] != dataset.n_classes:
            raise SessionError(
                f"the model has {net.sizes[0]} inputs and {net.sizes[-1]} outputs but "
                f"{dataset.name} has {dataset.n_features} features and "
                f"{dataset.n_classes} classes"
            )
        self.set_dataset(dataset, settings)
        assert self.network is not None
        self.network.set_params(net.params())
        self.network.meta = dict(net.meta)
        self.path = Path(path)

    def load_runs(self, path: str | Path) -> str:
        """Restore the run history saved in model file `path` (none: an empty one), with
        its loss curve; returns "" or a one-line reason why the history was not loaded."""
        try:
            runs = load_history(path, self.network)
        except HistoryFileError as e:
            return str(e)
        if runs is None:
            return ""
        self.runs = runs
        steps, losses = runs.curve()
        if len(steps) and np.all(np.diff(steps) == 1):
            self.history.clear()
            self.history.extend(int(steps[0]) - 1, losses)
        kept = runs.steps()
        self.step = max(int(steps[-1]) if len(steps) else 0, kept[-1] if kept else 0)
        return ""
