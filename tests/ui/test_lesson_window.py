"""Lessons in the real main window: presets, "Show me" through the trainer process,
leaving restores, teachers' files from File › Open lesson file…, the first-start offer."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog

from nnviz.app.settings import Settings
from nnviz.teach import lessons
from nnviz.teach.lessons.progress import Progress
from nnviz.ui.lessons.window.dock import DISMISSED
from nnviz.ui.lessons.window.edit import NO_MNIST
from nnviz.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")

BUILTIN = lessons.builtin()
USER = Settings(dataset="circles", hidden=[5], activations=["relu"], lr=0.01)
WAIT = 120_000  # ms: training through the trainer process on a shared machine


def lesson(n: int) -> lessons.Lesson:
    return BUILTIN[n - 1]


@pytest.fixture
def window(qtbot, tmp_path):
    q = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=USER, qsettings=q, restore=False)
    w.setConfirmOnClose(False)
    w.lessonPanel.progress = Progress(tmp_path / "progress.json")
    qtbot.addWidget(w)
    w.resize(1400, 850)
    w.show()
    qtbot.waitUntil(lambda: w.session.ready)
    yield w
    w.close()


def settled(w: MainWindow) -> bool:
    return w.session.ready and not w.lessonPanel.busy and not w.lessonPanel.windowHost.isBusy()


def spam_missing() -> bool:
    from nnviz.data.text.spam import spam_dataset

    try:
        spam_dataset()
    except (OSError, ValueError):
        return True
    return False


@pytest.mark.parametrize("n", range(1, 10))
def test_opening_each_lesson_applies_its_preset(qtbot, window, n):
    if n == 8 and not os.environ.get("NNVIZ_DATA_DIR"):
        pytest.skip("MNIST needs NNVIZ_DATA_DIR")
    if n == 9 and spam_missing():
        pytest.skip("the spam e-mails are not available")
    preset = lesson(n).preset
    assert window.lessonPanel.openLesson(lesson(n)), window.lessonPanel.chooser.error.text()
    assert window.panel("lesson").isVisible()
    assert window.currentWorkspace() == preset.workspace
    state = window.lessonPanel.windowHost.lessonState(set())
    if preset.dataset in ("sample", "tiny-2-2-2", "tiny-2-3-1"):
        bench = window.stepPanel.workbench
        assert bench.net.sizes == list(preset.layers)
        assert state["dataset"] == preset.dataset and state["steps"] == 0
        for k, W in preset.weights.items():
            assert np.allclose(state["w"][k], W)
        for k, b in preset.biases.items():
            assert np.allclose(state["b"][k], b)
        assert window.session.settings.dataset == USER.dataset  # the user's network stays
        return
    qtbot.waitUntil(lambda: settled(window) and window.session.settings.dataset == preset.dataset,
                    timeout=WAIT)  # fmt: skip
    state = window.lessonPanel.windowHost.lessonState(set())
    assert state["dataset"] == preset.dataset and state["steps"] == 0
    assert window.session.network.sizes[1:-1] == list(preset.layers[1:-1])
    assert state["lr"] == preset.lr and state["optimizer"] == preset.optimizer


@pytest.mark.parametrize("n", [1, 4, 6])
def test_show_me_completes_every_task_in_the_window(qtbot, window, n):
    panel = window.lessonPanel
    assert panel.openLesson(lesson(n))
    qtbot.waitUntil(lambda: settled(window), timeout=WAIT)
    for page in range(len(lesson(n).pages)):
        panel.showPage(page)
        for task in lesson(n).pages[page].tasks:
            box = panel.box(task.id)
            assert panel.taskStatus(task.id) == "open"
            qtbot.mouseClick(box.showButton, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(
                lambda t=task: panel.taskStatus(t.id) == "done" and not panel.busy, timeout=WAIT
            )
            assert box.done and not panel.error.isVisible(), panel.error.text()
    assert panel.progress.done(lesson(n).id) == {t.id for t in lesson(n).tasks}


@pytest.mark.parametrize("n", [1, 6])
def test_leaving_restores_what_the_user_had(qtbot, window, n):
    window.showWorkspace("draw")
    before = window.session.settings
    W0 = window.session.network.layers[0].W.copy()
    bench = window.stepPanel.workbench.net.sizes
    panel = window.lessonPanel
    assert panel.openLesson(lesson(n))
    qtbot.waitUntil(lambda: settled(window), timeout=WAIT)
    panel.leaveLesson()
    qtbot.waitUntil(lambda: settled(window), timeout=WAIT)
    assert window.session.settings == before
    assert np.array_equal(window.session.network.layers[0].W, W0)
    assert window.stepPanel.workbench.net.sizes == bench
    assert window.currentWorkspace() == "draw"


def test_a_malformed_lesson_file_gives_one_line(qtbot, window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.md"
    bad.write_text("---\nnviz-lesson: 1\ntitle: Bad\n---\n\n## Page\n\n```task\ncheck: stepz > 1\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    act = next(a for a in window.fileMenu.actions() if "lesson" in a.text().lower())
    act.trigger()
    error = window.lessonPanel.chooser.error
    assert error.isVisible() and "bad.md" in error.text() and "\n" not in error.text()
    assert window.lessonPanel.lesson is None and window.panel("lesson").isVisible()


def test_help_lessons_reveals_the_panel(window):
    act = next(a for a in window.helpMenu.actions() if a.text() == "&Lessons…")
    act.trigger()
    assert window.panel("lesson").isVisible()


def test_missing_mnist_gives_one_line(qtbot, window, monkeypatch):
    monkeypatch.setattr("nnviz.ui.shell.data_setup.mnist_available", lambda: False)
    before = window.session.settings
    assert not window.lessonPanel.openLesson(lesson(8))
    assert window.lessonPanel.chooser.error.text().endswith(NO_MNIST)
    assert window.session.settings == before


def test_first_start_offer_and_not_now(qtbot, tmp_path):
    q = QSettings(str(tmp_path / "offer.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=USER, qsettings=q, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    offer = w.lessonPanel.dockLink.offer
    if offer is None:  # the user config of this test run already has progress
        pytest.skip("progress exists in this run's config folder")
    qtbot.mouseClick(offer.laterButton, Qt.MouseButton.LeftButton)
    assert q.value(DISMISSED, False, type=bool)
    w.close()
    w2 = MainWindow(settings=USER, qsettings=q, restore=False)
    w2.setConfirmOnClose(False)
    qtbot.addWidget(w2)
    assert w2.lessonPanel.dockLink.offer is None
    w2.close()


def test_spam_lesson_writes_a_sneaky_message_in_the_read_panel(qtbot, window):
    if spam_missing():
        pytest.skip("the spam e-mails are not available")
    from nnviz.ui.read.panel import ReadPanel

    window.readPanel = reader = ReadPanel()  # as the window hosts it in the Draw workspace
    qtbot.addWidget(reader)
    panel = window.lessonPanel
    assert panel.openLesson(lesson(9))
    qtbot.waitUntil(lambda: settled(window) and window.session.settings.dataset == "spam",
                    timeout=WAIT)  # fmt: skip
    for page in range(len(lesson(9).pages)):
        panel.showPage(page)
        for task in lesson(9).pages[page].tasks:
            qtbot.mouseClick(panel.box(task.id).showButton, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(
                lambda t=task: panel.taskStatus(t.id) == "done" and not panel.busy, timeout=WAIT
            )
    state = panel.windowHost.lessonState(set())
    assert state["message_spam"] > 0.5 and state["message_top_words"] == 0
    assert reader.editor.toPlainText()


def test_the_workbench_reset_button_resets_the_lesson_not_the_example(qtbot, window):
    panel = window.lessonPanel
    assert panel.openLesson(lesson(1))
    bench = window.stepPanel.workbench
    bench.paramTables[0].item(0, 0).setText("0.9")  # the student types w1
    assert bench.net.layers[0].W[0, 0] == 0.9
    qtbot.mouseClick(bench.resetButton, Qt.MouseButton.LeftButton)
    assert bench.net.sizes == [2, 1]
    assert np.allclose(bench.net.layers[0].W, lesson(1).preset.weights[0])
    panel.leaveLesson()
    assert bench.resetTo is None and window.stepPanel.stepSource is not None


def test_the_readme_lesson_example_parses(tmp_path):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    part = readme[readme.index("## Lesson files") :]
    body = part.split("````markdown\n", 1)[1].split("````", 1)[0]
    (tmp_path / "example.md").write_text(body, encoding="utf-8")
    example = lessons.load(tmp_path / "example.md")
    assert example.title == "Learning rate" and [t.id for t in example.tasks] == ["diverge"]


def test_closing_during_a_lesson_saves_the_users_own_settings(qtbot, tmp_path):
    from nnviz.ui.shell.state import saved_settings

    q = QSettings(str(tmp_path / "close.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=USER, qsettings=q, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    w.lessonPanel.progress = Progress(tmp_path / "progress.json")
    qtbot.waitUntil(lambda: w.session.ready)
    assert w.lessonPanel.openLesson(lesson(6))
    qtbot.waitUntil(lambda: settled(w) and w.session.settings.dataset == "xor", timeout=WAIT)
    w.close()
    assert saved_settings(q).dataset == USER.dataset and saved_settings(q).lr == USER.lr
