"""Every panel together still fits a 1280x720 screen: no dock's minimum size may widen the
window past a classroom projector's."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from nnviz.app.settings import Settings
from nnviz.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")


@pytest.mark.parametrize("workspace", ["train", "draw", "step"])
def test_the_window_fits_1280x720(qtbot, tmp_path, workspace):
    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=Settings(hidden=[8], steps_per_second=0), qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    w.showWorkspace(workspace)
    hint = w.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 720, (workspace, hint)
    w.close()
