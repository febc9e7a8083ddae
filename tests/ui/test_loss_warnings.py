"""The window warns when the loss jumps and offers the rate the trainer tried."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from nnviz.app.protocol import LossJumped
from nnviz.app.settings import Settings
from nnviz.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")


@pytest.fixture
def window(qtbot, tmp_path):
    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    s = Settings(hidden=[4], activations=["tanh"], optimizer="sgd", lr=3.0, steps_per_second=0)
    w = MainWindow(settings=s, qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    yield w
    w.close()


def test_a_loss_jump_shows_a_banner_with_a_rate_that_works(window):
    gen = window.session.generation
    window.sessionQt.onMessages([LossJumped(gen, 900, 0.001, 8.0, 0.03, 3.0, 0.03)])
    text = window.banner.text()
    assert "The loss jumped" in text and "from 0.001 to 8" in text
    assert "after the learning rate changed to 3" in text and "try 0.03" in text
    use = window.banner.buttons()[0]
    assert use.text() == "Use lr = 0.03"
    net = window.session.network
    use.click()
    assert window.session.settings.lr == 0.03 and window.session.network is net  # weights stay
    assert window.banner.isHidden()


def test_a_jump_without_a_working_rate_still_warns(window):
    gen = window.session.generation
    window.sessionQt.onMessages([LossJumped(gen, 900, 0.01, 5.0, 3.0, 3.0, np.nan)])
    assert "at lr = 3" in window.banner.text() and "smaller learning rate" in window.banner.text()
    assert [b.text() for b in window.banner.buttons()] == ["Keep"]


def test_stale_jumps_of_a_replaced_network_are_dropped(window):
    gen = window.session.generation
    window.sessionQt.onMessages([LossJumped(gen - 1, 900, 0.001, 8.0, 0.03, 3.0, 0.03)])
    assert window.banner.isHidden()
