"""The Help menu: quick tour (F1), keyboard shortcuts sheet, log folder, About.

`install(window)` fills `window.helpMenu` and sets the application icon. The shortcut
sheet is generated from the window's actions when it is opened, so it stays true.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMenu,
    QStatusBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nnviz.ui.help.about import AboutDialog, app_icon
from nnviz.ui.help.tour import QuickTour


def _plain(text: str) -> str:
    """An action's text without mnemonics and trailing dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".… ")


def _keys(action: QAction) -> str:
    return ", ".join(
        s.toString(QKeySequence.SequenceFormat.NativeText)
        for s in action.shortcuts()
        if not s.isEmpty()
    )


def _group_of(obj: object) -> str:
    """The `shortcutGroup` of the nearest widget that names one, else "Other"."""
    while obj is not None:
        group = getattr(obj, "shortcutGroup", None)
        if isinstance(group, str):
            return group
        obj = obj.parent() if hasattr(obj, "parent") else None
    return "Other"


def collect_shortcuts(window: QWidget) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(group, [(action, keys), ...]), ...] from the menu bar, then any other actions."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    seen: set[int] = set()

    def walk(menu: QMenu, title: str) -> None:
        rows: list[tuple[str, str]] = []
        for a in menu.actions():
            if a.menu() is not None:
                walk(a.menu(), f"{title} › {_plain(a.menu().title())}")
            elif not a.isSeparator() and (keys := _keys(a)):
                rows.append((_plain(a.text()), keys))
                seen.add(id(a))
        if rows:
            groups.append((title, rows))

    bar = window.menuBar() if hasattr(window, "menuBar") else None
    if bar is not None:
        for a in bar.actions():
            if a.menu() is not None:
                walk(a.menu(), _plain(a.menu().title()))
    # Actions outside the menus belong to a panel: group them under its name, so the same
    # keys in two places (Ctrl+O for a model and for an image) read as two contexts.
    local: dict[str, list[tuple[str, str]]] = {}
    for a in window.findChildren(QAction):
        keys = _keys(a) if id(a) not in seen and a.menu() is None and a.text() else ""
        row = (_plain(a.text()), keys)
        group = _group_of(a.parent())
        if keys and row not in local.setdefault(group, []):
            local[group].append(row)
    for w in window.findChildren(QWidget):
        rows = getattr(w, "shortcutRows", None)
        if callable(rows):
            local.setdefault(_group_of(w), []).extend(rows())
    for group in sorted(k for k, v in local.items() if v):
        groups.append((group, sorted(local[group])))
    return groups


class ShortcutSheet(QDialog):
    """All keyboard shortcuts of the window, grouped by menu, with a filter box."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter, e.g. train or Ctrl")
        self.filter.setToolTip("Show only shortcuts whose action or keys contain this text")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Action", "Shortcut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        for group, rows in collect_shortcuts(window):
            top = QTreeWidgetItem([group])
            f = top.font(0)
            f.setBold(True)
            top.setFont(0, f)
            top.setFirstColumnSpanned(False)
            for text, keys in rows:
                top.addChild(QTreeWidgetItem([text, keys]))
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, max(self.tree.columnWidth(0) + 24, 240))
        self.filter.textChanged.connect(self.applyFilter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(480, 560)

    @Slot(str)
    def applyFilter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            shown = 0
            for j in range(top.childCount()):
                child = top.child(j)
                hit = (
                    not needle or needle in f"{child.text(0)} {child.text(1)} {top.text(0)}".lower()
                )
                child.setHidden(not hit)
                shown += hit
            top.setHidden(shown == 0)

    def rows(self) -> list[tuple[str, str]]:
        """The visible (action, keys) rows (for tests)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            out += [
                (top.child(j).text(0), top.child(j).text(1))
                for j in range(top.childCount())
                if not top.child(j).isHidden() and not top.isHidden()
            ]
        return out


def _action(window: QWidget, text: str, tip: str, slot: Any, keys: Any = None) -> QAction:
    a = QAction(text, window)
    a.setToolTip(tip)
    a.setStatusTip(tip)
    if keys is not None:
        a.setShortcut(QKeySequence(keys))
        a.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    a.triggered.connect(slot)
    return a


