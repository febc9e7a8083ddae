"""Without a usable display, `nnviz` explains in one line and exits 2 (never a Qt abort)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from nnviz.ui.display import HEADLESS_HINT, display_problem, x_display_problem


def _free_display() -> str:
    n = next(n for n in range(99, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    return f":{n}"


def _run(env_changes: dict[str, str | None]) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    for k in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(k, None)
    for k, v in env_changes.items():
        if v is not None:
            env[k] = v
    return subprocess.run(
        [sys.executable, "-m", "nnviz"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland only")
@pytest.mark.parametrize(
    "env",
    [{}, {"DISPLAY": _free_display()}, {"WAYLAND_DISPLAY": "nnviz-test-no-such-wayland"}],
    ids=["unset", "dead-x-display", "dead-wayland"],
)
def test_app_explains_and_exits_2(env):
    r = _run(env)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("nnviz: ")
    assert "nnviz train" in lines[0] and "QT_QPA_PLATFORM=offscreen" in lines[0]
    assert r.stdout == ""


def test_probe_cases(tmp_path):
    dead = _free_display()
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": dead}) is None
    if sys.platform.startswith("linux"):
        assert "unset" in display_problem({})
        assert dead in display_problem({"DISPLAY": dead})
        assert display_problem({"QT_QPA_PLATFORM": "xcb"}).endswith(HEADLESS_HINT + ".")
        assert "not a valid" in x_display_problem("nonsense")
        assert x_display_problem("localhost:150") is not None


def test_probe_finds_a_listening_x_socket(tmp_path, monkeypatch):
    """A server listening on the X socket path counts as a display."""
    n = int(_free_display()[1:])
    path = f"/tmp/.X11-unix/X{n}"
    if not Path("/tmp/.X11-unix").is_dir() or not os.access("/tmp/.X11-unix", os.W_OK):
        pytest.skip("cannot create a socket in /tmp/.X11-unix")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(path)
        server.listen(1)
        assert x_display_problem(f":{n}") is None
        assert x_display_problem(f":{n}.0") is None
    finally:
        server.close()
        Path(path).unlink(missing_ok=True)


def test_wayland_socket(tmp_path):
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    path = tmp_path / "wl-0"
    try:
        server.bind(str(path))
        server.listen(1)
        env = {"XDG_RUNTIME_DIR": str(tmp_path), "WAYLAND_DISPLAY": "wl-0"}
        if sys.platform.startswith("linux"):
            old = os.environ.get("XDG_RUNTIME_DIR")
            os.environ["XDG_RUNTIME_DIR"] = str(tmp_path)
            try:
                assert display_problem(env) is None
                assert display_problem({"WAYLAND_DISPLAY": str(path)}) is None
            finally:
                if old is None:
                    os.environ.pop("XDG_RUNTIME_DIR")
                else:
                    os.environ["XDG_RUNTIME_DIR"] = old
    finally:
        server.close()
