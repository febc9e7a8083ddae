"""The Draw workspace's one network: the draw panel's reader is also what the centre draws.

In the Draw workspace the centre shows the network that reads the drawing — the
pretrained digit model or a copy of your training network — named on screen
("pretrained digits (99.0 %)", "your network (trained 3 min, 97.2 %)") and
switchable; with data that are not digits it stays the digit network and says why.
Leaving the workspace gives the centre back to the training network.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QObject, SignalInstance, Slot
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QBoxLayout, QComboBox, QHBoxLayout, QLabel, QWidget

from nnviz.app.session import Session
from nnviz.engine import ModelFileError, Network

DIGITS = [str(d) for d in range(10)]
EVAL_ROWS = 10_000  # test rows used to name your network's accuracy


class ReaderView(Protocol):
    def setNetwork(self, net: Network, input_shape: tuple[int, int] | None = None) -> None: ...
    def shownNetwork(self) -> Network | None: ...
    def setParams(self, params: list) -> None: ...
    def setClassNames(self, names: list[str] | None) -> None: ...


class ReaderHost(Protocol):
    """What the Draw workspace's network uses of the window (`MainWindow` provides it)."""

    drawPanel: Any
    wiring: Any  # viewFollowsSession, showSessionNetwork()
    workspaces: Any  # sigChanged(str)

    @property
    def networkView(self) -> ReaderView: ...
    @property
    def session(self) -> Session: ...
    @property
    def sessionQt(self) -> Any: ...
    def currentWorkspace(self) -> str: ...
    def centralWidget(self) -> QWidget: ...


