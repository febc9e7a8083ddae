"""The "Backprop step" panel: one training step, frame by frame, with the real numbers.

Formulas of the current frame (typeset from `nnviz.teach.frames.explain_lines`), the layer's
vectors and matrices as coloured tables, a clickable timeline of the frames, a tiny-network
workbench, a gradient check and exports. Keys: Right/Left next/previous frame, Space
play/pause, Home/End first/last, N a new step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from nnviz.engine.network import Network
from nnviz.engine.record import Step
from nnviz.teach.export import step_to_csv
from nnviz.teach.frames import (
    Frame,
    GradEntry,
    check_gradients,
    explain_lines,
    focus,
    frames,
    network_for,
)
from nnviz.ui.common.selection import Selection
from nnviz.ui.step.controls import KeyRouter, fit_to_height, setup_ui
from nnviz.ui.step.html import check_html, export_dialog, lines_html, write_formulas
from nnviz.ui.step.tables import is_light
from nnviz.ui.step.workbench import StepSource

if TYPE_CHECKING:
    from nnviz.ui.step.link import StepHost

EXPORTS = (
    ("csv", "Parameters as CSV…"),
    ("md", "Formulas as Markdown…"),
    ("tex", "Formulas as LaTeX…"),
)


BIG_LAYER = 64  # weights in the first layer above which one weight is picked by default


def default_selection(step: Step) -> Selection | None:
    """For a big first layer (e.g. 784 pixels), the weight of the first layer whose recorded
    gradient |dW| is largest, so the frames show one that moves (a corner pixel's is 0);
    small networks show every weight (None)."""
    dW = step.layers[0].dW
    if dW.size <= BIG_LAYER or not np.any(dW):
        return None
    j, i = np.unravel_index(int(np.argmax(np.abs(dW))), dW.shape)
    return Selection(0, weight=(int(j), int(i)))


class StepPanel(QWidget):
    """Step-by-step backpropagation. `setStep(step, net)` shows a record; `select(sel)`
    follows a shared selection without emitting; user picks emit `sigSelectionChanged`."""

    shortcutGroup = "Step (while the step view has the focus)"
    sigFrameChanged = Signal(object)  # (step, frame)
    sigSelectionChanged = Signal(object)  # Selection | None

    def __init__(self, parent: QWidget | None = None, training: bool = False) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stepSource: StepSource | None = None
        self.step: Step | None = None
        self.net: Network | None = None
        self.frames: list[Frame] = []
        self.index = 0
        self.sel: Selection | None = None
        self.lastCheck: list[GradEntry] = []
        self.checkHtml = ""  # the last gradient check, shown under the formulas
        self._build(training)
        self.timer = QTimer(self)
        self.timer.setInterval(self.controls.paceMs())
        self.timer.timeout.connect(self._tick)
        self.workbench.sigStepChanged.connect(self._workbenchStep)
        self.workbench.sigUseTraining.connect(self.useTraining)
        self.workbench.sigAdvance.connect(self.advanceWorkbench)
        self._apply(*self.workbench.current())

    # ------------------------------------------------------------ layout

    def hasHeightForWidth(self) -> bool:
        return False  # its scroll area then fits it to the dock's height

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_to_height(self)

    def _build(self, training: bool) -> None:
        setup_ui(self, training)
        c = self.controls
        c.newButton.clicked.connect(self.newStep)
        c.firstButton.clicked.connect(self.firstFrame)
        c.prevButton.clicked.connect(self.prevFrame)
        c.playButton.clicked.connect(self.togglePlay)
        c.nextButton.clicked.connect(self.nextFrame)
        c.lastButton.clicked.connect(self.lastFrame)
        c.paceSlider.valueChanged.connect(lambda _v: self.timer.setInterval(c.paceMs()))
        c.allTerms.toggled.connect(lambda _on: self._render())
        c.sampleSpin.valueChanged.connect(lambda _v: self._render())
        c.digitsSpin.valueChanged.connect(lambda _v: self._render())
        c.checkButton.clicked.connect(self.gradientCheck)
        c.timeline.sigFrameClicked.connect(self.setFrame)
        self.exportActions = [
            c.exportMenu.addAction(text, lambda kind=kind: self.exportDialog(kind))
            for kind, text in EXPORTS
        ]
        self.tables.sigSelect.connect(self._userSelect)
        self.miniView.sigSelectionChanged.connect(self._userSelect)
        keys = {
            Qt.Key.Key_Right: self.nextFrame,
            Qt.Key.Key_Left: self.prevFrame,
            Qt.Key.Key_Space: self.togglePlay,
            Qt.Key.Key_Home: self.firstFrame,
            Qt.Key.Key_End: self.lastFrame,
            Qt.Key.Key_N: self.newStep,
        }
        self.keyNames = {
            "→": "Next phase",
            "←": "Previous phase",
            "Space": "Play / pause the phases",
            "Home": "First phase",
            "End": "Last phase",
            "N": "New step on the next sample",
        }
        clicks = (self.formulas.viewport(), self.tables, c)
        self.keys = KeyRouter(self, keys, clicks, editors=(self.workbench,))

    def shortcutRows(self) -> list[tuple[str, str]]:
        """(what, key) of the plain keys the panel handles, for the shortcut sheet."""
        return [(what, key) for key, what in self.keyNames.items()]

    # ------------------------------------------------------------ step and frames

    def setStep(self, step: Step, net: Network | None = None, keepFrame: bool = False) -> None:
        """Show a step recorded elsewhere (e.g. another panel) from its first frame unless
        `keepFrame`; `net` gives the architecture (built from the record when omitted)."""
        self.workbench.setTraining(
            True,
            "Showing a step recorded elsewhere. N makes a new one"
            + (" from the training network" if self.stepSource else "")
            + "; pick a preset to go back to the tiny network.",
        )
        self._apply(step, net, keepFrame)

    @Slot(object, object)
    def _workbenchStep(self, step: Step, net: Network) -> None:
        self._apply(step, net, keepFrame=True)

    def _apply(self, step: Step, net: Network | None, keepFrame: bool = False) -> None:
        self.step, self.net = step, net if net is not None else network_for(step)
        self.frames = frames(step)
        if not keepFrame:
            self.index = 0
        self.index = min(self.index, len(self.frames) - 1)
        if self.sel is not None and not self._fits(self.sel):
            self.sel = None
        if self.sel is None:
            self.sel = default_selection(step)
        n = len(step.layers)
        self.controls.timeline.setFrames(
            [_chip(f) for f in self.frames],
            [f.phase for f in self.frames],
            [f.title(n) for f in self.frames],
        )
        self.controls.sampleSpin.blockSignals(True)
        self.controls.sampleSpin.setRange(0, step.batch_size - 1)
        self.controls.sampleSpin.blockSignals(False)
        self.controls.sampleSpin.setVisible(step.batch_size > 1)
        self.checkHtml = ""
        self._showFrame()

    def frame(self) -> Frame:
        return self.frames[self.index]

    @Slot(int)
    def setFrame(self, n: int) -> None:
        if self.frames and 0 <= n < len(self.frames):
            self.index = n
            self._showFrame()

    def nextFrame(self) -> None:
        self.setFrame(min(self.index + 1, len(self.frames) - 1))

    def prevFrame(self) -> None:
        self.setFrame(max(self.index - 1, 0))

    def firstFrame(self) -> None:
        self.setFrame(0)

    def lastFrame(self) -> None:
        self.setFrame(len(self.frames) - 1)

    def togglePlay(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
        else:
            if self.index == len(self.frames) - 1:
                self.setFrame(0)
            self.timer.start()
        self._playIcon()

    def isPlaying(self) -> bool:
        return self.timer.isActive()

    def _tick(self) -> None:
        if self.index >= len(self.frames) - 1:
            self.timer.stop()
            self._playIcon()
        else:
            self.nextFrame()

    def _playIcon(self) -> None:
        self.controls.setPlaying(self.timer.isActive())

    def newStep(self) -> None:
        """N: a fresh step from `stepSource` (in the app: the training network on its next
        sample); without one, the workbench applies its update and moves to its next sample."""
        if self.stepSource is None:
            self.advanceWorkbench()
            return
        try:
            step, net = self.stepSource()
        except Exception as exc:  # no dataset yet, a diverged network, ...
            self.status.setText(f"No new step: {exc}")
            return
        self.workbench.setTraining(
            True,
            "Showing a step of the training network on its next training sample. N makes "
            "another one; pick a preset to go back to the tiny network.",
        )
        self._apply(step, net)

    def advanceWorkbench(self) -> None:
        """Keep the tiny network's updated weights and step on its next sample."""
        if self.workbench.training:  # back from a step shown from elsewhere
            self.workbench.setTraining(False)
        self._apply(*self.workbench.advance())

    def useTraining(self) -> None:
        """Switch to steps of the app's training network (needs `stepSource`)."""
        if self.stepSource is not None:
            self.newStep()

    # ------------------------------------------------------------ selection

    def _fits(self, sel: Selection) -> bool:
        st = self.step
        if st is None or not -1 <= sel.layer < len(st.layers):
            return False
        n_out, n_in = st.layers[sel.layer].dW.shape if sel.layer >= 0 else (st.X.shape[1], 0)
        if sel.weight is not None:
            return sel.layer >= 0 and sel.weight[0] < n_out and sel.weight[1] < n_in
        return sel.unit is None or sel.unit < n_out

    def selection(self) -> Selection | None:
        return self.sel

    @Slot(object)
    def select(self, sel: Selection | None) -> None:
        """Follow a selection made elsewhere (no signal). Ignored if it does not fit."""
        if sel is not None and not self._fits(sel):
            return
        if sel != self.sel:
            self.sel, self.checkHtml = sel, ""
            self._render()

    def _userSelect(self, sel: Selection | None) -> None:
        if sel is not None and not self._fits(sel):
            return
        self.sel, self.checkHtml = sel, ""
        self._render()
        self.sigSelectionChanged.emit(sel)

    # ------------------------------------------------------------ rendering

    def explainLines(self) -> list:
        assert self.step is not None
        sel = self.sel
        kw = focus(self.frame(), *((sel.layer, sel.unit, sel.weight) if sel else (None,)))
        return explain_lines(
            self.step,
            self.frame(),
            digits=self.controls.digitsSpin.value(),
            sample=self.controls.sampleSpin.value(),
            full=self.controls.allTerms.isChecked(),
            **kw,  # type: ignore[arg-type]
        )

    def explanationText(self) -> str:
        return "\n".join(line.text for line in self.explainLines())

    def _showFrame(self) -> None:
        self._render()
        if self.miniView.isVisibleTo(self) and self.step is not None:
            fr = self.frame()
            self.miniView.showFrame(self.step, fr.phase, fr.layer)
        self.sigFrameChanged.emit((self.step, self.frame()))

    def setMiniViewVisible(self, on: bool) -> None:
        """The panel's own network picture (hidden when the main view shows the frames)."""
        if on != self.miniView.isVisibleTo(self):
            self.miniView.setVisible(on)
            if on and self.step is not None:
                fr = self.frame()
                self.miniView.showFrame(self.step, fr.phase, fr.layer)
                self.miniView.select(self.sel)

    def _render(self) -> None:
        if self.step is None:
            return
        fr = self.frame()
        self.controls.timeline.setCurrent(self.index)
        pt = self.font().pointSizeF()
        light = is_light(self.palette())
        html = lines_html(self.explainLines(), fr.phase, pt if pt > 0 else 10.0, light)
        self.formulas.setHtml(html + self.checkHtml)
        self.miniView.select(self.sel)
        self.tables.show(
            self.step,
            fr,
            self.sel,
            self.controls.sampleSpin.value(),
            self.controls.digitsSpin.value(),
        )
        n = len(self.frames)
        what = self.sel.describe() if self.sel else "nothing selected (click a table cell)"
        self.status.setText(
            f"Frame {self.index + 1} of {n}: {fr.title(len(self.step.layers))}  ·  {what}  ·  "
            "Right/Left step, Space plays, N new step"
        )

    # ------------------------------------------------------------ check and export

    def gradientCheck(self) -> list[GradEntry]:
        """Finite differences for the selected weight / neuron, else the shown layer."""
        if self.step is None:
            return []
        sel = self.sel
        k = sel.layer if sel is not None and sel.layer >= 0 else self.tables.layer()
        unit = sel.unit if sel is not None and sel.layer == k else None
        weight = sel.weight if sel is not None and sel.layer == k else None
        self.lastCheck = check_gradients(self.step, k, unit, weight, net=self.net)
        self.checkHtml = check_html(self.lastCheck, self.controls.digitsSpin.value())
        self._render()
        bar = self.formulas.verticalScrollBar()
        bar.setValue(bar.maximum())
        return self.lastCheck

    def exportCSV(self, path: str) -> None:
        """Every parameter before/gradient/after (see `nnviz.teach.export.step_to_csv`)."""
        assert self.step is not None
        step_to_csv(self.step, path)

    def exportText(self, path: str, kind: str) -> None:
        """Write the Markdown ("md") or LaTeX ("tex") formulas of every frame."""
        assert self.step is not None
        c = self.controls
        write_formulas(
            self.step,
            path,
            kind,
            self.sel,
            c.digitsSpin.value(),
            c.sampleSpin.value(),
            c.allTerms.isChecked(),
        )

    def exportDialog(self, kind: str) -> None:
        """Ask for a file name and export ("csv", "md" or "tex")."""
        path = export_dialog(self, kind)
        if path:
            self.status.setText(f"Saved {path}")

    def hideEvent(self, e: Any) -> None:
        self.timer.stop()
        self._playIcon()
        super().hideEvent(e)


def _chip(f: Frame) -> str:
    short = {"forward": "Forward", "loss": "Loss", "backward": "Backward", "update": "Update"}
    if f.layer is None:
        return short[f.phase]
    return f"{short[f.phase]} {f.layer + 1}"


def install(window: StepHost) -> None:
    """Add the "Backprop step" dock to the main window and wire it: frames drive
    `window.networkView.showFrame`, selections are shared through `window.sigSelection` /
    `window.setSelection` (when the step is of the window's network), N draws a fresh step
    of the training network, exports join `window.exportMenu`. Stored as `window.stepPanel`."""
    from nnviz.ui.step.link import install as _install

    _install(window, StepPanel)
