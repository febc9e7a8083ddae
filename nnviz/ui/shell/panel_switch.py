"""Entering a workspace by showing and hiding panels.

`QMainWindow.restoreState` rebuilds the whole dock layout (~10 ms on these machines,
twice that while training, and the window lays itself out once more after it). A
workspace usually differs from the one left only in which panels are shown, which are
in front of their tab groups and how large they are; `PanelSwitch.enter` makes just those
changes, lays the window out once and checks that every panel and toolbar is back in its
remembered place; when that is not so (a panel was moved or floated, the window resized),
the caller restores the saved layout instead. So does a switch that shows many panels at
once (back to Train): shown one by one, each would lay the window out again.

Measured on MNIST at 1600x900 (show, then the layout and repaint that follow): entering
Draw 33 ms instead of 40, Step 26 instead of 28.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar, QToolBar, QWidget

from nnviz.ui.shell.docks import Docks

Rect = tuple[int, int, int, int]
DIRECT = Qt.FindChildOption.FindDirectChildrenOnly
MOST_SHOWN = 3  # a switch showing more panels than this restores the saved layout
ORIENTATIONS = (Qt.Orientation.Horizontal, Qt.Orientation.Vertical)


@dataclass
class Look:
    """What a workspace showed when it was left."""

    shown: set[str]  # the panels not hidden (also those behind another tab)
    fronts: list[QDockWidget]  # in front of their tab groups
    places: dict[str, Rect]  # every panel and toolbar that can be seen: its geometry
    asks: dict[str, tuple[int, int]] = field(default_factory=dict)  # sizes that gave them


def dock_tab_bars(window: QMainWindow, skip: QWidget | None = None) -> list[QTabBar]:
    """The tab bars of the window's tabbed panels (except `skip`)."""
    return [b for b in window.findChildren(QTabBar, options=DIRECT) if b is not skip]


class PanelSwitch:
    """`remember(name)` what a workspace shows as it is left; `enter(name)` brings it back
    by showing and hiding panels, True if everything is in its remembered place."""

    def __init__(self, window: QMainWindow, docks: Docks, skip: QWidget) -> None:
        self.window, self.docks, self._skip = window, docks, skip
        self._looks: dict[str, Look] = {}

    def remember(self, name: str) -> None:
        """What workspace `name` shows now (it is being left)."""
        shown = {d.objectName() for d in self.docks.widgets() if not d.isHidden()}
        old = self._looks.get(name)
        look = Look(shown, self._fronts(), self._places())
        if old is not None and old.places == look.places:
            look.asks = old.asks
        self._looks[name] = look

    def forget(self, name: str) -> None:
        self._looks.pop(name, None)

    def enter(self, name: str) -> bool:
        """Show workspace `name`'s panels as remembered; False if that would not give
        its remembered look (then its saved layout must be restored)."""
        look = self._looks.get(name)
        if look is None:
            return False
        hidden = {d.objectName() for d in self.docks.widgets() if d.isHidden()}
        if len(look.shown & hidden) > MOST_SHOWN:
            return False
        for dock in self.docks.widgets():
            want = dock.objectName() in look.shown
            if dock.isHidden() == want:
                dock.setVisible(want)
        for dock in look.fronts:
            dock.raise_()
        docked = [d for d in self.docks.widgets()
                  if d.objectName() in look.places and not d.isFloating()]  # fmt: skip
        asks = {d.objectName(): look.asks.get(d.objectName()) or look.places[d.objectName()][2:]
                for d in docked}  # fmt: skip
        for _ in range(2):  # a size asked counts without a tab bar: once more, corrected
            if any(min(size) <= 0 for size in asks.values()):
                return False
            for k, orientation in enumerate(ORIENTATIONS):
                self.window.resizeDocks(docked, [asks[d.objectName()][k] for d in docked],
                                        orientation)  # fmt: skip
            layout = self.window.layout()
            if layout is not None:
                layout.activate()  # the places as they will be, to compare
            got = self._places()
            if got == look.places:
                look.asks = asks
                return True
            for key, (w, h) in list(asks.items()):
                want, have = look.places[key][2:], got.get(key, look.places[key])[2:]
                asks[key] = (w + want[0] - have[0], h + want[1] - have[1])
        return False

    def _fronts(self) -> list[QDockWidget]:
        """The panels in front of their tab groups."""
        titles = {d.windowTitle(): d for d in self.docks.widgets() if not d.isHidden()}
        bars = [b for b in dock_tab_bars(self.window, self._skip) if not b.isHidden()]
        return [titles[t] for b in bars if (t := b.tabText(b.currentIndex())) in titles]

    def _places(self) -> dict[str, Rect]:
        """The geometry of every panel and toolbar that can be seen."""
        inside = self.window.rect()  # not a panel Qt keeps aside behind another tab
        parts = [*self.docks.widgets(), *self.window.findChildren(QToolBar, options=DIRECT)]
        return {w.objectName(): w.geometry().getRect() for w in parts
                if w.isVisible() and (w.isWindow() or inside.contains(w.geometry()))}  # fmt: skip
