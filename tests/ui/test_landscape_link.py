"""The landscape, race and step-profile views live in the main window and follow it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from nnviz.app.settings import Settings
from nnviz.ui.common.selection import Selection
from nnviz.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")


@pytest.fixture
def window(qtbot, tmp_path):
    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    s = Settings(dataset="xor", hidden=[2], activations=["tanh"], steps_per_second=0)
    w = MainWindow(settings=s, qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def test_docks_exist_and_follow_the_workspaces(window):
    for name in ("landscape", "race", "profile"):
        assert window.panel(name) is not None
    assert not window.panel("profile").isVisible()  # View › Panels › Step profile shows it
    window.showWorkspace("draw")
    assert not window.panel("landscape").isVisible() and not window.panel("race").isVisible()


def test_two_clicked_weights_span_the_landscape(window, qtbot):
    link = window.landscape
    assert link is not None
    window.panel("landscape").show()
    window.panel("landscape").raise_()
    window.setSelection(Selection(0, weight=(0, 0)))
    window.setSelection(Selection(0, weight=(1, 1)))
    view = link.landscapeView
    qtbot.waitUntil(lambda: view.result() is not None, timeout=20000)
    res = view.result()
    assert res.S.shape == (len(res.alphas), len(res.betas)) and np.all(np.isfinite(res.S))


def test_adopting_a_racer_replaces_the_weights(window, qtbot):
    net = window.session.network.copy()
    net.theta[...] = 0.125
    window.landscape.adopt(net)
    np.testing.assert_allclose(window.session.network.theta, 0.125)
