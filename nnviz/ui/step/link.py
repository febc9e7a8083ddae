"""Wiring of the step view into the main window: the network view follows the frames,
the selection is shared, and the exports appear in the window's Export menu.

The main view shows the session's network; a step of another architecture (the tiny
workbench network) stays in the panel and does not touch the view or the shared selection.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QScrollArea

from nnviz.engine import Network, Step
from nnviz.ui.common.selection import Selection


def step_sizes(step: Step) -> list[int]:
    return [int(step.X.shape[1]), *(int(T.a.shape[1]) for T in step.layers)]


def window_sizes(window: Any) -> list[int] | None:
    """Layer sizes of the network the window shows, or None when there is none yet."""
    net = getattr(getattr(window, "session", None), "network", None)
    if net is None and hasattr(window, "currentNetwork"):
        try:
            net = window.currentNetwork()
        except Exception:  # no network yet
            return None
    return list(net.sizes) if isinstance(net, Network) else None


class StepLink(QObject):
    def __init__(self, window: Any, panel: Any) -> None:
        super().__init__(panel)
        self.window = window
        self.panel = panel
        panel.sigFrameChanged.connect(self.frameChanged)
        panel.sigSelectionChanged.connect(self.panelSelection)
        sig = getattr(window, "sigSelection", None)
        if sig is not None:
            sig.connect(self.windowSelection)
        menu = getattr(window, "exportMenu", None)
        if menu is not None:
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
    def trainingStep(window: Any) -> tuple[Step, Network]:
        """One training step of a float64 copy of the window's network on its next sample."""
        net = window.currentNetwork()
        x, y = window.nextSample()
        return net.train_step(x, y, window.makeOptimizer()), net

    def matches(self) -> bool:
        step = self.panel.step
        return step is not None and window_sizes(self.window) == step_sizes(step)

    @Slot(object)
    def frameChanged(self, step_frame: tuple) -> None:
        view = getattr(self.window, "networkView", None)
        step, frame = step_frame
        shown = view is not None and self.matches()
        self.panel.setMiniViewVisible(not shown)
        if shown:
            view.showFrame(step, frame.phase, frame.layer)

    @Slot(object)
    def panelSelection(self, sel: Selection | None) -> None:
        if not self.matches():
            return
        setter = getattr(self.window, "setSelection", None) or getattr(
            self.window, "selectionChanged", None
        )
        if setter is not None:
            setter(sel)

    @Slot(object)
    def windowSelection(self, sel: Selection | None) -> None:
        if self.matches():
            self.panel.select(sel)


def attach(window: Any, panel: Any) -> StepLink:
    """Link a step view placed by the window (a workspace's centre or a dock): N steps the
    training network, frames drive `window.networkView`, selections are shared, exports join
    `window.exportMenu`. Sets `window.stepPanel` and `panel.link`."""
    window.stepPanel = panel
    panel.stepSource = lambda: StepLink.trainingStep(window)
    panel.link = StepLink(window, panel)
    return panel.link


def install(window: Any, panel_cls: type) -> Any:
    """Make the view, put it in the "Backprop step" dock (scrollable when the dock is
    smaller than the view's minimum size) and link it."""
    panel = panel_cls(training=True)
    scroll = QScrollArea()
    scroll.setWidget(panel)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    window.addPanel(
        "step",
        "Backprop step",
        scroll,
        Qt.DockWidgetArea.BottomDockWidgetArea,
        shortcut="Ctrl+Shift+B",
    )
    attach(window, panel)
    return panel
