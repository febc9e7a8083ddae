"""A lesson's preset: the network, data, hyperparameters and workspace it starts from."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from nnviz.data import TOY_DATASETS
from nnviz.engine import HIDDEN_ACTIVATIONS, LOSSES, OUTPUT_ACTIVATIONS
from nnviz.engine.optim import OPTIMIZERS
from nnviz.teach.lessons.file import Field, fail

WORKSPACES = ("train", "draw", "step")
# data set -> (inputs, outputs) the layer sizes must start and end with (None: not checked)
DATASETS: dict[str, tuple[int | None, int | None]] = {
    **{name: (2, 2) for name in TOY_DATASETS},
    "spirals3": (2, 3),
    "mnist": (784, 10),
    "spam": (None, None),
    "sample": (None, None),
    "tiny-2-2-2": (2, 2),
    "tiny-2-3-1": (2, 1),
}
PRESET_KEYS = (
    "dataset", "layers", "activation", "output", "loss", "optimizer", "lr", "batch", "seed",
    "samples", "noise", "workspace", "input", "target",
)  # fmt: skip
MAX_UNITS = 1024
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_PARAM = re.compile(r"^(W|b)\[(\d+)\]$")


@dataclass(frozen=True)
class Preset:
    """What applying a lesson sets up. `layers` are all sizes, input to output;
    `activations` has one name per hidden layer; `weights[k]` / `biases[k]` (optional)
    give W_{k+1} (rows j, columns i) and b_{k+1}; `input` / `target` are the one sample
    of the "sample" data set. `noise` None keeps the app's default for the data set."""

    dataset: str
    layers: tuple[int, ...]
    activations: tuple[str, ...]
    output: str = "softmax"
    loss: str = "cross_entropy"
    optimizer: str = "adam"
    lr: float = 0.03
    batch_size: int = 16
    seed: int = 0
    samples: int = 400
    noise: float | None = None
    workspace: str = "train"
    input: tuple[float, ...] = ()
    target: tuple[float, ...] = ()
    weights: dict[int, tuple[tuple[float, ...], ...]] = field(default_factory=dict)
    biases: dict[int, tuple[float, ...]] = field(default_factory=dict)

    @property
    def hidden(self) -> list[int]:
        return list(self.layers[1:-1])


def number(name: str, text: str, line: int) -> float:
    """A plain finite decimal number (no Python syntax, no nan/inf)."""
    t = text.strip()
    if not _NUMBER.match(t) or not math.isfinite(float(t)):
        raise fail(name, line, f"expected a number, found {t[:40]!r}")
    return float(t)


def numbers(name: str, text: str, line: int) -> tuple[float, ...]:
    """Numbers separated by commas and/or spaces."""
    parts = [p for p in re.split(r"[,\s]+", text.strip()) if p]
    if not parts:
        raise fail(name, line, "expected numbers")
    return tuple(number(name, p, line) for p in parts)


def _int(name: str, f: Field, lo: int, hi: int) -> int:
    v = number(name, f.value, f.line)
    if v != int(v) or not lo <= v <= hi:
        raise fail(name, f.line, f"'{f.key}' must be a whole number from {lo} to {hi}")
    return int(v)


def _choice(name: str, f: Field, choices: tuple[str, ...] | list[str]) -> str:
    if f.value not in choices:
        raise fail(name, f.line, f"'{f.key}: {f.value[:40]}' is not one of {', '.join(choices)}")
    return f.value


def _layers(name: str, f: Field) -> tuple[int, ...]:
    parts = f.value.replace(" ", "").split("-")
    if len(parts) < 2 or not all(p.isdigit() and 1 <= int(p) <= MAX_UNITS for p in parts):
        raise fail(name, f.line, f"'layers' are sizes 1..{MAX_UNITS} joined by '-', e.g. 2-3-2")
    return tuple(int(p) for p in parts)


