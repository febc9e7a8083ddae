"""Setups you can share: a whole training run as a short text code, link or file.

A `Setup` names everything that makes a run reproducible step for step: the data
(built-in set, size, noise, seed, training share, input features), the network
(hidden widths and activations, output, loss, L1/L2 rates, initial weights' seed)
and the training (optimizer and its settings, batch size).

    code = encode(setup)          # "1.q1YqVkpRslIqS8wpTVWyUjLUM9BRKkotLs0pKQ..."
    setup = decode(code)          # strict: SetupError (one line) on anything odd
    parse_link("nnviz://setup/" + code)
    write_setup_file("lesson.nnviz-setup", setup); read_setup_file(...)

A code is "1." + base64url(raw deflate(JSON with short keys)); fields equal to the
version-1 defaults are left out. The code is data only: at most `MAX_CODE` characters,
`MAX_JSON` bytes once inflated, every value type- and range-checked, unknown or
repeated keys rejected.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nnviz.app.setups.checks import SetupError as SetupError  # re-exported
from nnviz.app.setups.checks import _choice, _float, _int, _seq, _show
from nnviz.data import PLANE_FEATURES, REGRESSION_DATASETS, TOY_DATASETS
from nnviz.engine import HIDDEN_ACTIVATIONS, LOSSES, OUTPUT_ACTIVATIONS
from nnviz.util.atomic import atomic_write

VERSION = 1
MAX_CODE = 2048  # characters of a code
MAX_JSON = 4096  # bytes of a code's inflated JSON
MAX_FILE = 65536  # bytes of a .nnviz-setup file
LINK_PREFIX = "nnviz://setup/"
FILE_FORMAT = "nnviz-setup"
SUFFIX = ".nnviz-setup"
DATASETS = (*TOY_DATASETS, "spirals3", *REGRESSION_DATASETS, "mnist")
OPTIMIZERS = ("sgd", "momentum", "adam")
MAX_HIDDEN_LAYERS = 8
MAX_UNITS = 1024
MAX_SEED = 2**31 - 1

# field -> short key in codes (fixed for version 1)
SHORT = {
    "dataset": "d", "n_samples": "n", "noise": "z", "seed": "s", "train_fraction": "t",
    "features": "f", "hidden": "h", "activations": "a", "output": "o", "loss": "L",
    "optimizer": "O", "lr": "r", "momentum": "m", "beta1": "b1", "beta2": "b2",
    "l1": "l1", "l2": "l2", "batch_size": "B", "init_seed": "i",
}  # fmt: skip
LONG = {v: k for k, v in SHORT.items()}
_B64 = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Setup:
    """One reproducible run. `features` () means the raw inputs; `init_seed` None means
    the initial weights come from `seed` too. Values are checked on construction."""

    dataset: str = "circles"
    n_samples: int = 400
    noise: float = 0.05
    seed: int = 0
    train_fraction: float = 0.8
    features: tuple[str, ...] = ()
    hidden: tuple[int, ...] = (4, 2)
    activations: tuple[str, ...] = ("tanh", "tanh")
    output: str = "softmax"
    loss: str = "cross_entropy"
    optimizer: str = "sgd"
    lr: float = 0.03
    momentum: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    l1: float = 0.0
    l2: float = 0.0
    batch_size: int = 10
    init_seed: int | None = None

    def __post_init__(self) -> None:
        c: dict[str, Any] = {
            "dataset": _choice("dataset", self.dataset, DATASETS),
            "n_samples": _int("n_samples", self.n_samples, 20, 5000),
            "noise": _float("noise", self.noise, 0.0, 1.0),
            "seed": _int("seed", self.seed, 0, MAX_SEED),
            "train_fraction": _float("train_fraction", self.train_fraction, 0.1, 0.9),
            "output": _choice("output", self.output, OUTPUT_ACTIVATIONS),
            "loss": _choice("loss", self.loss, LOSSES),
            "optimizer": _choice("optimizer", self.optimizer, OPTIMIZERS),
            "lr": _float("lr", self.lr, 0.0, 10.0, lo_open=True),
            "momentum": _float("momentum", self.momentum, 0.0, 0.999),
            "beta1": _float("beta1", self.beta1, 0.0, 0.9999),
            "beta2": _float("beta2", self.beta2, 0.0, 0.99999),
            "l1": _float("l1", self.l1, 0.0, 10.0),
            "l2": _float("l2", self.l2, 0.0, 10.0),
            "batch_size": _int("batch_size", self.batch_size, 1, 4096),
        }
        if self.init_seed is not None:
            c["init_seed"] = _int("init_seed", self.init_seed, 0, MAX_SEED)
        features = _seq("features", self.features, len(PLANE_FEATURES))
        for f in features:
            _choice("feature", f, PLANE_FEATURES)
        if len(set(features)) != len(features):
            raise SetupError("setup features list one feature twice")
        if features and self.dataset == "mnist":
            raise SetupError("setup features apply to 2-D data sets, not mnist")
        hidden = _seq("hidden", self.hidden, MAX_HIDDEN_LAYERS)
        for h in hidden:
            _int("hidden width", h, 1, MAX_UNITS)
        acts = _seq("activations", self.activations, MAX_HIDDEN_LAYERS)
        for a in acts:
            _choice("activation", a, HIDDEN_ACTIVATIONS)
        if len(acts) != len(hidden):
            raise SetupError(f"setup has {len(hidden)} hidden layers but {len(acts)} activations")
        if self.loss == "cross_entropy" and self.output != "softmax":
            raise SetupError("setup loss cross_entropy needs output softmax")
        if self.dataset in REGRESSION_DATASETS and (self.output == "softmax"):
            raise SetupError(f"{self.dataset} is regression: use a linear output and mse loss")
        c.update(features=features, hidden=hidden, activations=acts)
        for k, v in c.items():
            object.__setattr__(self, k, v)

    @classmethod
    def for_dataset(cls, dataset: str, **changes: Any) -> Setup:
        """Defaults for a data set: regression sets get a linear output and mse."""
        if dataset in REGRESSION_DATASETS:
            changes = {"output": "linear", "loss": "mse", **changes}
        return cls(dataset=dataset, **changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly fields (tuples as lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in _fields(self).items()}

    @classmethod
    def from_dict(cls, d: Any) -> Setup:
        """Strict inverse of `to_dict`: unknown keys are an error, missing ones default."""
        if not isinstance(d, dict):
            raise SetupError("a setup must be a JSON object")
        unknown = [k for k in d if k not in SHORT]
        if unknown:
            raise SetupError(f"unknown setup field {_show(unknown[0])}")
        return cls(**d)


def _fields(s: Setup) -> dict[str, Any]:
    return {f.name: getattr(s, f.name) for f in dataclasses.fields(s)}


_DEFAULTS = Setup().to_dict()


def encode(setup: Setup) -> str:
    """A short, URL-safe text code: "1." + base64url(deflate(JSON of non-default fields))."""
    d = {SHORT[k]: v for k, v in setup.to_dict().items() if v != _DEFAULTS[k]}
    text = json.dumps(d, separators=(",", ":"), allow_nan=False)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = c.compress(text.encode()) + c.flush()
    return f"{VERSION}." + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    if len(d) != len(pairs):
        raise SetupError("a setup lists one field twice")
    return d


def _no_constants(name: str) -> Any:
    raise SetupError(f"a setup value may not be {name}")


def _json(text: str | bytes) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except SetupError:
        raise
    except (ValueError, RecursionError):
        raise SetupError("the setup is not valid JSON") from None


def decode(code: Any) -> Setup:
    """The `Setup` in a code from `encode`; raises `SetupError` on anything else."""
    if not isinstance(code, str):
        raise SetupError("a setup code must be text")
    code = code.strip()
    if len(code) > MAX_CODE:
        raise SetupError(f"the setup code is too long ({len(code)} > {MAX_CODE} characters)")
    version, dot, body = code.partition(".")
    if not dot or not version.isdigit():
        raise SetupError("not an nnviz setup code (it should start with '1.')")
    if version != str(VERSION):
        raise SetupError(f"setup code version {version:.8} is not one this nnviz reads ({VERSION})")
    if body and not _B64.fullmatch(body):
        raise SetupError("the setup code contains characters a code never has")
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflate = zlib.decompressobj(-15)
        text = inflate.decompress(raw, MAX_JSON)
        if inflate.unconsumed_tail:
            raise SetupError(f"the setup code unpacks to more than {MAX_JSON} bytes")
        if not inflate.eof or inflate.unused_data:
            raise SetupError("the setup code is damaged (cut short or with extra data)")
        d = _json(text.decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError):
        raise SetupError("the setup code is damaged (not a packed setup)") from None
    if not isinstance(d, dict):
        raise SetupError("the setup code does not hold a setup")
    unknown = [k for k in d if k not in LONG]
    if unknown:
        raise SetupError(f"unknown setup field {_show(unknown[0])}")
    return Setup.from_dict({LONG[k]: v for k, v in d.items()})


def link(setup: Setup) -> str:
    """nnviz://setup/<code>"""
    return LINK_PREFIX + encode(setup)


