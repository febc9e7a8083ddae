"""The lesson panel against a stand-in host: presets, live checks, show me, progress,
teachers' files, leaving."""

from __future__ import annotations

import numpy as np
import pytest
from lesson_host import FakeHost
from PySide6.QtCore import Qt

from nnviz.teach import lessons
from nnviz.teach.lessons.progress import Progress
from nnviz.ui.lessons.chooser import MARK_ROLE
from nnviz.ui.lessons.first_start import FirstLessonOffer, should_offer
from nnviz.ui.lessons.panel import LessonPanel
from nnviz.ui.lessons.task_box import DONE_MARK, OPEN_MARK

BUILTIN = lessons.builtin()


def lesson(n: int) -> lessons.Lesson:
    return BUILTIN[n - 1]


@pytest.fixture
def progress_path(tmp_path):
    return tmp_path / "progress.json"


def make_panel(qtbot, host, path) -> LessonPanel:
    panel = LessonPanel(host, Progress(path))
    qtbot.addWidget(panel)
    panel.resize(420, 700)
    panel.show()
    return panel


@pytest.fixture
def host():
    return FakeHost()


@pytest.fixture
def panel(qtbot, host, progress_path):
    return make_panel(qtbot, host, progress_path)


def test_the_chooser_lists_the_nine_lessons_in_order(panel):
    titles = [panel.chooser.list.item(i).text() for i in range(9)]
    assert titles == [f"{n}. {lesson.title}" for n, lesson in enumerate(BUILTIN, 1)]
    assert panel.stack.currentWidget() is panel.chooser


@pytest.mark.parametrize("n", range(1, 10))
def test_opening_a_lesson_applies_its_preset(qtbot, panel, host, n):
    panel.chooser.list.setCurrentRow(n - 1)
    qtbot.mouseClick(panel.chooser.startButton, Qt.MouseButton.LeftButton)
    preset = lesson(n).preset
    assert host.presets == [preset]
    assert host.workspace == preset.workspace
    assert host.net.sizes == list(preset.layers)
    assert panel.lesson is lesson(n) and panel.title.text() == lesson(n).title
    assert panel.page == 0 and not panel.backButton.isEnabled()
    assert "Page 1 of" in panel.where.text()
    state = host.lessonState(set())
    for k, W in preset.weights.items():
        assert np.array_equal(state["w"][k], W)


def run_show_me(qtbot, panel, task_id):
    box = panel.box(task_id)
    qtbot.waitUntil(box.isVisible)
    assert box.mark.text() == OPEN_MARK and panel.taskStatus(task_id) == "open"
    qtbot.mouseClick(box.showButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.taskStatus(task_id) == "done" and not panel.busy, timeout=20000)
    assert box.done and box.mark.text() == DONE_MARK
    assert not panel.error.isVisible(), panel.error.text()


@pytest.mark.parametrize(("n", "async_train"), [(1, False), (4, False), (6, False), (6, True)])
def test_show_me_completes_every_task(qtbot, progress_path, n, async_train):
    host = FakeHost(async_train)
    panel = make_panel(qtbot, host, progress_path)
    panel.openLesson(lesson(n))
    done = []
    panel.sigTaskDone.connect(lambda lid, tid: done.append(tid))
    for page in range(len(lesson(n).pages)):
        panel.showPage(page)
        for task in lesson(n).pages[page].tasks:
            run_show_me(qtbot, panel, task.id)
    assert done == [t.id for t in lesson(n).tasks]
    assert f"{len(done)} of {len(done)} tasks done" in panel.where.text()
    assert Progress(progress_path).done(lesson(n).id) == set(done)


def test_a_task_turns_done_live_when_the_student_changes_the_network(qtbot, panel, host):
    panel.openLesson(lesson(1))
    assert panel.taskStatus("match-target") == "open"
    W = host.net.layers[0].W  # the student drags w1, w2 and b
    W[0] = [0.6, 0.4]
    qtbot.wait(300)
    assert panel.taskStatus("match-target") == "open"
    host.net.layers[0].b[0] = 0.2
    qtbot.waitUntil(lambda: panel.taskStatus("match-target") == "done")
    host.net.layers[0].b[0] = 5.0  # done stays done
    qtbot.wait(300)
    assert panel.box("match-target").done


