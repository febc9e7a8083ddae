"""Bad lesson files: one line naming the file and the line; Python in a file is never run;
fuzzed files raise nothing but LessonFileError."""

from __future__ import annotations

import ast
import builtins
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnviz.teach import lessons
from nnviz.teach.lessons import LessonFileError, load, parse

GOOD = """---
nnviz-lesson: 1
title: Tiny
---

```preset
dataset: xor
layers: 2-3-2
```

## Page one

Some text.

```task
text: Train a bit.
check: steps >= 10
hint: Press Train.
show:
  - train steps = 10
```
"""
FUZZ = settings(
    max_examples=int(os.environ.get("NNVIZ_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TEACH = Path(lessons.__file__).parent.parent  # nnviz/teach (lessons is a package)


def test_the_small_good_file_parses():
    lesson = parse(GOOD, "tiny.md")
    assert lesson.title == "Tiny" and lesson.pages[0].text == "Some text."
    assert lesson.tasks[0].id == "task-1" and lesson.tasks[0].show[0].count == 10
    assert lesson.preset.activations == ("tanh",) and lesson.preset.workspace == "train"


def edit(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", 1, "not a lesson file"),
        ("# Just some notes\n\nHello.\n", 1, "not a lesson file"),
        ("---\ntitle: x\n---\n", 1, "lacks 'nnviz-lesson: 1'"),
        (edit("nnviz-lesson: 1", "nnviz-lesson: 2"), 2, "unsupported format version"),
        (edit("title: Tiny", "title:"), 1, "needs a 'title"),
        (edit("title: Tiny", "title: Tiny\nauthor: me"), 4, "unknown front matter key 'author'"),
        ("---\nnnviz-lesson: 1\ntitle: x\n", 1, "no closing '---'"),
        (edit("layers: 2-3-2", "layers: 2-3-2\nlr: fast"), 9, "expected a number"),
        (edit("layers: 2-3-2", "layers: 2-3-2\nlr: nan"), 9, "expected a number"),
        (edit("layers: 2-3-2", "layers: 3-3-2"), 8, "xor needs 2 inputs, 2 outputs"),
        (edit("layers: 2-3-2", "layers: 2-x-2"), 8, "'layers' are sizes"),
        (edit("dataset: xor", "dataset: cats"), 7, "'dataset: cats' is not one of"),
        (edit("dataset: xor", "dataset: xor\ncolour: red"), 8, "unknown preset key 'colour'"),
        (edit("layers: 2-3-2", "layers: 2-3-2\nactivation: swish"), 9, "'swish' is not one of"),
        (edit("layers: 2-3-2", "layers: 2-3-2\noutput: sigmoid"), 9, "cross_entropy needs"),
        (edit("layers: 2-3-2", "layers: 2-3-2\nW[0]: 1 2; 3 4"), 9, "W[0] needs 3 rows of 2"),
        (edit("layers: 2-3-2", "layers: 2-3-2\nb[3]: 1 2"), 9, "the network has layers 0..1"),
        (edit("layers: 2-3-2", "layers: 2-3-2\nbatch: 0"), 9, "whole number from 1"),
        (edit("layers: 2-3-2", "layers: 2-3-2\ninput: 1 2"), 9, "belongs to the data set 'sample'"),
        (edit("dataset: xor\n", ""), 6, "needs 'dataset"),
        (edit("```preset", "```presets"), 6, "unknown block"),
        (edit("```preset\ndataset: xor\nlayers: 2-3-2\n```\n", ""), None, "no ```preset block"),
        (edit("## Page one", "# Page one"), 11, "pages start with '## '"),
        (edit("## Page one", "Stray text\n## Page one"), 11, "text before the first"),
        (edit("check: steps >= 10", "check: stepz >= 10"), 17, "unknown quantity 'stepz'"),
        (edit("check: steps >= 10", "check: steps >="), 17, "expected a value"),
        (edit("check: steps >= 10", "check: steps >= 10 +"), 17, "column 14"),
        (edit("check: steps >= 10\n", ""), 15, "needs 'check"),
        (edit("check: steps >= 10", "check: w[0][3][0] > 1"), 15, "w[0][3][0] does not exist"),
        (edit("check: steps >= 10", "check: b[2][0] > 1"), 15, "preset's 2-3-2 network"),
        (edit("check: steps >= 10", "check: output[2] > 1"), 15, "output[2] does not"),
        (edit("  - train steps = 10", "  - set x[2] = 1"), 15, "x[2] does not exist"),
        (edit("text: Train a bit.", "txt: Train a bit."), 16, "unknown task key 'txt'"),
        (edit("text: Train a bit.", "text: a\ntext: b"), 17, "'text' is given twice"),
        (edit("  - train steps = 10", "  - train steps = ten"), 20, "whole number"),
        (edit("  - train steps = 10", "  - launch rockets"), 20, "expected set or step"),
        (edit("hint: Press Train.", "hint: Press Train.\nid: Bad Id"), 19, "a task id is"),
        (edit("hint: Press Train.", "this line has no colon"), 18, "expected 'key: value'"),
        (edit("```task", "```task\n  indented first"), 16, "an indented line must continue"),
        (GOOD.rstrip("`\n") + "\n", 15, "never closed"),
        (
            edit("```task", "```task\nid: a\ntext: t\ncheck: loss < 1\n```\n```task\nid: a"),
            20,
            "used twice",
        ),
    ],
)
def test_malformed_files_name_file_and_line(text, line, fragment):
    with pytest.raises(LessonFileError) as err:
        parse(text, "bad.md")
    message = str(err.value)
    where = f"bad.md, line {line}: " if line else "bad.md: "
    assert message.startswith(where), message
    assert fragment in message, message
    assert "\n" not in message


def test_indices_are_checked_unless_the_lesson_rebuilds_the_network():
    ok = edit("check: steps >= 10", "check: w[2][0][15] > 1 and output[1] > 0.5")
    with pytest.raises(LessonFileError, match="w\\[2\\]\\[0\\]\\[15\\] does not exist"):
        parse(ok)
    lesson = parse(ok.replace("  - train steps = 10", '  - set layers = "2-16-16-2"'))
    assert lesson.tasks[0].check({"w": [0, 0, [[0] * 15 + [2]]], "output": [0.1, 0.9]})
    assert parse(edit("check: steps >= 10", "check: w[1][1][2] > 1 and grad_b[1][1] < 0"))


def test_load_names_the_file(tmp_path):
    path = tmp_path / "mine.md"
    path.write_text(edit("check: steps >= 10", "check: steps >= 10 and oops"), encoding="utf-8")
    with pytest.raises(
        LessonFileError, match=r"^mine\.md, line 17: check: .*unknown quantity 'oops'"
    ):
        load(path)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(LessonFileError, match=r"^mine\.md, line 1: not a lesson file"):
        load(path)
    path.write_bytes(b"---\n" + b"x" * 1_100_000)
    with pytest.raises(LessonFileError, match="larger than"):
        load(path)


PAYLOAD = "__import__('os').system('touch {canary}')"
STRUCTURED = [  # Python where a value is parsed: the file is rejected
    ("check: steps >= 10", "check: {p}"),
    ("check: steps >= 10", "check: steps >= 10 and {p}"),
    ("  - train steps = 10", "  - {p}"),
    ("  - train steps = 10", "  - set answer = {p}"),
    ("  - train steps = 10", "  - train until {p}"),
    ("layers: 2-3-2", "layers: {p}"),
    ("dataset: xor", "dataset: {p}"),
    ("layers: 2-3-2", "layers: 2-3-2\nlr: {p}"),
    ("layers: 2-3-2", "layers: 2-3-2\nW[0]: {p}"),
    ("layers: 2-3-2", "layers: 2-3-2\nactivation: {p}"),
    ("nnviz-lesson: 1", "nnviz-lesson: {p}"),
    ("hint: Press Train.", "hint: Press Train.\n{p}: 1"),
    ("```task", "```{p}"),
]
PROSE = [  # Python in prose stays text: shown, never run
    ("title: Tiny", "title: {p}"),
    ("Some text.", "{p}"),
    ("hint: Press Train.", "hint: {p}"),
    ("text: Train a bit.", "text: {p}"),
    ("## Page one", "## {p}"),
]


@pytest.fixture
def no_python_evaluation(monkeypatch):
    """Any call of eval, exec, compile or ast.literal_eval while loading fails the test."""

    def forbidden(*args, **kwargs):
        raise AssertionError(f"Python evaluation of lesson text: {args[:1]!r}")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, forbidden)
    monkeypatch.setattr(ast, "literal_eval", forbidden)


@pytest.mark.parametrize(("old", "new"), STRUCTURED + PROSE)
def test_python_in_a_lesson_is_never_run(tmp_path, monkeypatch, no_python_evaluation, old, new):
    canary = tmp_path / "CANARY"
    monkeypatch.chdir(tmp_path)
    payload = PAYLOAD.format(canary=canary)
    path = tmp_path / "evil.md"
    path.write_text(edit(old, new.format(p=payload)), encoding="utf-8")
    if (old, new) in STRUCTURED:
        with pytest.raises(LessonFileError, match=r"^evil\.md, line \d+: "):
            load(path)
    else:
        lesson = load(path)
        task = lesson.tasks[0]
        assert not task.check({"steps": 0}) and task.check({"steps": 10})
        assert payload in f"{lesson.title} {lesson.pages[0]} {task.text} {task.hint}"
    assert not canary.exists()
    assert not (tmp_path / "CANARY").exists()


def test_the_lesson_code_has_no_python_evaluation():
    names = [p.stem for p in (TEACH / "lessons").glob("*.py")]
    assert "conditions" in names and "__init__" in names
    banned = re.compile(
        r"\b(eval|exec|compile|literal_eval|__import__|importlib|pickle|getattr\(builtins)\b\s*\("
    )
    for name in names:
        source = (TEACH / "lessons" / f"{name}.py").read_text(encoding="utf-8")
        assert not banned.findall(source.replace("re.compile(", "")), name


def mutate(text: str, ops: list[tuple[int, int, str]]) -> str:
    """Delete, duplicate or overwrite lines, or insert text at character positions."""
    lines = text.splitlines()
    for kind, pos, snippet in ops:
        if not lines:
            break
        i = pos % len(lines)
        if kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[i])
        elif kind == 2:
            lines[i] = snippet
        else:
            j = pos % (len(lines[i]) + 1)
            lines[i] = lines[i][:j] + snippet + lines[i][j:]
    return "\n".join(lines)


