"""Model files: an .npz archive of W0, b0, W1, b1, ... plus a JSON header.

The header (stored as a 0-d unicode array, so loading never unpickles) holds
the format version, architecture, loss, dtype and free-form `meta` (e.g. the
dataset's standardisation). Saving is atomic: write a temp file, then rename.
This module writes and reads the file; `nnviz.engine.load` rebuilds the network.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

FORMAT = "nnviz-model"
VERSION = 1


class ModelFileError(ValueError):
    """A model file that is missing, unreadable or does not describe a network."""


class _Layer(Protocol):
    W: np.ndarray
    b: np.ndarray


class Model(Protocol):
    """What `save_model` reads from a `Network`."""

    meta: dict[str, Any]

    @property
    def layers(self) -> Sequence[_Layer]: ...

    def config(self) -> dict[str, Any]: ...


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _header(net: Model) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, **net.config(), "meta": net.meta}


def save_model(net: Model, path: str | Path) -> None:
    """Write `net` to `path` (.npz) via a temporary file and an atomic rename."""
    path = Path(path)
    arrays: dict[str, np.ndarray] = {"header": np.array(json.dumps(_header(net)))}
    for k, L in enumerate(net.layers):
        arrays[f"W{k}"] = L.W
        arrays[f"b{k}"] = L.b
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as e:
        raise ModelFileError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)  # type: ignore[arg-type]
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; use the usual mode
        os.replace(tmp, path)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise ModelFileError(f"cannot write {path}: {e.strerror or e}") from None
        raise


def read_model(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """(header, arrays) of a model file; `ModelFileError` unless it is one."""
    if not path.exists():
        raise ModelFileError(f"{path}: no such model file")
    if path.is_dir():
        raise ModelFileError(f"{path}: is a folder, not a model file")
    try:
        with open(path, "rb") as fh, np.load(fh, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except Exception as e:  # zipfile/zlib/numpy raise many types on corrupt input
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ModelFileError(f"{path}: not a readable nnviz model (.npz) file ({msg})") from None
    if "header" not in arrays:
        raise ModelFileError(f"{path}: .npz file without an nnviz header")
    try:
        header = json.loads(str(arrays.pop("header")))
    except (ValueError, TypeError):
        raise ModelFileError(f"{path}: the model header is not valid JSON") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ModelFileError(f"{path}: not an nnviz model file")
    return header, arrays
