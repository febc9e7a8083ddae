"""Wiring of the "Read a message" panel into the main window (the Draw workspace).

It reads with a float64 copy of the training network whenever that is a spam filter
(the session's data is the spam e-mails), refreshed when the weights change. Otherwise
a button switches the data to the spam filter and trains it for `BRIEF_TRAINING_MS`
(it reaches ~97 % test accuracy in well under a second). While you type, the network
view lights up with the message's forward pass through the network it shows; "Learn
this" opens the step it took in the Step workspace.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, SignalInstance, Slot
from PySide6.QtWidgets import QPushButton, QScrollArea, QStatusBar, QVBoxLayout, QWidget

from nnviz.app.session import Session
from nnviz.app.settings import Settings
from nnviz.data import load_spam_messages
from nnviz.engine import Network, Step
from nnviz.ui.common.host import PanelHost, TrainingCopy
from nnviz.ui.read.panel import ReadPanel

BRIEF_TRAINING_MS = 2000  # "Train a spam filter": how long it trains before pausing
REFRESH_MS = 250  # the reading network follows the training weights at most 4x a second


class ForwardView(Protocol):
    def showForward(self, x: np.ndarray, activations: list, z: list) -> None: ...


class SessionSignals(Protocol):
    @property
    def sigNetworkChanged(self) -> SignalInstance: ...
    @property
    def sigParamsChanged(self) -> SignalInstance: ...
    @property
    def sigDatasetChanged(self) -> SignalInstance: ...
    @property
    def running(self) -> bool: ...
    def play(self) -> None: ...
    def pause(self) -> None: ...


class WorkspaceSignals(Protocol):
    @property
    def sigChanged(self) -> SignalInstance: ...  # the workspace's name


class ReadHost(PanelHost, TrainingCopy, Protocol):
    """What the read panel uses of the window (`MainWindow` provides it)."""

    readPanel: Any  # set by `install`
    wiring: Any  # viewFollowsSession, showSessionNetwork()

    @property
    def networkView(self) -> ForwardView: ...
    @property
    def session(self) -> Session: ...
    @property
    def sessionQt(self) -> SessionSignals: ...
    @property
    def workspaces(self) -> WorkspaceSignals: ...
    def statusBar(self) -> QStatusBar: ...
    def showStep(self, step: Step, net: Network) -> None: ...
    def showWorkspace(self, name: str) -> None: ...
    def applySettings(self, settings: Settings) -> None: ...
    def panel(self, name: str) -> Any: ...


def spam_vocabulary(session: Session) -> list[str] | None:
    """The words of the training network's inputs when it is a spam filter, else None."""
    net, ds = session.network, session.dataset
    if net is None or ds is None or session.settings.kind != "spam" or net.sizes[-1] != 2:
        return None
    names = ds.input_names
    return names if names is not None and len(names) == net.sizes[0] else None