def parse_link(text: Any) -> Setup:
    """The setup in an nnviz://setup/<code> link (or a bare code)."""
    if not isinstance(text, str):
        raise SetupError("a setup link must be text")
    text = text.strip()
    if "://" in text[:32]:
        if not text.lower().startswith(LINK_PREFIX):
            raise SetupError("not an nnviz setup link (nnviz://setup/<code>)")
        text = text[len(LINK_PREFIX) :].rstrip("/")
    return decode(text)


def write_setup_file(path: str | Path, setup: Setup) -> None:
    """Write a .nnviz-setup JSON file atomically."""
    doc = {"format": FILE_FORMAT, "version": VERSION, "setup": setup.to_dict()}
    try:
        atomic_write(path, json.dumps(doc, indent=2, allow_nan=False) + "\n")
    except OSError as e:
        raise SetupError(f"cannot write {path}: {e.strerror or e}") from None


def read_setup_file(path: str | Path) -> Setup:
    """Read a .nnviz-setup file; `SetupError` naming the file on any problem."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE + 1)
    except OSError as e:
        raise SetupError(f"{path.name}: cannot read ({e.strerror or e})") from None
    if len(data) > MAX_FILE:
        raise SetupError(f"{path.name}: too large for a setup file (> {MAX_FILE} bytes)")
    try:
        doc = _json(data)
        if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
            raise SetupError("not an nnviz setup file")
        if type(doc.get("version")) is not int or doc["version"] != VERSION:
            raise SetupError(f"setup file version {_show(doc.get('version'))} is not {VERSION}")
        if set(doc) - {"format", "version", "setup"}:
            raise SetupError("unknown entries beside the setup")
        return Setup.from_dict(doc.get("setup"))
    except SetupError as e:
        raise SetupError(f"{path.name}: {e}") from None


def load_setup(text: str) -> Setup:
    """A setup from a .nnviz-setup file path, an nnviz:// link or a bare code."""
    if text.endswith(SUFFIX) or (len(text) < 4096 and "://" not in text and Path(text).is_file()):
        return read_setup_file(text)
    return parse_link(text)
