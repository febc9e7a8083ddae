"""Lessons: pages of short text, a preset, and tasks the app checks live (no Qt).

`builtin()` gives the lessons shipped in resources/lessons/ in order; `load(path)` reads
a teacher's own lesson file. A lesson file is data: conditions and "show me" actions are
parsed by a small hand-written parser and nothing in a file is ever run as Python.
Every problem raises `LessonFileError` with one line naming the file and the line.
The format is documented in docs/lessons.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from nnviz.data.samples import resource_path
from nnviz.teach.lessons.actions import Action, parse_action
from nnviz.teach.lessons.condition_parser import ConditionError
from nnviz.teach.lessons.conditions import Condition, parse_condition, refs
from nnviz.teach.lessons.file import Field, LessonFileError, RawLesson, fail, read_text, split
from nnviz.teach.lessons.presets import Preset, parse_preset
from nnviz.teach.lessons.quantities import QUANTITIES

__all__ = ["Lesson", "LessonFileError", "Page", "Preset", "Task", "builtin", "load", "parse"]

TASK_KEYS = ("id", "text", "check", "hint", "show")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class Task:
    """Something to do on a page: `text`, the `condition` that says it is done, a `hint`
    and `show`, the actions that do it ("show me")."""

    id: str
    text: str
    condition: Condition
    hint: str
    show: tuple[Action, ...]
    page: int
    line: int

    def check(self, state: Mapping[str, Any]) -> bool:
        """True when the task is done in `state` (a mapping of named quantities)."""
        return self.condition.check(state)

    @property
    def needs_answer(self) -> bool:
        """The student types an answer (the condition reads `answer`)."""
        return "answer" in self.condition.quantities

    @property
    def quantities(self) -> set[str]:
        """Names of the quantities the app must supply to check this task."""
        return self.condition.quantities


@dataclass(frozen=True)
class Page:
    """A page: `title`, Markdown `text` (formula blocks fenced as ```formula) and its tasks."""

    title: str
    text: str
    tasks: tuple[Task, ...]
    line: int

    @property
    def blocks(self) -> list[tuple[str, str]]:
        """The text as ("text", markdown) and ("formula", lines) parts, in order."""
        out: list[tuple[str, str]] = []
        for n, part in enumerate(self.text.split("```formula\n")):
            if not n:
                formula, rest = "", part
            elif part.startswith("```"):
                formula, rest = "", part[3:]
            else:
                formula, _, rest = part.partition("\n```")
            if n:
                out.append(("formula", formula.rstrip("\n")))
            if rest.strip():
                out.append(("text", rest.strip("\n")))
        return out


@dataclass(frozen=True)
class Lesson:
    """A lesson: `title`, `pages`, the `preset` it starts from; `id` from the file name."""

    id: str
    title: str
    summary: str
    pages: tuple[Page, ...]
    preset: Preset
    path: Path | None = None

    @property
    def tasks(self) -> tuple[Task, ...]:
        """All tasks, page by page."""
        return tuple(t for p in self.pages for t in p.tasks)


def _condition(name: str, f: Field) -> Condition:
    try:
        return parse_condition(f.value)
    except ConditionError as err:
        raise fail(name, f.line, f"{f.key}: {err} (column {err.col})") from None


def _action(name: str, text: str, line: int) -> Action:
    try:
        return parse_action(text)
    except ConditionError as err:
        raise fail(name, line, f"show: {err} (column {err.col})") from None


def _task(name: str, page: int, line: int, found: list[Field], number: int) -> Task:
    given = {f.key: f for f in found}
    for f in found:
        if f.key not in TASK_KEYS:
            raise fail(name, f.line, f"unknown task key '{f.key}'; use {', '.join(TASK_KEYS)}")
        if f.items and f.key != "show":
            raise fail(name, f.items[0][1], f"'{f.key}' takes text, not a list")
    for key in ("text", "check"):
        if key not in given or not given[key].value:
            raise fail(name, line, f"a task needs '{key}: ...'")
    task_id = given["id"].value if "id" in given else f"task-{number}"
    if not _ID.match(task_id):
        raise fail(name, given["id"].line, "a task id is lower-case letters, digits and '-'")
    show: list[Action] = []
    if "show" in given:
        f = given["show"]
        lines = ([(f.value, f.line)] if f.value else []) + f.items
        if not lines:
            raise fail(name, f.line, "'show' needs at least one action")
        show = [_action(name, text, n) for text, n in lines]
    hint = given["hint"].value if "hint" in given else ""
    return Task(
        task_id,
        given["text"].value,
        _condition(name, given["check"]),
        hint,
        tuple(show),
        page,
        line,
    )


def _exists(q: str, idx: tuple[int, ...], sizes: tuple[int, ...]) -> bool:
    """Whether quantity q[idx...] exists in a network of these layer sizes."""
    if q == "x":
        return idx[0] < sizes[0]
    if q in ("output", "target"):
        return idx[0] < sizes[-1]
    k = idx[0]
    if k >= len(sizes) - 1:
        return False
    return all(i < n for i, n in zip(idx[1:], (sizes[k + 1], sizes[k]), strict=False))


def _check_indices(name: str, task: Task, sizes: tuple[int, ...]) -> None:
    """Every indexed quantity a task reads or sets exists in the preset's network."""
    found = refs(task.condition.node)
    for a in task.show:
        found += [a.target] if a.target else []
        found += refs(a.value.node) if a.value else []
        found += refs(a.until.node) if a.until else []
    for q, idx in found:
        if idx and not _exists(q, idx, sizes):
            label = q + "".join(f"[{i}]" for i in idx)
            net = "-".join(map(str, sizes))
            raise fail(name, task.line, f"{label} does not exist in the preset's {net} network")


def build(raw: RawLesson, lesson_id: str, path: Path | None = None) -> Lesson:
    """A `Lesson` from the parts `split` found, with every field checked."""
    name = raw.name
    assert raw.preset is not None
    preset = parse_preset(name, raw.preset[0], raw.preset[1])
    numbered = [(p, line, found) for p, rp in enumerate(raw.pages) for line, found in rp.tasks]
    tasks = [_task(name, p, line, found, n + 1) for n, (p, line, found) in enumerate(numbered)]
    seen: dict[str, int] = {}
    for t in tasks:
        if t.id in seen:
            raise fail(name, t.line, f"task id '{t.id}' is used twice (first on line {seen[t.id]})")
        seen[t.id] = t.line
    rebuilds = any(a.target and a.target[0] in ("layers", "dataset") for t in tasks for a in t.show)
    if not rebuilds:  # a lesson that changes the network may use indices of the new one
        for t in tasks:
            _check_indices(name, t, preset.layers)
    pages = [
        Page(
            rp.title,
            "\n".join(rp.text).strip("\n"),
            tuple(t for t in tasks if t.page == p),
            rp.line,
        )
        for p, rp in enumerate(raw.pages)
    ]
    front = raw.front
    if "id" in front:
        lesson_id = front["id"].value
        if not _ID.match(lesson_id):
            raise fail(name, front["id"].line, "a lesson id is lower-case letters, digits and '-'")
    summary = front["summary"].value if "summary" in front else ""
    return Lesson(lesson_id, front["title"].value, summary, tuple(pages), preset, path)


def parse(text: str, name: str = "<lesson>", lesson_id: str = "lesson") -> Lesson:
    """Parse a lesson from its text; `name` is used in error messages."""
    try:
        return build(split(name, text), lesson_id)
    except LessonFileError:
        raise
    except (ValueError, IndexError, KeyError, TypeError, RecursionError) as err:
        raise fail(name, None, f"not a valid lesson ({type(err).__name__})") from None


def load(path: str | Path) -> Lesson:
    """Read and check the lesson file at `path`; raises `LessonFileError` (one line)."""
    p = Path(path)
    stem = re.sub(r"[^a-z0-9-]+", "-", p.stem.lower()).strip("-")[:40] or "lesson"
    lesson = parse(read_text(p), p.name, stem)
    return Lesson(lesson.id, lesson.title, lesson.summary, lesson.pages, lesson.preset, p)


@lru_cache(maxsize=1)
def _builtin() -> tuple[Lesson, ...]:
    folder = resource_path("lessons")
    return tuple(load(p) for p in sorted(folder.glob("*.md")))


def builtin() -> list[Lesson]:
    """The built-in lessons, in teaching order (01-one-neuron ... 09-spam-filter)."""
    return list(_builtin())


def quantities() -> dict[str, str]:
    """The registry of known quantities: pattern (e.g. ``w[k][j][i]``) -> meaning."""
    return {q.pattern: q.doc for q in QUANTITIES.values()}