class HelpHost(Protocol):
    """What the Help menu uses of the window (`MainWindow` provides it)."""

    helpActions: Any  # set by `install`

    @property
    def helpMenu(self) -> QMenu: ...
    @property
    def qsettings(self) -> QSettings: ...
    def window(self) -> QWidget: ...  # the top-level widget: parent of the dialogs
    def statusBar(self) -> QStatusBar: ...


class Help:
    """The Help menu's actions and dialogs for one window."""

    def __init__(self, window: HelpHost):
        self.window = window.window()
        self.tour: QuickTour | None = None
        w = self.window
        self.tourAction = _action(
            w,
            "&Quick tour",
            "A short guided tour of nnviz",
            self.showTour,
            QKeySequence.StandardKey.HelpContents,
        )
        if self.tourAction.shortcut().isEmpty():
            self.tourAction.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.shortcutsAction = _action(
            w,
            "&Keyboard shortcuts",
            "Every keyboard shortcut of the window",
            self.showShortcuts,
            "Ctrl+/",
        )
        self.logsAction = _action(
            w, "Open &log folder", "Open the folder with nnviz's error logs", self.openLogFolder
        )
        self.aboutAction = _action(w, "&About nnviz", "Version and licences", self.showAbout)
        self.aboutAction.setMenuRole(QAction.MenuRole.AboutRole)
        self.aboutQtAction = _action(w, "About &Qt", "The Qt version in use", QApplication.aboutQt)
        self.aboutQtAction.setMenuRole(QAction.MenuRole.AboutQtRole)
        menu: QMenu = window.helpMenu
        menu.addAction(self.tourAction)
        menu.addAction(self.shortcutsAction)
        menu.addSeparator()
        menu.addAction(self.logsAction)
        menu.addSeparator()
        menu.addAction(self.aboutAction)
        menu.addAction(self.aboutQtAction)

    def shortcutMap(self) -> dict[str, str]:
        """Key sequences of a few well-known actions, for the tour's text."""
        out = {"tour": _keys(self.tourAction), "shortcuts": _keys(self.shortcutsAction)}
        for _group, rows in collect_shortcuts(self.window):
            for text, keys in rows:
                low = text.lower()
                if "train" not in out and ("start" in low or "train" in low or "play" in low):
                    out["train"] = keys
        return out

    def keyList(self, n: int = 8) -> list[tuple[str, str]]:
        """(keys, action) for the tour's keyboard page: help first, then the main menus."""
        keys = [
            (_keys(self.tourAction), "Quick tour"),
            (_keys(self.shortcutsAction), "All shortcuts"),
        ]
        order = {"Train": 0, "View": 1, "Edit": 2, "File": 3}
        groups = sorted(collect_shortcuts(self.window), key=lambda g: order.get(g[0], 9))
        for _group, rows in groups:
            keys += [(k, t) for t, k in rows if (k, t) not in keys and t != "Quick tour"]
        return keys[:n]

    @Slot()
    def showTour(self) -> QuickTour:
        if self.tour is None:
            self.tour = QuickTour(self.window, self.shortcutMap(), self.keyList())
            self.tour.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.tour.destroyed.connect(self._tourGone)
            self.tour.show()
            self.tour.activateWindow()  # keys (Left/Right) go to the tour, not the window
        else:  # already open: bring it to the front
            self.tour.raise_()
            self.tour.activateWindow()
        return self.tour

    @Slot()
    def _tourGone(self) -> None:
        self.tour = None

    @Slot()
    def showShortcuts(self) -> ShortcutSheet:
        sheet = ShortcutSheet(self.window)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.show()
        sheet.activateWindow()
        return sheet

    @Slot()
    def showAbout(self) -> AboutDialog:
        about = AboutDialog(self.window)
        about.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        about.show()
        about.activateWindow()
        return about

    @Slot()
    def openLogFolder(self) -> None:
        from nnviz.ui.crash import log_dir

        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def install(window: HelpHost) -> Help:
    """Fill `window.helpMenu`, set the app icon, and greet first-time users in the status bar."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.windowIcon().isNull():
        app.setWindowIcon(app_icon())
    window.helpActions = Help(window)
    settings = window.qsettings
    if not settings.value("help/welcomed", False, type=bool):
        settings.setValue("help/welcomed", True)
        window.statusBar().showMessage("New to nnviz? Press F1 for a quick tour.", 20000)
    return window.helpActions