def test_typing_the_answer(qtbot, panel, host):
    panel.openLesson(lesson(1))
    panel.showPage(2)
    box = panel.box("predict-w1")
    assert box.answer is not None
    qtbot.waitUntil(box.answer.isVisible)
    qtbot.keyClicks(box.answer, "0.5")
    qtbot.wait(300)
    assert panel.taskStatus("predict-w1") == "open"
    box.answer.clear()
    qtbot.keyClicks(box.answer, "0.38")  # 0.2 − 0.1·2(0.1 − 1.0)·1.0
    qtbot.waitUntil(lambda: panel.taskStatus("predict-w1") == "done")
    assert panel.box("take-step").answer is None


def test_hint_toggles(qtbot, panel):
    panel.openLesson(lesson(1))
    box = panel.box("match-target")
    qtbot.waitUntil(box.isVisible)
    assert not box.hint.isVisibleTo(panel)
    qtbot.mouseClick(box.hintButton, Qt.MouseButton.LeftButton)
    assert box.hint.isVisibleTo(panel) and "w1" in box.hint.text()
    qtbot.mouseClick(box.hintButton, Qt.MouseButton.LeftButton)
    assert not box.hint.isVisibleTo(panel)


def test_pages_back_and_next(qtbot, panel):
    panel.openLesson(lesson(1))
    assert "A neuron is a weighted sum" in panel.text.text()
    assert "ŷ = w1·x1 + w2·x2 + b" in panel.text.text()
    qtbot.mouseClick(panel.nextButton, Qt.MouseButton.LeftButton)
    assert panel.page == 1 and "How wrong" in panel.text.text() and not panel.boxes
    qtbot.mouseClick(panel.nextButton, Qt.MouseButton.LeftButton)
    assert panel.page == 2 and not panel.nextButton.isEnabled()
    assert [b.task.id for b in panel.boxes] == ["predict-w1", "take-step"]
    qtbot.mouseClick(panel.backButton, Qt.MouseButton.LeftButton)
    assert panel.page == 1


def test_progress_persists_across_panels(qtbot, progress_path):
    first = make_panel(qtbot, FakeHost(), progress_path)
    first.openLesson(lesson(1))
    run_show_me(qtbot, first, "match-target")
    first.showPage(2)
    first.leaveLesson()
    assert first.chooser.list.item(0).data(MARK_ROLE) == "1/3"
    second = make_panel(qtbot, FakeHost(), progress_path)
    assert second.chooser.list.item(0).data(MARK_ROLE) == "1/3"
    second.openLesson(lesson(1))
    assert second.page == 2  # the page the student left on
    assert second.taskStatus("match-target") == "done"
    assert second.taskStatus("take-step") == "open"


def test_a_bad_lesson_file_gives_one_line_and_the_panel_keeps_working(qtbot, panel, tmp_path):
    bad = tmp_path / "my-lesson.md"
    bad.write_text(
        "---\nnnviz-lesson: 1\ntitle: Mine\n---\n\n```preset\ndataset: xor\nlayers: 2-2\n```\n\n"
        "## Page\n\n```task\ntext: Do it\ncheck: stepz >= 1\n```\n",
        encoding="utf-8",
    )
    assert not panel.openFile(bad)
    line = panel.chooser.error.text()
    assert panel.chooser.error.isVisible() and "\n" not in line
    assert "my-lesson.md" in line and "line 15" in line and "stepz" in line
    assert not panel.openFile(tmp_path / "missing.md")
    assert "missing.md" in panel.chooser.error.text()
    assert panel.lesson is None and panel.stack.currentWidget() is panel.chooser
    assert panel.openLesson(lesson(2))  # still works
    assert not panel.chooser.error.isVisible()


