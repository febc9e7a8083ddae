"""`WindowLessonHost`: the `LessonHost` of the main window.

Two kinds of lesson, by their preset's data set:

- One sample ("sample", "tiny-2-2-2", "tiny-2-3-1"): the network and its sample go to
  the Step workspace's tiny-network workbench (the window's own training network is not
  touched). The step view shows its step; `steps` counts applied updates there.
- Data sets (toy, mnist, spam): the preset becomes the session's settings; training runs
  in the trainer process (`LessonTraining`); quantities come from the session.

Leaving a lesson restores the settings and weights (the trainer is reconfigured with
them), the workspace, the selection, the workbench and the draw pad.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any

import numpy as np

from nnviz.app.lesson_state import SAMPLE_SETS, preset_settings, quantities
from nnviz.app.lesson_state import settings_quantities as settings_q
from nnviz.app.settings import Settings
from nnviz.engine import Network
from nnviz.teach.lessons import Preset
from nnviz.ui.lessons.host import LessonHostError, StateCheck
from nnviz.ui.lessons.preset import preset_network, preset_sample
from nnviz.ui.lessons.window.edit import NO_MNIST, set_sample, set_train
from nnviz.ui.lessons.window.pads import PadTools
from nnviz.ui.lessons.window.protocol import LessonWindow
from nnviz.ui.lessons.window.state import (
    UserState,
    selection_for,
    snapshot_user_state,
    weight_name,
)
from nnviz.ui.lessons.window.training import LessonTraining


class WindowLessonHost:
    """The window as a lesson sees it (see `nnviz.ui.lessons.host.LessonHost`)."""

    def __init__(self, window: LessonWindow) -> None:
        self.w = window
        self.preset: Preset | None = None
        self.sampleSettings = Settings()
        self.sampleSteps = 0
        self.forwardDone = False
        self.diverged = False
        self.pads = PadTools(window.drawPanel, lambda: window.readPanel)
        q = window.sessionQt
        self.training = LessonTraining(q, lambda: self.lessonState(set()), window)
        q.sigDiverged.connect(self._diverged)
        q.sigHistoryCleared.connect(self._cleared)
        step = window.stepPanel
        if step is not None:
            step.workbench.sigAdvanced.connect(self._advanced)
            step.sigFrameChanged.connect(self._frame)
        self._stepSource = step.stepSource if step is not None else None

    @property
    def sampleMode(self) -> bool:
        return self.preset is not None and self.preset.dataset in SAMPLE_SETS

    def _diverged(self, *_a: object) -> None:
        self.diverged = True

    def _cleared(self) -> None:
        self.diverged = False

    def _advanced(self) -> None:
        self.sampleSteps += 1

    def _frame(self, step_frame: tuple) -> None:
        if step_frame[1].phase != "forward":
            self.forwardDone = True

    # ------------------------------------------------------------ user state

    def snapshotUserState(self) -> object:
        return snapshot_user_state(self.w)

    def restoreUserState(self, snapshot: object) -> None:
        assert isinstance(snapshot, UserState)
        s, w = snapshot, self.w
        self.training.cancel()
        w.sessionQt.pause()
        self._leaveSample()
        self.preset = None
        if s.params is not None:
            w.sessionQt.loadData(s.settings, [(W.copy(), b.copy()) for W, b in s.params])
        if w.stepPanel is not None and s.bench is not None:
            net, samples, lr, opt = s.bench
            w.stepPanel.workbench.load(net, samples, lr, opt)
        if w.drawPanel is not None and s.drawing is not None:
            net, ink, label = s.drawing
            w.drawPanel.setNetwork(net, "your network")
            w.drawPanel.canvas.setInk(ink) if ink.any() else w.drawPanel.canvas.clear()
            w.drawPanel.refresh()
            w.drawPanel.labelSpin.setValue(label)
        if w.readPanel is not None and s.message is not None:
            w.readPanel.editor.setPlainText(s.message)
        w.showWorkspace(s.workspace)
        w.setSelection(s.selection)

    # ------------------------------------------------------------ presets

    def applyPreset(self, preset: Preset) -> None:
        w = self.w
        self.training.cancel()
        w.sessionQt.pause()
        if preset.dataset in SAMPLE_SETS:
            self._applySample(preset)
        else:
            self._applyData(preset)
        self.preset = preset
        self.sampleSteps, self.forwardDone, self.pads.taught = 0, False, 0
        w.setSelection(None)
        w.showWorkspace(preset.workspace)
        if self.sampleMode and w.stepPanel is not None:
            w.stepPanel.select(None)
            w.stepPanel.firstFrame()
        self.forwardDone = False

    def _applySample(self, preset: Preset) -> None:
        panel = self.w.stepPanel
        if panel is None:
            raise LessonHostError("this window has no step view")
        sample = preset_sample(preset)
        assert sample is not None
        self.sampleSettings = preset_settings(preset, self.w.session.settings)
        panel.stepSource = None  # N applies the lesson network's update
        panel.workbench.resetTo = lambda: self.applyPreset(preset)
        panel.workbench.load(preset_network(preset), [sample], preset.lr, preset.optimizer)

    def _leaveSample(self) -> None:
        if self.sampleMode and self.w.stepPanel is not None:
            self.w.stepPanel.stepSource = self._stepSource
            self.w.stepPanel.workbench.resetTo = None

    def _applyData(self, preset: Preset) -> None:
        from nnviz.ui.shell.data_setup import mnist_available

        self._leaveSample()
        settings = preset_settings(preset, self.w.session.settings)
        if settings.kind == "mnist" and not mnist_available():
            raise LessonHostError(NO_MNIST)
        if settings.kind == "spam":
            try:
                from nnviz.data.text.spam import spam_dataset

                spam_dataset()
            except (OSError, ValueError) as err:
                raise LessonHostError(f"the spam e-mails are not available ({err})") from err
        if settings.kind in ("mnist", "spam"):
            settings = settings.replace(steps_per_second=0)
        params = None
        if preset.weights or preset.biases:
            params = preset_network(preset, np.float32).params()
        self.w.sessionQt.loadData(settings, params)

    # ------------------------------------------------------------ state

    def lessonState(self, names: Set[str]) -> Mapping[str, Any]:
        w = self.w
        ws = w.currentWorkspace()
        extra: dict[str, Any] = {"taught": self.pads.taught, "forward_done": self.forwardDone}
        extra.update(self.pads.drawQuantities())
        if self.sampleMode and w.stepPanel is not None:
            assert self.preset is not None
            bench = w.stepPanel.workbench
            x, y = bench.samples[bench.sampleIndex]
            s = self.sampleSettings.replace(lr=bench.opt.lr, optimizer=bench.optCombo.currentText())
            settings = {**settings_q(s, ws), "dataset": self.preset.dataset, "batch_size": 1}
            metrics = {"steps": self.sampleSteps, "epochs": 0, "diverged": False, **extra}
            sel = w.stepPanel.selection()
            return quantities(bench.net, x, y, settings, metrics, weight_name(sel))
        session = w.session
        if session.network is None:
            return {**settings_q(session.settings, ws), **extra}
        metrics = {"steps": session.step, "epochs": session.epoch, "diverged": self.diverged}
        if len(session.history):
            metrics["loss"] = float(session.history.losses[-1])
        last = session.history.last_epoch()
        if last is not None:
            metrics["train_loss"] = last["train_loss"]
            metrics["train_accuracy"] = last["train_acc"]
            metrics["test_loss"] = last["val_loss"]
            metrics["test_accuracy"] = last["val_acc"]
        net = session.current_network()
        vocab = session.dataset.input_names if session.dataset is not None else None
        if names & {"top_spam_word"} or not names:
            top = self.pads.topSpamWord(net, vocab)
            if top is not None:
                extra["top_spam_word"] = top
        extra.update(self.pads.messageQuantities())
        state = quantities(net, None, None, settings_q(session.settings, ws),
                           {**metrics, **extra}, weight_name(w.selection()))  # fmt: skip
        return state

    def isBusy(self) -> bool:
        return self.training.busy

    # ------------------------------------------------------------ actions

    def setQuantity(self, name: str, index: tuple[int, ...], value: Any) -> None:
        if name == "workspace":
            self.w.showWorkspace(str(value))
        elif self.sampleMode:
            self._setSample(name, index, value)
        else:
            self._setTrain(name, index, value)

    def _setSample(self, name: str, index: tuple[int, ...], value: Any) -> None:
        bench = self.w.stepPanel.workbench  # type: ignore[union-attr]
        self.sampleSettings = set_sample(bench, self.sampleSettings, name, index, value)

    def _setTrain(self, name: str, index: tuple[int, ...], value: Any) -> None:
        set_train(self.w, name, index, value)

    def teachingStep(self, count: int) -> None:
        panel = self.w.stepPanel
        if not self.sampleMode or panel is None:
            self.trainSteps(count)
            return
        self.w.showWorkspace("step")
        for _ in range(count):
            panel.advanceWorkbench()

    def playForward(self) -> None:
        panel = self.w.stepPanel
        if panel is None:
            raise LessonHostError("this window has no step view")
        self.w.showWorkspace("step")
        if not self.sampleMode:
            panel.useTraining()
        last = max(n for n, f in enumerate(panel.frames) if f.phase == "forward")
        panel.setFrame(min(last + 1, len(panel.frames) - 1))
        self.forwardDone = True

    def trainSteps(self, count: int) -> None:
        self._dataLesson().steps(count)

    def trainEpochs(self, count: int) -> None:
        self._dataLesson().epochs(count)

    def trainUntil(self, done: StateCheck, limit: int | None) -> None:
        self._dataLesson().until(done, limit)

    def _dataLesson(self) -> LessonTraining:
        if self.sampleMode:
            raise LessonHostError("a one-sample lesson trains with Step, not with Train")
        return self.training

    def select(self, unit: str, index: tuple[int, ...]) -> None:
        sel = selection_for(unit, index)
        panel = self.w.stepPanel
        if self.sampleMode and panel is not None:
            panel.select(sel)
        else:
            self.w.setSelection(sel)

    def drawMistake(self) -> None:
        net = self.w.session.network
        self.pads.drawMistake(net.copy(np.float64) if net is not None else None)

    def teachDrawing(self) -> None:
        self.pads.teachDrawing()

    def writeMessage(self, text: str) -> None:
        self.pads.writeMessage(text, *self._filter())

    def writeSpamMessage(self) -> None:
        self.pads.writeSpamMessage(*self._filter())

    def _filter(self) -> tuple[Network | None, list[str] | None]:
        s = self.w.session
        if s.network is None or s.dataset is None or s.dataset.input_names is None:
            return None, None
        return s.current_network(), s.dataset.input_names
