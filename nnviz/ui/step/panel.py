"""The step view: one training step, phase by phase, with the real numbers.

Formulas of the current phase (typeset from `nnviz.teach.frames.explain_lines`), the layer's
vectors and matrices as coloured tables, a clickable timeline of the phases, a tiny-network
workbench, a gradient check and exports (layout in `nnviz.ui.step.layout`). Keys:
Right/Left next/previous phase, Space play/pause, Home/End first/last, N a new step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QWidget

from nnviz.data.dataset import input_names
from nnviz.engine.network import Network
from nnviz.engine.record import Step
from nnviz.teach.frames import Frame, GradEntry, explain_lines, focus, frames, network_for
from nnviz.teach.pace import Pace
from nnviz.ui.common.selection import Selection
from nnviz.ui.step.html import StepChecks, lines_html
from nnviz.ui.step.layout import fit_body, fit_picture, setup_ui, show_picture
from nnviz.ui.step.pick import chip_label, default_selection, fits
from nnviz.ui.step.playback import Player
from nnviz.ui.step.wiring import wire
from nnviz.ui.step.workbench import StepSource

if TYPE_CHECKING:
    from nnviz.ui.step.link import StepHost


class StepPanel(StepChecks, QWidget):
    """Step-by-step backpropagation. `setStep(step, net)` shows a record; `select(sel)`
    follows a shared selection without emitting; user picks emit `sigSelectionChanged`;
    `sigPaceChanged(seconds)` when the playback pace changes (a setting to remember)."""

    shortcutGroup = "Step (while the step view has the focus)"
    sigFrameChanged = Signal(object)  # (step, frame)
    sigSelectionChanged = Signal(object)  # Selection | None
    sigPaceChanged = Signal(float)  # seconds per phase

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
        setup_ui(self, training)
        self.player = Player(self)
        self.timer = self.player.timer  # plays the phases, one every paceSeconds()
        self.exportActions, self.keyNames, self.keys = wire(self)
        self._apply(*self.workbench.current())

    # ------------------------------------------------------------ layout

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_body(self)
        fit_picture(self, force=False)

    def changeEvent(self, event: QEvent) -> None:
        """Rich text is typeset from the widget's font and palette: redo it on a change."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._render()
        if event.type() == QEvent.Type.FontChange:
            fit_picture(self)

    def shortcutRows(self) -> list[tuple[str, str]]:
        """(what, key) of the plain keys the view handles, for the shortcut sheet."""
        return [(what, key) for key, what in self.keyNames.items()]

    # ------------------------------------------------------------ pace and play

    def paceSeconds(self) -> float:
        """Seconds each phase stays on screen while playing."""
        return self.player.seconds()

    def setPaceSeconds(self, seconds: float) -> None:
        """Set the playback pace (clamped to 0.3-3 s), e.g. from the saved settings."""
        self.controls.setPaceSeconds(seconds)

    def pace(self) -> Pace:
        return self.player.pace()

    @Slot(float)
    def _paceChanged(self, seconds: float) -> None:
        self.player.setSeconds(seconds)
        self.sigPaceChanged.emit(seconds)

    def togglePlay(self) -> None:
        self.player.toggle()

    def isPlaying(self) -> bool:
        return self.player.isPlaying()

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
            [chip_label(f) for f in self.frames],
            [f.phase for f in self.frames],
            [f.title(n) for f in self.frames],
        )
        self.controls.setSampleCount(step.batch_size)
        self.tables.setInputNames(input_names(self.net.meta))
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
        return fits(self.step, sel)

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
        sel, c = self.sel, self.controls
        kw = focus(self.frame(), *((sel.layer, sel.unit, sel.weight) if sel else (None,)))
        kw |= {"digits": c.digitsSpin.value(), "sample": c.sampleSpin.value()}
        return explain_lines(self.step, self.frame(), full=c.allTerms.isChecked(), **kw)  # type: ignore[arg-type]

    def explanationText(self) -> str:
        return "\n".join(line.text for line in self.explainLines())

    def _showFrame(self) -> None:
        self._render()
        if self.miniView.isVisibleTo(self) and self.step is not None:
            fr = self.frame()
            self.miniView.showFrame(self.step, fr.phase, fr.layer)
        self.sigFrameChanged.emit((self.step, self.frame()))

    def setMiniViewVisible(self, on: bool) -> None:
        """The view's own network picture (hidden when the main view shows the frames)."""
        show_picture(self, on)

    def _render(self) -> None:
        if self.step is None:
            return
        fr = self.frame()
        self.controls.timeline.setCurrent(self.index)
        f = self.font()  # in points, or a pixel size converted at the screen's dpi
        pt = f.pointSizeF() if f.pointSizeF() > 0 else f.pixelSize() * 72 / self.logicalDpiY()
        base = self.formulas.palette().color(QPalette.ColorRole.Base)
        html = lines_html(self.explainLines(), fr.phase, pt, base)
        self.formulas.setHtml(html + self.checkHtml)
        self.miniView.select(self.sel)
        c = self.controls
        self.tables.show(self.step, fr, self.sel, c.sampleSpin.value(), c.digitsSpin.value())
        n = len(self.frames)
        what = self.sel.describe() if self.sel else "nothing selected (click a table cell)"
        self.status.setText(
            f"Phase {self.index + 1} of {n}: {fr.title(len(self.step.layers))}  ·  {what}  ·  "
            "→/← next/previous phase, Space plays, N new step"
        )

    def hideEvent(self, e: Any) -> None:
        self.player.stop()
        super().hideEvent(e)


def install(window: StepHost) -> None:
    """Add the "Backprop step" dock (Ctrl+Shift+B) to the main window and wire it: frames drive
    `window.networkView.showFrame`, selections are shared through `window.sigSelection` /
    `window.setSelection` (when the step is of the window's network), N draws a fresh step
    of the training network, exports join `window.exportMenu`. Stored as `window.stepPanel`."""
    from nnviz.ui.step.link import install as _install

    _install(window, StepPanel)
