"""The window's panels: named dock widgets, their View › Panels toggles and the
default arrangement (controls left, the network in the middle, tab groups right and
below)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from nnviz.ui.common.on_screen import on_screen

Area = Qt.DockWidgetArea
RIGHT_TABS = ("decision", "weights", "draw", "read", "inspector", "landscape")  # one group
BOTTOM_TABS = ("plots", "evaluation", "step", "race")  # one tab group, bottom
FEATURES = ("decision", "weights")  # the dataset's own picture, one of them shown


class Docks:
    """`add(name, ...)` a panel, `get(name)` its dock; `arrangeDefault()` lays them out."""

    def __init__(self, window: QMainWindow, menu: QMenu) -> None:
        self.window = window
        self.menu = menu  # View › Panels
        self._docks: dict[str, QDockWidget] = {}
        self.sizesPending = False  # default sizes wait for the window's real size

    def add(
        self,
        name: str,
        title: str,
        widget: QWidget,
        area: Qt.DockWidgetArea,
        shortcut: str | None = None,
        tabify_with: str | None = None,
    ) -> QDockWidget:
        """A dock named `dock_<name>` (remembered in the saved layout) with a toggle in
        View › Panels; `tabify_with` names a panel to share a tab group with."""
        dock = QDockWidget(title, self.window)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.window.addDockWidget(area, dock)
        other = self._docks.get(tabify_with or "")
        if other is not None:
            self.window.tabifyDockWidget(other, dock)
        toggle = dock.toggleViewAction()
        toggle.setText(title)
        toggle.setToolTip(f"Show or hide the {title} panel")
        toggle.setStatusTip(toggle.toolTip())
        if shortcut:
            toggle.setShortcut(QKeySequence(shortcut))
        self.menu.addAction(toggle)
        self._docks[name] = dock
        return dock

    def get(self, name: str) -> QDockWidget | None:
        return self._docks.get(name)

    def __getitem__(self, name: str) -> QDockWidget:
        return self._docks[name]

    def __contains__(self, name: object) -> bool:
        return name in self._docks

    def names(self) -> list[str]:
        return list(self._docks)

    def widgets(self) -> list[QDockWidget]:
        return list(self._docks.values())

    def isShown(self, name: str) -> bool:
        """The panel is on screen (not hidden, not behind another tab)."""
        dock = self._docks.get(name)
        return dock is not None and on_screen(dock)

    def bringForward(self, name: str) -> None:
        """Show a panel and put it in front of its tab group."""
        dock = self._docks.get(name)
        if dock is not None:
            dock.show()
            dock.raise_()

    def showFeatures(self, decision: bool, weights: bool, here: bool = True) -> None:
        """Decision regions for 2-D data, weight pictures for images (toggles follow);
        `here` False: available in View › Panels but not shown in this layout."""
        for name, has in zip(FEATURES, (decision, weights), strict=True):
            dock = self._docks[name]
            dock.toggleViewAction().setEnabled(has)
            dock.setVisible(has and here)
        self.raiseFeature()

    def raiseFeature(self) -> None:
        """Bring the dataset's own picture (decision regions or weights) to the front."""
        for name in FEATURES:
            dock = self._docks[name]
            if not dock.isHidden():
                dock.raise_()
                return

    def arrangeDefault(self) -> None:
        """Controls on the left, the network in the middle, one tab group on the right
        (decision regions or weight pictures, the draw pad, the inspector) and one at
        the bottom (curves, backprop step)."""
        w, docks = self.window, self._docks
        for group, area in ((RIGHT_TABS, Area.RightDockWidgetArea),
                            (BOTTOM_TABS, Area.BottomDockWidgetArea)):  # fmt: skip
            present = [docks[n] for n in group if n in docks]
            if self._inPlace(present, area):  # re-docking costs a relayout per panel
                continue
            for dock in present:
                if dock.isFloating():  # re-docking a docked panel costs a relayout
                    dock.setFloating(False)
                w.addDockWidget(area, dock)
            for dock in present[1:]:
                w.tabifyDockWidget(present[0], dock)
        w.addDockWidget(Area.LeftDockWidgetArea, docks["controls"])
        for name in ("controls", "plots", "draw", "step"):
            if name in docks:
                docks[name].show()
        docks["plots"].raise_()
        self.raiseFeature()
        self.sizesPending = True
        if w.isVisible():
            self.sizesPending = False
            QTimer.singleShot(50, self.defaultSizes)

    def _inPlace(self, group: list[QDockWidget], area: Qt.DockWidgetArea) -> bool:
        """The group's shown panels already share one tab group in `area` (hidden ones
        return to their place in it when shown)."""
        w = self.window
        shown = [d for d in group if not d.isHidden()]
        if any(d.isFloating() or w.dockWidgetArea(d) != area for d in shown):
            return False
        return len(shown) < 2 or set(w.tabifiedDockWidgets(shown[0])) >= set(shown[1:])

    def applyPendingSizes(self) -> None:
        """Once the window is shown: the default sizes, unless a saved layout has its own."""
        if self.sizesPending:
            self.sizesPending = False
            QTimer.singleShot(50, self.defaultSizes)

    def defaultSizes(self) -> None:
        """Most of the room for the network: narrow side columns, a low bottom row."""
        d, win = self._docks, self.window
        w, h = win.width(), win.height()
        right = [d[n] for n in RIGHT_TABS if n in d and not d[n].isHidden()]
        win.resizeDocks([d["controls"]], [max(260, w // 6)], Qt.Orientation.Horizontal)
        if right:
            win.resizeDocks(right[:1], [max(340, int(w * 0.27))], Qt.Orientation.Horizontal)
        win.resizeDocks([d["plots"]], [max(220, int(h * 0.36))], Qt.Orientation.Vertical)
        screen = win.screen()
        if screen is not None and not win.isMaximized():  # never larger than the screen
            avail = screen.availableGeometry()
            if w > avail.width() or h > avail.height():
                win.resize(min(w, avail.width()), min(h, avail.height()))

    def growSideFor(self, name: str, fraction: float, most: float = 0.55) -> None:
        """Give a side panel (the draw pad) at least `fraction` of the window's width, and
        no more than `most` (a layout saved in a wider window squeezed the network)."""
        dock = self._docks.get(name)
        if dock is None or dock.isFloating() or not dock.isVisible():
            return
        w = self.window.width()
        if not int(w * fraction) <= dock.width() <= int(w * most):
            self.window.resizeDocks([dock], [int(w * fraction)], Qt.Orientation.Horizontal)

    def growBottomFor(self, name: str, fraction: float = 0.46) -> None:
        """Give a bottom panel that needs room (the backprop step) a taller share of the
        window while it is in front; the user's own larger size is kept."""
        dock = self._docks.get(name)
        if dock is None or dock.isFloating() or not dock.isVisible():
            return
        want = int(self.window.height() * fraction)
        if dock.height() < want:
            self.window.resizeDocks([dock], [want], Qt.Orientation.Vertical)
