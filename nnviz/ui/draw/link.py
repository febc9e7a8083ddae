"""Wiring of the draw panel into the main window: dock, status bar, step panel, network view.

While you draw, the network view lights up with the forward pass of the drawing through
the network it shows (the session's), so its weights and activations always agree; it
does so whenever that network takes 28x28 inputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QScrollArea

from nnviz.engine import Network, Step


def _session_network(window: Any) -> Network | None:
    session = getattr(window, "session", None)
    net = getattr(session, "network", None)
    if net is None and session is None and hasattr(window, "currentNetwork"):
        try:
            net = window.currentNetwork()
        except Exception:  # no network yet
            return None
    return net if isinstance(net, Network) else None


class ViewLink(QObject):
    """Sends drawn digits to `window.networkView.showForward` and taught steps onward."""

    def __init__(self, window: Any, panel: Any) -> None:
        super().__init__(panel)
        self.window = window
        self.panel = panel
        panel.sigForward.connect(self.forward)
        panel.sigMessage.connect(self.message)
        qt = getattr(window, "sessionQt", None)
        for name in ("sigNetworkChanged", "sigDatasetChanged"):
            sig = getattr(qt, name, None)
            if sig is not None:
                sig.connect(self.syncActions)
        self.syncActions()

    @Slot(object)
    def forward(self, x: np.ndarray) -> None:
        """Show x's forward pass through the view's network (not the panel's reader)."""
        view = getattr(self.window, "networkView", None)
        net = _session_network(self.window)
        if view is None or net is None or net.sizes[0] != x.size:
            return
        layers = net.forward_all(x)  # the view's own network, so edges and nodes agree
        view.showForward(x, [a[0] for _, a in layers], [zk[0] for zk, _ in layers])

    @Slot(str)
    def message(self, text: str) -> None:
        bar = getattr(self.window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)

    @Slot()
    def syncActions(self) -> None:
        net = _session_network(self.window)
        ok = net is not None and net.sizes[0] == 784 and net.sizes[-1] == 10
        self.panel.useTrainingAction.setEnabled(ok)
        tip = "Read drawings with a copy of the network being trained"
        self.panel.useTrainingAction.setToolTip(tip if ok else tip + " (needs the MNIST dataset)")

    def step(self, step: Step, net: Network) -> None:
        step_panel = getattr(self.window, "stepPanel", None)
        if step_panel is not None:
            step_panel.setStep(step, net)
            dock = self.window.panel("step") if hasattr(self.window, "panel") else None
            if dock is not None:
                dock.show()
                dock.raise_()  # show the step just learned, frame by frame


def install(window: Any, panel_cls: type) -> Any:
    make_opt = getattr(window, "makeOptimizer", None)
    panel = panel_cls(optimizer_factory=make_opt)
    if hasattr(window, "currentNetwork"):
        panel.trainingNetwork = window.currentNetwork
    link = ViewLink(window, panel)
    panel.stepSink = link.step
    scroll = QScrollArea()  # lets the dock shrink below the panel's natural height
    scroll.setWidget(panel)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    bar = scroll.verticalScrollBar().sizeHint().width()
    scroll.setMinimumWidth(panel.minimumSizeHint().width() + bar)
    window.addPanel("draw", "Draw a digit", scroll, Qt.DockWidgetArea.RightDockWidgetArea, "Ctrl+D")
    window.drawPanel = panel
    return panel


def main() -> int:
    """The draw panel alone in a window, reading with the pretrained digit model."""
    import sys

    from PySide6.QtWidgets import QApplication

    from nnviz.ui.draw.pad import DrawPanel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    panel = DrawPanel()
    panel.setWindowTitle("nnviz – draw a digit")
    panel.show()
    return app.exec()
