"""What the main window remembers between runs (QSettings): geometry, the workspaces'
dock layouts, theme, the last training settings."""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from nnviz.app.settings import Settings
from nnviz.ui.common.theme import THEMES
from nnviz.ui.shell.docks import Docks
from nnviz.ui.shell.workspaces import Workspaces

DEFAULT_SIZE = (1400, 850)


def saved_settings(qsettings: QSettings) -> Settings:
    """The settings of the last run (defaults if none or unreadable)."""
    raw = qsettings.value("session/settings", "")
    try:
        data = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        data = {}
    return Settings.from_dict(data if isinstance(data, dict) else {})


class WindowState:
    """`save(settings, theme)` on close; `restore()` -> the saved theme on start."""

    def __init__(
        self, window: QMainWindow, docks: Docks, workspaces: Workspaces, qsettings: QSettings
    ) -> None:
        self.window = window
        self.docks = docks
        self.workspaces = workspaces
        self.qsettings = qsettings

    def save(self, settings: Settings, theme: str) -> None:
        q = self.qsettings
        q.setValue("window/geometry", self.window.saveGeometry())
        self.workspaces.save()
        q.setValue("session/settings", json.dumps(settings.to_dict()))
        q.setValue("theme", theme)
        q.sync()

    def restore(self) -> str:
        """Geometry (or a size that fits the screen) and the workspaces' layouts; returns
        the saved theme ("light", "dark" or "system")."""
        q = self.qsettings
        geometry = q.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.window.restoreGeometry(geometry)
        else:
            self.fitToScreen()
        if self.workspaces.restore():
            self.docks.sizesPending = False  # keep the user's own sizes
        mode = q.value("theme", "system")
        return mode if mode in THEMES else "system"

    def fitToScreen(self) -> None:
        """Shrink the default size to the screen's available area."""
        w = self.window
        screen = w.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        avail = screen.availableGeometry()
        w.resize(min(w.width(), avail.width()), min(w.height(), avail.height()))

    def wantsMaximized(self) -> bool:
        """True when the screen is smaller than the default window (e.g. 1280x720)."""
        screen = self.window.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return False
        avail = screen.availableGeometry()
        return avail.width() < DEFAULT_SIZE[0] or avail.height() < DEFAULT_SIZE[1]
