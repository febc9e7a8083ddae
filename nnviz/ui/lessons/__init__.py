"""Lessons in the window: the lesson panel, the interface it needs from the window, the
first-start offer and the menu entries.

- `LessonHost` (host.py): what the window provides; `LessonHostError` for what it cannot do.
- `LessonPanel(host, progress=None)` (panel.py): chooser, pages, live tasks, "Show me";
  its live checks are `LessonTasks` (tasks.py).
- `FirstLessonOffer`, `should_offer(progress)` (first_start.py): "Start the first lesson".
- `add_lesson_actions(menu, panel, reveal)` (menu.py): Help › Lessons, File › Open lesson….
- `preset_network`, `preset_sample` (preset.py): a lesson preset's network and sample.
- `window/`: the main window's `LessonHost` and the Lesson dock (`install(window)`).
"""
