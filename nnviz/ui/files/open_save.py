"""File > Open / Save / Save As / Recent files of the main window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from nnviz.app.session import SessionError
from nnviz.data import DataFileError
from nnviz.engine import ModelFileError
from nnviz.ui.common import file_dialogs
from nnviz.ui.share import setup_share

if TYPE_CHECKING:
    from nnviz.ui.shell.main_window import MainWindow

MAX_RECENT = 8
OPEN_FILTER = (
    "Models and data (*.npz *.csv *.txt);;Models (*.npz);;CSV data (*.csv *.txt);;All files (*)"
)


def recent_files(w: MainWindow) -> list[str]:
    value = w.qsettings.value("recentFiles", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value or []]


def add_recent(w: MainWindow, path: str | Path) -> None:
    path = str(Path(path).resolve())
    files = [path, *(f for f in recent_files(w) if f != path)][:MAX_RECENT]
    w.qsettings.setValue("recentFiles", files)
    update_recent_menu(w)


def update_recent_menu(w: MainWindow) -> None:
    menu = w.menus.recent
    menu.clear()
    files = recent_files(w)
    for k, f in enumerate(files):
        act = menu.addAction(f"&{k + 1} {Path(f).name}")
        act.setToolTip(f)
        act.setData(f)
        act.triggered.connect(w.commands.openRecent)
    if not files:
        menu.addAction("(none)").setEnabled(False)
    else:
        menu.addSeparator()
        menu.addAction("Clear the list").triggered.connect(w.commands.clearRecent)


def open_dialog(w: MainWindow) -> None:
    folder = str(w.session.path.parent) if w.session.path else None
    path = file_dialogs.open_path(w, "Open a model or CSV data", OPEN_FILTER, folder)
    if path:
        open_path(w, path)


def open_path(w: MainWindow, path: str | Path, regression: bool = False) -> bool:
    """Open a model (.npz) or a CSV data file (its last column a class, or with
    `regression` a number to predict); problems are shown in the banner."""
    if setup_share.is_setup(str(path)) and w.setupSharing is not None:
        return w.setupSharing.openText(str(path))
    path = Path(path)
    if path.suffix.lower() in (".csv", ".txt"):
        task = "regression" if regression else "classification"
        s = w.session.settings.replace(dataset=str(path.resolve()), task=task, features=[])
        w.applySettings(s.for_task())
        add_recent(w, path)
        return True
    try:
        net, settings, note = w.session.plan_load(path)
    except (ModelFileError, SessionError, DataFileError, OSError, ValueError) as e:
        w.showError(f"Could not open {path.name}: {e}")
        return False
    w.sessionQt.pause()
    if not w.ensureData(settings, lambda: open_path(w, path)):
        return False
    w.sessionQt.loadData(settings, net.params(), path)
    add_recent(w, path)
    w.statusBar().showMessage(f"Opened {path.name}. {note}".strip(), 8000)
    return True


def save(w: MainWindow) -> bool:
    if w.session.path is None or w.session.path.suffix.lower() != ".npz":
        return save_as(w)
    return save_to(w, w.session.path)


def save_as(w: MainWindow) -> bool:
    name = f"{w.session.settings.dataset_label.removesuffix('.csv')}-model.npz"
    folder = str(w.session.path.parent) if w.session.path else None
    path = file_dialogs.save_path(w, "Save the model", name, "Models (*.npz)", folder)
    if not path:
        return False
    if not path.lower().endswith(".npz"):
        path += ".npz"
    return save_to(w, Path(path))


def save_to(w: MainWindow, path: Path) -> bool:
    try:
        w.session.save(path)
    except (OSError, SessionError, ValueError) as e:
        w.showError(f"Could not save {path.name}: {e}")
        return False
    add_recent(w, path)
    w.updateTitle()
    w.statusBar().showMessage(f"Saved {path}", 5000)
    return True


def ask_save(w: MainWindow) -> bool:
    """Save / Discard / Cancel for trained weights; False means keep the window open."""
    answer = QMessageBox.question(
        w,
        "Save the trained network?",
        "The network has trained since it was last saved. Save it before closing?",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Cancel:
        return False
    if answer == QMessageBox.StandardButton.Save:
        w.sessionQt.pause()
        return save(w)
    return True
