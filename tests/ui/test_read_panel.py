"""Read a message: live spam probability, word highlights, examples, Learn this."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from nnviz.data import load_spam, load_spam_messages
from nnviz.engine import Adam, Network, fit
from nnviz.ui.read.highlight import HAM_RGB, SPAM_RGB, utf16_offsets
from nnviz.ui.read.panel import ReadPanel

SPAMMY = "FREE money!!! Click here to claim your cash prize now, limited offer, order today"
NORMAL = "Hi Tom, the meeting about the kernel patch moved to Thursday. I wrote the notes."


@pytest.fixture(scope="module")
def spam_net():
    X, y, _, _, vocab = load_spam()
    net = Network([300, 32, 2], activation="relu", seed=0)
    fit(net, Adam(lr=1e-3), X, y, epochs=4, batch_size=32)
    return net, vocab


@pytest.fixture
def panel(qtbot, spam_net):
    _, test = load_spam_messages()
    p = ReadPanel(examples=test)
    net, vocab = spam_net
    p.setNetwork(net, vocab, "test filter")
    qtbot.addWidget(p)
    p.show()
    return p


def test_typing_reads_live_and_highlights_words(qtbot, panel):
    qtbot.keyClicks(panel.editor, SPAMMY)
    qtbot.waitUntil(lambda: panel.reading is not None and not panel._timer.isActive())
    p_spam = panel.reading.probability
    assert p_spam > 0.5 and panel.verdict.text().startswith("Spam")
    sels = panel.editor.extraSelections()
    assert sels and all(s.format.background().color().alpha() > 0 for s in sels)
    reds = [s for s in sels if s.format.background().color().getRgb()[:3] == SPAM_RGB]
    assert reds
    assert len(panel.latencies) >= 1 and np.median(panel.latencies) < 1.0
    panel.editor.setPlainText(NORMAL)
    panel.refresh()
    assert panel.reading.probability < p_spam
    assert any(
        s.format.background().color().getRgb()[:3] == HAM_RGB
        for s in panel.editor.extraSelections()
    )


def test_examples_from_the_test_set(panel):
    for group in ("spam", "easy-ham", "hard-ham"):
        m = panel.showExample(group)
        assert m is not None and m.group == group and m.split == "test"
        assert panel.editor.toPlainText() == m.text and panel.reading is not None


def test_learn_this_is_one_recorded_step(qtbot, panel, spam_net):
    panel.editor.setPlainText(SPAMMY)
    panel.refresh()
    x = panel.reading.x.copy()
    ref = panel.network().copy()
    ref_step = ref.train_step(x[None, :], [0], Adam(lr=1e-3))
    panel.labelCombo.setCurrentIndex(0)  # teach it that this is ham
    before = panel.reading.probability
    taught = []
    panel.sigTaught.connect(lambda step, net: taught.append((step, net)))
    qtbot.mouseClick(panel.learnButton, Qt.LeftButton)
    assert len(taught) == 1 and taught[0][0].loss == pytest.approx(ref_step.loss)
    np.testing.assert_allclose(panel.network().theta, ref.theta, atol=1e-12)
    assert panel.reading.probability < before and "→" in panel.messageLabel.text()
    assert spam_net[0].theta is not panel.network().theta  # the given network is untouched


def test_no_filter_yet_and_empty_text(qtbot):
    p = ReadPanel()
    qtbot.addWidget(p)
    assert not p.learnButton.isEnabled() and p.learn() is None
    p.editor.setPlainText("hello")
    p.refresh()
    assert p.reading is None and p.verdict.text() == "–"


def test_highlight_positions_count_utf16_units():
    assert utf16_offsets("plain") is None
    assert utf16_offsets("a😀b") == [0, 1, 3, 4]
