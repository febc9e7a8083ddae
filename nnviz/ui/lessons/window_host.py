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
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnviz.app.lesson_state import SAMPLE_SETS, preset_settings, quantities, rebuild
from nnviz.app.lesson_state import settings_quantities as settings_q
from nnviz.app.settings import TOY_NOISE, Settings
from nnviz.engine import Network
from nnviz.teach.lessons import Preset
from nnviz.ui.common.selection import Selection
from nnviz.ui.lessons.host import LessonHostError, StateCheck
from nnviz.ui.lessons.preset import preset_network, preset_sample
from nnviz.ui.lessons.window_pads import PadTools
from nnviz.ui.lessons.window_protocol import LessonWindow
from nnviz.ui.lessons.window_training import LessonTraining

NO_MNIST = (
    "MNIST is not on this computer: choose the MNIST dataset in the Controls panel to "
    "download or import it, then open this lesson again"
)
ARCH = {"activation", "output_activation", "loss_function", "layers"}


@dataclass
class UserState:
    settings: Settings
    params: list | None
    workspace: str
    selection: Selection | None
    bench: tuple[Network, list, float, str]
    drawing: tuple[Network, np.ndarray, int] | None
    message: str | None


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
        w, net = self.w, self.w.session.network
        bench = w.stepPanel.workbench if w.stepPanel is not None else None
        pad, reader = w.drawPanel, w.readPanel
        return UserState(
            settings=w.session.settings,
            params=net.params() if net is not None else None,
            workspace=w.currentWorkspace(),
            selection=w.selection(),
            bench=(
                bench.net.copy(),
                list(bench.samples),
                bench.opt.lr,
                bench.optCombo.currentText(),
            )
            if bench is not None
            else None,  # type: ignore[arg-type]
            drawing=(pad.network().copy(), pad.canvas.inkArray().copy(), pad.labelSpin.value())
            if pad is not None
            else None,
            message=reader.editor.toPlainText() if reader is not None else None,
        )

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
            return quantities(bench.net, x, y, settings, metrics, _weight(sel))
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
                           {**metrics, **extra}, _weight(w.selection()))  # fmt: skip
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
        net: Network = bench.net
        if name in ("w", "b"):
            k, j = index[0], index[1]
            if name == "w":
                net.layers[k].W[j, index[2]] = float(value)
            else:
                net.layers[k].b[j] = float(value)
            bench.refresh()
        elif name in ("x", "target"):
            x, y = (np.array(v, np.float64) for v in bench.samples[bench.sampleIndex])
            (x if name == "x" else y)[index[0]] = float(value)
            bench.samples[bench.sampleIndex] = (x, y)
            bench.refresh()
        elif name == "lr":
            bench.lrSpin.setValue(float(value))
        elif name in ("optimizer", "batch_size", "seed"):
            if name == "optimizer":
                bench.load(net, bench.samples, bench.opt.lr, str(value))
            self.sampleSettings = self.sampleSettings.replace(**{name: value})
        elif name in ARCH:
            new = rebuild(net, **_arch_change(net, name, value, self.sampleSettings.seed))
            bench.load(new, bench.samples, bench.opt.lr, bench.optCombo.currentText())
        else:
            raise LessonHostError(f"cannot set {name} in a one-sample lesson")

    def _setTrain(self, name: str, index: tuple[int, ...], value: Any) -> None:
        w, session = self.w, self.w.session
        s = session.settings
        if name in ("w", "b"):
            if session.network is None:
                raise LessonHostError("there is no network yet")
            params = session.network.params()
            k, j = index[0], index[1]
            if name == "w":
                params[k][0][j, index[2]] = float(value)
            else:
                params[k][1][j] = float(value)
            w.sessionQt.loadData(s, params)
            return
        if name in ("x", "target"):
            raise LessonHostError("no single sample is shown in this lesson")
        if name in ("lr", "batch_size", "seed", "optimizer"):
            s = s.replace(**{name: value})
        elif name == "dataset":
            s = Settings.defaults_for(str(value), s.seed) if s.kind != "toy" else s
            s = s.replace(dataset=str(value), noise=TOY_NOISE.get(str(value), s.noise))
        elif name == "layers":
            hidden = [int(v) for v in str(value).split("-")[1:-1]]
            act = (s.activations or ["tanh"])[0]
            s = s.replace(hidden=hidden, activations=[act] * len(hidden))
        elif name == "activation":
            s = s.replace(activations=[str(value)] * len(s.hidden))
        elif name == "output_activation":
            s = s.replace(output=str(value))
        elif name == "loss_function":
            s = s.replace(loss=str(value))
        else:
            raise LessonHostError(f"cannot set {name} here")
        if s.kind == "mnist" and not _mnist():
            raise LessonHostError(NO_MNIST)
        w.sessionQt.applySettings(s)

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
        sel = _selection(unit, index)
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


def _mnist() -> bool:
    from nnviz.ui.shell.data_setup import mnist_available

    return mnist_available()


def _weight(sel: Selection | None) -> str:
    if sel is None or sel.weight is None:
        return ""
    return f"{sel.layer} {sel.weight[0]} {sel.weight[1]}"


def _selection(unit: str, index: tuple[int, ...]) -> Selection | None:
    if unit == "weight":
        return Selection(index[0], weight=(index[1], index[2]))
    if unit == "neuron":
        return Selection(index[0], unit=index[1])
    if unit == "input":
        return Selection(-1, unit=index[0])
    return None


def _arch_change(net: Network, name: str, value: Any, seed: int) -> dict[str, Any]:
    if name == "layers":
        sizes = [int(v) for v in str(value).split("-")]
        act = net.activations[0] if len(net.sizes) > 2 else "tanh"
        return {"sizes": sizes, "activation": [act] * (len(sizes) - 2), "seed": seed}
    if name == "activation":
        return {"activation": [str(value)] * (len(net.sizes) - 2)}
    return {"output" if name == "output_activation" else "loss": str(value)}
