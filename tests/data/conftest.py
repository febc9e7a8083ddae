"""Fixtures for the data tests: real MNIST folder, isolated user cache, local mirrors."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import platformdirs
import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("NNVIZ_DATA_DIR") or REPO.parent / "shared" / "data" / "mnist")
SMALL = "t10k-labels-idx1-ubyte.gz"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The folder with the original MNIST files (skips when absent)."""
    if not (SHARED / SMALL).is_file():
        pytest.skip(f"MNIST files not found in {SHARED}")
    return SHARED


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Empty user cache, no NNVIZ_DATA_DIR, and a dead localhost mirror: never the internet."""
    user = tmp_path / "user-data"
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(user))
    monkeypatch.delenv("NNVIZ_DATA_DIR", raising=False)
    monkeypatch.setenv("NNVIZ_MNIST_MIRRORS", "http://127.0.0.1:9/")
    return user / "mnist"


class Mirrors:
    """Local HTTP server; the first path segment picks a behaviour.

    /good/ serves the files and honours `Range: bytes=N-`, /norange/ ignores Range,
    /missing/ answers 404, /corrupt/ flips bytes, /drop/ closes after half the file.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.requests: list[tuple[str, str, str | None]] = []
        self._lock = threading.Lock()
        self._files: dict[str, bytes] = {}
        mirrors = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                mirrors.handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/{mode}/"

    def count(self, mode: str | None = None) -> int:
        return sum(1 for m, _, _ in self.requests if mode in (None, m))

    def data(self, name: str) -> bytes:
        with self._lock:
            if name not in self._files:
                self._files[name] = (self.folder / name).read_bytes()
            return self._files[name]

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        _, mode, name = h.path.split("/", 2)
        rng = h.headers.get("Range")
        with self._lock:
            self.requests.append((mode, name, rng))
        if mode == "missing" or not (self.folder / name).is_file():
            h.send_error(404)
            return
        body = self.data(name)
        start = 0
        match = re.fullmatch(r"bytes=(\d+)-", rng or "")
        if mode == "good" and match and int(match[1]) < len(body):
            start = int(match[1])
            h.send_response(206)
            h.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            h.send_response(200)
        h.send_header("Content-Length", str(len(body) - start))
        h.end_headers()
        if mode == "corrupt":
            body = body[:-9] + bytes([body[-9] ^ 0xFF]) + body[-8:]
        if mode == "drop":
            body = body[: len(body) // 2]
        h.wfile.write(body[start:])
        h.close_connection = True

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def mirrors(shared: Path) -> Iterator[Mirrors]:
    m = Mirrors(shared)
    yield m
    m.close()
