"""Which lesson tasks a student has completed, kept in a small JSON file (no Qt).

File contents: ``{"format": "nnviz-progress", "version": 1, "completed": {lesson_id:
[task_id, ...]}, "page": {lesson_id: page_index}}``. Writes go to a temporary file in
the same folder, then `os.replace` (atomic); the file gets the usual mode (0666 & ~umask).
A missing or unreadable file reads as no progress, so a broken file never stops the app.
"""

from __future__ import annotations

import json
from pathlib import Path

from nnviz.util import atomic_open

FORMAT = "nnviz-progress"
VERSION = 1


class Progress:
    """Completed tasks and the last page seen, per lesson id, stored at `path`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.completed: dict[str, list[str]] = {}
        self.pages: dict[str, int] = {}
        self._read()

    def _read(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return
        done = data.get("completed")
        if isinstance(done, dict):
            for lesson, tasks in done.items():
                if isinstance(lesson, str) and isinstance(tasks, list):
                    self.completed[lesson] = [t for t in tasks if isinstance(t, str)]
        pages = data.get("page")
        if isinstance(pages, dict):
            self.pages = {
                k: v for k, v in pages.items() if isinstance(v, int) and not isinstance(v, bool)
            }

    def done(self, lesson: str) -> set[str]:
        """Ids of the completed tasks of `lesson`."""
        return set(self.completed.get(lesson, []))

    def is_done(self, lesson: str, task: str) -> bool:
        return task in self.completed.get(lesson, [])

    def mark(self, lesson: str, task: str, save: bool = True) -> bool:
        """Record `task` of `lesson` as done; True when it was new (then saved)."""
        tasks = self.completed.setdefault(lesson, [])
        if task in tasks:
            return False
        tasks.append(task)
        if save:
            self.save()
        return True

    def set_page(self, lesson: str, page: int, save: bool = True) -> None:
        """Remember the page the student is on."""
        self.pages[lesson] = int(page)
        if save:
            self.save()

    def page(self, lesson: str) -> int:
        return self.pages.get(lesson, 0)

    def reset(self, lesson: str | None = None, save: bool = True) -> None:
        """Forget one lesson's progress, or all of it."""
        if lesson is None:
            self.completed.clear()
            self.pages.clear()
        else:
            self.completed.pop(lesson, None)
            self.pages.pop(lesson, None)
        if save:
            self.save()

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "completed": self.completed,
            "page": self.pages,
        }

    def save(self) -> None:
        """Write atomically (`nnviz.util.atomic_open`); raises OSError when it cannot."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_open(self.path) as f:
            json.dump(self.to_dict(), f, indent=1, sort_keys=True)
