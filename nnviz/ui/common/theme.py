"""Light and dark themes: Fusion style, a palette, and matching pyqtgraph colours.

`apply_theme(app, "light" | "dark" | "system")` sets the palette and pyqtgraph's
defaults; widgets that read `palette()` follow automatically (they receive a
PaletteChange event).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

THEMES = ("system", "light", "dark")

_R = QPalette.ColorRole
_G = QPalette.ColorGroup


def system_is_dark() -> bool:
    """The desktop's colour scheme preference (light when unknown)."""
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def light_palette() -> QPalette:
    colors = {
        _R.Window: "#efeff1",
        _R.WindowText: "#1d1d21",
        _R.Base: "#ffffff",
        _R.AlternateBase: "#f4f4f6",
        _R.ToolTipBase: "#ffffe1",
        _R.ToolTipText: "#1d1d21",
        _R.PlaceholderText: "#7c7c84",
        _R.Text: "#1d1d21",
        _R.Button: "#e6e6ea",
        _R.ButtonText: "#1d1d21",
        _R.BrightText: "#d0202e",
        _R.Light: "#ffffff",
        _R.Midlight: "#f0f0f2",
        _R.Mid: "#b8b8c0",
        _R.Dark: "#9c9ca6",
        _R.Shadow: "#6c6c74",
        _R.Highlight: "#2f6fb9",
        _R.HighlightedText: "#ffffff",
        _R.Link: "#1f5fa8",
        _R.LinkVisited: "#6a3fa0",
    }
    return _palette(colors, disabled_text="#9a9aa2")


def dark_palette() -> QPalette:
    colors = {
        _R.Window: "#2b2b30",
        _R.WindowText: "#e6e6ea",
        _R.Base: "#1e1e22",
        _R.AlternateBase: "#26262b",
        _R.ToolTipBase: "#3a3a42",
        _R.ToolTipText: "#e6e6ea",
        _R.PlaceholderText: "#8a8a94",
        _R.Text: "#e6e6ea",
        _R.Button: "#35353c",
        _R.ButtonText: "#e6e6ea",
        _R.BrightText: "#ff6b6b",
        _R.Light: "#4a4a52",
        _R.Midlight: "#3d3d44",
        _R.Mid: "#2e2e34",
        _R.Dark: "#18181c",
        _R.Shadow: "#0c0c0e",
        _R.Highlight: "#3f7fcf",
        _R.HighlightedText: "#ffffff",
        _R.Link: "#7fb4ff",
        _R.LinkVisited: "#c49cff",
    }
    return _palette(colors, disabled_text="#6e6e78")


def _palette(colors: dict[QPalette.ColorRole, str], disabled_text: str) -> QPalette:
    p = QPalette()
    for role, c in colors.items():
        p.setColor(role, QColor(c))
    for role in (_R.WindowText, _R.Text, _R.ButtonText):
        p.setColor(_G.Disabled, role, QColor(disabled_text))
    return p


def resolve(mode: str) -> bool:
    """True if `mode` ("light", "dark", "system") means dark."""
    return mode == "dark" or (mode == "system" and system_is_dark())


def apply_theme(app: QApplication, mode: str = "system") -> bool:
    """Set Fusion, the palette and pyqtgraph's colours; returns True for dark."""
    dark = resolve(mode)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    palette = dark_palette() if dark else light_palette()
    app.setPalette(palette)
    configure_pyqtgraph(palette)
    return dark


def is_dark(widget: QWidget | None = None) -> bool:
    """Whether the current palette is a dark one (window darker than its text)."""
    p = widget.palette() if widget is not None else QGuiApplication.palette()
    return p.color(_R.Window).lightness() < p.color(_R.WindowText).lightness()


def configure_pyqtgraph(palette: QPalette) -> None:
    """Defaults for pyqtgraph items created from now on."""
    pg.setConfigOptions(
        background=palette.color(_R.Base),
        foreground=palette.color(_R.Text),
        antialias=True,
    )
