"""File dialogs that open where the user last was: the folder of the last file opened or
saved through any of them (remembered in QSettings), else Documents, else home."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

KEY = "files/lastFolder"
_store: QSettings | None = None


def use_settings(qsettings: QSettings) -> None:
    """Remember the folder in `qsettings` (the window's); default QSettings("nnviz")."""
    global _store
    _store = qsettings


def _settings() -> QSettings:
    return _store if _store is not None else QSettings("nnviz", "nnviz")


def start_folder() -> str:
    """The last folder used if it still exists, else Documents, else home."""
    last = _settings().value(KEY, "")
    if isinstance(last, str) and last and Path(last).is_dir():
        return last
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def remember(path: str) -> None:
    """`path` (a file, or a folder) was just used: dialogs open in its folder next time."""
    if path:
        p = Path(path)
        _settings().setValue(KEY, str(p if p.is_dir() else p.parent))


def save_path(parent: QWidget | None, title: str, name: str, filter_: str,
              folder: str | None = None) -> str:  # fmt: skip
    """Ask where to save `name` (in `folder`, else `start_folder()`); "" if cancelled."""
    start = str(Path(folder or start_folder()) / name)
    path, _ = QFileDialog.getSaveFileName(parent, title, start, filter_)
    remember(path)
    return path


def open_path(parent: QWidget | None, title: str, filter_: str, folder: str | None = None) -> str:
    """Ask for a file to open (from `folder`, else `start_folder()`); "" if cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, folder or start_folder(), filter_)
    remember(path)
    return path


def open_folder(parent: QWidget | None, title: str) -> str:
    """Ask for a folder (from `start_folder()`); "" if cancelled."""
    path = QFileDialog.getExistingDirectory(parent, title, start_folder())
    remember(path)
    return path
