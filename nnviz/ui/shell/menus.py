"""The main window's actions and menus: File, Train, View, Export, Help.

`Menus(window)` creates them: `actions` (by name), the menus (`file`, `recent`,
`train`, `view`, `panels`, `export`, `help`) and the choice groups (`speedGroup`,
`themeGroup`, `edgeGroup`). Panels add their own entries to these menus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QStyle

from nnviz.app.settings import SPEED_CHOICES
from nnviz.ui.common.theme import THEMES
from nnviz.ui.controls.panel import speed_label

EDGE_MODES = {
    "weights": ("Edges show &weights", "Edge colour and width: the weight W[j, i]"),
    "gradients": ("Edges show &gradients", "Edge colour and width: the gradient dL/dW[j, i]"),
    "updates": ("Edges show &updates", "Edge colour and width: the last change of each weight"),
}
TRAIN_KEYS = {"play": "Space", "step": "Right", "reset": "R"}


class ZoomableView(Protocol):
    def zoomIn(self) -> None: ...
    def zoomOut(self) -> None: ...
    def fitView(self) -> None: ...


def _action(w: QMainWindow, text: str, tip: str, shortcut: str | QKeySequence | None = None,
            icon: QStyle.StandardPixmap | None = None) -> QAction:  # fmt: skip
    a = QAction(text, w)
    a.setToolTip(tip)
    a.setStatusTip(tip)
    if shortcut is not None:
        a.setShortcut(QKeySequence(shortcut))
    if icon is not None:
        a.setIcon(w.style().standardIcon(icon))
    return a


def create_actions(w: QMainWindow) -> dict[str, QAction]:
    """Every window-level action, keyed by name."""
    SP = QStyle.StandardPixmap
    acts = {
        "open": _action(w, "&Open…", "Open a model (.npz) or a CSV data file",
                        QKeySequence.StandardKey.Open, SP.SP_DialogOpenButton),
        "save": _action(w, "&Save model", "Save the trained network",
                        QKeySequence.StandardKey.Save, SP.SP_DialogSaveButton),
        "saveAs": _action(w, "Save model &As…", "Save the trained network under a new name",
                          "Ctrl+Shift+S"),
        "quit": _action(w, "&Quit", "Close nnviz", "Ctrl+Q"),
        "play": _action(w, "&Play", "Start training (Space)", None, SP.SP_MediaPlay),
        "step": _action(w, "&Step", "Train on one minibatch and animate it (Right arrow)",
                        None, SP.SP_MediaSeekForward),
        "reset": _action(w, "&Reset", "New random weights from the seed; clears the curves (R)",
                         None, SP.SP_BrowserReload),
        "help": _action(w, "nnviz &Help", "How to use nnviz", QKeySequence.StandardKey.HelpContents,
                        SP.SP_DialogHelpButton),
        "about": _action(w, "&About nnviz", "Version and licence"),
        "fullScreen": _action(w, "&Full screen", "Toggle full screen", "F11"),
    }  # fmt: skip
    acts["quit"].setMenuRole(QAction.MenuRole.QuitRole)
    acts["about"].setMenuRole(QAction.MenuRole.AboutRole)
    acts["fullScreen"].setCheckable(True)
    # Training keys act only where focus is in the window's own views, so panels with
    # their own Space/arrow keys (e.g. stepping through backprop) keep them.
    for name, key in TRAIN_KEYS.items():
        acts[name].setShortcut(QKeySequence(key))
        acts[name].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return acts


def _group(menu: QMenu, owner: QMainWindow, items: list[tuple[str, object, str]]) -> QActionGroup:
    """Checkable, exclusive actions in `menu`: (text, data, tooltip) each."""
    group = QActionGroup(owner)
    for text, data, tip in items:
        act = menu.addAction(text)
        act.setCheckable(True)
        act.setData(data)
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        group.addAction(act)
    return group


class Menus:
    """The menu bar of one window and its actions."""

    def __init__(self, w: QMainWindow) -> None:
        self.window = w
        self.actions = a = create_actions(w)
        bar = w.menuBar()
        self.file = bar.addMenu("&File")
        self.file.addAction(a["open"])
        self.recent = self.file.addMenu("Open &Recent")
        self.recent.setToolTipsVisible(True)
        self.file.addSeparator()
        self.file.addAction(a["save"])
        self.file.addAction(a["saveAs"])
        self.file.addSeparator()
        self.file.addAction(a["quit"])

        self.train = bar.addMenu("&Train")
        for name in ("play", "step", "reset"):
            self.train.addAction(a[name])
        self.train.addSeparator()
        speeds = [(speed_label(sps), sps, f"Train at {speed_label(sps).lower()}")
                  for sps in SPEED_CHOICES]  # fmt: skip
        self.speedGroup = _group(self.train.addMenu("S&peed"), w, speeds)

        self.view = bar.addMenu("&View")
        self.workspaces = self.view.addMenu("&Workspace")
        self.panels = self.view.addMenu("&Panels")
        self.view.addSeparator()
        names = {"system": "Follow the &system", "light": "&Light", "dark": "&Dark"}
        themes = [(names[mode], mode, "") for mode in THEMES]
        self.themeGroup = _group(self.view.addMenu("&Theme"), w, themes)
        edges = [(text, mode, tip) for mode, (text, tip) in EDGE_MODES.items()]
        self.edgeGroup = _group(self.view.addMenu("&Edges"), w, edges)
        self.edgeGroup.actions()[0].setChecked(True)
        self.view.addSeparator()
        self.view.addAction(a["fullScreen"])

        self.export = bar.addMenu("E&xport")
        self.help = bar.addMenu("&Help")
        self.help.addAction(a["help"])
        self.help.addAction(a["about"])

    def addViewActions(self, view: ZoomableView, resetLayout: Callable[[], None]) -> None:
        """Zoom actions for the network view, and Reset layout, at the end of View."""
        self.view.addSeparator()
        owner = self.window
        for text, key, slot in (
            ("Zoom &in", "Ctrl+Alt+=", view.zoomIn),
            ("Zoom &out", "Ctrl+Alt+-", view.zoomOut),
            ("&Fit the network", "Ctrl+Alt+0", view.fitView),
        ):
            act = QAction(text, owner)
            act.setShortcut(QKeySequence(key))
            act.setToolTip(f"{text.replace('&', '')} (network view)")
            act.triggered.connect(slot)
            self.view.addAction(act)
        reset = QAction("&Reset layout", owner)
        reset.setToolTip("Put every panel of this workspace back where it was on first start")
        reset.triggered.connect(resetLayout)
        self.view.addAction(reset)

    def dedupeHelp(self) -> None:
        """Drop the built-in Help entries when a panel installed its own (same keys/roles)."""
        mine = {self.actions["help"], self.actions["about"]}
        others = [a for a in self.help.actions() if a not in mine and not a.isSeparator()]
        keys = {a.shortcut().toString() for a in others if not a.shortcut().isEmpty()}
        roles = {a.menuRole() for a in others}
        if self.actions["help"].shortcut().toString() in keys:
            self.help.removeAction(self.actions["help"])
            self.actions["help"].setShortcut("")
        if self.actions["about"].menuRole() in roles:
            self.help.removeAction(self.actions["about"])
