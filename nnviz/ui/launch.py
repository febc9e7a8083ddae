"""Start the GUI, or explain in one line why it cannot start."""

from __future__ import annotations

import sys

from . import display


def display_problem() -> str | None:
    """A one-line reason why no window can be shown, or None."""
    return display.display_problem()


def launch(path: str | None = None) -> int:
    """Run the app (opening `path`, a model or CSV file); exit status 2 without a display."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from .app import run

    return run(path)
