"""MNIST offline: plain words, the in-app import offered, no stale "Getting MNIST…"."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from nnviz.app.settings import Settings
from nnviz.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")
SHARED = os.environ.get("NNVIZ_DATA_DIR", "")


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    user = tmp_path / "user-data"
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(user))
    monkeypatch.delenv("NNVIZ_DATA_DIR", raising=False)
    monkeypatch.setenv("NNVIZ_MNIST_MIRRORS", "http://127.0.0.1:9/,http://nnviz.invalid/")
    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    s = Settings(hidden=[4], activations=["tanh"], steps_per_second=0)
    w = MainWindow(settings=s, qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    yield w
    w.close()


def test_offline_download_explains_and_offers_the_import(window, qtbot, monkeypatch):
    arrived = []
    window.commands.afterMnist = lambda: arrived.append(True)
    window.statusBar().showMessage("Getting MNIST…")  # as when the download starts
    window.mnistSetup.start(None)
    qtbot.waitUntil(lambda: not window.banner.isHidden(), timeout=30000)
    text = window.banner.text()
    assert "seems to be offline" in text and "Import from folder…" in text
    for tech in ("http", "Errno", "Name or service", "fetch-mnist", "NNVIZ_DATA_DIR"):
        assert tech not in text
    assert window.statusBar().currentMessage() == ""
    buttons = {b.text(): b for b in window.banner.buttons()}
    assert set(buttons) == {"Import from folder…", "Try again"}
    if not (Path(SHARED) / "t10k-labels-idx1-ubyte.gz").is_file():
        pytest.skip("MNIST files not found for the import")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: SHARED)
    buttons["Import from folder…"].click()
    qtbot.waitUntil(lambda: bool(arrived), timeout=60000)  # what waited for MNIST goes on
