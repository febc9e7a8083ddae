"""One task of a lesson page: its status, text, answer box, hint and "Show me"."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from nnviz.teach.lessons import Task
from nnviz.ui.common.theme import is_dark

OPEN_MARK, DONE_MARK = "○", "✓"


def done_color(dark: bool) -> str:
    return "#7fd48a" if dark else "#1f7a33"


class TaskBox(QFrame):
    """A task with its status mark (○ open, ✓ done), the text, an answer box when the
    task reads `answer`, a Hint toggle and a "Show me" button (when the task has one)."""

    sigShowMe = Signal(str)  # task id
    sigAnswer = Signal(str, str)  # task id, text

    def __init__(self, task: Task, number: int, answer: str = "", parent=None) -> None:
        super().__init__(parent)
        self.task = task
        self.done = False
        self.setObjectName("lessonTask")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 8)
        outer.setSpacing(6)
        self.mark = QLabel(OPEN_MARK)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        f = self.mark.font()
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setBold(True)
        self.mark.setFont(f)
        self.mark.setFixedWidth(self.mark.fontMetrics().horizontalAdvance("✓✓"))
        outer.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignTop)
        col = QVBoxLayout()
        col.setSpacing(5)
        outer.addLayout(col, 1)
        self.text = QLabel(f"<b>Task {number}.</b> {html.escape(task.text, quote=False)}")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setMinimumWidth(60)
        col.addWidget(self.text)
        self.answer: QLineEdit | None = None
        if task.needs_answer:
            self.answer = QLineEdit(answer)
            self.answer.setPlaceholderText("Your answer")
            self.answer.setClearButtonEnabled(True)
            self.answer.textChanged.connect(lambda t: self.sigAnswer.emit(task.id, t))
            col.addWidget(self.answer)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.hintButton = QPushButton("Hint")
        self.hintButton.setCheckable(True)
        self.hintButton.setEnabled(bool(task.hint))
        self.hintButton.toggled.connect(self.setHintShown)
        self.showButton = QPushButton("Show me")
        self.showButton.setEnabled(bool(task.show))
        self.showButton.setToolTip("Do this task for me, step by step")
        self.showButton.clicked.connect(lambda: self.sigShowMe.emit(task.id))
        buttons.addWidget(self.hintButton)
        buttons.addWidget(self.showButton)
        buttons.addStretch(1)
        col.addLayout(buttons)
        self.hint = QLabel(html.escape(task.hint, quote=False))
        self.hint.setWordWrap(True)
        self.hint.setMinimumWidth(60)
        self.hint.setVisible(False)
        col.addWidget(self.hint)
        self._style()

    def setHintShown(self, shown: bool) -> None:
        self.hint.setVisible(shown)
        if self.hintButton.isChecked() != shown:
            self.hintButton.setChecked(shown)

    def setAnswerText(self, text: str) -> None:
        if self.answer is not None and self.answer.text() != text:
            self.answer.setText(text)

    def setDone(self, done: bool) -> None:
        if done != self.done:
            self.done = done
            self._style()

    def setBusy(self, busy: bool) -> None:
        self.showButton.setText("Showing…" if busy else "Show me")
        self.showButton.setEnabled(bool(self.task.show) and not busy)

    def _style(self) -> None:
        dark = is_dark(self)
        self.mark.setText(DONE_MARK if self.done else OPEN_MARK)
        color = (
            done_color(dark) if self.done else self.palette().color(self.foregroundRole()).name()
        )
        self.mark.setStyleSheet(f"color: {color}")
        role = QPalette.ColorRole.Light if dark else QPalette.ColorRole.Mid
        mid = self.palette().color(role).name()
        edge = color if self.done else mid
        self.setStyleSheet(
            f"QFrame#lessonTask {{ border: 1px solid {mid}; border-left: 3px solid {edge};"
            " border-radius: 3px }"
        )
        self.mark.setToolTip("Done" if self.done else "Not done yet")
        self.hint.setStyleSheet("font-style: italic")

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self._style()
