"""Plain keys for the step view (Right/Left, Space, Home/End, N) without stealing them
from editors, and click-to-focus on the view's passive children."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QWidget

KEY_NAMES = {
    "→": "Next phase",
    "←": "Previous phase",
    "Space": "Play / pause the phases",
    "Home": "First phase",
    "End": "Last phase",
    "N": "New step on the next sample",
}


class KeyRouter(QObject):
    """Plain keys (no modifier) reaching `panel` call `actions[key]` unless an editor (a spin
    box, a line edit, anything inside `editors`) has focus; the panel claims them from
    window-wide shortcuts (e.g. Space = train). A click on any of `click_focus` gives the
    panel the keyboard focus."""

    def __init__(
        self,
        panel: QWidget,
        actions: dict[Qt.Key, Callable[[], None]],
        click_focus: Iterable[QWidget] = (),
        editors: Iterable[QWidget] = (),
    ) -> None:
        super().__init__(panel)
        self.panel = panel
        self.actions = actions
        self.editors = list(editors)
        panel.installEventFilter(self)
        for w in click_focus:
            w.installEventFilter(self)

    def editing(self) -> bool:
        w = QApplication.focusWidget()
        if w is None:
            return False
        return isinstance(w, QAbstractSpinBox | QLineEdit) or any(
            e.isAncestorOf(w) for e in self.editors
        )

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        kind = e.type()
        if kind == QEvent.Type.MouseButtonPress and obj is not self.panel:
            self.panel.setFocus(Qt.FocusReason.MouseFocusReason)
            return False
        if obj is not self.panel or kind not in (
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
        ):
            return False
        assert isinstance(e, QKeyEvent)
        act = self.actions.get(Qt.Key(e.key()))
        if act is None or e.modifiers() != Qt.KeyboardModifier.NoModifier or self.editing():
            return False
        if kind == QEvent.Type.KeyPress:
            act()
        e.accept()
        return True
