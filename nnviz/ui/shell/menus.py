"""The main window's actions and menus: File, Train, View, Export, Help."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QStyle

from nnviz.app.settings import SPEED_CHOICES
from nnviz.ui.common.theme import THEMES
from nnviz.ui.controls.panel import speed_label

if TYPE_CHECKING:
    from nnviz.ui.shell.main_window import MainWindow

EDGE_MODES = {
    "weights": ("Edges show &weights", "Edge colour and width: the weight W[j, i]"),
    "gradients": ("Edges show &gradients", "Edge colour and width: the gradient dL/dW[j, i]"),
    "updates": ("Edges show &updates", "Edge colour and width: the last change of each weight"),
}
TRAIN_KEYS = {"play": "Space", "step": "Right", "reset": "R"}


def _action(w: MainWindow, text: str, tip: str, shortcut: str | QKeySequence | None = None,
            icon: QStyle.StandardPixmap | None = None) -> QAction:  # fmt: skip
    a = QAction(text, w)
    a.setToolTip(tip)
    a.setStatusTip(tip)
    if shortcut is not None:
        a.setShortcut(QKeySequence(shortcut))
    if icon is not None:
        a.setIcon(w.style().standardIcon(icon))
    return a


def create_actions(w: MainWindow) -> dict[str, QAction]:
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


def build_menus(w: MainWindow) -> None:
    """Create fileMenu, trainMenu, viewMenu, exportMenu, helpMenu on `w`."""
    a = w.actions
    bar = w.menuBar()
    w.fileMenu = bar.addMenu("&File")
    w.fileMenu.addAction(a["open"])
    w.recentMenu = w.fileMenu.addMenu("Open &Recent")
    w.recentMenu.setToolTipsVisible(True)
    w.fileMenu.addSeparator()
    w.fileMenu.addAction(a["save"])
    w.fileMenu.addAction(a["saveAs"])
    w.fileMenu.addSeparator()
    w.fileMenu.addAction(a["quit"])

    w.trainMenu = bar.addMenu("&Train")
    for name in ("play", "step", "reset"):
        w.trainMenu.addAction(a[name])
    w.trainMenu.addSeparator()
    speed = w.trainMenu.addMenu("S&peed")
    w.speedGroup = QActionGroup(w)
    for sps in SPEED_CHOICES:
        act = speed.addAction(speed_label(sps))
        act.setCheckable(True)
        act.setData(sps)
        act.setToolTip(f"Train at {speed_label(sps).lower()}")
        w.speedGroup.addAction(act)

    w.viewMenu = bar.addMenu("&View")
    w.panelsMenu = w.viewMenu.addMenu("&Panels")
    w.viewMenu.addSeparator()
    theme = w.viewMenu.addMenu("&Theme")
    w.themeGroup = QActionGroup(w)
    for mode in THEMES:
        act = theme.addAction(
            {"system": "Follow the &system", "light": "&Light", "dark": "&Dark"}[mode]
        )
        act.setCheckable(True)
        act.setData(mode)
        w.themeGroup.addAction(act)
    edges = w.viewMenu.addMenu("&Edges")
    w.edgeGroup = QActionGroup(w)
    for mode, (text, tip) in EDGE_MODES.items():
        act = edges.addAction(text)
        act.setCheckable(True)
        act.setData(mode)
        act.setToolTip(tip)
        act.setStatusTip(tip)
        w.edgeGroup.addAction(act)
    w.edgeGroup.actions()[0].setChecked(True)
    w.viewMenu.addSeparator()
    w.viewMenu.addAction(a["fullScreen"])

    w.exportMenu = bar.addMenu("E&xport")
    w.helpMenu = bar.addMenu("&Help")
    w.helpMenu.addAction(a["help"])
    w.helpMenu.addAction(a["about"])
