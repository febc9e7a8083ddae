"""A run history saved inside a model file, as extra arrays under "history/" (no Qt).

The model's own arrays come first (`nnviz.engine.io`), so a model file with a
history is still a model file: `load_model` reads it, with or without a history,
and a damaged history never stops the model from loading; `load_history` then
says what is wrong with the history in one line (`HistoryFileError`).

Members: "history/header" (JSON: format, version, policy, network config, one
entry per snapshot), "history/theta/<i>", "history/opt/<i>/<name>" (optimizer
state), "history/curve/steps", "history/curve/losses", and per abandoned branch
"history/branch/<j>/steps", "history/branch/<j>/losses".
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.app.history.runs import Branch, RunHistory
from nnviz.app.history.snapshot import Snapshot
from nnviz.engine import Network

FORMAT = "nnviz-history"
VERSION = 1
PREFIX = "history/"
# per member: .npy header, zip local header + zip64 extra, central entry, 2 x ".npy"
_MEMBER_OVERHEAD = 128 + 30 + 20 + 46 + 8


class HistoryFileError(ValueError):
    """A training history in a model file that is missing parts, cut short or damaged."""


def history_arrays(history: RunHistory) -> dict[str, np.ndarray]:
    """Everything `history` holds, as named arrays for `save_model(extra=...)`."""
    header = np.array(json.dumps(_header(history), allow_nan=True))
    return {f"{PREFIX}header": header} | dict(_members(history))


def _header(history: RunHistory) -> dict[str, Any]:
    entries = []
    for step in history.steps():
        s = history.snapshot(step)
        entries.append(
            {
                "step": s.step,
                "opt_name": s.opt_name,
                "opt_hyper": s.opt_hyper,
                "opt_state": sorted(s.opt_state),
                "metrics": s.metrics,
                "epoch_end": s.epoch_end,
                "mark": s.mark,
                "early": s.early,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "budget_bytes": history.budget_bytes,
        "dense_steps": history.dense_steps,
        "per_decade": round(1 / math.log10(history.ratio)),
        "keep_optimizer": history.keep_optimizer,
        "config": history.config,
        "snapshots": entries,
        "branches": [b.start for b in history.branches],
    }


def _members(history: RunHistory) -> Iterator[tuple[str, np.ndarray]]:
    for i, step in enumerate(history.steps()):
        s = history.snapshot(step)
        yield f"{PREFIX}theta/{i}", s.theta
        for k, v in s.opt_state.items():
            yield f"{PREFIX}opt/{i}/{k}", v
    steps, losses = history.curve()
    yield f"{PREFIX}curve/steps", steps
    yield f"{PREFIX}curve/losses", losses
    for j, b in enumerate(history.branches):
        yield f"{PREFIX}branch/{j}/steps", b.steps
        yield f"{PREFIX}branch/{j}/losses", b.losses


def history_file_bytes(history: RunHistory | None) -> int:
    """How many bytes `history` adds to a model file (for "the file will be X MB")."""
    if history is None or not len(history):
        return 0
    members = [(f"{PREFIX}header", len(json.dumps(_header(history)).encode()) * 4)]
    members += [(name, a.nbytes) for name, a in _members(history)]
    return sum(n + 2 * len(name) + _MEMBER_OVERHEAD for name, n in members)


def save_model_with_history(net: Network, path: str | Path, history: RunHistory | None) -> None:
    """Write the model (and, if given, its history) atomically; raises ModelFileError."""
    extra = history_arrays(history) if history is not None and len(history) else None
    net.save(path, extra=extra)


def load_history(path: str | Path, net: Network | None = None) -> RunHistory | None:
    """The history saved in model file `path`, None if it has none. Raises
    HistoryFileError (one line) when the history is damaged; `net` (the model loaded
    from the same file) must match the history's architecture."""
    path = Path(path)
    try:
        with open(path, "rb") as fh, np.load(fh, allow_pickle=False) as z:
            if f"{PREFIX}header" not in z.files:
                return None
            return _build(path, z, net)
    except HistoryFileError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as e:
        if isinstance(e, OSError) and not path.is_file():
            raise HistoryFileError(f"{path}: cannot read the file") from None
        if _mentions_history(path):
            raise HistoryFileError(
                f"{path}: the training history is cut short or damaged ({_first_line(e)}); "
                "the model loads without it"
            ) from None
        return None


def _build(path: Path, z: Any, net: Network | None) -> RunHistory:
    def fail(why: str) -> HistoryFileError:
        return HistoryFileError(f"{path}: the training history {why}; the model loads without it")

    try:
        header = json.loads(str(z[f"{PREFIX}header"]))
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise fail("has an unknown format")
        if not isinstance(header.get("version"), int) or header["version"] > VERSION:
            raise fail(f"is format version {header.get('version')}, newer than {VERSION}")
        config = header["config"]
        if net is not None and config != net.config():
            raise fail("belongs to a different network")
        sizes = [int(s) for s in config["sizes"]]
        n_params = sum(o * i + o for i, o in pairwise(sizes))
        dtype = np.dtype(config["dtype"])
        h = RunHistory(
            budget_bytes=int(header["budget_bytes"]),
            dense_steps=int(header["dense_steps"]),
            per_decade=int(header["per_decade"]),
            keep_optimizer=bool(header["keep_optimizer"]),
        )
        for i, e in enumerate(header["snapshots"]):
            theta = _vector(z, f"{PREFIX}theta/{i}", n_params, dtype)
            names = [str(k) for k in e["opt_state"]]
            opt = {
                k: _vector(z, f"{PREFIX}opt/{i}/{k}", n_params, dtype) for k in names if k != "t"
            }
            if "t" in names:
                opt["t"] = t = z[f"{PREFIX}opt/{i}/t"]
                if t.shape != () or t.dtype.kind not in "iu" or int(t) < 0:
                    raise fail(f"holds a bad optimizer step count at step {e['step']}")
            snap = Snapshot(int(e["step"]), theta, config, e["opt_name"], e["opt_hyper"], opt)
            snap.metrics = {k: float(v) for k, v in e["metrics"].items()}
            snap.epoch_end, snap.mark, snap.early = bool(e["epoch_end"]), e["mark"], e["early"]
            h.add(snap)
        h.load_curve(z[f"{PREFIX}curve/steps"], z[f"{PREFIX}curve/losses"])
        for j, start in enumerate(header["branches"]):
            steps, losses = z[f"{PREFIX}branch/{j}/steps"], z[f"{PREFIX}branch/{j}/losses"]
            if steps.shape != losses.shape:
                raise fail(f"has a branch of {steps.size} steps and {losses.size} losses")
            h.branches.append(Branch(int(start), steps, losses))
    except KeyError as e:
        raise fail(f"is missing a part ({e.args[0]})") from None
    except (TypeError, AttributeError, json.JSONDecodeError) as e:
        raise fail(f"is malformed ({_first_line(e)})") from None
    except ValueError as e:
        if isinstance(e, HistoryFileError):
            raise
        raise fail(f"is malformed ({_first_line(e)})") from None
    return h


def _vector(z: Any, name: str, n: int, dtype: np.dtype) -> np.ndarray:
    a = z[name]
    if a.shape != (n,) or a.dtype != dtype:
        raise ValueError(f"{name} holds {a.shape} {a.dtype}, not ({n},) {dtype}")
    return a


def _mentions_history(path: Path) -> bool:
    try:
        return f"{PREFIX}header".encode() in path.read_bytes()
    except OSError:
        return False


def _first_line(e: BaseException) -> str:
    return (str(e).splitlines() or [type(e).__name__])[0]
