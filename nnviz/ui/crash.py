"""Uncaught exceptions in the GUI: log the traceback, tell the user, keep running.

`install_excepthook(app)` replaces `sys.excepthook` and `threading.excepthook`.
An exception escaping a slot (or a worker thread) is appended with its full
traceback to `crash.log` in `platformdirs.user_log_dir("nnviz")` and shown in a
small dialog with the one-line message and a "Copy details" button. Exceptions
from other threads are handed to the GUI thread through a queued signal.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

LOG_NAME = "crash.log"
MAX_LOG_BYTES = 1_000_000

ShowDialog = Callable[[str, str, Path | None], None]


def log_dir() -> Path:
    """The folder for nnviz's log files (NNVIZ_LOG_DIR overrides the platform default)."""
    env = os.environ.get("NNVIZ_LOG_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_log_dir("nnviz", appauthor=False))


def _version() -> str:
    from nnviz import __version__

    return __version__


def write_log(details: str, folder: Path | None = None) -> Path | None:
    """Append `details` with a timestamped header to crash.log; None if it cannot be written.

    The file is rotated to crash.log.1 once it grows past ~1 MB.
    """
    folder = folder or log_dir()
    path = folder / LOG_NAME
    stamp = _dt.datetime.now().isoformat(timespec="seconds")
    header = f"==== {stamp}  nnviz {_version()}  Python {platform.python_version()} ====\n"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
        with path.open("a", encoding="utf-8") as f:
            f.write(header + details.rstrip("\n") + "\n\n")
    except OSError:
        return None
    return path


def summary(exc: BaseException) -> str:
    """One line: `TypeName: first line of the message`."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class CrashDialog(QDialog):
    """The message, where the log is, the traceback (collapsed) and "Copy details"."""

    def __init__(self, message: str, details: str, log: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("nnviz: something went wrong")
        self.details = details
        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        where = f"The details were saved to<br><code>{log}</code>" if log else ""
        text = QLabel(
            f"<b>An operation failed:</b><br>{_escape(message)}<br><br>"
            f"nnviz keeps running. If something looks wrong, save your model and restart. {where}"
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.traceback = QPlainTextEdit(details)
        self.traceback.setReadOnly(True)
        self.traceback.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.traceback.setVisible(False)
        self.traceback.setMinimumHeight(180)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copyButton = QPushButton("&Copy details")
        self.copyButton.setToolTip("Copy the error and its traceback, e.g. for a bug report")
        self.toggleButton = QPushButton("Show &details")
        self.toggleButton.setToolTip("Show the Python traceback")
        self.toggleButton.setCheckable(True)
        buttons.addButton(self.copyButton, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.toggleButton, QDialogButtonBox.ButtonRole.ActionRole)
        # Action-role buttons must not close the dialog.
        self.copyButton.setAutoDefault(False)
        self.toggleButton.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        self.copyButton.clicked.connect(self.copyDetails)
        self.toggleButton.toggled.connect(self._toggle)

        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.traceback, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.resize(560, self.minimumSizeHint().height())

    @Slot()
    def copyDetails(self) -> None:
        """Put the full details on the clipboard."""
        QGuiApplication.clipboard().setText(self.details)
        self.copyButton.setText("Copied")

    @Slot(bool)
    def _toggle(self, on: bool) -> None:
        self.traceback.setVisible(on)
        self.toggleButton.setText("Hide &details" if on else "Show &details")
        self.layout().activate()
        self.resize(self.width(), 440 if on else self.minimumSizeHint().height())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def show_crash_dialog(message: str, details: str, log: Path | None) -> None:
    """The default `show_dialog`: a modal CrashDialog over the active window."""
    dialog = CrashDialog(message, details, log, QApplication.activeWindow())
    dialog.exec()
    dialog.deleteLater()


class CrashHandler(QObject):
    """Receives uncaught exceptions from any thread; logs and reports them on the GUI thread.

    While a dialog is open, further exceptions are only logged (a failing paint event
    would otherwise stack up dialogs).
    """

    sigException = Signal(str, str)  # message, details (queued to the GUI thread)

    def __init__(self, show_dialog: ShowDialog | None = None, folder: Path | None = None):
        super().__init__()
        self.show_dialog: ShowDialog = show_dialog or show_crash_dialog
        self.folder = folder
        self.count = 0
        self.last_log: Path | None = None
        self._showing = False
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.sigException.connect(self._report, Qt.ConnectionType.QueuedConnection)

    def excepthook(
        self, etype: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        """The `sys.excepthook`: Ctrl+C quits, anything else is reported."""
        if issubclass(etype, KeyboardInterrupt | SystemExit):
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        self.handle(exc, tb)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        """The `threading.excepthook`."""
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        self.handle(args.exc_value, args.exc_traceback, f"in thread {name!r}")

    def handle(self, exc: BaseException, tb: TracebackType | None, where: str = "") -> None:
        """Log `exc` now (any thread) and report it on the GUI thread."""
        self.count += 1
        lines = traceback.format_exception(type(exc), exc, tb)
        details = "".join(lines)
        if where:
            details = f"Uncaught exception {where}:\n{details}"
        print(details, file=sys.stderr, end="")
        self.last_log = write_log(details, self.folder)
        self.sigException.emit(summary(exc), details)

    @Slot(str, str)
    def _report(self, message: str, details: str) -> None:
        if self._showing:
            return
        self._showing = True
        try:
            self.show_dialog(message, details, self.last_log)
        except Exception:  # the dialog itself failed: the log still has everything
            write_log("while showing the error dialog:\n" + traceback.format_exc(), self.folder)
        finally:
            self._showing = False

    def uninstall(self) -> None:
        """Put back the hooks that were there before `install_excepthook`."""
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self.thread_excepthook:
            threading.excepthook = self._previous_thread_hook


def install_excepthook(
    app: QApplication, show_dialog: ShowDialog | None = None, folder: Path | None = None
) -> CrashHandler:
    """Route uncaught exceptions of `app`'s process to a `CrashHandler` and return it.

    `show_dialog(message, details, log_path)` replaces the modal dialog (tests pass a
    recorder); `folder` replaces the log folder.
    """
    handler = CrashHandler(show_dialog, folder)
    handler.setParent(app)
    sys.excepthook = handler.excepthook
    threading.excepthook = handler.thread_excepthook
    return handler
