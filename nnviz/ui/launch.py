"""Start the GUI, or explain in one line why it cannot start."""

from __future__ import annotations

import os
import sys

from nnviz.ui import display


def display_problem() -> str | None:
    """A one-line reason why no window can be shown, or None."""
    return display.display_problem()


def launch(path: str | None = None) -> int:
    """Run the app (opening `path`, a model or CSV file); exit status 2 without a display."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from nnviz.ui.app import create_app, run

    if os.environ.get("NNVIZ_QUIT_AFTER"):  # smoke tests: close by itself after N ms
        from PySide6.QtCore import QTimer

        create_app()
        QTimer.singleShot(int(os.environ["NNVIZ_QUIT_AFTER"]), _close_all)
    return run(path)


def _close_all() -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.closeAllWindows()
    QApplication.quit()
