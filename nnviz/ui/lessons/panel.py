"""The lesson panel: choose a lesson, read its pages, do its tasks while the app checks
them live, ask for a hint or "Show me", and leave to get back what you had.

The panel talks to the window only through a `LessonHost`. Opening a lesson keeps the
host's `snapshotUserState()` and applies the lesson's preset; the open page's tasks are
checked five times a second (and right after every action) on `host.lessonState(...)`;
a task that was true once stays done and is stored in the `Progress` file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QFont, QFontMetricsF, QPalette
from PySide6.QtWidgets import (
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nnviz.teach import lessons as lesson_files
from nnviz.teach.lessons import Lesson, LessonFileError
from nnviz.teach.lessons.progress import Progress
from nnviz.ui.lessons.chooser import LessonChooser
from nnviz.ui.lessons.host import LessonHost, LessonHostError
from nnviz.ui.lessons.page_html import MATH_SCALE, page_html
from nnviz.ui.lessons.runner import ShowMe
from nnviz.ui.lessons.task_box import TaskBox
from nnviz.ui.lessons.tasks import LessonTasks
from nnviz.ui.lessons.view import LessonView
from nnviz.ui.step.html import MATH_FONT

CHECK_MS = 200  # live checks: five times a second


def default_progress_path() -> Path:
    """lesson-progress.json in the user's config folder (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_config_dir("nnviz", appauthor=False)) / "lesson-progress.json"


class LessonPanel(LessonTasks, QWidget):
    """Lesson chooser and lesson pages; `sigTaskDone(lesson_id, task_id)` on completion."""

    sigLessonOpened = Signal(str)
    sigLessonLeft = Signal()
    sigTaskDone = Signal(str, str)

    def __init__(
        self,
        host: LessonHost,
        progress: Progress | None = None,
        lessons: list[Lesson] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.host = host
        self.progress = progress or Progress(default_progress_path())
        self.lessons = lessons if lessons is not None else lesson_files.builtin()
        self.lesson: Lesson | None = None
        self.page = 0
        self.boxes: list[TaskBox] = []
        self.answers: dict[tuple[str, str], str] = {}
        self._snapshot: object | None = None
        self._runner: ShowMe | None = None
        self._room = 0
        self.setMinimumWidth(280)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        self.stack = QStackedWidget()
        lay.addWidget(self.stack)
        self.chooser = LessonChooser(self.lessons, self.progress)
        self.chooser.sigOpen.connect(lambda n: self.openLesson(self.lessons[n]))
        self.chooser.sigOpenFile.connect(self.openFile)
        self.stack.addWidget(self.chooser)
        view = LessonView()
        self.stack.addWidget(view)
        self.title, self.where, self.leaveButton = view.title, view.where, view.leaveButton
        self.scroll, self.text, self.tasksLayout = view.scroll, view.text, view.tasksLayout
        self.error, self.backButton, self.nextButton = view.error, view.backButton, view.nextButton
        self.leaveButton.clicked.connect(self.leaveLesson)
        self.backButton.clicked.connect(self.previousPage)
        self.nextButton.clicked.connect(self.nextPage)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.refresh)

    # ------------------------------------------------------------ lessons

    def openLesson(self, lesson: Lesson) -> bool:
        """Keep what the user has (once), apply the lesson's preset, show its last page."""
        first = self._snapshot is None
        if first:
            self._snapshot = self.host.snapshotUserState()
        try:
            self.host.applyPreset(lesson.preset)
        except LessonHostError as err:
            if first:
                self.host.restoreUserState(self._snapshot)
                self._snapshot = None
            self.chooser.showError(f"{lesson.title}: {err}")
            return False
        self.lesson, self._runner = lesson, None
        self.chooser.showError("")
        self.title.setText(lesson.title)
        self.title.setToolTip(lesson.summary)
        self.stack.setCurrentIndex(1)
        self.showPage(self.progress.page(lesson.id))
        self.timer.start()
        self.sigLessonOpened.emit(lesson.id)
        return True

    @Slot(str)
    def openFile(self, path: str | Path) -> bool:
        """Open a teacher's lesson file; a bad file gives one line under the list."""
        try:
            lesson = lesson_files.load(path)
        except LessonFileError as err:
            self.chooser.showError(str(err))
            return False
        return self.openLesson(lesson)

    @Slot()
    def leaveLesson(self) -> None:
        """Back to the list; the host gets back what the user had before the lesson."""
        self.timer.stop()
        self._runner = None
        if self._snapshot is not None:
            self.host.restoreUserState(self._snapshot)
            self._snapshot = None
        self.lesson = None
        self.chooser.refresh()
        self.stack.setCurrentIndex(0)
        self.sigLessonLeft.emit()

    # ------------------------------------------------------------ pages

    def showPage(self, n: int) -> None:
        """Show page n (clamped) with its tasks; remembered in the progress file."""
        assert self.lesson is not None
        pages = self.lesson.pages
        self.page = min(max(int(n), 0), len(pages) - 1)
        page = pages[self.page]
        self._renderText()
        for box in self.boxes:
            self.tasksLayout.removeWidget(box)
            box.hide()
            box.deleteLater()
        numbers = {t.id: n for n, t in enumerate(self.lesson.tasks, 1)}
        self.boxes = []
        for task in page.tasks:
            box = TaskBox(task, numbers[task.id], self.answers.get((self.lesson.id, task.id), ""))
            box.setDone(self.progress.is_done(self.lesson.id, task.id))
            box.sigShowMe.connect(self.showMe)
            box.sigAnswer.connect(self._answerTyped)
            self.tasksLayout.addWidget(box)
            self.boxes.append(box)
        self.backButton.setEnabled(self.page > 0)
        self.nextButton.setEnabled(self.page < len(pages) - 1)
        self.scroll.verticalScrollBar().setValue(0)
        self._save(lambda: self.progress.set_page(self.lesson.id, self.page))
        self.refresh()

    def _renderText(self) -> None:
        assert self.lesson is not None
        page = self.lesson.pages[self.page]
        background = self.palette().color(QPalette.ColorRole.Base).name()
        pt = self.font().pointSizeF()
        pt = pt if pt > 0 else 10.0
        font = QFont()
        font.setFamilies([f.strip(" '") for f in MATH_FONT.split(",")])
        font.setPointSizeF(pt * MATH_SCALE)
        metrics = QFontMetricsF(font)
        room = self.scroll.viewport().width() - 30  # the formula box's padding and margins
        self._room = self.scroll.viewport().width()
        html = page_html(page, pt, background, metrics.horizontalAdvance, room)
        self.text.setText(html)

    @Slot()
    def nextPage(self) -> None:
        if self.lesson is not None:
            self.showPage(self.page + 1)

    @Slot()
    def previousPage(self) -> None:
        if self.lesson is not None:
            self.showPage(self.page - 1)

    # ------------------------------------------------------------ events

    def changeEvent(self, event) -> None:
        """Re-render the page (formula background) when the palette changes."""
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and self.lesson is not None:
            self._renderText()

    def resizeEvent(self, event) -> None:
        """Formulas choose columns or lines for the new width."""
        super().resizeEvent(event)
        if self.lesson is not None and self.scroll.viewport().width() != self._room:
            self._renderText()