def parse_preset(name: str, line: int, found: list[Field]) -> Preset:
    """The preset of a ```preset block starting on `line`."""
    kw: dict = {}
    params: dict[str, dict[int, Field]] = {"W": {}, "b": {}}
    given = {f.key: f for f in found}
    for f in found:
        m = _PARAM.match(f.key)
        if m:
            params[m.group(1)][int(m.group(2))] = f
        elif f.key not in PRESET_KEYS:
            raise fail(name, f.line, f"unknown preset key '{f.key}'")
        elif f.items:
            raise fail(name, f.items[0][1], f"'{f.key}' takes one line, not a list")
    for key in ("dataset", "layers"):
        if key not in given:
            raise fail(name, line, f"the preset needs '{key}: ...'")
    kw["dataset"] = _choice(name, given["dataset"], list(DATASETS))
    kw["layers"] = sizes = _layers(name, given["layers"])
    n_in, n_out = DATASETS[kw["dataset"]]
    if n_in is not None and (sizes[0], sizes[-1]) != (n_in, n_out):
        raise fail(
            name, given["layers"].line, f"{kw['dataset']} needs {n_in} inputs, {n_out} outputs"
        )
    kw["activations"] = _activations(name, given, len(sizes) - 2)
    simple = {
        "output": OUTPUT_ACTIVATIONS,
        "loss": LOSSES,
        "optimizer": tuple(OPTIMIZERS),
        "workspace": WORKSPACES,
    }
    for key, choices in simple.items():
        if key in given:
            kw[key] = _choice(name, given[key], choices)
    if (
        kw.get("loss", "cross_entropy") == "cross_entropy"
        and kw.get("output", "softmax") != "softmax"
    ):
        raise fail(
            name,
            given.get("loss", given.get("output", given["dataset"])).line,
            "cross_entropy needs output: softmax (or loss: mse)",
        )
    _numbers(name, given, kw)
    _sample(name, line, given, kw, sizes)
    kw["weights"], kw["biases"] = _params(name, params, sizes)
    return Preset(**kw)


def _activations(name: str, given: dict[str, Field], n_hidden: int) -> tuple[str, ...]:
    """One hidden activation for all hidden layers, or one per layer (default tanh)."""
    if "activation" not in given:
        return ("tanh",) * n_hidden
    f = given["activation"]
    names = [a.strip() for a in f.value.split(",")]
    for a in names:
        if a not in HIDDEN_ACTIVATIONS:
            raise fail(name, f.line, f"'{a[:40]}' is not one of {', '.join(HIDDEN_ACTIVATIONS)}")
    if len(names) != 1 and len(names) != n_hidden:
        raise fail(name, f.line, f"give one activation or {n_hidden}, one per hidden layer")
    return tuple(names * n_hidden if len(names) == 1 else names)


def _numbers(name: str, given: dict[str, Field], kw: dict) -> None:
    """lr, noise, batch, seed and samples, each checked against its range."""
    if "lr" in given:
        kw["lr"] = number(name, given["lr"].value, given["lr"].line)
        if not 1e-7 <= kw["lr"] <= 1e4:
            raise fail(name, given["lr"].line, "'lr' must be between 1e-7 and 10000")
    if "noise" in given:
        kw["noise"] = number(name, given["noise"].value, given["noise"].line)
        if not 0 <= kw["noise"] <= 1:
            raise fail(name, given["noise"].line, "'noise' must be between 0 and 1")
    for key, attr, lo, hi in (
        ("batch", "batch_size", 1, 60000),
        ("seed", "seed", 0, 2**31 - 1),
        ("samples", "samples", 20, 5000),
    ):
        if key in given:
            kw[attr] = _int(name, given[key], lo, hi)


def _sample(
    name: str, line: int, given: dict[str, Field], kw: dict, sizes: tuple[int, ...]
) -> None:
    if kw["dataset"] != "sample":
        for key in ("input", "target"):
            if key in given:
                raise fail(name, given[key].line, f"'{key}' belongs to the data set 'sample'")
        return
    for key, size in (("input", sizes[0]), ("target", sizes[-1])):
        if key not in given:
            raise fail(name, line, f"the data set 'sample' needs '{key}: ...'")
        kw[key] = numbers(name, given[key].value, given[key].line)
        if len(kw[key]) != size:
            raise fail(
                name,
                given[key].line,
                f"'{key}' needs {size} numbers for layers {'-'.join(map(str, sizes))}",
            )


def _params(
    name: str, params: dict[str, dict[int, Field]], sizes: tuple[int, ...]
) -> tuple[dict, dict]:
    weights: dict[int, tuple[tuple[float, ...], ...]] = {}
    biases: dict[int, tuple[float, ...]] = {}
    for k, f in params["W"].items():
        if k >= len(sizes) - 1:
            raise fail(name, f.line, f"W[{k}]: the network has weight layers 0..{len(sizes) - 2}")
        rows = tuple(numbers(name, r, f.line) for r in f.value.split(";"))
        if len(rows) != sizes[k + 1] or any(len(r) != sizes[k] for r in rows):
            raise fail(
                name,
                f.line,
                f"W[{k}] needs {sizes[k + 1]} rows of {sizes[k]} numbers, rows split by ';'",
            )
        weights[k] = rows
    for k, f in params["b"].items():
        if k >= len(sizes) - 1:
            raise fail(name, f.line, f"b[{k}]: the network has layers 0..{len(sizes) - 2}")
        biases[k] = numbers(name, f.value, f.line)
        if len(biases[k]) != sizes[k + 1]:
            raise fail(name, f.line, f"b[{k}] needs {sizes[k + 1]} numbers")
    return weights, biases
