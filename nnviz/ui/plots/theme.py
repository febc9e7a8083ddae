"""Theme colours shared by the plot widgets: background and text from the palette,
data colours that read on it."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from nnviz.ui.common import colors


def mix(a: tuple[int, int, int], b: QColor, t: float) -> QColor:
    """Opaque colour t of the way from b to a (t = 1 gives a)."""
    bc = (b.red(), b.green(), b.blue())
    return QColor(*(round(bc[i] + (a[i] - bc[i]) * t) for i in range(3)))


PALETTE_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


def is_palette_change(event: QEvent) -> bool:
    """True for the widget's or the application's palette change (a theme switch)."""
    return event.type() in PALETTE_EVENTS


def theme_colors(widget: QWidget, dark: bool | None) -> tuple[bool, QColor, QColor]:
    """(dark, background, foreground): the palette's colours when they agree with
    `dark` (None = follow the palette), otherwise neutral defaults."""
    pal = widget.palette()
    bg, fg = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
    palette_dark = bg.lightnessF() < 0.5
    if dark is None or dark == palette_dark:
        return palette_dark, bg, fg
    if dark:
        return True, QColor(30, 30, 34), QColor(220, 220, 224)
    return False, QColor(255, 255, 255), QColor(30, 30, 30)


def series_colors(dark: bool) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(train, validation) colours: blue and orange, lighter on dark backgrounds."""
    if not dark:
        return colors.BLUE, colors.ORANGE
    return (110, 168, 235), (250, 150, 70)
