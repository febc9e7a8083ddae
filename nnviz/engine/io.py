"""Model files: an .npz archive of W0, b0, W1, b1, ... plus a JSON header.

The header (stored as a 0-d unicode array, so loading never unpickles) holds
the format version, architecture, loss, dtype, regularization rates (l1, l2) and
free-form `meta` (e.g. the dataset's standardisation). Saving is atomic: write a
temp file, then rename.
Other arrays may follow the model's own (`save_model(extra=...)`, e.g. a training
history); the reader reads only the model's members, so extra members cost no time,
and a file cut short after the model's members still loads.
This module writes and reads the file; `nnviz.engine.load` rebuilds the network.

Version 2 adds `meta["features"]`, the names of the input features computed from
the raw inputs (see `nnviz.data.features`); a model with features is written as
version 2 so that readers that cannot apply them refuse it instead of feeding raw
inputs. Version 1 files (no features, no rates) still load: rates default to 0.
"""

from __future__ import annotations

import io
import json
import re
import struct
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from nnviz.util.atomic import atomic_open

FORMAT = "nnviz-model"
VERSION = 2
_OWN = re.compile(r"header|[Wb]\d+")  # the model's own members; others are extra


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


def _header(net: Model) -> dict[str, Any]:
    version = 2 if "features" in net.meta else 1
    return {"format": FORMAT, "version": version, **net.config(), "meta": net.meta}


def save_model(net: Model, path: str | Path, extra: Mapping[str, np.ndarray] | None = None) -> None:
    """Write `net` to `path` (.npz) via a temporary file and an atomic rename.
    `extra` arrays are stored after the model's (names must not look like its own)."""
    path = Path(path)
    arrays: dict[str, np.ndarray] = {"header": np.array(json.dumps(_header(net)))}
    for k, L in enumerate(net.layers):
        arrays[f"W{k}"] = L.W
        arrays[f"b{k}"] = L.b
    for name, a in (extra or {}).items():
        if _OWN.fullmatch(name):
            raise ValueError(f"extra array name {name!r} is taken by the model")
        arrays[name] = a
    try:
        with atomic_open(path, "wb") as f:
            np.savez(f, **arrays)  # type: ignore[arg-type]
    except OSError as e:
        raise ModelFileError(f"cannot write {path}: {e.strerror or e}") from None


def read_model(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """(header, arrays) of a model file; `ModelFileError` unless it is one."""
    if not path.exists():
        raise ModelFileError(f"{path}: no such model file")
    if path.is_dir():
        raise ModelFileError(f"{path}: is a folder, not a model file")
    try:
        with open(path, "rb") as fh, np.load(fh, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files if _OWN.fullmatch(k)}
    except Exception as e:  # zipfile/zlib/numpy raise many types on corrupt input
        arrays = _salvage(path)
        if arrays is None:
            msg = str(e).splitlines()[0] if str(e) else type(e).__name__
            if "pickle" in msg.lower():  # numpy's message suggests unsafe loading: never relay it
                msg = "it holds Python objects, which nnviz never loads"
            raise ModelFileError(f"{path}: not an nnviz model file ({msg})") from None
    if "header" not in arrays:
        raise ModelFileError(f"{path}: .npz file without an nnviz header")
    try:
        header = json.loads(str(arrays.pop("header")))
    except (ValueError, TypeError):
        raise ModelFileError(f"{path}: the model header is not valid JSON") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ModelFileError(f"{path}: not an nnviz model file")
    return header, arrays


def _salvage(path: Path) -> dict[str, np.ndarray] | None:
    """The model's own members of a zip cut short (no central directory), read from
    the local headers in order; each member's CRC is checked. None if they are not
    all there."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    arrays: dict[str, np.ndarray] = {}
    pos = 0
    while data[pos : pos + 4] == b"PK\x03\x04" and pos + 30 <= len(data):
        _, flag, method, _, _, crc, csize, _, nlen, xlen = struct.unpack(
            "<HHHHHIIIHH", data[pos + 4 : pos + 30]
        )
        name = data[pos + 30 : pos + 30 + nlen].decode("utf-8", "replace")
        extra = data[pos + 30 + nlen : pos + 30 + nlen + xlen]
        if csize == 0xFFFFFFFF:  # zip64: the sizes are in the extra field
            xp = 0
            while xp + 20 <= len(extra):
                tag, size = struct.unpack("<HH", extra[xp : xp + 4])
                if tag == 1 and size >= 16:
                    csize = struct.unpack("<Q", extra[xp + 12 : xp + 20])[0]
                    break
                xp += 4 + size
        start = pos + 30 + nlen + xlen
        body = data[start : start + csize]
        if method != 0 or flag & 8 or len(body) < csize or zlib.crc32(body) != crc:
            break
        key = name.removesuffix(".npy")
        if _OWN.fullmatch(key):
            try:
                arrays[key] = np.lib.format.read_array(io.BytesIO(body), allow_pickle=False)
            except Exception:  # a damaged array header: give up, as for any bad file
                return None
        pos = start + csize
    if "header" not in arrays or not any(k.startswith("W") for k in arrays):
        return None
    return arrays