def test_a_teachers_file_opens(panel, host, tmp_path):
    good = tmp_path / "mine.md"
    good.write_text(
        "---\nnnviz-lesson: 1\ntitle: My lesson\n---\n\n```preset\ndataset: xor\nlayers: 2-3-2\n"
        "workspace: train\n```\n\n## First\n\nTrain *a little*.\n\n```task\n"
        "text: Train ten steps.\ncheck: steps >= 10\nshow: train steps = 10\n```\n",
        encoding="utf-8",
    )
    assert panel.openFile(good)
    assert panel.title.text() == "My lesson" and host.net.sizes == [2, 3, 2]
    assert "<i>a little</i>" in panel.text.text()
    panel.showMe("task-1")
    assert panel.taskStatus("task-1") == "done" and host.counters["steps"] == 10


def test_leaving_restores_what_the_user_had(qtbot, panel, host):
    before = host.snapshotUserState()
    params = host.net.params()
    panel.openLesson(lesson(1))
    run_show_me(qtbot, panel, "match-target")
    panel.openLesson(lesson(6))  # a second lesson keeps the first snapshot
    panel.showPage(1)
    run_show_me(qtbot, panel, "diverge")
    assert host.workspace == "train" and host.settings.dataset == "xor"
    qtbot.mouseClick(panel.leaveButton, Qt.MouseButton.LeftButton)
    assert panel.lesson is None and not panel.timer.isActive()
    assert host.settings == before[0] and host.workspace == "draw"
    assert host.net.sizes == [2, 5, 2] and host.counters["steps"] == 0
    for (W, b), (W0, b0) in zip(host.net.params(), params, strict=True):
        assert np.array_equal(W, W0) and np.array_equal(b, b0)


def test_an_action_the_host_cannot_do_gives_one_line(qtbot, panel, host):
    panel.openLesson(lesson(8))
    panel.showPage(1)
    qtbot.mouseClick(panel.box("find-mistake").showButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.error.isVisible())
    assert "draw mistake" in panel.error.text() and "no draw pad" in panel.error.text()
    assert host.workspace == "draw"  # the action before it was done
    assert not panel.busy and panel.taskStatus("find-mistake") == "open"
    panel.showPage(0)
    assert panel.box("mnist-95").showButton.isEnabled()


def test_first_start_offer(qtbot, progress_path, panel):
    assert should_offer(Progress(progress_path))
    offer = FirstLessonOffer(lesson(1))
    qtbot.addWidget(offer)
    offer.show()
    offer.sigStart.connect(lambda: panel.openLesson(lesson(1)))
    with qtbot.waitSignal(offer.sigStart):
        qtbot.mouseClick(offer.startButton, Qt.MouseButton.LeftButton)
    assert not offer.isVisible() and panel.lesson is lesson(1)
    assert not should_offer(Progress(progress_path))  # the page is remembered


def test_menu_actions(qtbot, panel, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMenu

    from nnviz.ui.lessons.menu import add_lesson_actions

    shown = []
    menu = QMenu()
    lessons_action, open_action = add_lesson_actions(menu, panel, lambda: shown.append(1))
    lessons_action.trigger()
    assert shown == [1]
    bad = tmp_path / "bad.md"
    bad.write_text("hello\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    open_action.trigger()
    assert shown == [1, 1] and "bad.md, line 1" in panel.chooser.error.text()


def test_next_is_the_default_once_the_page_is_done(qtbot, panel):
    panel.openLesson(lesson(1))
    assert not panel.nextButton.isDefault()
    run_show_me(qtbot, panel, "match-target")
    assert panel.nextButton.isDefault()


def test_show_me_stops_with_one_line_when_a_quantity_is_missing(qtbot, panel):
    panel.openLesson(lesson(9))
    panel.showPage(1)
    panel.showMe("top-word")
    assert panel.error.text() == (
        "Show me stopped at 'set answer = top_spam_word': top_spam_word is not available here"
    )
    assert not panel.busy and panel.box("top-word").answer.text() == ""


def test_answer_text():
    from nnviz.ui.lessons.runner import answer_text

    assert answer_text(np.float64(0.38000000000000006)) == "0.38"
    assert answer_text(0.13849853) == "0.138499"
    assert answer_text(np.int64(1)) == "1" and answer_text(2.0) == "2"
    assert answer_text("free") == "free" and answer_text(True) == "true"
