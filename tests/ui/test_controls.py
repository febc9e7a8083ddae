"""The Controls dock on its own: settings in and out, debounce, tooltips."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QComboBox, QSlider, QSpinBox, QWidget

from nnviz.app.settings import Settings
from nnviz.ui.controls.arch_editor import MAX_HIDDEN, ArchitectureEditor
from nnviz.ui.controls.hyper_widgets import CompactSpinBox, LearningRateEdit
from nnviz.ui.controls.panel import OPEN_CSV, ControlsPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def panel(qtbot):
    actions = {name: QAction(name.title()) for name in ("play", "step", "reset")}
    p = ControlsPanel(actions)
    p._actions = actions  # keep them alive
    qtbot.addWidget(p)
    return p


def test_settings_round_trip_without_signals(panel, qtbot):
    s = Settings(
        dataset="xor", hidden=[3, 7], activations=["relu", "sigmoid"], optimizer="momentum",
        lr=0.25, momentum=0.8, batch_size=5, l2=1e-3, seed=9, steps_per_second=5,
    )  # fmt: skip
    with qtbot.assertNotEmitted(panel.sigSettingsEdited):
        panel.setSettings(s, 2, 2)
    assert panel.settings() == s.normalized()
    assert panel.datasetCombo.currentData() == "xor"
    assert "2 features" in panel.archEditor.inputLabel.text()
    assert "2 units" in panel.archEditor.outputLabel.text()
    assert not panel.beta1Spin.isVisibleTo(panel) and panel.momentumSpin.isVisibleTo(panel)


def test_edits_are_debounced_into_one_signal(panel, qtbot):
    with qtbot.waitSignal(panel.sigSettingsEdited, timeout=2000) as got:
        panel.batchSpin.setValue(32)
        panel.seedSpin.setValue(3)
        assert panel.hasPendingEdits()
    s = got.args[0]
    assert (s.batch_size, s.seed) == (32, 3)


def test_picking_mnist_switches_to_its_default_network(panel, qtbot):
    i = panel.datasetCombo.findData("mnist")
    with qtbot.waitSignal(panel.sigSettingsEdited) as got:
        panel.datasetCombo.activated.emit(i)
    s = got.args[0]
    assert (s.dataset, s.hidden, s.lr, s.batch_size) == ("mnist", [128, 64], 1e-3, 64)
    assert not panel.noiseSpin.isVisibleTo(panel)  # toy-only rows are hidden
    with qtbot.waitSignal(panel.sigSettingsEdited) as got:
        panel.datasetCombo.activated.emit(panel.datasetCombo.findData("circles"))
    assert got.args[0].hidden == [8, 8] and got.args[0].dataset == "circles"


def test_open_csv_asks_the_window(panel, qtbot):
    with qtbot.waitSignal(panel.sigOpenCsv):
        panel.datasetCombo.activated.emit(panel.datasetCombo.findData(OPEN_CSV))
    assert panel.datasetCombo.currentData() == "spirals"  # until a file is chosen
    panel.setSettings(Settings(dataset="/data/iris.csv"))
    assert panel.datasetCombo.currentText() == "iris.csv"
    panel.setSettings(Settings(dataset="/data/wine.csv"))
    names = [panel.datasetCombo.itemText(k) for k in range(panel.datasetCombo.count())]
    assert "wine.csv" in names and "iris.csv" not in names


def test_architecture_editor_adds_and_removes_layers(qtbot):
    ed = ArchitectureEditor()
    qtbot.addWidget(ed)
    ed.setLayers([4, 6], ["tanh", "relu"])
    with qtbot.waitSignal(ed.sigChanged):
        ed.addLayer()
    assert ed.hidden() == [4, 6, 6] and ed.activations() == ["tanh", "relu", "relu"]
    ed.removeLayer(0)
    assert ed.hidden() == [6, 6] and ed.activations() == ["relu", "relu"]
    for _ in range(10):
        ed.addLayer()
    assert len(ed.hidden()) == MAX_HIDDEN and not ed.addButton.isEnabled()


def test_learning_rate_slider_and_box_stay_in_sync(qtbot):
    lr = LearningRateEdit()
    qtbot.addWidget(lr)
    with qtbot.waitSignal(lr.sigChanged) as got:
        lr.slider.setValue(-20)  # 10^-1
    assert got.args == [0.1] and lr.value() == 0.1
    with qtbot.waitSignal(lr.sigChanged):
        lr.box.setValue(0.3)
    assert lr.slider.value() == round(-0.5229 * 20)
    lr.setValue(1e3)  # beyond the slider: the box keeps the exact value
    assert lr.value() == 1e3 and lr.slider.value() == lr.slider.maximum()
    box = CompactSpinBox(log_step=1.0)
    box.setRange(1e-6, 10)
    box.setValue(0.01)
    box.stepBy(1)
    assert box.value() == pytest.approx(0.1) and box.textFromValue(0.03) == "0.03"


def test_every_control_has_a_tooltip(panel):
    kinds = (QComboBox, QSpinBox, CompactSpinBox, QSlider, QAbstractButton)
    missing = [
        type(w).__name__
        for w in panel.findChildren(QWidget)
        if isinstance(w, kinds) and w.isVisibleTo(panel) and not w.toolTip()
        and not isinstance(w.parent(), QComboBox)
    ]  # fmt: skip
    assert not missing


def test_switching_to_mnist_names_its_input_and_hides_removed_rows_at_once(panel, qtbot):
    panel.show()
    panel.setSettings(Settings(dataset="spirals", hidden=[8, 8, 8], activations=["tanh"] * 3))
    rows = list(panel.archEditor._rows)
    panel.chooseDataset("mnist")
    # No event loop has run (as under a modal prompt): removed rows must already be hidden.
    gone = [w for row in rows if row not in panel.archEditor._rows for w in row]
    assert gone and not any(w.isVisible() for w in gone)
    assert "784 features" in panel.archEditor.inputLabel.text()
    assert "?" not in panel.archEditor.inputLabel.text()
