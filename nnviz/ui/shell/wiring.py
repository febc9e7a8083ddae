"""Session -> views: what the window's panels show when the session changes.

`Wiring(window)` connects the session's signals (`SessionQt`) to the network view,
controls, curves, feature views, inspector, banner and status bar; and the feature
views' clicks to the shared selection.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QStyle

from nnviz.app.protocol import LossJumped
from nnviz.app.settings import Settings
from nnviz.data.dataset import Dataset
from nnviz.data.features import label
from nnviz.engine import Step
from nnviz.ui.common import frame_budget
from nnviz.ui.common.selection import Selection
from nnviz.ui.common.throttle import Throttle

COUNTERS_S = 0.2  # the status bar's figures change at most 5 times a second: readable,
# and the status bar (with the window behind it) is not repainted at every message


def input_labels(ds: Dataset) -> list[str] | None:
    """The input units' formulas (x₁², sin(x₂), …) for point data, the words of a bag of
    words (`Dataset.input_names`); None otherwise."""
    if ds.kind != "points":
        return ds.input_names
    return [label(f) for f in ds.features or [f"x{i + 1}" for i in range(ds.n_features)]]


if TYPE_CHECKING:
    from nnviz.ui.shell.main_window import MainWindow


class Wiring(QObject):
    """The slots that keep every view in step with the session."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        # False while the centre shows another network (the Draw workspace's reader)
        self.viewFollowsSession = True
        q = window.sessionQt
        q.sigNetworkChanged.connect(self.networkChanged)
        q.sigParamsChanged.connect(self.paramsChanged)
        q.sigStepRecorded.connect(self.stepRecorded)
        q.sigHistoryAppended.connect(window.plots.appendSteps)
        q.sigEpochs.connect(self.epochs)
        q.sigHistoryCleared.connect(self.historyCleared)
        self._figures = Throttle(self, COUNTERS_S, self.figures)
        q.sigCountersChanged.connect(self.counters)
        q.sigTrainingStateChanged.connect(self.running)
        q.sigDiverged.connect(self.diverged)
        q.sigLossJumped.connect(self.lossJumped)
        q.sigBusy.connect(self.busy)
        q.sigError.connect(window.showError)
        q.sigSettingsChanged.connect(self.settingsChanged)
        q.sigDatasetChanged.connect(self.datasetChanged)
        window.networkView.sigSelectionChanged.connect(self.networkClicked)
        window.decisionView.sigNeuronClicked.connect(self.decisionNeuron)
        window.decisionView.sigDiscretizeToggled.connect(self.discretize)
        window.weightGrid.sigNeuronClicked.connect(self.weightNeuron)
        self._catchUp = QTimer(self, singleShot=True, interval=0, timeout=self._featuresCatchUp)
        for name in ("decision", "weights", "inspector"):
            window.docks[name].visibilityChanged.connect(self.featureDockShown)

    @Slot()
    def networkChanged(self) -> None:
        w = self.w
        net, ds = w.session.network, w.session.dataset
        if net is None or ds is None:
            return
        if self.viewFollowsSession:
            self.showSessionNetwork()
        w.plots.setScore(ds.regression)
        w.controls.setSettings(w.session.settings, ds.n_features, ds.n_classes)
        w.inspector.setStep(None)
        w.setSelection(None)
        w.updateTitle()

    def showSessionNetwork(self) -> None:
        """The centre shows the training network (again) with its class names."""
        w = self.w
        net, ds = w.session.network, w.session.dataset
        if net is None or ds is None:
            return
        w.networkView.setNetwork(net, (28, 28) if ds.kind == "image" else None)
        w.networkView.setClassNames(list(ds.class_names))
        w.networkView.setInputNames(input_labels(ds))

    @Slot()
    def paramsChanged(self) -> None:
        w = self.w
        net, ds = w.session.network, w.session.dataset
        if net is None or ds is None:
            return
        params = net.params()
        if self.viewFollowsSession:
            w.networkView.setParams(params)
        if ds.kind == "image" and w.docks.isShown("weights"):
            w.weightGrid.setWeights(params[0][0])
        if ds.kind == "points" and ds.n_raw == 2 and w.docks.isShown("decision"):
            w.decisionView.setNetwork(net.config(), params)
        if w.docks.isShown("inspector"):
            w.inspector.setParams(params)

    @Slot(object)
    def stepRecorded(self, step: Step) -> None:
        if self.viewFollowsSession:
            self.w.networkView.showStep(step)
        if np.isfinite(step.data_loss):
            self.w.plots.setLossParts(step.data_loss, step.penalty)
        if self.w.docks.isShown("inspector"):
            self.w.inspector.setStep(step)

    @Slot(object)
    def epochs(self, rows: np.ndarray) -> None:
        for epoch, _step, tl, ta, vl, va in rows:
            self.w.plots.appendEpoch(int(epoch), tl, ta, vl, va)
        if len(rows):  # the figures of the status bar, named the same
            self.w.decisionView.setAccuracy(rows[-1][3], rows[-1][5])

    @Slot()
    def historyCleared(self) -> None:
        self.w.plots.clear()
        self.w.decisionView.setAccuracy(math.nan, math.nan)
        if self.w.banner.kind == "warning":
            self.w.banner.dismiss()

    @Slot()
    def counters(self) -> None:
        self.w.updateTitle()  # at once: "•" says there is something to save
        self._figures.poke()

    def figures(self) -> None:
        """The status bar's figures and the schedule's current rate."""
        s = self.w.session
        self.w.statusInfo.update(s)
        lr = s.lr if s.step else s.settings.schedule().lr_at(0)
        self.w.controls.scheduleEdit.showCurrent(lr, s.epoch)

    @Slot(bool)
    def running(self, on: bool) -> None:
        """The trainer started or paused: the Play action says what Space does next."""
        if not on:
            self._figures.fire()  # the figures training stopped at, at once
        a = self.w.actions["play"]
        icon = QStyle.StandardPixmap.SP_MediaPause if on else QStyle.StandardPixmap.SP_MediaPlay
        a.setIcon(self.w.style().standardIcon(icon))
        a.setText("&Pause" if on else "&Play")
        tip, stale = "Pause training (Space)", "Start training (Space)"
        if not on:
            tip, stale = stale, tip
        a.setToolTip(tip)
        a.setStatusTip(tip)
        bar = self.w.statusBar()
        if bar.currentMessage() == stale:  # the pointer rests on Play: say it anew
            bar.showMessage(tip)

    @Slot(int, float, float, float)
    def diverged(self, step: int, loss: float, lr: float, suggested: float) -> None:
        """The trainer paused: offer a reset with the rate it tried that works."""
        q = self.w.sessionQt
        if math.isfinite(suggested):
            new_lr, tip = (
                suggested,
                "New random weights and a rate that lowered the loss when tried",
            )
        else:  # no smaller rate helped: still offer a much smaller one
            new_lr, tip = float(f"{lr / 100:.2g}"), "New random weights and a 100× smaller rate"
        self.w.banner.showMessage(
            f"<b>Training diverged</b> (loss = {loss:.3g}) at step {step:,} with "
            f"lr = {lr:g}. Reset with a smaller learning rate?",
            "warning",
            [
                (f"Reset with lr = {new_lr:g}", tip, lambda: q.reset(lr=new_lr)),
                ("Keep", "Keep these weights; change settings yourself", lambda: None),
            ],
        )

    @Slot(object)
    def lossJumped(self, m: LossJumped) -> None:
        """The loss rose tenfold (training goes on): say why and offer a rate that works."""
        changed = m.lr != m.lr_before
        why = f"after the learning rate changed to {m.lr:g}" if changed else f"at lr = {m.lr:g}"
        text = f"<b>The loss jumped</b> from {m.loss_before:.2g} to {m.loss:.2g} {why}"
        buttons = [("Keep", "Keep training at this rate", lambda: None)]
        if math.isfinite(m.suggested_lr):
            lr = m.suggested_lr
            text += f" — try {lr:g}."
            tip = "Keep these weights and train on at a rate that lowered the loss when tried"
            buttons.insert(0, (f"Use lr = {lr:g}", tip, lambda: self.useLr(lr)))
        else:
            text += " — try a smaller learning rate."
        self.w.banner.showMessage(text, "warning", buttons)

    def useLr(self, lr: float) -> None:
        self.w.applySettings(self.w.session.settings.replace(lr=lr))

    @Slot(str)
    def busy(self, text: str) -> None:
        bar = self.w.statusBar()
        if text:
            bar.showMessage(text)
            self.w.statusInfo.setProgress(0, 0)
        else:
            bar.clearMessage()
            self.w.statusInfo.setProgress(-1, 0)

    @Slot(object)
    def settingsChanged(self, settings: Settings) -> None:
        self.w.controls.setSettings(settings, *self.w.dataShape())
        self.w.decisionView.setDiscretize(settings.discretize)
        for act in self.w.menus.speedGroup.actions():
            act.setChecked(act.data() == settings.steps_per_second)

    @Slot()
    def datasetChanged(self) -> None:
        w = self.w
        ds = w.session.dataset
        if ds is None:
            return
        if w.banner.kind == "error":  # an earlier failure to load data no longer holds
            w.banner.dismiss()
        points2d = ds.kind == "points" and ds.n_raw == 2
        if points2d:
            P_train, P_test = ds.points()
            w.decisionView.setFeatures(ds.features)
            w.decisionView.setData(P_train, ds.y_train, list(ds.class_names), ds.regression)
            w.decisionView.setTestPoints(P_test, ds.y_test)
        w.workspaces.showFeatures(points2d, ds.kind == "image")

    @Slot(bool)
    def featureDockShown(self, visible: bool) -> None:
        """Shown docks catch up once (a workspace switch shows several at a time)."""
        if visible and not self._catchUp.isActive():
            self._catchUp.start()

    @Slot()
    @frame_budget.shares_pause
    def _featuresCatchUp(self) -> None:
        self.w.inspector.setStep(self.w.session.last_step)
        self.paramsChanged()
        self.w.timeTravel.paramsChanged()  # while scrubbed, the moment shown stays

    @Slot(object)
    def networkClicked(self, sel: Selection | None) -> None:
        """A click on the network pins the neuron or weight and shows the Inspector in front
        (also in a workspace that hides it)."""
        self.w.setSelection(sel)
        if sel is not None:
            self.w.docks.bringForward("inspector")

    @Slot(bool)
    def discretize(self, on: bool) -> None:
        self.w.applySettings(self.w.session.settings.replace(discretize=on))

    @Slot(int, int)
    def decisionNeuron(self, k: int, j: int) -> None:
        self.w.setSelection(Selection(k, j))

    @Slot(int)
    def weightNeuron(self, j: int) -> None:
        self.w.setSelection(Selection(0, j))
