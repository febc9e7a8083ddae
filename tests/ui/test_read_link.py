"""The spam filter in the window: dataset choice, input words, reading in the Draw
workspace with the training network, Learn this in the Step workspace."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from nnviz.app.settings import Settings
from nnviz.ui.read import link as read_link
from nnviz.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")

SPAMMY = "FREE money!!! Click here to claim your cash prize now, limited offer, order today"
NORMAL = "Hi Tom, the meeting about the kernel patch moved to Thursday. I wrote the notes."


@pytest.fixture
def qsettings(tmp_path):
    return QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)


def open_window(qtbot, qsettings, settings: Settings) -> MainWindow:
    w = MainWindow(settings=settings, qsettings=qsettings, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    return w


@pytest.fixture
def spam_window(qtbot, qsettings):
    w = open_window(qtbot, qsettings, Settings.defaults_for("spam"))
    yield w
    w.close()


def train_until(window: MainWindow, qtbot, accuracy: float) -> float:
    """Play until the validation accuracy of an epoch reaches `accuracy`; pause."""
    q = window.sessionQt
    q.play()
    h = window.session.history
    qtbot.waitUntil(lambda: len(h.epochs) > 0 and h.epochs[-1][5] >= accuracy, timeout=30_000)
    q.pause()
    qtbot.waitUntil(lambda: not q.running, timeout=5000)
    return float(h.epochs[-1][5])


def test_spam_filter_in_the_dataset_choice_with_its_defaults(qtbot, qsettings):
    w = open_window(qtbot, qsettings, Settings(hidden=[4], activations=["tanh"]))
    try:
        combo = w.controls.datasetCombo
        i = combo.findData("spam")
        assert i >= 0 and combo.itemText(i) == "Spam filter (e-mail)"
        with qtbot.waitSignal(w.sessionQt.sigDatasetChanged, timeout=10_000):
            w.controls.chooseDataset("spam")
        s = w.session.settings
        spam = Settings.defaults_for("spam")
        assert (s.dataset, s.hidden, s.activations, s.optimizer, s.lr, s.batch_size) == (
            "spam", spam.hidden, spam.activations, spam.optimizer, spam.lr, spam.batch_size
        )  # fmt: skip
        assert w.session.network.sizes == [300, 32, 2]
        assert w.session.dataset.kind == "text" and w.session.dataset.scaler is None
        assert w.networkView.inputNames() == w.session.dataset.input_names
        w.controls.chooseDataset("xor")  # back to 2-D data: its own small network
        assert w.session.network.sizes[0] == 2
        assert w.networkView.inputNames() == ["x₁", "x₂"]  # named by their features
    finally:
        w.close()


def test_network_view_names_the_inputs_and_lights_the_words(spam_window, qtbot):
    view, ds = spam_window.networkView, spam_window.session.dataset
    assert view.inputNames() == ds.input_names and len(ds.input_names) == 300
    st = view._state
    assert st.named_inputs() == ds.input_names
    strength = st.input_strength()
    assert strength is not None and strength.shape == (300,)
    from nnviz.ui.netview.input_labels import label_order

    x = np.zeros(300)
    words = ["click", "free", "money"]
    on = [ds.input_names.index(w) for w in words if w in ds.input_names]
    x[on] = 1
    order = label_order(strength, x, 300)
    assert sorted(order[: len(on)].tolist()) == sorted(on)  # the words present come first
    rest = order[len(on) :]
    assert np.all(np.diff(strength[rest]) <= 0)  # then the strongest connections
    view.setInputNames(None)
    assert st.named_inputs() is None
    view.setInputNames(["a", "b"])  # does not fit 300 inputs: unnamed
    assert st.named_inputs() is None


def test_read_panel_in_the_draw_workspace_reads_with_the_training_network(spam_window, qtbot):
    w = spam_window
    acc = train_until(w, qtbot, 0.95)
    assert acc >= 0.95
    w.showWorkspace("draw")
    panel = w.readPanel
    assert panel is not None and w.panel("read") is not None
    assert not w.panel("read").isHidden() and not w.panel("draw").isHidden()
    tabs = w.tabifiedDockWidgets(w.panel("read"))
    assert w.panel("draw") in tabs  # a tab beside the draw pad
    qtbot.waitUntil(lambda: panel.network() is not None)
    panel.link.sync()
    trained = w.currentNetwork()
    for (W, b), (W2, b2) in zip(panel.network().params(), trained.params(), strict=True):
        np.testing.assert_allclose(W, W2)
        np.testing.assert_allclose(b, b2)
    assert panel.vocabulary() == w.session.dataset.input_names
    shown = []
    w.networkView.showForward = lambda x, a, z: shown.append(x)  # type: ignore[method-assign]
    panel.editor.setPlainText(SPAMMY)
    panel.refresh()
    p_spam = panel.reading.probability
    assert p_spam > 0.5 and shown and np.array_equal(shown[-1], panel.reading.x)
    panel.editor.setPlainText(NORMAL)
    panel.refresh()
    assert panel.reading.probability < 0.5
    assert panel.link.trainButton.isHidden()


def test_learn_this_opens_the_step_workspace_with_word_rows(spam_window, qtbot):
    w = spam_window
    w.showWorkspace("draw")
    panel = w.readPanel
    qtbot.waitUntil(lambda: panel.network() is not None)
    panel.editor.setPlainText(SPAMMY)
    panel.refresh()
    panel.labelCombo.setCurrentIndex(1)
    step = panel.learn()
    assert step is not None
    assert w.currentWorkspace() == "step"
    sp = w.stepPanel
    assert sp is not None and sp.step is step
    vocab = w.session.dataset.input_names
    assert sp.tables.inputNames == vocab
    sp.setFrame(0)  # forward through layer 1: the input rows are words
    rows = sp.tables.xBox.model.rows
    assert rows[0] == f"0 {vocab[0]}" and len(rows) == 300


def test_examples_load_when_first_needed(spam_window):
    panel = spam_window.readPanel
    read_link.load_examples(panel)
    assert len(panel.examples) > 1000 and panel.exampleButtons["hard-ham"].isEnabled()
    m = panel.showExample("hard-ham")
    assert m is not None and m.split == "test" and panel.reading is not None


def test_without_a_spam_network_a_button_trains_one(qtbot, qsettings):
    w = open_window(qtbot, qsettings, Settings(hidden=[4], activations=["tanh"]))
    try:
        w.showWorkspace("draw")
        panel = w.readPanel
        button = panel.link.trainButton
        assert not button.isHidden() and panel.network() is None
        assert "not a spam filter" in panel.sourceLabel.text()
        button.click()
        brief = panel.link._brief
        assert brief.isActive()  # trains for BRIEF_TRAINING_MS, then pauses
        assert w.session.settings.dataset == "spam"
        qtbot.waitUntil(lambda: panel.network() is not None, timeout=10_000)
        qtbot.waitUntil(
            lambda: not brief.isActive() and not w.sessionQt.running,
            timeout=read_link.BRIEF_TRAINING_MS + 8000,
        )
        assert w.session.step > 0  # it trained
        panel.editor.setPlainText(SPAMMY)
        panel.refresh()
        assert panel.reading.probability > 0.5
        assert button.isHidden()
    finally:
        w.close()
