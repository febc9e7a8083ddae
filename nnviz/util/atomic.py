"""Atomic file writes: write a temporary file beside the target, then rename it over.

A reader never sees half a file, a failed write leaves the old file as it was, and the
new file gets the mode a plain ``open(path, "w")`` would give it (0666 less the umask;
``mkstemp`` alone would make it 0600).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def plain_file_mode() -> int:
    """The mode ``open()`` gives a new file: 0o666 without the process umask."""
    return 0o666 & ~_umask()


@contextmanager
def atomic_path(path: str | os.PathLike[str], suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path` atomically.

    For writers that want a file name (Qt's ``QImage.save``, Pillow, ``np.savez``).
    On any exception the temporary file is removed and `path` is left untouched.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=directory)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, plain_file_mode())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """``open()`` for writing, atomically: the data lands at `path` only when the block ends
    without an exception, flushed and synced to disk. `mode` is "w" or "wb"; text files
    default to UTF-8 with "\\n" line ends."""
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes only ('w' or 'wb'), not {mode!r}")
    if mode == "w":
        kwargs.setdefault("encoding", "utf-8")
        kwargs.setdefault("newline", "\n")
    with atomic_path(path) as tmp, open(tmp, mode, **kwargs) as f:
        yield f
        f.flush()
        os.fsync(f.fileno())


def atomic_write(
    path: str | os.PathLike[str], data: bytes | str | Callable[[IO[Any]], Any]
) -> None:
    """Write `data` (bytes, text, or a function that writes to an open file) to `path`
    atomically."""
    if isinstance(data, bytes):
        with atomic_open(path, "wb") as f:
            f.write(data)
    elif isinstance(data, str):
        with atomic_open(path, "w") as f:
            f.write(data)
    else:
        with atomic_open(path, "wb") as f:
            data(f)
