"""Whether a panel can be seen: Qt keeps a tabbed dock that is not in front "visible"
(`isVisible()` is true) with none of it on screen, so views that skip work while
unseen ask `on_screen` and catch up on the dock's `visibilityChanged`."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def on_screen(widget: QWidget) -> bool:
    """`widget` is shown and some of it is on screen (not behind another tab)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()