SNIPPETS = st.sampled_from(
    ["```", "```task", "```preset", "---", "## ", "# x", "check: ", "show:", "  - ", "W[0]: 1",
     "layers: 2-2", "dataset: sample", "(", ")", "[", "]", "\x00", "é", "1e999", "'", '"', ":",
     "and", "within", "of", "-", "  ", "\t", "nnviz-lesson: 1", "input: 1", "set w[9][9][9] = 1"]
)  # fmt: skip
SOURCES = [GOOD] + [
    p.read_text(encoding="utf-8")
    for p in sorted((TEACH.parents[1] / "resources" / "lessons").glob("*.md"))
]
OPS = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 10_000), SNIPPETS | st.text(max_size=12)),
    min_size=1,
    max_size=6,
)


def parses_or_fails_cleanly(text: str) -> None:
    try:
        lesson = parse(text, "fuzz.md")
    except LessonFileError as err:
        assert str(err).startswith("fuzz.md") and "\n" not in str(err)
        return
    for task in lesson.tasks:
        assert task.check({}) is False or task.check({}) is True


@FUZZ
@given(st.sampled_from(range(len(SOURCES))), OPS)
def test_fuzzed_lessons_only_raise_lesson_file_error(source, ops):
    parses_or_fails_cleanly(mutate(SOURCES[source], ops))


@FUZZ
@given(st.text(max_size=400))
def test_random_text_only_raises_lesson_file_error(text):
    parses_or_fails_cleanly(text)
    parses_or_fails_cleanly("---\nnnviz-lesson: 1\ntitle: t\n---\n```preset\n" + text)
    parses_or_fails_cleanly(edit("check: steps >= 10", "check: " + text.replace("\n", " ")))


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_only_raise_lesson_file_error(tmp_path, data):
    path = tmp_path / "fuzz.md"
    path.write_bytes(b"---\nnnviz-lesson: 1\n" + data)
    try:
        load(path)
    except LessonFileError as err:
        assert str(err).startswith("fuzz.md") and "\n" not in str(err)
