"""QApplication setup and the GUI's main loop."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from nnviz.ui.common.theme import THEMES, apply_theme

ICON_NAMES = ("nnviz.png", "nnviz.svg")


def icon_path() -> Path | None:
    """resources/icons/nnviz.png (or .svg) in the source tree or the installed package."""
    here = Path(__file__).resolve().parent.parent
    for root in (here.parent / "resources", here / "resources"):
        for name in ICON_NAMES:
            if (root / "icons" / name).is_file():
                return root / "icons" / name
    return None


def create_app(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists): names "nnviz", Fusion style, the saved
    theme, high-DPI friendly rounding, the window icon."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("nnviz")
    app.setOrganizationName("nnviz")
    app.setDesktopFileName("io.github.nnviz.NNViz")
    app.setStyle("Fusion")
    path = icon_path()
    if path is not None:
        app.setWindowIcon(QIcon(str(path)))
    mode = QSettings("nnviz", "nnviz").value("theme", "system")
    apply_theme(app, mode if mode in THEMES else "system")
    return app


def freeze_startup_objects() -> None:
    """Collect once, then exempt everything alive after start-up (Qt wrappers, modules)
    from later full collections, which otherwise pause the GUI for ~20 ms."""
    gc.collect()
    gc.freeze()


def run(path: str | None = None) -> int:
    """Show the main window (opening `path`, a model or CSV file) and run the event loop."""
    app = create_app()
    from nnviz.ui.crash import install_excepthook
    from nnviz.ui.shell.main_window import MainWindow

    install_excepthook(app)
    window = MainWindow()
    freeze_startup_objects()
    if window.wantsMaximized():
        window.showMaximized()
    else:
        window.show()
    if path:
        QTimer.singleShot(0, lambda: window.openPath(path))
    try:
        return app.exec()
    finally:
        window.sessionQt.shutdown()  # also after Ctrl+C in the terminal
