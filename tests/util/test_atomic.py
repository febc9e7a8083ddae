"""The one atomic writer: all or nothing, and the file mode a plain open() gives."""

from __future__ import annotations

import os
import stat

import pytest

from nnviz.util import atomic_open, atomic_path, atomic_write, plain_file_mode


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_plain_open_and_atomic_write_give_the_same_mode(tmp_path, umask_022):
    with open(tmp_path / "plain.txt", "w") as f:
        f.write("x")
    atomic_write(tmp_path / "atomic.txt", "x")
    assert _mode(tmp_path / "atomic.txt") == _mode(tmp_path / "plain.txt") == 0o644
    assert plain_file_mode() == 0o644


@pytest.mark.parametrize("data", [b"\x00\x01", "héllo\n", lambda f: f.write(b"fn")])
def test_atomic_write_kinds(tmp_path, data):
    p = tmp_path / "out"
    atomic_write(p, data)
    expected = data if isinstance(data, bytes) else b"fn" if callable(data) else data.encode()
    assert p.read_bytes() == expected
    assert os.listdir(tmp_path) == ["out"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    p = tmp_path / "keep.csv"
    p.write_text("old")

    def boom(f):
        f.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(p, boom)
    assert p.read_text() == "old"
    assert os.listdir(tmp_path) == ["keep.csv"]


def test_atomic_path_for_writers_that_want_a_name(tmp_path, umask_022):
    p = tmp_path / "pic.png"
    with atomic_path(p, suffix=".png") as tmp:
        assert tmp.suffix == ".png" and tmp.parent == tmp_path
        tmp.write_bytes(b"png")
        assert not p.exists()
    assert p.read_bytes() == b"png" and _mode(p) == 0o644


def test_atomic_open_text_uses_utf8_and_newlines(tmp_path):
    p = tmp_path / "t.txt"
    with atomic_open(p) as f:
        f.write("a\nß\n")
    assert p.read_bytes() == "a\nß\n".encode()
    with pytest.raises(ValueError), atomic_open(p, "a"):
        pass
