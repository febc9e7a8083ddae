"""The real main window for a test: its own settings file, no confirmation on close."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from nnviz.app.settings import Settings
from nnviz.ui.shell.main_window import MainWindow


def open_window(qtbot, tmp_path, settings: Settings, size: tuple[int, int] | None = (1400, 850)):
    """A shown MainWindow with `settings`, closed by qtbot after the test."""
    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    if size is not None:
        w.resize(*size)
    w.show()
    return w
