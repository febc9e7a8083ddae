"""Fetch the four MNIST files: download from mirrors or import from a folder.

Every file is checked against its published sha256 before an atomic `os.replace`
into the destination, so a destination folder only ever holds complete, verified files.
Downloads stream into `<name>.part` and resume it with an HTTP Range request when the
server supports it.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

import platformdirs

from nnviz.data.errors import DataFileError

Progress = Callable[[str, int, int], None]
"""progress(file_name, done_bytes, total_bytes)"""

MNIST_FILES: dict[str, tuple[str, int]] = {
    "train-images-idx3-ubyte.gz": (
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        9912422,
    ),
    "train-labels-idx1-ubyte.gz": (
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        28881,
    ),
    "t10k-images-idx3-ubyte.gz": (
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        1648877,
    ),
    "t10k-labels-idx1-ubyte.gz": (
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
        4542,
    ),
}
"""File name -> (sha256, size in bytes) of the original gzip IDX files."""

MIRRORS: list[str] = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
]
"""Base URLs tried in order; `NNVIZ_MNIST_MIRRORS` (comma-separated) overrides them."""

TIMEOUT = 30.0
CHUNK = 1 << 16
HOW_TO_IMPORT = (
    "download it elsewhere and run `nnviz fetch-mnist --from FOLDER`, "
    "or set NNVIZ_DATA_DIR to a folder holding the four .gz files"
)


def default_cache_dir() -> Path:
    """The per-user folder MNIST is downloaded to: `user_data_dir("nnviz")/mnist`."""
    return Path(platformdirs.user_data_dir("nnviz", appauthor=False)) / "mnist"


def mirrors() -> list[str]:
    """Mirror base URLs from `NNVIZ_MNIST_MIRRORS`, else `MIRRORS`; each ends with '/'."""
    env = os.environ.get("NNVIZ_MNIST_MIRRORS", "")
    urls = [u.strip() for u in env.split(",") if u.strip()] or list(MIRRORS)
    return [u if u.endswith("/") else u + "/" for u in urls]


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def is_verified(path: Path, name: str | None = None) -> bool:
    """True if `path` exists with the size and sha256 listed for `name` (default: its name)."""
    sha, size = MNIST_FILES[name or path.name]
    return path.is_file() and path.stat().st_size == size and sha256_file(path) == sha


def _fetch(
    url: str, part: Path, name: str, size: int, progress: Progress | None, timeout: float
) -> None:
    """Stream `url` into `part`, appending with a Range request if `part` has data."""
    offset = part.stat().st_size if part.exists() else 0
    if offset >= size:
        part.unlink(missing_ok=True)
        offset = 0
    headers = {"User-Agent": "nnviz", "Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        content_range = response.headers.get("Content-Range", "")
        if offset and not (response.status == 206 and content_range.startswith(f"bytes {offset}-")):
            offset = 0  # the server ignored the Range: start again
        length = response.headers.get("Content-Length")
        total = offset + int(length) if length and length.isdigit() else size
        if total != size:
            raise OSError(f"server announces {total} bytes, expected {size}")
        done = offset
        with open(part, "ab" if offset else "wb") as f:
            while chunk := response.read(CHUNK):
                f.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(name, done, total)
        if done < total:
            raise OSError(f"connection dropped after {done} of {total} bytes")


class DownloadError(DataFileError):
    """Every mirror failed for `name`; `unreachable` is True when none of them answered
    at all (no network, name lookup failed, connection refused or timed out), i.e. the
    computer seems to be offline."""

    def __init__(self, message: str, name: str, unreachable: bool) -> None:
        super().__init__(message)
        self.name = name
        self.unreachable = unreachable


def _describe(err: BaseException) -> str:
    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP {err.code} {err.reason}"
    if isinstance(err, urllib.error.URLError):
        return str(err.reason)
    if isinstance(err, http.client.IncompleteRead):
        return "connection dropped"
    return str(err) or type(err).__name__


def download_file(
    name: str,
    dest_dir: Path | str,
    urls: Sequence[str] | None = None,
    progress: Progress | None = None,
    timeout: float = TIMEOUT,
) -> Path:
    """Download one MNIST file into `dest_dir`, trying each mirror in turn.

    An already verified file is kept (no request). A checksum mismatch deletes the
    partial file; a dropped connection keeps it so the next mirror or call resumes.
    Raises `DataFileError` once every mirror failed.
    """
    sha, size = MNIST_FILES[name]
    dest_dir = Path(dest_dir)
    target = dest_dir / name
    if is_verified(target):
        return target
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DataFileError(f"cannot create {dest_dir}: {err.strerror or err}") from err
    part = dest_dir / (name + ".part")
    errors = []
    answered = False  # did any mirror answer (an HTTP status, a body)?
    for base in urls if urls is not None else mirrors():
        url = base + name
        try:
            _fetch(url, part, name, size, progress, timeout)
        except urllib.error.HTTPError as err:
            err.close()
            if err.code == 416:
                part.unlink(missing_ok=True)
            errors.append(f"{url}: {_describe(err)}")
            answered = True
            continue
        except (OSError, http.client.HTTPException, ValueError) as err:
            errors.append(f"{url}: {_describe(err)}")
            answered = answered or not isinstance(err, (urllib.error.URLError, TimeoutError))
            continue
        answered = True
        if sha256_file(part) != sha:
            part.unlink(missing_ok=True)
            errors.append(f"{url}: checksum mismatch")
            continue
        os.replace(part, target)
        return target
    if not errors:
        errors.append("no mirrors configured")
    raise DownloadError(
        f"could not download {name} ({'; '.join(errors)}); {HOW_TO_IMPORT}",
        name,
        unreachable=not answered and bool(urls if urls is not None else mirrors()),
    )


def download_mnist(
    dest: Path | str | None = None,
    progress: Progress | None = None,
    urls: Sequence[str] | None = None,
) -> Path:
    """Download the four MNIST files into `dest` (default: the user cache) and return it."""
    dest = Path(dest) if dest is not None else default_cache_dir()
    for name in MNIST_FILES:
        download_file(name, dest, urls, progress)
    return dest


def import_mnist(
    source: Path | str, dest: Path | str | None = None, progress: Progress | None = None
) -> Path:
    """Copy the four MNIST files from `source` into `dest` after checking their sha256."""
    source = Path(source)
    dest = Path(dest) if dest is not None else default_cache_dir()
    missing = [n for n in MNIST_FILES if not (source / n).is_file()]
    if missing:
        raise DataFileError(
            f"{source} lacks {', '.join(missing)}; it needs all four MNIST "
            ".gz files (train/t10k images and labels)"
        )
    for name, (sha, _) in MNIST_FILES.items():
        if sha256_file(source / name) != sha:
            raise DataFileError(
                f"{source / name}: checksum mismatch, not the original "
                "MNIST file (corrupt or a different data set)"
            )
    for name, (_, size) in MNIST_FILES.items():
        target = dest / name
        if target.resolve() == (source / name).resolve() or is_verified(target):
            continue
        part = dest / (name + ".part")
        try:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, part)
            os.replace(part, target)
        except OSError as err:
            part.unlink(missing_ok=True)
            raise DataFileError(f"cannot copy {name} to {dest}: {err.strerror or err}") from err
        if progress is not None:
            progress(name, size, size)
    return dest
