"""Input features computed from the raw inputs, as in TensorFlow Playground.

A feature is named by a small formula over the raw inputs x1, x2, ... (1-based):
`xi`, `xi^2`, `xi*xj` (i < j) and `sin(xi)`. For 2-D data the choices are

    x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)

and CSV data keeps its columns, optionally plus their squares and pairwise products
(`csv_features`). `expand(X, names)` turns raw rows (n, d) into feature rows
(n, len(names)); the names become the input neurons and are stored in a model's
meta as `"features"`, so predictions apply the same expansion. Features are
computed from the inputs as the network sees them (after standardisation).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

PLANE_FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
MAX_FEATURES = 4096

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_PATTERN = re.compile(r"^(?:x(\d{1,5})|x(\d{1,5})\^2|x(\d{1,5})\*x(\d{1,5})|sin\(x(\d{1,5})\))$")


class FeatureError(ValueError):
    """A feature name that is not a known formula, or does not fit the data."""


def _parse(name: str) -> tuple[str, int, int]:
    """("x" | "sq" | "prod" | "sin", i, j) with 0-based raw column indices."""
    m = _PATTERN.match(name) if isinstance(name, str) else None
    if m is None:
        raise FeatureError(
            f"unknown feature {name!r}: use {', '.join(PLANE_FEATURES)} "
            "(or xi, xi^2, xi*xj for CSV columns)"
        )
    x, sq, p, q, sin = m.groups()
    if x is not None:
        kind, i, j = "x", int(x), int(x)
    elif sq is not None:
        kind, i, j = "sq", int(sq), int(sq)
    elif p is not None:
        kind, i, j = "prod", int(p), int(q)
        if not i < j:
            raise FeatureError(f"feature {name!r}: write products as xi*xj with i < j")
    else:
        kind, i, j = "sin", int(sin), int(sin)
    if i < 1:
        raise FeatureError(f"feature {name!r}: inputs are numbered from x1")
    return kind, i - 1, j - 1


def label(name: str) -> str:
    """The feature's formula for display: "x1^2" -> "x₁²", "x1*x2" -> "x₁·x₂"."""
    kind, i, j = _parse(name)
    xi, xj = f"x{i + 1}".translate(_SUB), f"x{j + 1}".translate(_SUB)
    return {"x": xi, "sq": f"{xi}²", "prod": f"{xi}·{xj}", "sin": f"sin({xi})"}[kind]


def check(names: Iterable[str], n_raw: int) -> list[str]:
    """The names as a list, after checking each is a formula over x1..x{n_raw}, once."""
    out = list(names)
    if not out:
        raise FeatureError("choose at least one input feature")
    if len(out) > MAX_FEATURES:
        raise FeatureError(f"{len(out)} features is too many (at most {MAX_FEATURES})")
    if len(set(out)) != len(out):
        raise FeatureError(f"a feature is listed twice in {', '.join(out)}")
    for name in out:
        _, i, j = _parse(name)
        if max(i, j) >= n_raw:
            raise FeatureError(f"feature {name!r} needs x{max(i, j) + 1}; the data has {n_raw}")
    return out


def parse_features(text: str, n_raw: int = 2) -> list[str]:
    """ "x1^2, x2^2" -> ["x1^2", "x2^2"], checked against n_raw inputs."""
    return check([s.strip() for s in text.split(",") if s.strip()], n_raw)


def expand(X: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Feature rows (n, len(names)) from raw rows X (n, d):
    xi -> X[:, i], xi^2 -> X[:, i]², xi*xj -> X[:, i]·X[:, j], sin(xi) -> sin X[:, i]."""
    X = np.asarray(X)
    if X.ndim != 2:
        raise FeatureError(f"features need rows of raw inputs, got shape {X.shape}")
    names = check(names, X.shape[1])
    dtype = X.dtype if np.issubdtype(X.dtype, np.floating) else np.float64
    out = np.empty((X.shape[0], len(names)), dtype=dtype)
    for c, name in enumerate(names):
        kind, i, j = _parse(name)
        if kind == "x":
            out[:, c] = X[:, i]
        elif kind == "sq":
            np.square(X[:, i], out=out[:, c])
        elif kind == "prod":
            np.multiply(X[:, i], X[:, j], out=out[:, c])
        else:
            np.sin(X[:, i], out=out[:, c])
    return out


def csv_features(n_raw: int, squares: bool = False, products: bool = False) -> list[str]:
    """x1..xd, then (optionally) x1^2..xd^2, then (optionally) every xi*xj with i < j."""
    names = [f"x{i}" for i in range(1, n_raw + 1)]
    if squares:
        names += [f"x{i}^2" for i in range(1, n_raw + 1)]
    if products:
        names += [f"x{i}*x{j}" for i in range(1, n_raw + 1) for j in range(i + 1, n_raw + 1)]
    if len(names) > MAX_FEATURES:
        raise FeatureError(f"{n_raw} columns give {len(names)} features (at most {MAX_FEATURES})")
    return names


def is_identity(names: Sequence[str], n_raw: int) -> bool:
    """True when the features are just x1..x{n_raw} in order (nothing to compute)."""
    return list(names) == [f"x{i}" for i in range(1, n_raw + 1)]
