"""The lesson progress store: round trip, atomic writes with the usual file mode,
and a broken file that reads as no progress."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

from nnviz.teach.lessons.progress import Progress


def test_round_trip(tmp_path):
    path = tmp_path / "sub" / "progress.json"
    p = Progress(path)
    assert p.done("01-one-neuron") == set() and p.page("01-one-neuron") == 0
    assert p.mark("01-one-neuron", "match-target") is True
    assert p.mark("01-one-neuron", "match-target") is False
    p.mark("01-one-neuron", "predict-w1")
    p.mark("04-loss", "ce-below")
    p.set_page("01-one-neuron", 2)
    q = Progress(path)
    assert q.done("01-one-neuron") == {"match-target", "predict-w1"}
    assert q.is_done("04-loss", "ce-below") and not q.is_done("04-loss", "mse-below")
    assert q.page("01-one-neuron") == 2
    assert q.completed["01-one-neuron"] == ["match-target", "predict-w1"]  # in order
    q.reset("01-one-neuron")
    assert Progress(path).done("01-one-neuron") == set() and Progress(path).done("04-loss")
    q.reset()
    assert Progress(path).completed == {}
    assert json.loads(path.read_text())["format"] == "nnviz-progress"


def test_atomic_write_keeps_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        p = Progress(tmp_path / "progress.json")
        p.mark("a", "b")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "progress.json").stat().st_mode) == 0o640
    assert [f.name for f in tmp_path.iterdir()] == ["progress.json"]  # no temp file left


def test_broken_files_read_as_no_progress(tmp_path):
    path = tmp_path / "progress.json"
    for text in (
        "",
        "{",
        "[]",
        '{"format": "other"}',
        '{"format": "nnviz-progress", '
        '"completed": {"a": [1, "t", null], "b": "x"}, "page": {"a": true, "b": 3}}',
    ):
        path.write_text(text)
        p = Progress(path)
        assert p.done("b") == set() and p.page("a") == 0
    assert p.done("a") == {"t"} and p.page("b") == 3
    path.write_bytes(b"\xff\xfe\x00")
    assert Progress(path).completed == {}
    p = Progress(tmp_path / "missing" / "progress.json")
    assert p.completed == {}
    p.mark("x", "y")
    assert Progress(tmp_path / "missing" / "progress.json").is_done("x", "y")


def test_lessons_and_progress_import_no_qt():
    code = (
        "import sys, nnviz.teach.lessons, nnviz.teach.lessons.progress\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'pyqtgraph') or m.startswith(('nnviz.ui', 'nnviz.app'))))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
