"""Lessons in the main window.

- `install(window)` (dock.py): the Lesson dock, its menu entries and the first-start offer.
- `WindowLessonHost` (host.py): the window as a lesson sees it.
- `set_sample`, `set_train` (edit.py): a lesson's changes to the workbench or the session.
- `UserState`, `snapshot_user_state` (user_state.py): what leaving a lesson gives back.
- `LessonTraining` (training.py), `PadTools` (pads.py), `LessonWindow` (protocol.py).
"""
