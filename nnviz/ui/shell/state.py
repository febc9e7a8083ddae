"""What the main window remembers between runs (QSettings), as a mixin: geometry,
dock layout, theme, the last training settings."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QShowEvent

from nnviz.app.settings import Settings
from nnviz.ui.common.theme import THEMES

if TYPE_CHECKING:
    from nnviz.ui.shell.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

STATE_VERSION = 2
RIGHT_TABS = ("decision", "weights", "draw", "inspector")  # one tab group, right
BOTTOM_TABS = ("plots", "step")  # one tab group, bottom


class WindowStateMixin(_Base):
    def savedSettings(self) -> Settings:
        """The settings of the last run (defaults if none or unreadable)."""
        raw = self.qsettings.value("session/settings", "")
        try:
            data = json.loads(raw) if raw else {}
        except (TypeError, ValueError):
            data = {}
        return Settings.from_dict(data if isinstance(data, dict) else {})

    def saveWindowState(self) -> None:
        q = self.qsettings
        q.setValue("window/geometry", self.saveGeometry())
        q.setValue("window/state", self.saveState(STATE_VERSION))
        q.setValue("session/settings", json.dumps(self.session.settings.to_dict()))
        q.setValue("theme", getattr(self, "themeMode", "system"))
        q.sync()

    def restoreWindowState(self) -> None:
        q = self.qsettings
        geometry = q.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.fitToScreen()
        state = q.value("window/state")
        restored = isinstance(state, QByteArray) and not state.isEmpty()
        if restored and self.restoreState(state, STATE_VERSION):
            self._defaultSizesPending = False  # keep the user's own sizes
        mode = q.value("theme", "system")
        self.setTheme(mode if mode in THEMES else "system")

    def arrangeDefaultLayout(self) -> None:
        """First run (or View › Reset layout): controls on the left, the network in the
        middle, one tab group on the right (decision regions or weight pictures, the draw
        pad, the inspector) and one at the bottom (curves, backprop step)."""
        docks = self._docks
        for group, area in (
            (RIGHT_TABS, Qt.DockWidgetArea.RightDockWidgetArea),
            (BOTTOM_TABS, Qt.DockWidgetArea.BottomDockWidgetArea),
        ):
            present = [docks[n] for n in group if n in docks]
            for dock in present:
                dock.setFloating(False)
                self.addDockWidget(area, dock)
            for dock in present[1:]:
                self.tabifyDockWidget(present[0], dock)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, docks["controls"])
        for name in ("controls", "plots", "draw", "step"):
            if name in docks:
                docks[name].show()
        docks["plots"].raise_()
        self.raiseFeatureDock()
        self._defaultSizesPending = True  # applied once the window has its real size
        if self.isVisible():
            self._defaultSizesPending = False
            QTimer.singleShot(50, self.defaultDockSizes)

    def growBottomFor(self, name: str, fraction: float = 0.46) -> None:
        """Give a bottom panel that needs room (the backprop step) a taller share of the
        window while it is in front; the user's own larger size is kept."""
        dock = self._docks.get(name)
        if dock is None or dock.isFloating() or not dock.isVisible():
            return
        want = int(self.height() * fraction)
        if dock.height() < want:
            self.resizeDocks([dock], [want], Qt.Orientation.Vertical)

    def raiseFeatureDock(self) -> None:
        """Bring the dataset's own picture (decision regions or weights) to the front."""
        for name in ("decision", "weights"):
            dock = self._docks[name]
            if not dock.isHidden():
                dock.raise_()
                return

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if getattr(self, "_defaultSizesPending", False):
            self._defaultSizesPending = False
            QTimer.singleShot(50, self.defaultDockSizes)

    def defaultDockSizes(self) -> None:
        """Most of the room for the network: narrow side columns, a low bottom row."""
        d = self._docks
        w, h = self.width(), self.height()
        right = [d[n] for n in RIGHT_TABS if n in d and not d[n].isHidden()]
        self.resizeDocks([d["controls"]], [max(260, w // 6)], Qt.Orientation.Horizontal)
        if right:
            self.resizeDocks(right[:1], [max(340, int(w * 0.27))], Qt.Orientation.Horizontal)
        self.resizeDocks([d["plots"]], [max(220, int(h * 0.36))], Qt.Orientation.Vertical)
        screen = self.screen()
        if screen is not None and not self.isMaximized():  # never larger than the screen
            avail = screen.availableGeometry()
            if self.width() > avail.width() or self.height() > avail.height():
                self.resize(min(self.width(), avail.width()), min(self.height(), avail.height()))

    def fitToScreen(self) -> None:
        """Shrink the default size to the screen's available area."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        avail = screen.availableGeometry()
        w, h = min(self.width(), avail.width()), min(self.height(), avail.height())
        self.resize(w, h)

    def wantsMaximized(self) -> bool:
        """True when the screen is smaller than the default window (e.g. 1280x720)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return False
        avail = screen.availableGeometry()
        return avail.width() < 1400 or avail.height() < 850

    def _dedupeHelpMenu(self) -> None:
        """Drop the built-in Help entries when a panel installed its own (same keys/roles)."""
        mine = {self.actions["help"], self.actions["about"]}
        others = [a for a in self.helpMenu.actions() if a not in mine and not a.isSeparator()]
        keys = {a.shortcut().toString() for a in others if not a.shortcut().isEmpty()}
        roles = {a.menuRole() for a in others}
        if self.actions["help"].shortcut().toString() in keys:
            self.helpMenu.removeAction(self.actions["help"])
            self.actions["help"].setShortcut("")
        if self.actions["about"].menuRole() in roles:
            self.helpMenu.removeAction(self.actions["about"])
