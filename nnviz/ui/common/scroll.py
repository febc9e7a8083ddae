"""A panel in a scroll area: its minimum size never widens the window (it scrolls inside a
small dock instead), so every panel together still fits a 1280x720 screen."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QWidget


def scrolled(view: QWidget) -> QScrollArea:
    """`view` inside a frameless, resizable scroll area (for `addPanel`)."""
    area = QScrollArea()
    area.setWidget(view)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area
