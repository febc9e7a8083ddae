"""The first-start offer: a small bar that invites a new student into the first lesson."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy

from nnviz.teach.lessons import Lesson
from nnviz.teach.lessons.progress import Progress


def should_offer(progress: Progress) -> bool:
    """True for a student who has not opened or completed any lesson yet."""
    return not any(progress.completed.values()) and not progress.pages


class FirstLessonOffer(QFrame):
    """ "New here? ... [Start the first lesson] [Not now]"; `sigStart` / `sigDismiss`."""

    sigStart = Signal()
    sigDismiss = Signal()

    def __init__(self, lesson: Lesson, parent=None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel(
            f"<b>New here?</b> Lesson 1, <i>{lesson.title}</i>, starts from one neuron."
        )
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.startButton = QPushButton("Start the first lesson")
        self.startButton.setDefault(True)
        self.startButton.clicked.connect(self._start)
        self.laterButton = QPushButton("Not now")
        self.laterButton.clicked.connect(self._dismiss)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.startButton)
        lay.addWidget(self.laterButton)

    def _start(self) -> None:
        self.hide()
        self.sigStart.emit()

    def _dismiss(self) -> None:
        self.hide()
        self.sigDismiss.emit()
