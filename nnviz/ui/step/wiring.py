"""Signal connections inside the step view: toolbar and timeline to navigation, options to
re-rendering, tables and picture to the selection, workbench to steps; and the plain keys
(Right/Left, Space, Home/End, N), which never reach the view from an editor."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
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


EXPORTS = (
    ("csv", "Parameters as CSV…"),
    ("md", "Formulas as Markdown…"),
    ("tex", "Formulas as LaTeX…"),
)


def wire(panel: Any) -> tuple[list[QAction], dict[str, str], KeyRouter]:
    """Connect the view's widgets to its methods; (export actions, key names, key router)."""
    c = panel.controls
    c.newButton.clicked.connect(panel.newStep)
    c.firstButton.clicked.connect(panel.firstFrame)
    c.prevButton.clicked.connect(panel.prevFrame)
    c.playButton.clicked.connect(panel.togglePlay)
    c.nextButton.clicked.connect(panel.nextFrame)
    c.lastButton.clicked.connect(panel.lastFrame)
    c.sigPaceChanged.connect(panel._paceChanged)
    c.allTerms.toggled.connect(lambda _on: panel._render())
    c.sampleSpin.valueChanged.connect(lambda _v: panel._render())
    c.digitsSpin.valueChanged.connect(lambda _v: panel._render())
    c.checkButton.clicked.connect(panel.gradientCheck)
    c.timeline.sigFrameClicked.connect(panel.setFrame)
    exports = [
        c.exportMenu.addAction(text, lambda kind=kind: panel.exportDialog(kind))
        for kind, text in EXPORTS
    ]
    panel.tables.sigSelect.connect(panel._userSelect)
    panel.miniView.sigSelectionChanged.connect(panel._userSelect)
    panel.workbench.sigStepChanged.connect(panel._workbenchStep)
    panel.workbench.sigUseTraining.connect(panel.useTraining)
    panel.workbench.sigAdvance.connect(panel.advanceWorkbench)
    keys = {
        Qt.Key.Key_Right: panel.nextFrame,
        Qt.Key.Key_Left: panel.prevFrame,
        Qt.Key.Key_Space: panel.togglePlay,
        Qt.Key.Key_Home: panel.firstFrame,
        Qt.Key.Key_End: panel.lastFrame,
        Qt.Key.Key_N: panel.newStep,
    }
    clicks = (panel.formulas.viewport(), panel.tables, c)
    router = KeyRouter(panel, keys, clicks, editors=(panel.workbench,))
    return exports, dict(KEY_NAMES), router
