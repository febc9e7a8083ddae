"""Read a message: type or paste an e-mail and watch the spam filter read it.

Every edit re-reads the text on a 0-ms single-shot timer (a burst of keystrokes costs
one update): `nnviz.analysis.words.read_message` gives the bag of words, P(spam) and each
word's share (gradient × input through the engine's backward pass), shown as red (towards
spam) and blue (towards ham) highlights. "Learn this" takes one recorded step
(`nnviz.app.stepper.step_in_place`) on the message with the chosen label.
"""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.analysis.words import Reading, read_message
from nnviz.app.stepper import step_in_place
from nnviz.data.spam import SpamMessage
from nnviz.engine import Adam, Network, Optimizer, Step
from nnviz.ui.read.highlight import selections

EXAMPLE_GROUPS = (("spam", "Spam"), ("easy-ham", "Ham"), ("hard-ham", "Hard ham"))
HIGHLIGHT_TIP = (
    "Highlights: red words push the message towards spam, blue towards ham; the stronger\n"
    "the colour, the larger the word's share. The share is gradient × input: how fast the\n"
    "spam log-odds z_spam − z_ham change with that word's input (through the whole\n"
    "network, by backpropagation), times the input (1 when the word is there)."
)


def _percent(p: float) -> str:
    return f"{p:.1%}"


