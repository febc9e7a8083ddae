"""The crash handler: an exception escaping a slot is logged and reported, the app lives on."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from nnviz.ui import crash

pytestmark = [
    pytest.mark.qt_no_exception_capture,
    # The offscreen platform warns when a dialog with a layout is shown.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.fixture
def handler(qapp, tmp_path, capsys):
    calls: list[tuple[str, str, Path | None]] = []
    h = crash.install_excepthook(qapp, show_dialog=lambda *a: calls.append(a), folder=tmp_path)
    h.calls = calls
    yield h
    h.uninstall()
    h.setParent(None)
    h.deleteLater()


def test_exception_in_slot_is_logged_and_reported(qtbot, handler, tmp_path):
    def failing_slot() -> None:
        raise RuntimeError("the slot failed\nsecond line")

    QTimer.singleShot(0, failing_slot)
    qtbot.waitUntil(lambda: len(handler.calls) == 1)
    message, details, log = handler.calls[0]
    assert message == "RuntimeError: the slot failed"
    assert "failing_slot" in details and "Traceback" in details
    assert log == tmp_path / crash.LOG_NAME
    text = log.read_text()
    assert "RuntimeError: the slot failed" in text and "nnviz" in text.splitlines()[0]
    # The event loop keeps going: a later timer still fires.
    alive = []
    QTimer.singleShot(0, lambda: alive.append(True))
    qtbot.waitUntil(lambda: alive == [True])
    assert QApplication.instance() is not None


def test_exception_in_thread_reaches_gui_thread(qtbot, handler):
    def work() -> None:
        raise ValueError("worker broke")

    t = threading.Thread(target=work, name="trainer")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: len(handler.calls) == 1)
    message, details, _ = handler.calls[0]
    assert message == "ValueError: worker broke"
    assert "thread 'trainer'" in details


def test_no_dialog_pile_up(qtbot, handler):
    """Exceptions while a dialog is showing are logged but not shown again."""
    shown = []

    def slow_dialog(message, details, log):
        shown.append(message)
        try:
            raise KeyError("inside")
        except KeyError as e:
            handler.handle(e, e.__traceback__)
        QApplication.processEvents()  # as the modal dialog's own event loop would

    handler.show_dialog = slow_dialog
    QTimer.singleShot(0, lambda: 1 / 0)
    qtbot.waitUntil(lambda: handler.count == 2)
    qtbot.wait(20)
    assert shown == ["ZeroDivisionError: division by zero"]


def test_hooks_installed_and_removed(qapp, tmp_path):
    before = sys.excepthook, threading.excepthook
    h = crash.install_excepthook(qapp, show_dialog=lambda *a: None, folder=tmp_path)
    assert sys.excepthook == h.excepthook
    assert threading.excepthook == h.thread_excepthook
    h.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
    h.setParent(None)


def test_log_rotates(tmp_path, monkeypatch):
    monkeypatch.setattr(crash, "MAX_LOG_BYTES", 100)
    for _ in range(3):
        crash.write_log("x" * 80, tmp_path)
    assert (tmp_path / "crash.log.1").exists()
    assert crash.write_log("y", tmp_path / "crash.log" / "not-a-dir") is None


def test_log_dir_env(monkeypatch, tmp_path):
    monkeypatch.setenv("NNVIZ_LOG_DIR", str(tmp_path))
    assert crash.log_dir() == tmp_path
    monkeypatch.delenv("NNVIZ_LOG_DIR")
    assert crash.log_dir().name in ("log", "nnviz")


def test_dialog_copy_and_details(qtbot):
    d = crash.CrashDialog("RuntimeError: <b>x</b>", "Traceback...\nRuntimeError", Path("/l"))
    qtbot.addWidget(d)
    d.show()
    assert not d.traceback.isVisible()
    d.toggleButton.click()
    assert d.traceback.isVisible()
    d.copyButton.click()
    assert QGuiApplication.clipboard().text() == "Traceback...\nRuntimeError"
    assert d.isVisible()  # copying does not close it
    assert d.copyButton.text() == "Copied"


def test_default_dialog_is_modal_and_closes(qtbot):
    def close_it() -> None:
        w = QApplication.activeModalWidget()
        assert isinstance(w, crash.CrashDialog)
        w.reject()

    QTimer.singleShot(50, close_it)
    crash.show_crash_dialog("E: m", "details", None)
