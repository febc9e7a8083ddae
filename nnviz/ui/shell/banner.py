"""A non-modal message strip above the network: a message and a few buttons.

Used instead of modal dialogs for things that happen during training (the loss
diverged, a dataset failed to load), so nothing blocks and tests need no
dialog handling. Colours come from the palette.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QToolButton,
    QWidget,
)

ICONS = {
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}


class MessageBanner(QFrame):
    """`showMessage(text, kind, buttons=[(label, tooltip, callback)])`; hidden until used."""

    sigClosed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.kind = ""
        self.icon = QLabel()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.closeButton = QToolButton()
        self.closeButton.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton)
        )
        self.closeButton.setAutoRaise(True)
        self.closeButton.setToolTip("Dismiss this message")
        self.closeButton.clicked.connect(self.dismiss)
        self._buttons: list[QPushButton] = []
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 4, 4)
        self._layout.addWidget(self.icon)
        self._layout.addWidget(self.label, 1)
        self._layout.addWidget(self.closeButton)
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def buttons(self) -> list[QPushButton]:
        return list(self._buttons)

    def showMessage(
        self,
        text: str,
        kind: str = "info",
        buttons: list[tuple[str, str, Callable[[], None]]] | None = None,
    ) -> None:
        """Show `text`; each button runs its callback and then dismisses the banner."""
        for b in self._buttons:
            self._layout.removeWidget(b)
            b.deleteLater()
        self._buttons = []
        self.kind = kind
        self.label.setText(text)
        icon = self.style().standardIcon(ICONS.get(kind, ICONS["info"]))
        self.icon.setPixmap(icon.pixmap(24, 24))
        for label, tip, callback in buttons or []:
            b = QPushButton(label)
            b.setToolTip(tip)
            b.clicked.connect(functools.partial(self._run, callback))
            self._layout.insertWidget(self._layout.count() - 1, b)
            self._buttons.append(b)
        self._recolor()
        self.show()

    def _run(self, callback: Callable[[], None]) -> None:
        self.dismiss()
        callback()

    @Slot()
    def dismiss(self) -> None:
        if not self.isHidden():
            self.hide()
            self.sigClosed.emit()

    def _recolor(self) -> None:
        """A tinted background that reads in light and dark palettes."""
        pal = self.palette()
        base = self.parentWidget().palette() if self.parentWidget() else pal
        window = base.color(QPalette.ColorRole.Window)
        tint = {"error": (200, 40, 40), "warning": (230, 150, 20)}.get(self.kind, (50, 110, 200))
        t = 0.22
        c = window.toRgb()
        mixed = [
            round(v + (w - v) * t)
            for v, w in zip((c.red(), c.green(), c.blue()), tint, strict=True)
        ]
        pal.setColor(QPalette.ColorRole.Window, type(window)(*mixed))
        self.setPalette(pal)

    def changeEvent(self, event) -> None:  # follow theme changes
        super().changeEvent(event)
        if event.type() == event.Type.ApplicationPaletteChange and self.kind:
            self.setPalette(self.parentWidget().palette() if self.parentWidget() else QPalette())
            self._recolor()
