"""The learning-rate schedule in the Controls' Optimizer box."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction

from nnviz.app.settings import Settings
from nnviz.ui.controls.panel import ControlsPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def panel(qtbot):
    actions = {name: QAction(name.title()) for name in ("play", "step", "reset")}
    p = ControlsPanel(actions)
    p._actions = actions
    qtbot.addWidget(p)
    return p


def test_the_mnist_schedule_is_shown_and_round_trips(panel):
    s = Settings.defaults_for("mnist")
    panel.setSettings(s, 784, 10)
    ed = panel.scheduleEdit
    assert ed.kind() == "step" and ed.gammaSpin.value() == pytest.approx(s.lr_gamma)
    assert ed.gammaSpin.isVisibleTo(panel) and not ed.lrMinSpin.isVisibleTo(panel)
    assert panel.settings().schedule() == s.schedule()


def test_editing_the_schedule_is_a_settings_edit(panel, qtbot):
    panel.setSettings(Settings(), 2, 2)
    ed = panel.scheduleEdit
    assert ed.kind() == "constant" and not ed.epochsSpin.isVisibleTo(panel)
    with qtbot.waitSignal(panel.sigSettingsEdited, timeout=2000) as got:
        ed.kindCombo.setCurrentIndex(ed.kindCombo.findData("cosine"))
        ed.epochsSpin.setValue(7)
    s = got.args[0]
    assert (s.lr_schedule, s.lr_epochs) == ("cosine", 7)
    assert ed.lrMinSpin.isVisibleTo(panel) and not ed.gammaSpin.isVisibleTo(panel)
    ed.showCurrent(0.0125, 3)
    assert "0.0125" in ed.current.text() and "epoch 4" in ed.current.text()
