"""Signal wiring of the main window: session -> views, actions -> session (a mixin)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QStyle

from nnviz.engine import Step
from nnviz.ui.common.selection import Selection
from nnviz.ui.common.theme import apply_theme
from nnviz.ui.shell import files as window_files

if TYPE_CHECKING:
    from nnviz.ui.shell.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class WiringMixin(_Base):
    def _wire(self) -> None:
        q = self.sessionQt
        q.sigNetworkChanged.connect(self._onNetworkChanged)
        q.sigParamsChanged.connect(self._onParamsChanged)
        q.sigStepRecorded.connect(self._onStep)
        q.sigHistoryAppended.connect(self._onSteps)
        q.sigEpochs.connect(self._onEpochs)
        q.sigHistoryCleared.connect(self._onHistoryCleared)
        q.sigCountersChanged.connect(self._onCounters)
        q.sigTrainingStateChanged.connect(self._onRunning)
        q.sigDiverged.connect(self._onDiverged)
        q.sigBusy.connect(self._onBusy)
        q.sigError.connect(self.showError)
        q.sigSettingsChanged.connect(self._onSettings)
        q.sigDatasetChanged.connect(self._onDataset)
        self.controls.sigSettingsEdited.connect(self.applySettings)
        self.controls.sigOpenCsv.connect(self._openCsv)
        self.networkView.sigSelectionChanged.connect(self.setSelection)
        self.decisionView.sigNeuronClicked.connect(self._onDecisionNeuron)
        self.weightGrid.sigNeuronClicked.connect(self._onWeightNeuron)
        a = self.actions
        a["play"].triggered.connect(self._togglePlay)
        a["step"].triggered.connect(self._stepOnce)
        a["reset"].triggered.connect(self._reset)
        a["open"].triggered.connect(self._open)
        a["save"].triggered.connect(self._save)
        a["saveAs"].triggered.connect(self._saveAs)
        a["quit"].triggered.connect(self.close)
        a["help"].triggered.connect(self.showHelp)
        a["about"].triggered.connect(self.showAbout)
        a["fullScreen"].toggled.connect(self._fullScreen)
        self.speedGroup.triggered.connect(self._onSpeedAction)
        self.themeGroup.triggered.connect(self._onThemeAction)
        self.edgeGroup.triggered.connect(self._onEdgeAction)
        self.mnistSetup.sigReady.connect(self._onMnistReady)
        self.mnistSetup.sigFailed.connect(self._onMnistFailed)
        self.mnistSetup.sigProgress.connect(self._onMnistProgress)
        for name in ("decision", "weights", "inspector"):
            self._docks[name].visibilityChanged.connect(self._onFeatureDockShown)

    # ------------------------------------------------------------ session -> views

    @Slot()
    def _onNetworkChanged(self) -> None:
        net, ds = self.session.network, self.session.dataset
        if net is None or ds is None:
            return
        shape = (28, 28) if ds.kind == "image" else None
        self.networkView.setArchitecture(list(net.sizes), list(net.activations), shape)
        self.networkView.setClassNames(list(ds.class_names))
        self.controls.setSettings(self.session.settings, ds.n_features, ds.n_classes)
        self.inspector.setStep(None)
        self.setSelection(None)
        self.updateTitle()

    @Slot()
    def _onParamsChanged(self) -> None:
        net, ds = self.session.network, self.session.dataset
        if net is None or ds is None:
            return
        params = net.params()
        self.networkView.setParams(params)
        if ds.kind == "image" and self._docks["weights"].isVisible():
            self.weightGrid.setWeights(params[0][0])
        if ds.n_features == 2 and self._docks["decision"].isVisible():
            self.decisionView.setNetwork(net.config(), params)
        if self._docks["inspector"].isVisible():
            self.inspector.setParams(params)

    @Slot(object)
    def _onStep(self, step: Step) -> None:
        self.networkView.showStep(step)
        if self._docks["inspector"].isVisible():
            self.inspector.setStep(step)

    @Slot(object, object)
    def _onSteps(self, steps: np.ndarray, losses: np.ndarray) -> None:
        self.plots.appendSteps(steps, losses)

    @Slot(object)
    def _onEpochs(self, rows: np.ndarray) -> None:
        for epoch, _step, tl, ta, vl, va in rows:
            self.plots.appendEpoch(int(epoch), tl, ta, vl, va)

    @Slot()
    def _onHistoryCleared(self) -> None:
        self.plots.clear()
        if self.banner.kind == "warning":
            self.banner.dismiss()

    @Slot()
    def _onCounters(self) -> None:
        self.statusInfo.update(self.session)
        self.updateTitle()

    @Slot(bool)
    def _onRunning(self, on: bool) -> None:
        a = self.actions["play"]
        icon = QStyle.StandardPixmap.SP_MediaPause if on else QStyle.StandardPixmap.SP_MediaPlay
        a.setIcon(self.style().standardIcon(icon))
        a.setText("&Pause" if on else "&Play")
        a.setToolTip("Pause training (Space)" if on else "Start training (Space)")

    @Slot(int, float, float)
    def _onDiverged(self, step: int, loss: float, lr: float) -> None:
        new_lr = float(f"{lr / 10:.3g}")
        self.banner.showMessage(
            f"<b>Training diverged</b> (loss = {loss:.3g}) at step {step:,}. "
            "Reset with a smaller learning rate?",
            "warning",
            [
                (f"Reset with lr = {new_lr:g}", "New random weights and a 10× smaller rate",
                 lambda: self.sessionQt.reset(lr=new_lr)),
                ("Keep", "Keep these weights; change settings yourself", lambda: None),
            ],
        )  # fmt: skip

    @Slot(str)
    def _onBusy(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text)
            self.statusInfo.setProgress(0, 0)
        else:
            self.statusBar().clearMessage()
            self.statusInfo.setProgress(-1, 0)

    @Slot(object)
    def _onSettings(self, settings: Any) -> None:
        self.controls.setSettings(settings, *self._io())
        for act in self.speedGroup.actions():
            act.setChecked(act.data() == settings.steps_per_second)

    @Slot()
    def _onDataset(self) -> None:
        ds = self.session.dataset
        if ds is None:
            return
        points2d = ds.kind == "points" and ds.n_features == 2
        if points2d:
            self.decisionView.setData(ds.X_train, ds.y_train, list(ds.class_names))
            self.decisionView.setTestPoints(ds.X_test, ds.y_test)
        self.showFeatureDocks(points2d, ds.kind == "image")

    def showFeatureDocks(self, decision: bool, weights: bool) -> None:
        """Decision regions for 2-D data, weight pictures for images (toggles follow)."""
        for name, shown in (("decision", decision), ("weights", weights)):
            dock = self._docks[name]
            dock.toggleViewAction().setEnabled(shown)
            dock.setVisible(shown)
        self.raiseFeatureDock()

    @Slot(bool)
    def _onFeatureDockShown(self, visible: bool) -> None:
        if visible:
            self.inspector.setStep(self.session.last_step)
            self._onParamsChanged()

    # ------------------------------------------------------------ selection from feature views

    @Slot(int, int)
    def _onDecisionNeuron(self, k: int, j: int) -> None:
        self.setSelection(Selection(k, j))

    @Slot(int)
    def _onWeightNeuron(self, j: int) -> None:
        self.setSelection(Selection(0, j))

    # ------------------------------------------------------------ actions

    @Slot()
    def _togglePlay(self) -> None:
        if self.controls.hasPendingEdits():
            self.controls.flush()
        self.sessionQt.togglePlay()

    @Slot()
    def _stepOnce(self) -> None:
        self.sessionQt.stepOnce(1)

    @Slot()
    def _reset(self) -> None:
        self.sessionQt.reset()

    @Slot()
    def _open(self) -> None:
        window_files.open_dialog(self)

    @Slot()
    def _save(self) -> None:
        self.sessionQt.pause()
        window_files.save(self)

    @Slot()
    def _saveAs(self) -> None:
        self.sessionQt.pause()
        window_files.save_as(self)

    @Slot()
    def _openCsv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open CSV data", "", "CSV data (*.csv *.txt)")
        if path:
            window_files.open_path(self, path)

    @Slot()
    def openRecent(self) -> None:
        act = self.sender()
        if isinstance(act, QAction) and act.data():
            window_files.open_path(self, str(act.data()))

    @Slot()
    def clearRecent(self) -> None:
        self.qsettings.setValue("recentFiles", [])
        window_files.update_recent_menu(self)

    @Slot(QAction)
    def _onSpeedAction(self, act: QAction) -> None:
        self.applySettings(self.session.settings.replace(steps_per_second=int(act.data())))

    @Slot(QAction)
    def _onThemeAction(self, act: QAction) -> None:
        self.setTheme(str(act.data()))

    @Slot(QAction)
    def _onEdgeAction(self, act: QAction) -> None:
        self.networkView.setEdgeMode(str(act.data()))

    @Slot(bool)
    def _fullScreen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def setTheme(self, mode: str) -> None:
        """ "light", "dark" or "system"; remembered."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, mode)
        self.themeMode = mode
        self.qsettings.setValue("theme", mode)
        for act in self.themeGroup.actions():
            act.setChecked(act.data() == mode)

    @Slot()
    def showHelp(self) -> None:
        QMessageBox.about(self, "nnviz help", self.helpText)

    @Slot()
    def showAbout(self) -> None:
        from nnviz import __version__

        text = f"<h3>nnviz {__version__}</h3><p>Watch neural networks learn.</p><p>MIT licence.</p>"
        QMessageBox.about(self, "About nnviz", text)

    # ------------------------------------------------------------ MNIST setup

    @Slot()
    def _onMnistReady(self) -> None:
        self.statusInfo.setProgress(-1, 0)
        self.statusBar().showMessage("MNIST is ready", 5000)
        then, self._afterMnist = getattr(self, "_afterMnist", None), None
        if then is not None:
            then()

    @Slot(str)
    def _onMnistFailed(self, message: str) -> None:
        self.statusInfo.setProgress(-1, 0)
        self._afterMnist = None
        self.showError(f"Could not get MNIST: {message}")
        self.controls.setSettings(self.session.settings, *self._io())

    @Slot(str, int, int)
    def _onMnistProgress(self, name: str, done: int, total: int) -> None:
        self.statusInfo.setProgress(done, total)
        self.statusBar().showMessage(f"Getting MNIST: {name} ({done / 1e6:.1f} MB)")
