"""Start the GUI, or explain in one line why it cannot start."""

from __future__ import annotations

import os
import sys

NO_DISPLAY = (
    "nnviz: no display found (DISPLAY/WAYLAND_DISPLAY unset). Run it on a desktop, "
    "use `nnviz train ...` headless, or set QT_QPA_PLATFORM=offscreen."
)


def display_problem() -> str | None:
    """A one-line reason why no window can be shown, or None."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return None
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return NO_DISPLAY
    return None


def launch(path: str | None = None) -> int:
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    label = QLabel("nnviz: the main window is on its way.")
    label.setWindowTitle("nnviz")
    label.resize(480, 160)
    label.show()
    return app.exec()