def duration_text(seconds: float) -> str:
    """Like "40 s", "3 min", "1 h 5 min"."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min"
    return f"{s // 3600} h {s % 3600 // 60} min"


def accuracy(net: Network, X: np.ndarray, y: np.ndarray) -> float:
    """Fraction of rows whose argmax output is the label (the first EVAL_ROWS rows)."""
    X, y = X[:EVAL_ROWS], y[:EVAL_ROWS]
    return float(np.mean(net.predict(X) == y)) if len(y) else float("nan")


def is_digit_net(net: Network | None) -> bool:
    return net is not None and net.sizes[0] == 784 and net.sizes[-1] == 10


def default_network() -> tuple[Network, str]:
    """(the pretrained digit model in float64, a note); an untrained net if it is missing."""
    from nnviz.data.pretrained import pretrained_digits

    try:
        net = pretrained_digits()
    except ModelFileError as err:
        net = Network([784, 64, 10], seed=0)
        return net.copy(np.float64), f"No pretrained digit model ({err}); using an untrained one."
    return net.copy(np.float64), ""


class DrawReader(QObject):
    """Keeps the draw panel's reader and the centre the same object in the Draw workspace."""

    def __init__(self, window: ReaderHost) -> None:
        super().__init__(window.drawPanel)
        self.w = window
        self.panel = panel = window.drawPanel
        self.trainedSeconds = 0.0
        self._runningSince: float | None = None
        self.yoursText = "your network"
        # a bar above the centre (Draw workspace only) and a line at the top of the panel
        self.bar = QWidget()
        self.bar.setObjectName("drawReaderBar")
        lay = QHBoxLayout(self.bar)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(QLabel("The network reading your drawing:"))
        self.combo = QComboBox()
        self.combo.setObjectName("drawReaderChoice")
        self.combo.addItems(["pretrained digits", "your network"])
        self.combo.setToolTip("Which network reads the drawing (the same one is drawn here)")
        lay.addWidget(self.combo)
        self.note = QLabel("")
        self.note.setObjectName("drawReaderNote")
        self.note.setWordWrap(True)
        self.note.setToolTip("Drawings are read by a network with 28x28 inputs and 10 digits")
        lay.addWidget(self.note, 1)
        central = window.centralWidget().layout()
        if isinstance(central, QBoxLayout):
            central.insertWidget(1, self.bar)
        self.bar.hide()
        self.panelLabel = QLabel("")
        self.panelLabel.setObjectName("drawReaderName")
        self.panelLabel.setWordWrap(True)
        box = panel.layout()
        if isinstance(box, QBoxLayout):
            box.insertWidget(0, self.panelLabel)
        self.combo.activated.connect(self.choose)
        panel.sigReaderChanged.connect(self.readerChanged)
        q = window.sessionQt
        q.sigNetworkChanged.connect(self.sessionChanged)
        q.sigDatasetChanged.connect(self.sessionChanged)
        q.sigHistoryCleared.connect(self._forgetTime)
        q.sigTrainingStateChanged.connect(self._running)
        sig: SignalInstance = window.workspaces.sigChanged
        sig.connect(self.workspaceChanged)
        entering: SignalInstance = window.workspaces.sigEntering
        entering.connect(self.entering)
        self.sessionChanged()

    # ------------------------------------------------------------ names

    def pretrainedName(self, net: Network) -> str:
        acc = net.meta.get("test_accuracy")
        return "pretrained digits" + (f" ({100 * acc:.1f} %)" if acc is not None else "")

    def yoursName(self, net: Network) -> str:
        s = self.w.session
        seconds = self.trainedSeconds + (
            time.monotonic() - self._runningSince if self._runningSince is not None else 0.0
        )
        parts = []
        if seconds >= 1:
            parts.append(f"trained {duration_text(seconds)}")
        elif s.step:
            parts.append(f"trained {s.step:,} steps")
        else:
            parts.append("untrained")
        ds = s.dataset
        if ds is not None and ds.n_features == net.sizes[0] and len(ds.X_test):
            parts.append(f"{100 * accuracy(net, ds.X_test, ds.y_test):.1f} %")
        return f"your network ({', '.join(parts)})"

    def readingYours(self) -> bool:
        return not self.panel.readerSource.startswith("pretrained")

    def readerName(self) -> str:
        """The name on screen of the network reading the drawing."""
        net = self.panel.readingNetwork()
        return self.yoursText if self.readingYours() else self.pretrainedName(net)

    # ------------------------------------------------------------ slots

    @Slot(int)
    def choose(self, k: int) -> None:
        """0: the pretrained digit model; 1: a copy of your training network."""
        if k == 1:
            if not self.panel.useTrainingNetwork():
                self.combo.setCurrentIndex(0)
        elif self.readingYours():
            self.panel.resetToPretrained()

    @Slot()
    def readerChanged(self) -> None:
        net = self.panel.readingNetwork()
        if self.readingYours():
            self.yoursText = self.yoursName(net)
        if not self.w.wiring.viewFollowsSession:  # the centre shows the reader
            view = self.w.networkView
            if view.shownNetwork() is net:
                view.setParams(net.params())
            else:
                view.setNetwork(net, (28, 28))
                view.setClassNames(list(net.meta.get("classes") or DIGITS))
        self._label()

    @Slot()
    def sessionChanged(self) -> None:
        """Your network is offered when the training data are digits."""
        ok = is_digit_net(self.w.session.network)
        model = self.combo.model()
        if isinstance(model, QStandardItemModel):
            item = model.item(1)
            item.setEnabled(ok)
            item.setToolTip("" if ok else "Needs the MNIST dataset (784 inputs, 10 classes)")
        if not ok and self.readingYours():
            self.panel.resetToPretrained()
        self._label()

    @Slot(str)
    def entering(self, name: str) -> None:
        """The reader's bar over the network belongs to the Draw workspace's layout."""
        self.bar.setVisible(name == "draw")

    @Slot(str)
    def workspaceChanged(self, name: str) -> None:
        wiring = self.w.wiring
        if name == "draw":
            if self.readingYours() and is_digit_net(self.w.session.network):
                self.panel.useTrainingNetwork()  # the latest weights
            wiring.viewFollowsSession = False
            self.readerChanged()
            self.panel.refresh()  # light the centre with the drawing
        elif not wiring.viewFollowsSession:
            wiring.viewFollowsSession = True
            wiring.showSessionNetwork()

    def _label(self) -> None:
        name = self.readerName()
        self.combo.setItemText(0, self.pretrainedName(self.panel.readingNetwork())
                               if not self.readingYours() else "pretrained digits")  # fmt: skip
        self.combo.setItemText(1, self.yoursText if self.readingYours() else "your network")
        self.combo.setCurrentIndex(1 if self.readingYours() else 0)
        self.panelLabel.setText(f"Read by: <b>{name}</b>")
        self.panelLabel.setToolTip(f"The network reading the drawing, drawn in the centre: {name}")
        s = self.w.session
        if s.dataset is not None and not is_digit_net(s.network):
            self.note.setText(
                f"Your data ({s.settings.dataset_label}) are not digits: this is the "
                "digit network. Train shows yours."
            )
        else:
            self.note.setText("")

    @Slot(bool)
    def _running(self, on: bool) -> None:
        now = time.monotonic()
        if on and self._runningSince is None:
            self._runningSince = now
        elif not on and self._runningSince is not None:
            self.trainedSeconds += now - self._runningSince
            self._runningSince = None

    @Slot()
    def _forgetTime(self) -> None:
        self.trainedSeconds = 0.0
        self._runningSince = time.monotonic() if self._runningSince is not None else None


def install(window: ReaderHost) -> DrawReader:
    """Link the draw panel's reader to the centre for the Draw workspace."""
    reader = DrawReader(window)
    window.drawReader = reader  # type: ignore[attr-defined]
    return reader
