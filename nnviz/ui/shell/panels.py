"""Optional panels of the main window, each a module with `install(window)`.

A panel module adds its dock(s), menu actions and signal connections through
the main window's public attributes (see `MainWindow`).
"""

from __future__ import annotations

import importlib
from typing import Any

PANELS: list[str] = [
    "nnviz.ui.step.panel",
    "nnviz.ui.draw.pad",
    "nnviz.ui.shell.export",
    "nnviz.ui.help.menu",
]


def install_all(window: Any) -> None:
    for name in PANELS:
        importlib.import_module(name).install(window)
