"""Workspaces: Train, Draw and Step, each the same window with its own dock layout.

A tab bar at the top (and Ctrl+1/2/3; Ctrl+D for Draw, Ctrl+Shift+B for Step) switches
between them. Switching saves the layout of the workspace you leave and restores the one
of the workspace you enter (its default layout the first time; by showing and hiding
panels where that gives the same, `panel_switch`); nothing pauses, so training goes on.
The layouts are kept in QSettings between runs.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QTabBar, QToolBar

from nnviz.ui.common import frame_budget
from nnviz.ui.shell.docks import FEATURES, Docks
from nnviz.ui.shell.panel_switch import PanelSwitch, dock_tab_bars

STATE_VERSION = 2
WORKSPACES = ("train", "draw", "step")
TITLES = {"train": "Train", "draw": "Draw", "step": "Step"}
TIPS = {
    "train": "Train a network and watch it learn",
    "draw": "Draw a digit and see the network read it",
    "step": "Step through one training step of backpropagation with the real numbers",
}
KEYS = {"train": ("Ctrl+1",), "draw": ("Ctrl+2", "Ctrl+D"), "step": ("Ctrl+3", "Ctrl+Shift+B")}
# What each workspace's default layout shows (besides the network in the middle) and
# puts in front; the Train layout is the default arrangement itself.
SHOWN = {
    "train": (),
    "draw": ("draw",),
    "step": ("step",),
}
HIDDEN = {
    "train": ("profile",),
    "draw": (
        "controls",
        "plots",
        "step",
        "inspector",
        "evaluation",
        "compare",
        *FEATURES,
        "landscape",
        "race",
        "profile",
    ),
    "step": (
        "controls",
        "draw",
        "read",
        "plots",
        "inspector",
        "evaluation",
        *FEATURES,
        "compare",
        "landscape",
        "race",
    ),
}


TIDY_AFTER = (QEvent.Type.Show, QEvent.Type.Resize, QEvent.Type.LayoutRequest)


class Workspaces(QObject):
    """`show(name)`, `current()`; `resetCurrent()` for View › Reset layout."""

    sigChanged = Signal(str)
    sigAboutToChange = Signal(str)  # the workspace about to be shown (layout not yet saved)
    sigEntering = Signal(str)  # the same once the layout left is saved: what the centre shows

    def __init__(self, window: QMainWindow, docks: Docks, qsettings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.docks = docks
        self.qsettings = qsettings
        self._current = "train"
        self._layouts: dict[str, QByteArray] = {}
        self.bar = QTabBar()
        self.bar.setObjectName("workspaceTabs")
        self.bar.setDrawBase(False)
        self.bar.setExpanding(False)
        self.actions: dict[str, QAction] = {}
        for name in WORKSPACES:
            k = self.bar.addTab(TITLES[name])
            keys = KEYS[name]
            self.bar.setTabToolTip(k, f"{TIPS[name]} ({', '.join(keys)})")
            act = QAction(f"&{TITLES[name]} workspace", window)
            act.setShortcuts([QKeySequence(s) for s in keys])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.setToolTip(TIPS[name])
            act.setStatusTip(TIPS[name])
            act.setCheckable(True)
            act.triggered.connect(lambda _c=False, name=name: self.show(name))
            window.addAction(act)
            self.actions[name] = act
        self.actions["train"].setChecked(True)
        self.bar.currentChanged.connect(self._onTab)
        self._quick = PanelSwitch(window, docks, self.bar)
        self.toolbar = QToolBar("Workspaces")
        self.toolbar.setObjectName("workspaceBar")
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.toggleViewAction().setEnabled(False)  # always there
        self.toolbar.addWidget(self.bar)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        # after the window is shown, resized or laid out again (a panel shown or hidden)
        self._tidy = QTimer(self, singleShot=True, interval=150, timeout=self.hideStaleTabBars)
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() in TIDY_AFTER:
            self._tidy.start()
        return False

    def current(self) -> str:
        return self._current

    @Slot(str)
    @frame_budget.shares_pause
    def show(self, name: str) -> None:
        """Switch to workspace `name` ("train", "draw" or "step"); never hides the panel
        the workspace is about, and keeps training."""
        if name not in WORKSPACES:
            raise ValueError(f"no workspace {name!r}; one of {', '.join(WORKSPACES)}")
        if name != self._current:
            self._stillLayout()
            self.sigAboutToChange.emit(name)
            self._leave()
            self._current = name
            self.sigEntering.emit(name)
            saved = self._layouts.get(name)
            if saved is None or not (
                self._quick.enter(name) or self.window.restoreState(saved, STATE_VERSION)
            ):
                self.applyDefault(name)
            self._keepFeatureRules()
        for shown in SHOWN[name]:
            self.docks.bringForward(shown)
        self._sync()
        self._grow(name)
        for ms in (0, 120):  # after the layout (and the step dock's growth) settles
            QTimer.singleShot(ms, self, self.hideStaleTabBars)
        self.sigChanged.emit(name)

    def _leave(self) -> None:
        """Keep the current workspace's layout, and what it shows."""
        self._layouts[self._current] = self.window.saveState(STATE_VERSION)
        self._quick.remember(self._current)

    def applyDefault(self, name: str) -> None:
        """The workspace's default layout (the Train arrangement plus its own changes)."""
        self.docks.arrangeDefault()
        for hidden in HIDDEN[name]:
            dock = self.docks.get(hidden)
            if dock is not None:
                dock.hide()
        for shown in SHOWN[name]:
            self.docks.bringForward(shown)
        self._grow(name)
        self._keepFeatureRules()

    @Slot()
    def resetCurrent(self) -> None:
        """View › Reset layout: the current workspace's default layout."""
        self._stillLayout()
        self._layouts.pop(self._current, None)
        self._quick.forget(self._current)
        self.applyDefault(self._current)

    def _stillLayout(self) -> None:
        """No dock animation while a workspace's layout goes in (the panels' sizes are
        final at once), back a moment later for the user's own moves."""
        w = self.window
        if w.isAnimated():
            w.setAnimated(False)
            QTimer.singleShot(500, self, lambda: w.setAnimated(True))

    def _grow(self, name: str) -> None:
        """The workspace's own panel gets its room (a larger size of the user's is kept),
        once the docks are placed and again after they settle."""
        for ms in (60, 300, 1000):
            QTimer.singleShot(ms, self, lambda: self._growNow(name))

    def _growNow(self, name: str) -> None:
        """Grow workspace `name`'s own panel, if it is still the current workspace."""
        if name != self._current:  # the user has moved on
            return
        if name == "step":  # room to read the formulas and tables
            self.docks.growBottomFor("step", 0.62)
        if name == "draw":  # a large canvas next to the network that reads it
            self.docks.growSideFor("draw", 0.42)

    def hideStaleTabBars(self) -> None:
        """Hide dock tab bars a restored layout left behind: a bar whose panel in front is
        hidden, or that does not sit right under that panel (Qt keeps them after
        `restoreState` and may paint them over the network)."""
        shown = {d.windowTitle(): d for d in self.docks.widgets()
                 if d.isVisible() and not d.isFloating()}  # fmt: skip
        for bar in dock_tab_bars(self.window, self.bar):
            if bar.isHidden():
                continue
            dock = shown.get(bar.tabText(bar.currentIndex())) if bar.count() else None
            g = dock.geometry() if dock is not None else None
            under = g is not None and abs(g.bottom() + 1 - bar.y()) <= 6
            if not (under and g is not None and abs(g.x() - bar.x()) <= 6):
                bar.hide()

    def showFeatures(self, decision: bool, weights: bool) -> None:
        """The data's own picture (decision regions for 2-D points, weight pictures for
        images) where the current workspace shows such pictures: Draw and Step keep
        their room, also when a saved layout comes back at start-up."""
        here = not set(FEATURES) <= set(HIDDEN[self._current])
        self.docks.showFeatures(decision, weights, here)

    def _keepFeatureRules(self) -> None:
        """A restored layout never shows a picture the data does not have."""
        for name in FEATURES:
            dock = self.docks.get(name)
            if dock is not None and not dock.toggleViewAction().isEnabled():
                dock.hide()

    def _sync(self) -> None:
        k = WORKSPACES.index(self._current)
        if self.bar.currentIndex() != k:
            self.bar.blockSignals(True)
            self.bar.setCurrentIndex(k)
            self.bar.blockSignals(False)
        for name, act in self.actions.items():
            act.setChecked(name == self._current)

    @Slot(int)
    def _onTab(self, k: int) -> None:
        if 0 <= k < len(WORKSPACES):
            self.show(WORKSPACES[k])

    # ------------------------------------------------------------ saved between runs

    def save(self) -> None:
        """The layouts of every workspace (the current one as it is now)."""
        self._leave()
        q = self.qsettings
        for name, state in self._layouts.items():
            q.setValue(f"workspace/{name}/state", state)
        q.setValue("workspace/current", self._current)

    def restore(self) -> bool:
        """Read the saved layouts and enter the saved workspace; True if its layout was
        restored (otherwise the default one is in place)."""
        q = self.qsettings
        for name in WORKSPACES:
            old = "window/state" if name == "train" else ""  # before there were workspaces
            state = q.value(f"workspace/{name}/state") or (q.value(old) if old else None)
            if isinstance(state, QByteArray) and not state.isEmpty():
                self._layouts[name] = state
        name = q.value("workspace/current", "train")
        name = name if name in WORKSPACES else "train"
        saved = self._layouts.get(name)
        self._current = name
        ok = saved is not None and self.window.restoreState(saved, STATE_VERSION)
        if not ok and name != "train":
            self.applyDefault(name)
        self._keepFeatureRules()
        self._sync()
        return ok
