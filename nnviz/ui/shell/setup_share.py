"""File › Copy setup, Copy setup link, Open setup… and Save setup…: a whole run as a
short code, an nnviz://setup/<code> link or a .nnviz-setup file.

Opening a setup always builds the data and the network afresh from it, so the run that
follows is the same step for step. A bad or hostile code shows one line and changes
nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.setup_code import (
    SUFFIX,
    Setup,
    SetupError,
    encode,
    link,
    load_setup,
    parse_link,
    read_setup_file,
    write_setup_file,
)
from nnviz.app.setup_settings import settings_from_setup, setup_from_settings
from nnviz.ui.common import file_dialogs

if TYPE_CHECKING:
    from nnviz.ui.shell.main_window import MainWindow

FILTER = f"nnviz setups (*{SUFFIX})"


def is_setup(text: str) -> bool:
    """Whether a command-line argument or dropped path names a setup (link or file)."""
    return text.strip().lower().startswith("nnviz://") or text.strip().endswith(SUFFIX)


class SetupDialog(QDialog):
    """Paste a code or link, or choose a .nnviz-setup file; `setup` holds the result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open setup")
        self.setup: Setup | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Paste a setup code or an nnviz://setup/… link")
        self.edit.setMinimumWidth(420)
        self.edit.textChanged.connect(lambda _t: self.error.setText(""))
        pick = QPushButton("Choose file…")
        pick.setToolTip(f"Open a {SUFFIX} file")
        pick.clicked.connect(self.chooseFile)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.tryAccept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(pick)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A setup sets the data, the network and the training exactly."))
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @Slot()
    def tryAccept(self) -> None:
        """Parse the pasted text strictly; one line under the box when it is not a setup."""
        try:
            self.setup = parse_link(self.edit.text())
        except SetupError as e:
            self.setup = None
            self.error.setText(str(e))
            return
        self.accept()

    @Slot()
    def chooseFile(self) -> None:
        path = file_dialogs.open_path(self, "Open setup", FILTER)
        if not path:
            return
        try:
            self.setup = read_setup_file(path)
        except SetupError as e:
            self.setup = None
            self.error.setText(str(e))
            return
        self.accept()


class SetupSharing(QObject):
    """The File menu's setup actions of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        menu = window.fileMenu
        first = menu.actions()[0] if menu.actions() else None
        self.actions: dict[str, QAction] = {}
        for name, text, tip, slot in (
            ("copySetup", "Copy setup", "Copy a short code that reproduces this run", self.copy),
            ("copyLink", "Copy setup link", "Copy an nnviz://setup/… link to this run",
             self.copyLink),
            ("openSetup", "Open setup…", "Paste a setup code or link, or open a setup file",
             self.openDialog),
            ("saveSetup", "Save setup…", f"Save this run's setup as a {SUFFIX} file", self.save),
        ):  # fmt: skip
            act = QAction(text, window)
            act.setToolTip(tip)
            act.setStatusTip(tip)
            act.triggered.connect(slot)
            self.actions[name] = act
        self.actions["copySetup"].setShortcut(QKeySequence("Ctrl+Shift+C"))
        sep = menu.insertSeparator(first) if first is not None else None
        for act in self.actions.values():
            menu.insertAction(sep, act) if sep is not None else menu.addAction(act)

    def current(self) -> Setup | None:
        """The setup of the current settings, or None (with one line why)."""
        try:
            return setup_from_settings(self.w.session.settings)
        except SetupError as e:
            self.w.showError(f"Cannot share this run: {e}")
            return None

    @Slot()
    def copy(self) -> str:
        setup = self.current()
        if setup is None:
            return ""
        code = encode(setup)
        QGuiApplication.clipboard().setText(code)
        self.w.statusBar().showMessage(f"Copied the setup code; as a link: {link(setup)}", 10000)
        return code

    @Slot()
    def copyLink(self) -> str:
        setup = self.current()
        if setup is None:
            return ""
        text = link(setup)
        QGuiApplication.clipboard().setText(text)
        self.w.statusBar().showMessage("Copied the setup link", 6000)
        return text

    @Slot()
    def openDialog(self) -> bool:
        dialog = SetupDialog(self.w)
        ok = dialog.exec() == QDialog.DialogCode.Accepted and dialog.setup is not None
        setup = dialog.setup
        dialog.deleteLater()
        return self.apply(setup) if ok and setup is not None else False

    def openText(self, text: str) -> bool:
        """Open a code, link or .nnviz-setup path; a bad one shows one line, changes nothing."""
        try:
            setup = load_setup(text)
        except SetupError as e:
            self.w.showError(f"Could not open the setup: {e}")
            return False
        return self.apply(setup)

    def apply(self, setup: Setup) -> bool:
        """Build the data and network afresh from `setup` (same run step for step)."""
        settings = settings_from_setup(setup, self.w.session.settings)
        self.w.sessionQt.pause()
        if not self.w.ensureData(settings, lambda: self.apply(setup) and None):
            return False
        self.w.sessionQt.loadData(settings)
        self.w.statusBar().showMessage("Opened the setup: press Play to train", 8000)
        return True

    @Slot()
    def save(self) -> bool:
        setup = self.current()
        if setup is None:
            return False
        path = file_dialogs.save_path(self.w, "Save setup", f"{setup.dataset}{SUFFIX}", FILTER)
        if not path:
            return False
        if not path.endswith(SUFFIX):
            path += SUFFIX
        try:
            write_setup_file(path, setup)
        except SetupError as e:
            self.w.showError(str(e))
            return False
        self.w.statusBar().showMessage(f"Saved {Path(path).name}", 6000)
        return True


def install(window: MainWindow) -> None:
    """Add the setup actions to the File menu (sets `window.setupSharing`)."""
    window.setupSharing = SetupSharing(window)
