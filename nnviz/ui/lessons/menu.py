"""Menu entries for lessons: "Lessons…" (the list) and "Open lesson file…"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from nnviz.ui.common import file_dialogs
from nnviz.ui.lessons.chooser import LESSON_FILTER
from nnviz.ui.lessons.panel import LessonPanel


def add_lesson_actions(
    menu: QMenu, panel: LessonPanel, reveal: Callable[[], None], open_menu: QMenu | None = None
) -> tuple[QAction, QAction]:
    """Add "Lessons…" to `menu` (e.g. Help) and "Open lesson file…" to `open_menu` (e.g.
    File; default `menu`). `reveal()` brings the panel's dock to the front. Returns both
    actions."""
    lessons = QAction("&Lessons…", menu)
    lessons.setStatusTip("A guided path from one neuron to a spam filter")
    lessons.triggered.connect(reveal)
    menu.addAction(lessons)
    target = open_menu if open_menu is not None else menu
    open_file = QAction("Open &lesson file…", target)
    open_file.setStatusTip("Open a lesson written by your teacher")

    def ask() -> None:
        path = file_dialogs.open_path(panel, "Open lesson", LESSON_FILTER)
        if path:
            reveal()
            panel.openFile(path)

    open_file.triggered.connect(ask)
    target.addAction(open_file)
    return lessons, open_file