class ReadPanel(QWidget):
    """The "Read a message" panel. `setNetwork(net, vocabulary)` chooses the filter."""

    sigReading = Signal(object)  # Reading after each update
    sigForward = Signal(object)  # x (V,): the bag of words, to light up the network view
    sigTaught = Signal(object, object)  # (Step, Network after the step) of "Learn this"
    sigMessage = Signal(str)

    def __init__(
        self,
        examples: Sequence[SpamMessage] = (),
        optimizer_factory: Callable[[], Optimizer] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.optimizerFactory = optimizer_factory or (lambda: Adam(lr=1e-3))
        self.examples = list(examples)
        self._net: Network | None = None
        self._vocabulary: list[str] = []
        self._opt: Optimizer | None = None
        self.reading: Reading | None = None
        self.latencies: deque[float] = deque(maxlen=1000)
        self._dirty_since: float | None = None
        self._timer = QTimer(self, singleShot=True, interval=0, timeout=self.refresh)
        self._rng = random.Random(0)
        self._build()

    def _build(self) -> None:
        self.sourceLabel = QLabel("No spam filter yet")
        self.sourceLabel.setWordWrap(True)
        examples = QHBoxLayout()
        examples.addWidget(QLabel("Try one from the test set:"))
        self.exampleButtons: dict[str, QPushButton] = {}
        for group, text in EXAMPLE_GROUPS:
            b = QPushButton(text)
            b.setToolTip(f"Put a random {text.lower()} message of the held-out test set here")
            b.clicked.connect(lambda _c=False, g=group: self.showExample(g))
            examples.addWidget(b)
            self.exampleButtons[group] = b
        examples.addStretch(1)

        self.editor = QPlainTextEdit()
        self.editor.setObjectName("messageEditor")
        self.editor.setPlaceholderText("Type or paste an e-mail here: subject and text")
        self.editor.setToolTip(HIGHLIGHT_TIP)
        self.editor.textChanged.connect(self._textChanged)

        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setToolTip("P(spam): the network's probability that this message is spam")
        self.verdict = QLabel("–")
        font = self.verdict.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.verdict.setFont(font)
        verdict = QHBoxLayout()
        verdict.addWidget(self.verdict)
        verdict.addWidget(self.bar, 1)
        self.wordsLabel = QLabel("")
        self.wordsLabel.setWordWrap(True)
        self.wordsLabel.setToolTip(HIGHLIGHT_TIP)

        self.labelCombo = QComboBox()
        self.labelCombo.addItems(["It's ham", "It's spam"])
        self.labelCombo.setToolTip("The right answer for this message")
        self.learnButton = QPushButton("Learn this")
        self.learnButton.setToolTip(
            "One training step on this message with this label (Ctrl+Enter)"
        )
        self.learnButton.setShortcut("Ctrl+Return")
        self.learnButton.clicked.connect(self.learn)
        teach = QHBoxLayout()
        teach.addWidget(self.labelCombo)
        teach.addWidget(self.learnButton)
        teach.addStretch(1)
        self.messageLabel = QLabel("")
        self.messageLabel.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.sourceLabel)
        layout.addLayout(examples)
        layout.addWidget(self.editor, 1)
        layout.addLayout(verdict)
        layout.addWidget(self.wordsLabel)
        layout.addLayout(teach)
        layout.addWidget(self.messageLabel)
        self._enable()

    # ------------------------------------------------------------ network

    def network(self) -> Network | None:
        return self._net

    def vocabulary(self) -> list[str]:
        return list(self._vocabulary)

    def setNetwork(self, net: Network, vocabulary: Sequence[str], source: str = "") -> None:
        """Read with a float64 copy of `net` (one input per word of `vocabulary`)."""
        if len(vocabulary) != net.sizes[0]:
            raise ValueError(f"{len(vocabulary)} words for a network with {net.sizes[0]} inputs")
        self._net, self._vocabulary, self._opt = net.copy(np.float64), list(vocabulary), None
        arch = "-".join(map(str, net.sizes))
        self.sourceLabel.setText(f"Reading with: {source or 'a spam filter'} ({arch})")
        self._enable()
        self.refresh()

    def setExamples(self, examples: Sequence[SpamMessage]) -> None:
        """The messages the example buttons pick from (the test set)."""
        self.examples = list(examples)
        self._enable()

    def _enable(self) -> None:
        on = self._net is not None
        for w in (self.learnButton, self.labelCombo, *self.exampleButtons.values()):
            w.setEnabled(on)
        for group, b in self.exampleButtons.items():
            b.setEnabled(on and any(m.group == group for m in self.examples))

    # ------------------------------------------------------------ reading

    @Slot()
    def _textChanged(self) -> None:
        if self._dirty_since is None:
            self._dirty_since = time.perf_counter()
        self._timer.start()

    @Slot()
    def refresh(self) -> None:
        """Read the text now: probability, highlights, the words that weigh most."""
        self._timer.stop()
        t0, self._dirty_since = self._dirty_since, None
        text = self.editor.toPlainText()
        if self._net is None or not text.strip():
            self.reading = None
            self.bar.setValue(0)
            self.verdict.setText("–")
            self.wordsLabel.setText("")
            self.editor.setExtraSelections([])
            return
        r = self.reading = read_message(self._net, text, self._vocabulary)
        self.bar.setValue(round(1000 * r.probability))
        spam = r.probability >= 0.5
        sure = r.probability if spam else 1.0 - r.probability
        self.verdict.setText(f"{'Spam' if spam else 'Ham'} ({_percent(sure)} sure)")
        self.editor.setExtraSelections(selections(self.editor, r.spans))
        self.wordsLabel.setText(self._strongest(r))
        self.labelCombo.setCurrentIndex(int(spam))
        self.sigReading.emit(r)
        self.sigForward.emit(r.x)
        if t0 is not None:
            self.latencies.append(time.perf_counter() - t0)

    def _strongest(self, r: Reading, k: int = 5) -> str:
        order = np.argsort(r.contributions)
        spam = [self._vocabulary[i] for i in order[::-1][:k] if r.contributions[i] > 0]
        ham = [self._vocabulary[i] for i in order[:k] if r.contributions[i] < 0]
        if not spam and not ham:
            return "None of the filter's words are in this text."
        parts = []
        if spam:
            parts.append("towards spam: " + ", ".join(spam))
        if ham:
            parts.append("towards ham: " + ", ".join(ham))
        return "Words that weigh most — " + "; ".join(parts)

    @Slot(str)
    def showExample(self, group: str) -> SpamMessage | None:
        """A random test message of `group` ("spam", "easy-ham", "hard-ham")."""
        pool = [m for m in self.examples if m.group == group]
        if not pool:
            return None
        m = self._rng.choice(pool)
        self.editor.setPlainText(m.text)
        self.refresh()
        self.showMessage(f"A {group.replace('-', ' ')} message from the test set ({m.id}).")
        return m

    # ------------------------------------------------------------ teach it

    def optimizer(self) -> Optimizer:
        if self._opt is None:
            self._opt = self.optimizerFactory()
        return self._opt

    @Slot()
    def learn(self) -> Step | None:
        """One training step on the message with the chosen label; before and after."""
        if self._timer.isActive():
            self.refresh()
        if self._net is None or self.reading is None or not self.reading.x.any():
            self.showMessage("Type a message that uses some of the filter's words first.")
            return None
        label = self.labelCombo.currentIndex()
        before = self.reading.probability
        opt = self.optimizer()
        rec = step_in_place(self._net, self.reading.x[None, :], [label], opt)
        self.refresh()
        after = self.reading.probability if self.reading is not None else before
        name = "spam" if label else "ham"
        self.showMessage(
            f"One {opt.name} step (lr {opt.lr:g}) on this message as {name}: "
            f"P(spam) {_percent(before)} → {_percent(after)}, loss {rec.step.loss:.3f}."
        )
        self.sigTaught.emit(rec.step, self._net.copy())
        return rec.step

    @Slot(str)
    def showMessage(self, text: str) -> None:
        self.messageLabel.setText(text)
        if text:
            self.sigMessage.emit(text)

    def keyPressEvent(self, e) -> None:  # Escape clears, like the draw pad's Esc
        if e.key() == Qt.Key.Key_Escape and not e.modifiers():
            self.editor.clear()
            return
        super().keyPressEvent(e)
