"""Files coming to the window: drag-and-drop, and autosave with restore after a crash.

- Drop a model (.npz) or CSV file anywhere on the window to open it (the window's
  `openPath`), or an image to put it on the draw panel's canvas.
- Every few minutes, if the network trained since the last save, a copy of it (with its
  settings, as `Session.save` writes it) goes to `<user data dir>/autosave/`. A marker
  file per running process tells a clean exit from a crash: on the next start, the
  newest autosave of a process that did not exit cleanly is offered for restoring.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from nnviz.app.session import Session
from nnviz.ui.common.host import ExportHost

MODEL_SUFFIXES = {".npz"}
DATA_SUFFIXES = {".csv", ".txt"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".pgm"}
AUTOSAVE_MS = 3 * 60 * 1000


def kind_of(path: str | Path) -> str | None:
    """ "model", "data", "image" or None, by suffix."""
    suffix = Path(path).suffix.lower()
    if suffix in MODEL_SUFFIXES:
        return "model"
    if suffix in DATA_SUFFIXES:
        return "data"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    return None


def _dropped_files(event: QDragEnterEvent | QDropEvent) -> list[str]:
    data = event.mimeData()
    if data is None or not data.hasUrls():
        return []
    return [u.toLocalFile() for u in data.urls() if u.isLocalFile() and kind_of(u.toLocalFile())]


class DropHandler(QObject):
    """Event filter on the main window: accepts model, CSV and image files."""

    def __init__(self, window: ExportHost):
        super().__init__(window.window())
        self.window = window
        window.window().setAcceptDrops(True)
        window.window().installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and _dropped_files(event):
            event.acceptProposedAction()
            return True
        if kind == QEvent.Type.Drop and (paths := _dropped_files(event)):
            event.acceptProposedAction()
            # Open after the drop returns, so the source application is not kept waiting.
            QTimer.singleShot(0, lambda: self.open(paths[0]))
            return True
        return False

    def open(self, path: str) -> bool:
        """Open a dropped file the way its kind is opened from the menus."""
        kind = kind_of(path)
        w = self.window
        if kind == "image":
            panel = w.drawPanel
            if panel is None:
                w.statusBar().showMessage(
                    "Images go to the Draw panel, which is not available.", 6000
                )
                return False
            dock = w.panel("draw")
            if dock is not None:
                dock.show()
                dock.raise_()
            return bool(panel.canvas.loadImageFile(path))
        if kind in ("model", "data"):
            return bool(w.openPath(path))
        return False


# ---------------------------------------------------------------------- autosave


def autosave_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("nnviz", appauthor=False)) / "autosave"


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def save_snapshot(session: Session, path: Path) -> None:
    """Write the session's network like `Session.save`, without touching the session."""
    net = session.network.copy()
    meta = {**session.dataset.meta(), "settings": session.settings.to_dict()}
    if getattr(session.dataset, "source", None):
        meta["source"] = session.dataset.source
    meta["autosave"] = {
        "time": time.strftime("%Y-%m-%d %H:%M:%S"),
        "step": int(session.step),
        "epoch": int(session.epoch),
        "file": str(session.path) if session.path else None,
    }
    net.meta = meta
    net.save(path)


class AutoSaver(QObject):
    """Periodic snapshot of `window.session`; crash detection through marker files."""

    _count = 0

    def __init__(
        self, window: ExportHost, folder: Path | None = None, interval_ms: int = AUTOSAVE_MS
    ):
        super().__init__(window.window())
        self.window = window
        self.widget = window.window()  # the top-level widget whose closing ends the run
        self.folder = folder or autosave_dir()
        self.pid = os.getpid()
        # One tag per window: "<pid>", then "<pid>.1", ... for more windows in one process.
        AutoSaver._count += 1
        tag = f"{self.pid}" if AutoSaver._count == 1 else f"{self.pid}.{AutoSaver._count - 1}"
        self.marker = self.folder / f"running-{tag}.json"
        self.snapshot = self.folder / f"autosave-{tag}.npz"
        self.askRestore: Callable[[Path, dict], bool] = self._askRestore
        self.saved = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save)

    def start(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.marker.write_text(json.dumps({"pid": self.pid, "started": time.time()}))
        except OSError:
            return  # no autosave without a writable folder; the app works anyway
        self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.finish)
        self.widget.installEventFilter(self)  # closing the window is a clean exit too

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.widget and event.type() == QEvent.Type.Close:
            QTimer.singleShot(0, self._closed)  # after the window accepted or refused it
        return False

    @Slot()
    def _closed(self) -> None:
        if not self.widget.isVisible():
            self.finish()

    @Slot()
    def save(self) -> bool:
        """Snapshot the session if it trained since the last save (returns True if written)."""
        session = self.window.session
        if not session.ready or not session.dirty:
            return False
        try:
            save_snapshot(session, self.snapshot)
        except (OSError, ValueError) as e:
            self.window.statusBar().showMessage(f"Autosave failed: {e}", 8000)
            return False
        self.saved += 1
        return True

    @Slot()
    def finish(self) -> None:
        """Clean exit: stop, and remove this process's marker and snapshot."""
        self.timer.stop()
        for p in (self.marker, self.snapshot):
            with contextlib.suppress(OSError):
                p.unlink(missing_ok=True)

    def crashed(self) -> list[Path]:
        """Snapshots left by processes that ended without a clean exit, newest first."""
        found = []
        for marker in self.folder.glob("running-*.json"):
            tag = marker.stem.split("-", 1)[1]
            try:
                pid = int(tag.split(".")[0])
            except ValueError:
                continue
            if _pid_alive(pid):
                continue
            snap = self.folder / f"autosave-{tag}.npz"
            if snap.exists():
                found.append(snap)
            else:
                with contextlib.suppress(OSError):
                    marker.unlink()
        return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)

    def _forget(self, snapshot: Path) -> None:
        tag = snapshot.stem.split("-", 1)[1]
        for p in (snapshot, self.folder / f"running-{tag}.json"):
            with contextlib.suppress(OSError):
                p.unlink(missing_ok=True)

    def offerRestore(self) -> bool:
        """Offer the newest crashed session; True if it was restored. Old ones are dropped."""
        snaps = self.crashed()
        if not snaps:
            return False
        newest, restored = snaps[0], False
        info: dict = {}
        try:
            from nnviz.engine import load_model

            info = load_model(newest).meta.get("autosave", {})
        except (OSError, ValueError):
            info = {}
        if info and self.askRestore(newest, info):
            # Open a copy under a stable name: the crashed process's files are removed below.
            keep = self.folder / "restored.npz"
            with contextlib.suppress(OSError):
                os.replace(newest, keep)
                restored = bool(self.window.openPath(str(keep)))
        for snap in snaps:
            self._forget(snap)
        return restored

    def _askRestore(self, path: Path, info: dict) -> bool:
        when = info.get("time", "?")
        step = info.get("step", 0)
        answer = QMessageBox.question(
            self.widget,
            "Restore the last session?",
            f"nnviz did not close properly last time. Restore the network it was training "
            f"(autosaved {when}, step {step})?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes


def install(window: ExportHost, offer_restore: bool = True) -> None:
    """Drops on `window`, autosave every few minutes, and (later) the restore offer."""
    window.dropHandler = DropHandler(window)
    window.autoSaver = AutoSaver(window)
    window.autoSaver.start()
    if offer_restore and window.autoSaver.crashed():
        QTimer.singleShot(500, window.autoSaver.offerRestore)
