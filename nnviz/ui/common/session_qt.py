"""Qt adapter of `Session`: drives the training process and turns changes into signals.

Views subscribe to the signals; controls call `play`, `pause`, `stepOnce`,
`reset` and `applySettings`. Messages from the trainer (`nnviz.app.protocol`) are
folded into the Qt-free session (stale generations dropped) and re-emitted, at most
~30 Hz. `running` is what the trainer last reported (its `State` message), never
what was asked for, so the play/pause button shows what really happens.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from nnviz.app.protocol import (
    Configure,
    Message,
    Pause,
    SetHyper,
    Start,
    StepN,
)
from nnviz.app.session import Session, load_dataset
from nnviz.app.settings import Settings
from nnviz.data.dataset import Dataset
from nnviz.ui.common.settings_change import settings_change
from nnviz.ui.common.tasks import BackgroundTask
from nnviz.ui.common.trainer_messages import deliver
from nnviz.ui.common.worker import TrainingProcess


class SessionQt(QObject):
    """The session seen by the GUI (see the contract in `MainWindow`)."""

    sigNetworkChanged = Signal()  # a new architecture (and weights)
    sigParamsChanged = Signal()  # new weights, same architecture
    sigStepRecorded = Signal(object)  # a Step record to animate
    sigTrainingStateChanged = Signal(bool)  # running? (as the trainer reports it)
    sigDatasetChanged = Signal()
    sigHistoryCleared = Signal()
    sigHistoryAppended = Signal(object, object)  # steps, losses (numpy arrays)
    sigEpochs = Signal(object)  # (n, 6) rows: epoch, step, train loss/acc, val loss/acc
    sigClassEpochs = Signal(object)  # list of ClassRow: per-class validation loss/accuracy
    sigCountersChanged = Signal()  # step, epoch, samples/s
    sigDiverged = Signal(int, float, float, float)  # step, loss, lr, a tried rate (or NaN)
    sigLossJumped = Signal(object)  # a LossJumped message: training goes on
    sigBusy = Signal(str)  # a status while loading ("" when done)
    sigError = Signal(str)
    sigSettingsChanged = Signal(object)  # the Settings now in force
    sigSnapshots = Signal()  # the run history kept new snapshots
    sigRunsReplaced = Signal()  # a new run history (opened from a file, or a branch)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.worker = TrainingProcess(self)
        self.worker.sigMessages.connect(self.onMessages)
        self.running = False  # the trainer's last reported state
        self._wanted = False  # what the last play/pause asked for (decides a toggle)
        self._loader: BackgroundTask | None = None
        self._pending: tuple[Settings, Any, Any] | None = None

    # ------------------------------------------------------------ training control

    def _configure(self) -> None:
        """Send the session's network to the trainer (training on if it was asked to)."""
        s = self.session
        assert s.network is not None
        params = s.network.params()
        self.worker.send(Configure(s.generation, s.settings, params, s.step, run=self._wanted))

    def branchFrom(self, step: int, settings: Settings | None = None) -> None:
        """Go on training from kept `step` of the run history (its parameters and, for the
        same optimizer, its optimizer state), optionally with new `settings` of the same
        architecture; the abandoned continuation's curve stays in `runs.branches`."""
        s = self.session
        if settings is not None:
            s.settings = settings.normalized()
        snap = s.branch(step)
        same = snap.opt_name == s.settings.optimizer and bool(snap.opt_state)
        opt_state = snap.opt_state if same else None  # another optimizer starts afresh
        assert s.network is not None
        self._wanted = False
        self.worker.send(
            Configure(s.generation, s.settings, s.network.params(), step, False, opt_state)
        )
        self.sigHistoryCleared.emit()
        self.sigRunsReplaced.emit()
        self.sigParamsChanged.emit()
        self.sigCountersChanged.emit()
        if settings is not None:
            self.sigSettingsChanged.emit(s.settings)

    @Slot()
    def play(self) -> None:
        if not self.session.ready or self._wanted:
            return
        self._wanted = True
        self.worker.send(Start())

    @Slot()
    def pause(self) -> None:
        if not (self._wanted or self.running):
            return
        self._wanted = False
        self.worker.send(Pause())

    @property
    def requested(self) -> bool:
        """True if the last play/pause asked to train (the trainer may not run yet)."""
        return self._wanted

    @Slot()
    def togglePlay(self) -> None:
        self.pause() if self._wanted else self.play()

    @Slot()
    def stepOnce(self, n: int = 1) -> None:
        """Pause and train exactly n minibatches, each recorded for the animation."""
        if not self.session.ready:
            return
        self._wanted = False
        self.worker.send(StepN(int(n)))

    @Slot()
    def reset(self, lr: float | None = None) -> None:
        """Re-initialise the weights with the seed and clear the history (optionally a new lr)."""
        if not self.session.ready:
            return
        if lr is not None:
            self.session.settings = self.session.settings.replace(lr=lr)
            self.sigSettingsChanged.emit(self.session.settings)
        self.session.reset()
        self._configure()
        self.sigHistoryCleared.emit()
        self.sigParamsChanged.emit()
        self.sigCountersChanged.emit()

    def _setRunning(self, on: bool) -> None:
        """The trainer's state changed (only trainer messages call this)."""
        self._wanted = on
        if on != self.running:
            self.running = on
            self.sigTrainingStateChanged.emit(on)

    # ------------------------------------------------------------ settings and data

    def applySettings(self, settings: Settings) -> str:
        """Apply new settings: hyperparameters on the fly, a rebuild for a new architecture,
        a reload for new data. Returns what kind of change it was."""
        settings = settings.normalized()
        if not self.session.ready:
            self.loadData(settings)
            return "data"
        kind = settings_change(self.session.settings, settings)
        if kind == "data":
            self.loadData(settings)
        elif kind == "arch":
            self.session.rebuild(settings)
            self._configure()
            self._networkReplaced()
        elif kind == "seed":
            self.session.settings = settings
            self.reset()
        elif kind == "hyper":
            self.session.settings = settings
            if self.session.network is not None:  # the penalty of teaching steps too
                self.session.network.l1, self.session.network.l2 = settings.l1, settings.l2
            self.worker.send(SetHyper(settings))
        if kind:
            self.sigSettingsChanged.emit(self.session.settings)
        return kind

    def loadData(self, settings: Settings, params: Any = None, path: Any = None) -> None:
        """Load the dataset of `settings` (MNIST on a thread), then rebuild everything;
        `params` (and the model file `path`) give the new network its weights."""
        if self._loader is not None:
            self._loader.cancelled = True
            self._loader = None
        current = self.session.dataset
        if current is not None and settings_change(self.session.settings, settings) != "data":
            self.setDataset(current, settings, params, path)
            return
        if settings.kind != "mnist":
            try:
                ds = load_dataset(settings)
            except (OSError, ValueError) as e:
                self.sigError.emit(str(e).splitlines()[0] if str(e) else type(e).__name__)
                self.sigSettingsChanged.emit(self.session.settings)
                return
            self.setDataset(ds, settings, params, path)
            return
        self._pending = (settings, params, path)
        self.sigBusy.emit(f"Loading {settings.dataset_label}…")
        task = BackgroundTask(lambda progress: load_dataset(settings), "load-data")
        task.sigDone.connect(self._onLoaded)
        task.sigFailed.connect(self._onLoadFailed)
        self._loader = task.start()

    @Slot(object)
    def _onLoaded(self, ds: Dataset) -> None:
        pending, self._pending, self._loader = self._pending, None, None
        self.sigBusy.emit("")
        if pending is not None:
            self.setDataset(ds, *pending)

    @Slot(str)
    def _onLoadFailed(self, message: str) -> None:
        self._pending, self._loader = None, None
        self.sigBusy.emit("")
        self.sigError.emit(message)
        self.sigSettingsChanged.emit(self.session.settings)

    @property
    def loading(self) -> bool:
        return self._loader is not None

    def setDataset(self, ds: Dataset, settings: Settings, params: Any = None, path: Any = None):
        """Adopt a loaded dataset and build a network for it (optionally with params)."""
        self.session.set_dataset(ds, settings)
        if params is not None:
            assert self.session.network is not None
            self.session.network.set_params(params)
            self.session.path = path
            if path is not None:
                why = self.session.load_runs(path)
                if why:
                    self.sigError.emit(why)
        self._configure()
        self._networkReplaced(dataset=True)
        self.sigSettingsChanged.emit(self.session.settings)

    def _networkReplaced(self, dataset: bool = False) -> None:
        self.sigHistoryCleared.emit()
        self.sigRunsReplaced.emit()
        self.sigNetworkChanged.emit()
        if dataset:
            self.sigDatasetChanged.emit()
        self.sigParamsChanged.emit()
        self.sigCountersChanged.emit()

    # ------------------------------------------------------------ trainer messages

    @Slot(list)
    def onMessages(self, msgs: list[Message]) -> None:
        """Fold trainer messages into the session and emit what changed."""
        deliver(self, msgs)

    def shutdown(self) -> None:
        """Stop the trainer process and any loading thread."""
        if self._loader is not None:
            self._loader.cancelled = True
            self._loader.wait(5.0)
            self._loader = None
        self.worker.close()
