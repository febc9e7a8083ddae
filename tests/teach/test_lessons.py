"""Lessons: the built-in files parse, every task's condition is right on hand-made states,
"show me" completes the Step lessons, and bad files give one line naming file and line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from step_sim import StepSim

from nnviz.teach import lessons
from nnviz.teach.lessons import LessonFileError, load
from nnviz.teach.lessons.actions import VERBS
from nnviz.teach.lessons.quantities import QUANTITIES

IDS = [
    "01-one-neuron",
    "02-activation-functions",
    "03-layers-forward",
    "04-loss",
    "05-backpropagation",
    "06-training-loop",
    "07-going-deeper",
    "08-handwritten-digits",
    "09-spam-filter",
]
W1 = [[0.5, -1.0], [1.0, 1.0], [-0.5, 0.5]]
A0 = [0.5, 0.6225, 0.5622]

# lesson id -> task id -> (a state where the task is done, a state where it is not)
STATES: dict[str, dict[str, tuple[dict, dict]]] = {
    "01-one-neuron": {
        "match-target": ({"output": [1.004], "target": [1.0]}, {"output[0]": 0.98, "target[0]": 1}),
        "predict-w1": (
            {
                "loss": 0.81,
                "answer": "0.38",
                "w": [[[0.2, -0.4]]],
                "lr": 0.1,
                "grad_w": [[[-1.8, -0.9]]],
            },
            {
                "loss": 0.81,
                "answer": "0.2",
                "w": [[[0.2, -0.4]]],
                "lr": 0.1,
                "grad_w": [[[-1.8, -0.9]]],
            },
        ),
        "take-step": ({"steps": 1, "loss": 0.245}, {"steps": 0, "loss": 0.81}),
    },
    "02-activation-functions": {
        "sigmoid-peak": (
            {"output_activation": "sigmoid", "da_dz": [[0.25]]},
            {"output_activation": "sigmoid", "da_dz": [[0.19]]},
        ),
        "sigmoid-flat": (
            {"output_activation": "sigmoid", "da_dz[0][0]": 0.0025},
            {"output_activation": "tanh", "da_dz[0][0]": 0.0025},
        ),
        "tanh-peak": (
            {"output_activation": "tanh", "da_dz": [[1.0]]},
            {"output_activation": "tanh", "da_dz": [[0.9]]},
        ),
        "dead-relu": (
            {"output_activation": "relu", "da_dz": [[0.0]]},
            {"output_activation": "relu", "da_dz": [[1.0]]},
        ),
    },
    "03-layers-forward": {
        "hidden-1": ({"answer": "0.62", "a": [A0, [0.3, 0.7]]}, {"answer": "0.5", "a": [A0]}),
        "predict-winner": ({"answer": "1", "predicted": 1}, {"answer": "0", "predicted": 1}),
        "play-forward": ({"forward_done": True}, {"forward_done": False}),
    },
    "04-loss": {
        "ce-below": (
            {"loss_function": "cross_entropy", "loss": 0.0227},
            {"loss_function": "mse", "loss": 0.0227},
        ),
        "mse-below": (
            {"loss_function": "mse", "loss": 0.0005},
            {"loss_function": "mse", "loss": 0.1},
        ),
        "confident-wrong": (
            {"loss_function": "cross_entropy", "output": [0.96, 0.04], "loss": 3.26},
            {"loss_function": "cross_entropy", "output": [0.9, 0.1], "loss": 2.3},
        ),
    },
    "05-backpropagation": {
        "delta-out": (
            {"answer": "0.1385", "delta": [[0.0088, 0.0100], [0.13850, -0.0381]]},
            {"answer": "0.0822", "delta": [[0.0088, 0.0100], [0.13850, -0.0381]]},
        ),
        "largest-gradient": (
            {"selected_grad": 0.08267, "max_abs_grad_w": 0.08267},
            {"selected_grad": -0.0226, "max_abs_grad_w": 0.08267},
        ),
        "one-update": ({"steps": 1, "loss": 0.2805}, {"steps": 1, "loss": 0.2984}),
    },
    "06-training-loop": {
        "diverge": ({"diverged": True, "lr": 1000}, {"diverged": False, "lr": 0.1, "loss": 0.7}),
        "too-slow": (
            {"lr": 0.0005, "steps": 500, "train_accuracy": 0.51},
            {"lr": 0.0005, "steps": 499, "train_accuracy": 0.51},
        ),
        "xor-solved": ({"train_accuracy": 1.0}, {"train_accuracy": 0.9975}),
    },
    "07-going-deeper": {
        "no-hidden": (
            {"hidden_layers": 0, "steps": 300, "test_accuracy": 0.61},
            {"hidden_layers": 1, "steps": 300, "test_accuracy": 0.61},
        ),
        "one-hidden": (
            {"hidden_layers": 1, "test_accuracy": 0.8},
            {"hidden_layers": 2, "test_accuracy": 0.9},
        ),
        "two-hidden": (
            {"hidden_layers": 2, "test_accuracy": np.float32(0.95)},
            {"hidden_layers": 2, "test_accuracy": 0.94},
        ),
    },
    "08-handwritten-digits": {
        "mnist-95": ({"test_accuracy": 0.97}, {"test_accuracy": 0.9}),
        "find-mistake": (
            {"drawn_label": 7, "drawn_predicted": np.int64(1)},
            {"drawn_label": -1, "drawn_predicted": 1},
        ),
        "teach-it": ({"taught": 1}, {"taught": 0}),
    },
    "09-spam-filter": {
        "spam-trained": ({"test_accuracy": 0.96}, {}),
        "top-word": (
            {"answer": " Remove ", "top_spam_word": "remove"},
            {"answer": "free", "top_spam_word": "remove"},
        ),
        "sneaky-spam": (
            {"message_spam": 0.8, "message_top_words": 0},
            {"message_spam": 0.8, "message_top_words": 1},
        ),
    },
}


def by_id() -> dict[str, lessons.Lesson]:
    return {lesson.id: lesson for lesson in lessons.builtin()}


def test_builtin_lessons_parse_in_order():
    found = lessons.builtin()
    assert [lesson.id for lesson in found] == IDS
    for lesson in found:
        assert lesson.title and lesson.pages and lesson.tasks
        assert all(page.title and page.text for page in lesson.pages)
        for task in lesson.tasks:
            assert task.text and task.hint and task.show, (lesson.id, task.id)
            assert task.quantities <= set(QUANTITIES)
    assert lessons.builtin() is not lessons.builtin()  # a fresh list each call
    assert found[0].preset.workspace == "step" and found[7].preset.dataset == "mnist"


@pytest.mark.parametrize("lesson_id", IDS)
def test_every_task_has_true_and_false_states(lesson_id):
    lesson = by_id()[lesson_id]
    table = STATES[lesson_id]
    assert set(table) == {t.id for t in lesson.tasks}
    for task in lesson.tasks:
        done, not_done = table[task.id]
        assert task.check(done) is True, (task.id, task.condition.text)
        assert task.check(not_done) is False, (task.id, task.condition.text)
        assert task.check({}) is False


@pytest.mark.parametrize("lesson_id", IDS[:5])
def test_show_me_completes_every_step_task(lesson_id):
    """In order, and each task alone from a fresh preset: not done before, done after."""
    lesson = by_id()[lesson_id]
    sim = StepSim(lesson)
    for task in lesson.tasks:
        for action in task.show:
            sim.run(action)
        assert task.check(sim.state()), task.id
    for task in lesson.tasks:
        sim = StepSim(lesson)
        assert not task.check(sim.state()), task.id
        for action in task.show:
            sim.run(action)
        assert task.check(sim.state()), task.id


def test_preset_of_the_textbook_and_one_neuron():
    one, _, _, _, back = (by_id()[i] for i in IDS[:5])
    p = one.preset
    assert (p.dataset, p.layers, p.output, p.loss, p.optimizer, p.lr) == (
        "sample", (2, 1), "linear", "mse", "sgd", 0.1)  # fmt: skip
    assert p.weights == {0: ((0.2, -0.4),)} and p.biases == {0: (0.1,)}
    assert p.input == (1.0, 0.5) and p.target == (1.0,)
    assert back.preset.dataset == "tiny-2-2-2" and back.preset.activations == ("sigmoid",)
    lesson3 = by_id()["03-layers-forward"].preset
    assert lesson3.weights[0] == tuple(tuple(r) for r in W1) and lesson3.hidden == [3]


def test_answer_tasks_and_quantity_registry():
    needs = {t.id for lesson in lessons.builtin() for t in lesson.tasks if t.needs_answer}
    assert needs == {"predict-w1", "hidden-1", "predict-winner", "delta-out", "top-word"}
    table = lessons.quantities()
    assert table["w[k][j][i]"] and table["output[i]"] and table["loss"] and table["b[k][j]"]
    assert all(doc and "\n" not in doc for doc in table.values())


def test_load_reads_a_file_and_names_it(tmp_path):
    src = by_id()["04-loss"].path
    assert src is not None
    copy = tmp_path / "My Lesson.md"
    copy.write_bytes(src.read_bytes())
    lesson = load(copy)
    assert lesson.id == "my-lesson" and lesson.path == copy and lesson.title == "Loss"
    with pytest.raises(LessonFileError, match=r"^missing\.md: cannot read"):
        load(tmp_path / "missing.md")
    with pytest.raises(LessonFileError, match="is a folder"):
        load(tmp_path)
    (tmp_path / "bin.md").write_bytes(b"---\n\x00\xff\xfe")
    with pytest.raises(LessonFileError, match=r"bin\.md, line 2: not a lesson file"):
        load(tmp_path / "bin.md")
    assert isinstance(LessonFileError("x"), ValueError)


def test_page_blocks_split_text_and_formulas():
    text = "---\nnnviz-lesson: 1\ntitle: t\n---\n```preset\ndataset: xor\nlayers: 2-2\n```\n"
    text += "## P\nIntro a ```b.\n```formula\nz = W·x + b\nδ = a ``` c\n```\n```\n```\nEnd.\n"
    page = lessons.parse(text).pages[0]
    assert page.blocks == [
        ("text", "Intro a ```b."),
        ("formula", "z = W·x + b\nδ = a ``` c"),
        ("formula", ""),
        ("text", "End."),
    ]
    first = by_id()["01-one-neuron"].pages[0].blocks
    assert [kind for kind, _ in first] == ["text", "formula", "text"]
    assert first[1][1] == "ŷ = w1·x1 + w2·x2 + b"


def test_the_documented_example_parses_and_the_docs_list_every_name():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "lessons.md").read_text(encoding="utf-8")
    example = doc.split("````markdown\n", 1)[1].split("\n````", 1)[0]
    lesson = lessons.parse(example, "example.md")
    assert lesson.title == "One neuron" and [t.id for t in lesson.tasks] == [
        "match-target",
        "predict-w1",
    ]
    for pattern in lessons.quantities():
        assert f"| `{pattern}` |" in doc, pattern
    for verb in VERBS:
        assert f"| `{verb}" in doc, verb
