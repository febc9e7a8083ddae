"""Wiring of the step view into the main window: the network view follows the frames,
the selection is shared, and the exports appear in the window's Export menu.

The main view shows the session's network; a step of another architecture (the tiny
workbench network) stays in the panel and does not touch the view or the shared selection.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QObject, Qt, SignalInstance, Slot
from PySide6.QtWidgets import QMenu

from nnviz.app.stepper import step_in_place
from nnviz.engine import Network, Step
from nnviz.ui.common.host import NetworkHolder, PanelHost, TrainingCopy
from nnviz.ui.common.scroll import scrolled
from nnviz.ui.common.selection import Selection


class FrameView(Protocol):
    def showFrame(self, step: Step, phase: str, layer: int | None) -> None: ...


class StepHost(PanelHost, TrainingCopy, Protocol):
    """What the step panel uses of the window (`MainWindow` provides it)."""

    stepPanel: Any  # set by `install`

    @property
    def networkView(self) -> FrameView: ...
    @property
    def session(self) -> NetworkHolder: ...  # the network the window shows
    @property
    def exportMenu(self) -> QMenu: ...
    @property
    def sigSelection(self) -> SignalInstance: ...  # the shared selection changed
    def setSelection(self, sel: Selection | None) -> None: ...
    def nextSample(self) -> tuple[np.ndarray, np.ndarray]: ...


def step_sizes(step: Step) -> list[int]:
    return list(step.sizes)


def window_sizes(window: StepHost) -> list[int] | None:
    """Layer sizes of the network the window shows, or None when there is none yet."""
    net = window.session.network
    return list(net.sizes) if net is not None else None


class StepLink(QObject):
    def __init__(self, window: StepHost, panel: Any) -> None:
        super().__init__(panel)
        self.window = window
        self.panel = panel
        panel.sigFrameChanged.connect(self.frameChanged)
        panel.sigSelectionChanged.connect(self.panelSelection)
        window.sigSelection.connect(self.windowSelection)
        menu = window.exportMenu
        menu.addSeparator()
        for kind, text in (
            ("csv", "Backprop step: parameters as CSV…"),
            ("md", "Backprop step: formulas as Markdown…"),
            ("tex", "Backprop step: formulas as LaTeX…"),
        ):
            act = menu.addAction(text)
            act.setToolTip("Export the step shown in the Backprop step panel")
            act.triggered.connect(lambda _c=False, kind=kind: panel.exportDialog(kind))

    @staticmethod
    def trainingStep(window: StepHost) -> tuple[Step, Network]:
        """One training step of a float64 copy of the window's network on its next sample."""
        x, y = window.nextSample()
        done = step_in_place(window.currentNetwork(), x, y, window.makeOptimizer())
        return done.step, done.net

    def matches(self) -> bool:
        step = self.panel.step
        return step is not None and window_sizes(self.window) == step_sizes(step)

    @Slot(object)
    def frameChanged(self, step_frame: tuple) -> None:
        step, frame = step_frame
        shown = self.matches()
        self.panel.setMiniViewVisible(not shown)
        if shown:
            self.window.networkView.showFrame(step, frame.phase, frame.layer)

    @Slot(object)
    def panelSelection(self, sel: Selection | None) -> None:
        if self.matches():
            self.window.setSelection(sel)

    @Slot(object)
    def windowSelection(self, sel: Selection | None) -> None:
        if self.matches():
            self.panel.select(sel)


def attach(window: StepHost, panel: Any) -> StepLink:
    """Link a step view placed by the window (a workspace's centre or a dock): N steps the
    training network, frames drive `window.networkView`, selections are shared, exports join
    `window.exportMenu`. Sets `window.stepPanel` and `panel.link`."""
    window.stepPanel = panel
    panel.stepSource = lambda: StepLink.trainingStep(window)
    panel.link = StepLink(window, panel)
    return panel.link


def install(window: StepHost, panel_cls: type) -> Any:
    """Make the view, put it in the "Backprop step" dock (scrollable when the dock is
    smaller than the view's minimum size) and link it."""
    panel = panel_cls(training=True)
    scroll = scrolled(panel)
    window.addPanel("step", "Backprop step", scroll, Qt.DockWidgetArea.BottomDockWidgetArea)
    attach(window, panel)
    return panel