class ReadLink(QObject):
    """Keeps the panel reading with the training network; sends its forward passes to
    the network view and its taught steps to the Step workspace."""

    def __init__(self, window: ReadHost, panel: ReadPanel, train_button: QPushButton) -> None:
        super().__init__(panel)
        self.window, self.panel, self.trainButton = window, panel, train_button
        self._generation = -1
        self._refresh = QTimer(self, singleShot=True, interval=REFRESH_MS, timeout=self.sync)
        self._brief = QTimer(self, singleShot=True, interval=BRIEF_TRAINING_MS)
        self._brief.timeout.connect(self._stopBrief)
        self._briefGeneration = -1
        panel.sigForward.connect(self.forward)
        panel.sigTaught.connect(self.taught)
        panel.sigMessage.connect(self.message)
        train_button.clicked.connect(self.trainSpamFilter)
        q = window.sessionQt
        q.sigNetworkChanged.connect(self.sync)
        q.sigDatasetChanged.connect(self.datasetChanged)
        q.sigParamsChanged.connect(self.paramsChanged)
        window.workspaces.sigChanged.connect(self.workspaceShown)
        self.sync()

    @Slot()
    def sync(self) -> None:
        """Read with a fresh copy of the training network (if it is a spam filter)."""
        vocab = spam_vocabulary(self.window.session)
        self.trainButton.setVisible(vocab is None)
        if vocab is None:
            self.panel.sourceLabel.setText(
                ("Reading with the last spam filter: t" if self.panel.network() else "T")
                + "he network being trained is not a spam filter. Train one to read e-mail "
                "(this switches the data to the spam filter and trains it for a moment)."
            )
            return
        s = self.window.session
        self._generation = s.generation
        source = f"the training network, step {s.step:,}"
        self.panel.setNetwork(self.window.currentNetwork(), vocab, source)
        self.loadExamples()

    @Slot()
    def datasetChanged(self) -> None:
        """New data: read with it; the spam filter's data puts this panel in front of the
        draw pad (when the panel is in the layout)."""
        self.sync()
        dock = self.window.panel("read")
        if dock is not None and not dock.isHidden() and spam_vocabulary(self.window.session):
            dock.raise_()

    def loadExamples(self) -> None:
        """The test-set examples, once a spam filter is read in a visible panel (they
        take ~70 MB: other data never load them)."""
        dock = self.window.panel("read")
        visible = dock is None or dock.isVisible()
        if visible and spam_vocabulary(self.window.session) is not None:
            load_examples(self.panel)

    @Slot(str)
    def workspaceShown(self, name: str) -> None:
        """The Draw workspace puts this panel in front when a spam filter is training."""
        dock = self.window.panel("read")
        if name == "draw" and dock is not None and spam_vocabulary(self.window.session):
            dock.show()
            dock.raise_()
            wiring = self.window.wiring  # the centre shows the spam filter, not the digits
            wiring.viewFollowsSession = True
            wiring.showSessionNetwork()

    @Slot()
    def paramsChanged(self) -> None:
        if spam_vocabulary(self.window.session) is not None and not self._refresh.isActive():
            self._refresh.start()

    @Slot()
    def trainSpamFilter(self) -> None:
        """Switch the data to the spam filter (its default network) and train briefly."""
        s = self.window.session.settings
        if s.kind != "spam":
            self.window.applySettings(Settings.defaults_for("spam", seed=s.seed))
        if spam_vocabulary(self.window.session) is None:
            return
        q = self.window.sessionQt
        q.play()
        self._briefGeneration = self.window.session.generation
        self._brief.start()
        self.message("Training the spam filter for a moment…")

    @Slot()
    def _stopBrief(self) -> None:
        """Pause the brief training (unless the network was replaced meanwhile)."""
        if (
            self.window.session.generation == self._briefGeneration
            and self.window.sessionQt.running
        ):
            self.window.sessionQt.pause()
        self.sync()

    @Slot(object)
    def forward(self, x: np.ndarray) -> None:
        """Light the network view with x's forward pass through the network it shows."""
        net = self.window.session.network
        if net is None or net.sizes[0] != x.size or spam_vocabulary(self.window.session) is None:
            return
        if not self.window.wiring.viewFollowsSession:  # the centre shows the digit reader
            return
        layers = net.forward_all(x)
        self.window.networkView.showForward(
            x, [a[0] for _, a in layers], [zk[0] for zk, _ in layers]
        )

    @Slot(object, object)
    def taught(self, step: Step, net: Network) -> None:
        """The step "Learn this" took, frame by frame in the Step workspace."""
        self.window.showWorkspace("step")
        self.window.showStep(step, net)

    @Slot(str)
    def message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)


def load_examples(panel: ReadPanel) -> None:
    """The test-set messages for the example buttons, read the first time they are needed
    (~0.5 s once)."""
    if panel.examples:
        return
    try:
        panel.setExamples(load_spam_messages()[1])
    except (OSError, ValueError) as e:
        panel.showMessage(f"No examples: {str(e).splitlines()[0] if str(e) else e!r}")


def install(window: ReadHost) -> ReadPanel:
    """Make the panel (with the test-set examples) and dock it as "Read a message",
    a tab beside the draw pad; the window's Draw workspace shows both."""
    panel = ReadPanel(optimizer_factory=window.makeOptimizer)
    button = QPushButton("Train a spam filter")
    button.setToolTip(
        "Switch the data to the spam filter (300 words → 32 → spam/ham) and train it for "
        f"{BRIEF_TRAINING_MS / 1000:g} s"
    )
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
    layout.addWidget(panel, 1)
    panel.link = ReadLink(window, panel, button)
    scroll = QScrollArea()  # the dock may be narrower than the panel: it scrolls
    scroll.setWidget(box)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    dock = window.addPanel(
        "read", "Read a message", scroll, Qt.DockWidgetArea.RightDockWidgetArea, tabify_with="draw"
    )
    if dock is not None:
        dock.visibilityChanged.connect(lambda shown: shown and panel.link.loadExamples())
    window.readPanel = panel
    return panel
