"""Live task checks of the lesson panel (`LessonTasks`, mixed into `LessonPanel`).

The open page's tasks are checked on `host.lessonState(names)` of the quantities they
read (plus the typed answer); a task that was true once stays done and is stored in the
`Progress` file. "Show me" runs a task's actions through the host, one per check.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QLabel, QPushButton

from nnviz.teach.lessons import Lesson
from nnviz.teach.lessons.progress import Progress
from nnviz.ui.lessons.host import LessonHost, LessonHostError
from nnviz.ui.lessons.runner import ShowMe
from nnviz.ui.lessons.task_box import TaskBox


class LessonTasks:
    """The panel's task boxes, answers, "Show me" runner and live checks."""

    host: LessonHost
    progress: Progress
    lesson: Lesson | None
    page: int
    boxes: list[TaskBox]
    answers: dict[tuple[str, str], str]
    timer: QTimer
    error: QLabel
    where: QLabel
    nextButton: QPushButton
    _runner: ShowMe | None
    sigTaskDone: object

    def box(self, task_id: str) -> TaskBox:
        return next(b for b in self.boxes if b.task.id == task_id)

    def setAnswer(self, task_id: str, text: str) -> None:
        """Put `text` in the task's answer box."""
        assert self.lesson is not None
        self.answers[(self.lesson.id, task_id)] = text
        for b in self.boxes:
            if b.task.id == task_id:
                b.setAnswerText(text)

    def _answerTyped(self, task_id: str, text: str) -> None:
        if self.lesson is not None:
            self.answers[(self.lesson.id, task_id)] = text
            self.refresh()

    @Slot(str)
    def showMe(self, task_id: str) -> None:
        """Perform the task's "show me" actions through the host, in order."""
        if self.lesson is None:
            return
        task = next(t for t in self.lesson.tasks if t.id == task_id)
        self._runner = ShowMe(self.host, self.lesson, self.setAnswer)
        self._runner.start(task)
        self.showError("")
        self.refresh()

    def showError(self, text: str) -> None:
        """One line above the page buttons ("" hides it)."""
        self.error.setText(text)
        self.error.setStyleSheet("color: palette(bright-text)")
        self.error.setVisible(bool(text))

    @Slot()
    def refresh(self) -> None:
        """Continue a running "show me", then check the open page's tasks."""
        if self.lesson is None:
            return
        try:
            self._refresh()
        except Exception:
            self.timer.stop()  # one report, not five a second
            self.showError("Live checks stopped after an error.")
            raise

    def _refresh(self) -> None:
        runner = self._runner
        if runner is not None:
            task = runner.task
            error = runner.advance(self._answer(task.id) if task else None)
            if error:
                self.showError(error)
            if not runner.running:
                self._runner = None
        busy = self._runner.task.id if self._runner and self._runner.task else None
        for b in self.boxes:
            b.setBusy(b.task.id == busy)
        self._check()

    def _answer(self, task_id: str) -> str | None:
        assert self.lesson is not None
        text = self.answers.get((self.lesson.id, task_id), "").strip()
        return text or None

    def _check(self) -> None:
        lesson = self.lesson
        assert lesson is not None
        todo = [b for b in self.boxes if not b.done]
        if todo:
            names = set().union(*(b.task.quantities for b in todo)) - {"answer"}
            try:
                state = dict(self.host.lessonState(names))
            except LessonHostError as err:
                self.showError(str(err))
                state = None
            for b in todo if state is not None else []:
                s = state
                answer = self._answer(b.task.id)
                if b.task.needs_answer:
                    s = {**state, "answer": answer} if answer is not None else state
                if b.task.check(s):
                    b.setDone(True)
                    self._save(lambda b=b: self.progress.mark(lesson.id, b.task.id))
                    self.sigTaskDone.emit(lesson.id, b.task.id)
        done = len(self.progress.done(lesson.id) & {t.id for t in lesson.tasks})
        self.nextButton.setDefault(all(b.done for b in self.boxes) and bool(self.boxes))
        self.where.setText(
            f"Page {self.page + 1} of {len(lesson.pages)}  ·  "
            f"{done} of {len(lesson.tasks)} tasks done"
        )

    def _save(self, write: Callable[[], object]) -> None:
        try:
            write()
        except OSError as err:
            self.showError(f"Progress not saved: {err.strerror or err}")

    def taskStatus(self, task_id: str) -> str:
        """ "done" or "open" for a task of the open lesson."""
        assert self.lesson is not None
        return "done" if self.progress.is_done(self.lesson.id, task_id) else "open"

    @property
    def busy(self) -> bool:
        """A "show me" is still running."""
        return self._runner is not None
