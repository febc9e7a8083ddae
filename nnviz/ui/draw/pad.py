"""Draw a digit and watch the network read it: canvas, live probabilities, saliency, teach.

Every stroke segment marks the drawing dirty; a 0-ms single-shot timer then runs the
ink through `nnviz.data.preprocess` and the network, so a burst of pointer events costs
one update and the pen is never blocked. "Learn this" runs one recorded training step
(`nnviz.app.stepper.step_in_place`) on the drawing with a persistent optimizer.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from nnviz.app.stepper import step_in_place
from nnviz.data import preprocess
from nnviz.engine import SGD, Network, Optimizer, Step
from nnviz.ui.common.throttle import Throttle
from nnviz.ui.draw.explain import DrawExplain
from nnviz.ui.draw.reader import default_network

if TYPE_CHECKING:
    from nnviz.ui.draw.link import DrawHost

FORWARD_INTERVAL = 0.033  # s between forward passes sent to the network view (~30 Hz)
OVERLAY_INTERVAL = 0.033  # s between saliency overlays while drawing


def _percent(p: float) -> str:
    return f"{p:.1%}" if p >= 0.0005 else "<0.1%"


class DrawPanel(DrawExplain):
    """The "Draw a digit" panel. Widgets are built in `DrawControls`, the saliency overlay
    is drawn by `DrawExplain`; this is the logic."""

    sigPrediction = Signal(object)  # probabilities (10,) after each update
    sigForward = Signal(object)  # x (784,): the drawing, preprocessed (throttled)
    sigTaught = Signal(object)  # the Step of "Learn this"
    sigMessage = Signal(str)
    sigReaderChanged = Signal()  # another network reads the drawing, or its weights changed

    def __init__(
        self,
        net: Network | None = None,
        optimizer_factory: Callable[[], Optimizer] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.optimizerFactory = optimizer_factory or (lambda: SGD(lr=0.005))
        self.trainingNetwork: Callable[[], Network] | None = None
        self.stepSink: Callable[[Step, Network], None] | None = None
        self._net: Network = Network([784, 10], dtype=np.float64)
        self.readerSource = ""
        self._opt: Optimizer | None = None
        self.x = np.zeros(784, np.float32)
        self.probs: np.ndarray | None = None
        self.latencies: deque[float] = deque(maxlen=1000)
        self.updates = 0
        self._dirty_since: float | None = None
        self._pending_forward: np.ndarray | None = None
        self._timer = QTimer(self, singleShot=True, interval=0, timeout=self.refresh)
        self.forwardThrottle = Throttle(self, FORWARD_INTERVAL, self._emitForward)
        self.overlayThrottle = Throttle(self, OVERLAY_INTERVAL, self._updateSaliency)
        self.canvas.sigInkChanged.connect(self._inkChanged)
        self.canvas.sigMessage.connect(self.showMessage)
        self.prediction.bars.sigClassClicked.connect(self.labelSpin.setValue)
        self.gallery.sigDigitClicked.connect(self._galleryClicked)
        self.learnButton.clicked.connect(self.learn)
        self._labelChosen = False  # the user picked the label; else it follows the answer
        self._autoLabel = False
        self._learnNote = False  # the message is about the last "Learn this"
        self.labelSpin.valueChanged.connect(self._labelEdited)
        self.explainCheck.toggled.connect(self._updateSaliency)
        self.explainCombo.currentIndexChanged.connect(self._updateSaliency)
        self.useTrainingAction.triggered.connect(self.useTrainingNetwork)
        self.resetAction.triggered.connect(self.resetToPretrained)
        for text, keys, slot in (
            ("Learn this", ("Return", "Enter"), self.learn),
            ("Explain", ("W",), self.explainCheck.toggle),
        ):
            act = QAction(text, self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
        if net is None:
            net, note = default_network()
            self.setNetwork(net, "pretrained digit model")
            if note:
                self.showMessage(note)
        else:
            self.setNetwork(net, "given network")
        self.refresh()

    # ------------------------------------------------------------ network

    def network(self) -> Network:
        return self._net

    def readingNetwork(self) -> Network:
        """The network that reads the drawing (the object itself, not a copy)."""
        return self._net

    def optimizer(self) -> Optimizer:
        """The panel's optimizer: made once per network, so its state persists."""
        if self._opt is None:
            self._opt = self.optimizerFactory()
        return self._opt

    def setNetwork(self, net: Network, source: str = "") -> None:
        """Read drawings with `net` (784 inputs, 10 outputs; a float64 copy is kept)."""
        if net.sizes[0] != 784 or net.sizes[-1] != 10:
            raise ValueError(f"the draw pad needs a 784-...-10 network, got {net.sizes}")
        self._net = net.copy(np.float64)
        self.source = source  # what reads: "pretrained digit model", "the training network"…
        self._opt = None
        self._forgetLearnNote()
        arch = "-".join(map(str, net.sizes))
        self.readerSource = source
        self.networkButton.setToolTip(f"Reading with: {source} ({arch})")
        self.sigReaderChanged.emit()
        self.refresh()

    @Slot()
    def resetToPretrained(self) -> None:
        net, note = default_network()
        self.setNetwork(net, "pretrained digit model")
        self.showMessage(note or "Back to the pretrained digit model.")

    @Slot()
    def useTrainingNetwork(self) -> bool:
        """Read with a copy of the training network (needs MNIST: 784 inputs, 10 classes)."""
        if self.trainingNetwork is None:
            self.showMessage("There is no training session in this window.")
            return False
        try:
            net = self.trainingNetwork()
        except Exception as err:  # a session without a network yet
            self.showMessage(f"No training network yet ({err}).")
            return False
        if net.sizes[0] != 784 or net.sizes[-1] != 10:
            self.showMessage(
                f"The training network is {'-'.join(map(str, net.sizes))}: digits need "
                "784 inputs and 10 classes. Choose the MNIST dataset first."
            )
            return False
        self.setNetwork(net, "the training network (a copy)")
        self.showMessage("Reading with a copy of the training network.")
        return True

    # ------------------------------------------------------------ live prediction

    @Slot(int)
    def _labelEdited(self, _value: int) -> None:
        if not self._autoLabel:
            self._labelChosen = True

    def chosenLabel(self) -> int | None:
        """The label the user (or a gallery digit) gave the drawing, None if it only
        follows the network's answer."""
        return self.labelSpin.value() if self._labelChosen and self.probs is not None else None

    def _followAnswer(self) -> None:
        """The label box shows the network's answer until the user picks another one."""
        if self.probs is None:
            self._labelChosen = False
        elif not self._labelChosen:
            self._autoLabel = True
            self.labelSpin.setValue(int(np.argmax(self.probs)))
            self._autoLabel = False

    def _forgetLearnNote(self) -> None:
        """A new drawing or network makes the last "Learn this" report stale."""
        if self._learnNote:
            self._learnNote = False
            self.showMessage("")
            self.prediction.bars.setMarked(None)

    @Slot()
    def _inkChanged(self) -> None:
        self._forgetLearnNote()
        if self._dirty_since is None:
            self._dirty_since = time.perf_counter()
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def refresh(self) -> None:
        """Preprocess the ink, run the network, update every view (the coalesced update)."""
        self._timer.stop()
        t0, self._dirty_since = self._dirty_since, None
        self.x = preprocess(self.canvas.inkArray())
        self.prediction.bars.setMarked(None)
        if not self.x.any():
            self.probs = None
            self.prediction.setPrediction(self.x, None)
            self._setOverlay(None, None)
        else:
            layers = self._net.forward_all(self.x)
            self.probs = layers[-1][1][0]
            self.prediction.setPrediction(self.x, self.probs)
            if self.explainCheck.isChecked():
                self.overlayThrottle.poke()
            self._queueForward()
            self.sigPrediction.emit(self.probs)
        self._followAnswer()
        self.explainCombo.setItemText(
            0, "the answer" if self.probs is None else f"the answer ({np.argmax(self.probs)})"
        )
        self.updates += 1
        if t0 is not None:
            self.latencies.append(time.perf_counter() - t0)

    def _queueForward(self) -> None:
        self._pending_forward = self.x
        self.forwardThrottle.poke()

    def _emitForward(self) -> None:
        if self._pending_forward is not None:
            x, self._pending_forward = self._pending_forward, None
            self.sigForward.emit(x)

    # ------------------------------------------------------------ teach it

    @Slot()
    def learn(self) -> Step | None:
        """One training step on the drawing with the chosen label; before/after bars."""
        if self._timer.isActive():
            self.refresh()
        if not self.x.any():
            self.showMessage("Draw a digit first, then pick its label and press Learn this.")
            return None
        label = self.labelSpin.value()
        z_before, before = (v[0] for v in self._net.forward_all(self.x)[-1])
        opt = self.optimizer()
        step = step_in_place(self._net, self.x[None, :], [label], opt).step
        layers = self._net.forward_all(self.x)
        self.probs = after = layers[-1][1][0]
        z_after = layers[-1][0][0]
        self.prediction.setPrediction(self.x, after, before)
        self.prediction.bars.setMarked(label)
        self._updateSaliency()
        self._queueForward()
        self.showMessage(
            f"One {opt.name} step (lr {opt.lr:g}) on this drawing as a {label}: "
            f"p({label}) {_percent(before[label])} → {_percent(after[label])} (its score z "
            f"{z_before[label]:.2f} → {z_after[label]:.2f}), loss {step.loss:.3f}."
        )
        self._learnNote = True
        self.sigReaderChanged.emit()
        self.sigTaught.emit(step)
        if self.stepSink is not None:
            self.stepSink(step, self._net.copy())
        return step

    # ------------------------------------------------------------ misc

    @Slot(object, int)
    def _galleryClicked(self, x784: np.ndarray, label: int) -> None:
        from nnviz.data.ink import mnist_to_canvas

        self.canvas.setInk(mnist_to_canvas(x784, self.canvas.side()))
        self.labelSpin.setValue(label)  # the true label of a gallery digit counts as picked

    @Slot(str)
    def showMessage(self, text: str) -> None:
        self.messageLabel.setText(text)
        self.messageLabel.setToolTip(text)
        if text:
            self.sigMessage.emit(text)


def install(window: DrawHost) -> None:
    """Add the panel to the main window as the "Draw a digit" dock and wire it."""
    from nnviz.ui.draw.link import install as _install

    _install(window, DrawPanel)


if __name__ == "__main__":  # python -m nnviz.ui.draw.pad: the panel in a window of its own
    from nnviz.ui.draw.link import main

    raise SystemExit(main())
