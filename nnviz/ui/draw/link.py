"""Wiring of the draw panel into the main window: dock, status bar, step panel, network view.

While you draw, the network view lights up with the forward pass of the drawing through
the network it shows, so its weights and activations always agree (in the Draw workspace
that is the network reading the drawing, see `nnviz.ui.draw.reader`).
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QObject, Qt, SignalInstance, Slot
from PySide6.QtWidgets import QScrollArea, QStatusBar

from nnviz.engine import Network, Step
from nnviz.ui.common.host import NetworkHolder, PanelHost, TrainingCopy


class ForwardView(Protocol):
    def shownNetwork(self) -> Network | None: ...
    def showForward(self, x: np.ndarray, activations: list, z: list) -> None: ...


class NetworkSignals(Protocol):
    @property
    def sigNetworkChanged(self) -> SignalInstance: ...
    @property
    def sigDatasetChanged(self) -> SignalInstance: ...


class DrawHost(PanelHost, TrainingCopy, Protocol):
    """What the draw panel uses of the window (`MainWindow` provides it)."""

    drawPanel: Any  # set by `install`

    @property
    def networkView(self) -> ForwardView: ...
    @property
    def session(self) -> NetworkHolder: ...  # the network the window shows
    @property
    def sessionQt(self) -> NetworkSignals: ...
    def statusBar(self) -> QStatusBar: ...
    def showStep(self, step: Step, net: Network) -> None: ...  # in the step panel


class ViewLink(QObject):
    """Sends drawn digits to the window's network view and taught steps to its step panel."""

    def __init__(self, window: DrawHost, panel: Any) -> None:
        super().__init__(panel)
        self.window = window
        self.panel = panel
        panel.sigForward.connect(self.forward)
        panel.sigMessage.connect(self.message)
        window.sessionQt.sigNetworkChanged.connect(self.syncActions)
        window.sessionQt.sigDatasetChanged.connect(self.syncActions)
        self.syncActions()

    @Slot(object)
    def forward(self, x: np.ndarray) -> None:
        """Show x's forward pass through the network the view draws (in the Draw
        workspace, the panel's reader itself)."""
        net = self.window.networkView.shownNetwork()
        if net is None or net.sizes[0] != x.size:
            return
        layers = net.forward_all(x)  # the view's own network, so edges and nodes agree
        self.window.networkView.showForward(
            x, [a[0] for _, a in layers], [zk[0] for zk, _ in layers]
        )

    @Slot(str)
    def message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    @Slot()
    def syncActions(self) -> None:
        net = self.window.session.network
        ok = net is not None and net.sizes[0] == 784 and net.sizes[-1] == 10
        self.panel.useTrainingAction.setEnabled(ok)
        tip = "Read drawings with a copy of the network being trained"
        self.panel.useTrainingAction.setToolTip(tip if ok else tip + " (needs the MNIST dataset)")

    def step(self, step: Step, net: Network) -> None:
        self.window.showStep(step, net)  # the step just learned, frame by frame


def install(window: DrawHost, panel_cls: type) -> Any:
    """Make the panel, put it in the "Draw a digit" dock (scrollable) and link it; the
    window's Draw workspace (Ctrl+2, Ctrl+D) brings it up."""
    panel = panel_cls(optimizer_factory=window.makeOptimizer)
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
    window.addPanel("draw", "Draw a digit", scroll, Qt.DockWidgetArea.RightDockWidgetArea)
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
