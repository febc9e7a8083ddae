""" "Show me": a task's actions performed one after another through the `LessonHost`.

`set` values are computed on the state of the moment (`Expression.value`); `reset`
applies the lesson's preset again; a `train ...` the host runs asynchronously makes the
runner wait (`advance` returns and is called again until the host is not busy).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nnviz.teach.lessons import Lesson, Task
from nnviz.teach.lessons.actions import Action
from nnviz.teach.lessons.conditions import Missing
from nnviz.ui.lessons.host import LessonHost, LessonHostError


def answer_text(value: Any) -> str:
    """What an answer box shows for a computed value: 6 significant digits, whole numbers
    without a decimal point, words as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        v = float(value)
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else f"{v:.6g}"
    return str(value)


class ShowMe:
    """The pending actions of one task. `answers` maps task ids to answer-box texts."""

    def __init__(
        self, host: LessonHost, lesson: Lesson, set_answer: Callable[[str, str], None]
    ) -> None:
        self.host, self.lesson, self.set_answer = host, lesson, set_answer
        self.task: Task | None = None
        self.pending: list[Action] = []

    @property
    def running(self) -> bool:
        return bool(self.pending) or (self.task is not None and self.host.isBusy())

    def start(self, task: Task) -> None:
        self.task, self.pending = task, list(task.show)

    def stop(self) -> None:
        self.task, self.pending = None, []

    def advance(self, answer: Any = None) -> str | None:
        """Perform the next actions until done or the host is busy; an error line (and
        the rest dropped) when an action cannot be done, else None."""
        while self.pending and not self.host.isBusy():
            action = self.pending.pop(0)
            try:
                self._do(action, answer)
            except (LessonHostError, Missing, ValueError, IndexError, KeyError) as err:
                self.pending = []
                why = str(err) or type(err).__name__
                if isinstance(err, Missing):
                    why = f"{why} is not available here"
                return f"Show me stopped at '{action.source}': {why}"
        if not self.pending and not self.host.isBusy():
            self.task = None
        return None

    def _state(self, names: set[str], answer: Any) -> dict[str, Any]:
        state = dict(self.host.lessonState(names))
        if answer is not None:
            state["answer"] = answer
        return state

    def _do(self, a: Action, answer: Any) -> None:
        h = self.host
        if a.verb == "set":
            assert a.target is not None and a.value is not None
            name, index = a.target
            value = a.value.value(self._state(a.value.quantities, answer))
            if name == "answer":
                assert self.task is not None
                self.set_answer(self.task.id, answer_text(value))
            else:
                h.setQuantity(name, index, value)
        elif a.verb == "step":
            h.teachingStep(a.count or 1)
        elif a.verb == "forward":
            h.playForward()
        elif a.verb == "reset":
            h.applyPreset(self.lesson.preset)
        elif a.verb == "train":
            if a.until is not None:
                h.trainUntil(a.until.check, a.count)
            elif a.unit == "epochs":
                h.trainEpochs(a.count or 1)
            else:
                h.trainSteps(a.count or 1)
        elif a.verb == "select":
            h.select(a.unit, a.index)
        elif a.verb == "draw":
            h.drawMistake()
        elif a.verb == "teach":
            h.teachDrawing()
        elif a.verb == "write":
            h.writeSpamMessage() if a.text is None else h.writeMessage(a.text)
        else:  # the parser knows no other verb
            raise LessonHostError(f"unknown action {a.verb!r}")
