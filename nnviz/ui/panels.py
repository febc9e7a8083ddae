"""Optional panels of the main window, each a module with `install(window)`.

A panel module adds its dock(s), menu actions and signal connections through
the main window's public attributes (see `MainWindow`).
"""

from __future__ import annotations

import importlib
from typing import Any

PANELS: list[str] = ["nnviz.ui.step_panel", "nnviz.ui.draw_pad", "nnviz.ui.export", "nnviz.ui.help"]


def install_all(window: Any) -> None:
    for name in PANELS:
        importlib.import_module(name).install(window)
