"""A real-size screen for GUI benchmarks without a display.

Qt's offscreen platform has an 800x600 screen by default, which squeezes the main
window well below what anyone uses; `use_screen()` gives it a 1920x1080 one (through
the platform's configuration file) unless a real display is set.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings


def use_screen(width: int = 1920, height: int = 1080) -> None:
    """Before the QApplication exists: a width x height offscreen screen (no display)."""
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM", "offscreen") != "offscreen":
        return
    screen = {"name": "bench", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
    fd, path = tempfile.mkstemp(prefix="nnviz-screen-", suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump({"screens": [screen]}, f)
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={path}"


def fresh_settings() -> QSettings:
    """A new, empty settings file: each run starts as a first-time user (no saved
    layouts, theme or text size from an earlier run)."""
    from PySide6.QtCore import QSettings

    fd, path = tempfile.mkstemp(prefix="nnviz-bench-", suffix=".ini")
    os.close(fd)
    return QSettings(path, QSettings.Format.IniFormat)


def parse_size(text: str) -> tuple[int, int]:
    """ "1600x900" -> (1600, 900)."""
    w, h = text.lower().split("x")
    return int(w), int(h)
