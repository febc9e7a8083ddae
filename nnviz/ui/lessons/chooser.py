"""The list of lessons (built-in ones in order, with the student's progress) and
"Open lesson file…"; a file that is not a lesson gives one line under the list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nnviz.teach.lessons import Lesson
from nnviz.teach.lessons.progress import Progress

LESSON_FILTER = "Lessons (*.md);;All files (*)"


class LessonChooser(QWidget):
    """`sigOpen(index)` for a listed lesson; `sigOpenFile(path)` for a teacher's file."""

    sigOpen = Signal(int)
    sigOpenFile = Signal(str)

    def __init__(self, lessons: list[Lesson], progress: Progress, parent=None) -> None:
        super().__init__(parent)
        self.lessons, self.progress = lessons, progress
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            "<b>Lessons</b><br>A guided path from one neuron to a spam filter. "
            "Each lesson sets up the app, explains one idea and gives you tasks the app "
            "checks while you work."
        )
        intro.setWordWrap(True)
        intro.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        lay.addWidget(intro)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(lambda item: self.sigOpen.emit(self.list.row(item)))
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.startButton = QPushButton("Start lesson")
        self.startButton.setDefault(True)
        self.startButton.clicked.connect(self._start)
        self.fileButton = QPushButton("Open lesson file…")
        self.fileButton.setToolTip("Open a lesson file written by your teacher (Markdown, .md)")
        self.fileButton.clicked.connect(self._askFile)
        row.addWidget(self.startButton)
        row.addStretch(1)
        row.addWidget(self.fileButton)
        lay.addLayout(row)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setVisible(False)
        lay.addWidget(self.error)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the list with the current progress."""
        current = max(self.list.currentRow(), 0)
        self.list.clear()
        for n, lesson in enumerate(self.lessons, 1):
            total = len(lesson.tasks)
            done = len(self.progress.done(lesson.id) & {t.id for t in lesson.tasks})
            mark = "✓" if total and done == total else f"{done}/{total}"
            item = QListWidgetItem(f"{n}. {lesson.title}   {mark}\n{lesson.summary}")
            item.setToolTip(f"{lesson.summary}\n{done} of {total} tasks done")
            self.list.addItem(item)
        self.list.setCurrentRow(min(current, self.list.count() - 1))

    def showError(self, text: str) -> None:
        """One line under the list ("" hides it)."""
        self.error.setText(text)
        self.error.setStyleSheet("color: palette(bright-text)")
        self.error.setVisible(bool(text))

    def _start(self) -> None:
        if self.list.currentRow() >= 0:
            self.sigOpen.emit(self.list.currentRow())

    def _askFile(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open lesson", "", LESSON_FILTER)
        if path:
            self.sigOpenFile.emit(path)
