"""One line of text that changes many times a second (a step counter, a loss).

A QLabel asks its window to lay out again at every new text, and in a main window
with docks that repaints every tab bar and panel edge. `TextLine` repaints only
itself: its size hint grows (in steps) when a text needs more room, and never shrinks
until the font changes.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

PAD = 4  # pixels left and right of the text
GROW = 24  # the width hint grows in steps of this many pixels


class TextLine(QWidget):
    """A one-line label. `elide`: may be narrower than its text (cut with "…");
    otherwise its minimum width fits the widest text shown so far."""

    def __init__(self, text: str = "", elide: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self._text = ""
        self._elide = elide
        self._width = 0  # the widest text so far, in pixels (rounded up)
        policy = QSizePolicy.Policy.Preferred if elide else QSizePolicy.Policy.Minimum
        self.setSizePolicy(policy, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        need = self.fontMetrics().horizontalAdvance(text) + 2 * PAD
        if need > self._width:
            self._width = GROW * math.ceil(need / GROW)
            self.updateGeometry()  # rare: only when the widest text so far grows
        self.update()

    def clear(self) -> None:
        self.setText("")

    def sizeHint(self) -> QSize:
        return QSize(self._width, self.fontMetrics().height() + 4)

    def minimumSizeHint(self) -> QSize:
        h = self.fontMetrics().height() + 4
        return QSize(self.fontMetrics().horizontalAdvance("…") + 2 * PAD, h) if self._elide \
            else QSize(self._width, h)  # fmt: skip

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:  # text size changed: measure again
            text, self._text, self._width = self._text, "", 0
            self.setText(text)
            self.updateGeometry()

    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        role = QPalette.ColorRole.WindowText
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        p.setPen(self.palette().color(group, role))
        r = self.rect().adjusted(PAD, 0, -PAD, 0)
        text = self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, r.width())
        p.drawText(r, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        p.end()
