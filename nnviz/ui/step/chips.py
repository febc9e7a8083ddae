"""The frame timeline: one painted chip per frame, coloured by phase, readable in both
themes (colours from the palette, text contrast >= 4.5 : 1), shrinking to a short label
("F1", "L", "B2", "U") and then eliding instead of clipping; the full title is the tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QHBoxLayout, QSizePolicy, QWidget

from nnviz.ui.common import colors

PHASE_RGB = {
    "forward": colors.ORANGE,
    "loss": (200, 40, 40),
    "backward": colors.PURPLE,
    "update": colors.BLUE,
}
AA = 4.5  # WCAG AA contrast for normal text
_R = QPalette.ColorRole


def luminance(c: QColor) -> float:
    """WCAG relative luminance: 0.2126 R + 0.7152 G + 0.0722 B of the linearised sRGB."""

    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05), L1 the lighter: 1 .. 21."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def readable_on(bg: QColor) -> QColor:
    """Black or white, whichever contrasts more with `bg`."""
    black, white = QColor(20, 20, 20), QColor(255, 255, 255)
    return black if contrast(black, bg) >= contrast(white, bg) else white


def phase_fill(phase: str, light: bool) -> QColor:
    """The phase colour as a chip background on which black or white text reads (>= 4.5)."""
    c = QColor(*PHASE_RGB[phase])
    if not light:  # a little lighter so the chip stands out on a dark window
        c = c.lighter(125)
    for _ in range(20):
        if contrast(readable_on(c), c) >= AA:
            break
        c = c.darker(108) if luminance(c) < 0.18 else c.lighter(108)
    return c


def phase_text(phase: str, background: QColor) -> QColor:
    """The phase colour as text on `background`: darkened (or lightened on a dark one) until
    it contrasts >= 4.5 : 1."""
    c = QColor(*PHASE_RGB[phase])
    dark_bg = luminance(background) < 0.18
    for _ in range(30):
        if contrast(c, background) >= AA:
            break
        c = c.lighter(110) if dark_bg else c.darker(110)
    return c


def short_label(text: str) -> str:
    """ "Forward 2" -> "F2", "Loss" -> "L", "Update" -> "U"."""
    parts = text.split()
    return parts[0][:1] + "".join(parts[1:])


class Chip(QAbstractButton):
    """A checkable rounded chip with a phase-coloured border (filled when checked)."""

    def __init__(self, text: str, phase: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self.phase = phase
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)  # repaint on enter / leave
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _pad(self) -> int:
        return max(4, self.fontMetrics().height() // 2)

    def _bold(self) -> QFont:
        f = QFont(self.font())
        f.setBold(True)
        return f

    def _textWidth(self, text: str) -> int:
        return QFontMetrics(self._bold()).horizontalAdvance(text)

    def sizeHint(self) -> QSize:
        h = self.fontMetrics().height()
        return QSize(self._textWidth(self.text()) + 2 * self._pad() + 4, h + h // 2 + 4)

    def minimumSizeHint(self) -> QSize:
        h = self.sizeHint().height()
        return QSize(self._textWidth(short_label(self.text())) + self._pad() + 4, h)

    def colors(self) -> tuple[QColor, QColor, QColor]:
        """(text, background, border) for the current state and palette."""
        pal = self.palette()
        light = pal.color(_R.Window).lightness() >= 128
        fill = phase_fill(self.phase, light)
        if self.isChecked():
            return readable_on(fill), fill, fill
        bg = pal.color(_R.Button)
        if self.underMouse():
            bg = bg.darker(108) if light else bg.lighter(125)
        return pal.color(_R.ButtonText), bg, fill

    def shownText(self) -> str:
        """The label as painted: full, short, or the short one elided."""
        room = self.width() - 2 * self._pad() - 2
        fm_width = self._textWidth
        if fm_width(self.text()) <= room:
            return self.text()
        short = short_label(self.text())
        if fm_width(short) <= room:
            return short
        return QFontMetrics(self._bold()).elidedText(short, Qt.TextElideMode.ElideRight, room)

    def isElided(self) -> bool:
        return self.shownText() != self.text()

    def paintEvent(self, event: QPaintEvent) -> None:
        fg, bg, border = self.colors()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.setPen(QPen(border, 2))
        p.setBrush(bg)
        radius = r.height() / 2
        p.drawRoundedRect(r, radius, radius)
        p.setPen(fg)
        p.setFont(self._bold() if self.isChecked() else self.font())
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, self.shownText())
        p.end()


class Timeline(QWidget):
    """One chip per frame; emits the clicked frame index. Chips shrink, never clip."""

    sigFrameClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(self.sigFrameClicked)
        self.chips: list[Chip] = []
        self.lay = QHBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.lay.setSpacing(3)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def setFrames(self, labels: Sequence[str], phases: Sequence[str], tips: Sequence[str]) -> None:
        if [c.text() for c in self.chips] == list(labels):
            return
        for chip in self.chips:
            self.group.removeButton(chip)
            chip.hide()  # gone at once, deleted later
            chip.deleteLater()
        self.chips = []
        while self.lay.count():
            self.lay.takeAt(0)
        for n, (text, phase, tip) in enumerate(zip(labels, phases, tips, strict=True)):
            chip = Chip(text, phase)
            chip.setToolTip(f"{tip} (click to show this phase)")
            self.group.addButton(chip, n)
            self.lay.addWidget(chip)
            self.chips.append(chip)
        self.lay.addStretch(1)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        hints = [c.minimumSizeHint() for c in self.chips]
        w = sum(h.width() for h in hints) + self.lay.spacing() * max(len(hints) - 1, 0)
        return QSize(w, max((h.height() for h in hints), default=0))

    def sizeHint(self) -> QSize:
        hints = [c.sizeHint() for c in self.chips]
        w = sum(h.width() for h in hints) + self.lay.spacing() * max(len(hints) - 1, 0)
        return QSize(w, max((h.height() for h in hints), default=0))

    def setCurrent(self, n: int) -> None:
        if 0 <= n < len(self.chips):
            self.chips[n].setChecked(True)

    def current(self) -> int:
        return self.group.checkedId()
