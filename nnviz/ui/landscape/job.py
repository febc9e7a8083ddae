"""One landscape computation, run off the GUI thread: the slice, its window, the surface
S[i, j] = L(θ0 + α_i d1 + β_j d2), the projected descent arrow, the projected paths and
the contour lines. Plain NumPy (+ pyqtgraph's marching squares), no Qt objects.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnviz.analysis.landscape import (
    Direction,
    filter_normalized_direction,
    flatten,
    loss_surface,
    weight_direction,
)
from nnviz.analysis.slice_path import grid_around, project_path, projected_negative_gradient
from nnviz.engine import Network

# isort: split
import pyqtgraph as pg

MODES = ("weights", "random")
Weight = tuple[int, int, int | None]  # (layer, j, i): W_layer[j, i], or b_layer[j] if i is None
BLOCKS = 12  # surface blocks (progress and cancel points)
LEVELS = 10  # contour lines


class Cancelled(Exception):
    """The computation was cancelled (a newer one replaces it, or the user asked)."""


def weight_name(w: Weight) -> str:
    """W1[j, i] for the edge i -> j of layer 0, b1[j] for its bias (layers count from 1)."""
    layer, j, i = w
    return f"b{layer + 1}[{j}]" if i is None else f"W{layer + 1}[{j}, {i}]"


def all_weights(net: Network) -> list[Weight]:
    """Every parameter of `net`, in θ's order (W then b of each layer)."""
    out: list[Weight] = []
    for k, L in enumerate(net.layers):
        out += [(k, j, i) for j in range(L.n_out) for i in range(L.n_in)]
        out += [(k, j, None) for j in range(L.n_out)]
    return out


@dataclass(frozen=True)
class SliceSpec:
    """What slice to draw: two weights, or two filter-normalised random directions
    (seeds `seed` and `seed + 1`); `points` per axis; each axis at least [-span, span]."""

    mode: str = "random"
    weights: tuple[Weight, Weight] | None = None
    seed: int = 0
    points: int = 41
    span: float = 1.0

    def check(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {self.mode!r}")
        if not 3 <= self.points <= 61:
            raise ValueError(f"the grid has 3 to 61 points per axis, got {self.points}")
        if self.mode == "weights":
            if self.weights is None:
                raise ValueError("pick two weights (click two edges in the network)")
            if self.weights[0] == self.weights[1]:
                raise ValueError("pick two different weights")


def directions(net: Network, spec: SliceSpec) -> tuple[Direction, Direction, tuple[str, str]]:
    """(d1, d2, axis labels) of the slice through `net`'s current θ."""
    spec.check()
    if spec.mode == "weights":
        assert spec.weights is not None
        w1, w2 = spec.weights
        return (
            weight_direction(net, *w1),
            weight_direction(net, *w2),
            (
                weight_name(w1),
                weight_name(w2),
            ),
        )
    return (
        filter_normalized_direction(net, spec.seed),
        filter_normalized_direction(net, spec.seed + 1),
        ("α (direction 1)", "β (direction 2)"),
    )


def weight_value(net: Network, w: Weight) -> float:
    layer, j, i = w
    L = net.layers[layer]
    return float(L.b[j] if i is None else L.W[j, i])


def slice_window(
    coords: np.ndarray, points: int, span: float, margin: float = 0.25
) -> tuple[np.ndarray, np.ndarray]:
    """`grid_around` made square (both axes as wide as the wider one, so contours and
    the arrow keep their angles) and shifted so that (0, 0), the current point, is a
    grid point."""
    alphas, betas = grid_around(coords, points, margin, span)
    half = max(alphas[-1] - alphas[0], betas[-1] - betas[0]) / 2

    def snap(axis: np.ndarray) -> np.ndarray:
        c = (axis[0] + axis[-1]) / 2
        g = np.linspace(c - half, c + half, points)
        return g - g[np.argmin(np.abs(g))]

    return snap(alphas), snap(betas)


@dataclass
class LandscapeResult:
    """A computed slice. Displayed coordinates are origin + (α, β): the two weights'
    own values in "weights" mode, (α, β) themselves for random directions."""

    spec: SliceSpec
    theta0: np.ndarray  # flat θ at the centre of the slice
    d1: Direction
    d2: Direction
    labels: tuple[str, str]
    origin: tuple[float, float]
    alphas: np.ndarray
    betas: np.ndarray
    S: np.ndarray  # (len(alphas), len(betas)) losses
    loss0: float  # L(θ0), equal to S at (0, 0)
    arrow: np.ndarray  # -g projected onto the slice, (α, β)
    tracks: dict[Any, np.ndarray]  # key -> (k, 2) projected coords of its snapshots
    Z: np.ndarray  # what the colours and contours show: S, or log10 S (`log`)
    log: bool
    levels: np.ndarray  # contour levels, in Z's units
    contours: list[tuple[np.ndarray, np.ndarray]]  # per level: x, y with NaN breaks
    n_samples: int
    seconds: float = 0.0
    generation: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def project(self, thetas: Sequence[np.ndarray] | np.ndarray) -> np.ndarray:
        """(k, 2) slice coordinates of flat θ snapshots."""
        if len(thetas) == 0:
            return np.empty((0, 2))
        V = np.stack([np.asarray(t, np.float64).ravel() for t in thetas])
        return project_path(V, self.theta0, self.d1, self.d2)

    def contains(self, c: np.ndarray, inner: float = 0.95) -> bool:
        """Whether (α, β) lies inside the window shrunk to `inner` of its size."""
        a0, a1, b0, b1 = self.alphas[0], self.alphas[-1], self.betas[0], self.betas[-1]
        ma, mb = (a1 - a0) * (1 - inner) / 2, (b1 - b0) * (1 - inner) / 2
        return bool(a0 + ma <= c[0] <= a1 - ma and b0 + mb <= c[1] <= b1 - mb)

    def radius(self) -> float:
        """Half the window's width, in parameter units (‖d‖ times the α half-width)."""
        half = (self.alphas[-1] - self.alphas[0]) / 2
        n1, n2 = np.linalg.norm(flatten(self.d1)), np.linalg.norm(flatten(self.d2))
        return float(half * np.sqrt(n1 * n2))


def colour_values(S: np.ndarray) -> tuple[np.ndarray, bool]:
    """(Z, log): what the colours show. log10 of the losses when they span more than a
    decade (a valley next to cliffs), else the losses; non-finite values (overflow) are
    set to the largest finite one."""
    ok = np.isfinite(S)
    Z = np.where(ok, S, S[ok].max() if ok.any() else 0.0)
    lo, hi = float(Z.min()), float(Z.max())
    if lo > 0 and hi > 10 * lo:
        return np.log10(Z), True
    return Z, False


def contour_lines(
    Z: np.ndarray, alphas: np.ndarray, betas: np.ndarray, n: int = LEVELS
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """Levels evenly spaced over Z's range and, per level, the iso-lines in (α, β) as
    x, y arrays with NaN between the pieces (marching squares, pyqtgraph)."""
    lo, hi = float(Z.min()), float(Z.max())
    if not hi > lo:
        return np.empty(0), []
    levels = np.linspace(lo, hi, n + 2)[1:-1]
    out = []
    for level in levels:
        xs: list[float] = []
        ys: list[float] = []
        for line in pg.functions.isocurve(Z, level, connected=True, extendToEdge=True):
            p = np.asarray(line, dtype=np.float64)  # (k, 2) in index units
            xs += [*np.interp(p[:, 0], np.arange(len(alphas)), alphas), np.nan]
            ys += [*np.interp(p[:, 1], np.arange(len(betas)), betas), np.nan]
        out.append((np.asarray(xs), np.asarray(ys)))
    return levels, out


def compute(
    net: Network,
    X: np.ndarray,
    Y: np.ndarray,
    spec: SliceSpec,
    tracks: dict[Any, Sequence[np.ndarray]],
    progress: Callable[[str, int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> LandscapeResult:
    """The whole job on a private copy `net` (θ0 = its parameters): directions, window
    around the projected `tracks` (key -> flat θ snapshots), surface in blocks (between
    which `cancel` is checked and `progress` told), arrow and contours."""
    t0 = time.perf_counter()
    d1, d2, labels = directions(net, spec)
    theta0 = flatten(net.params())
    origin = (0.0, 0.0)
    if spec.mode == "weights":
        assert spec.weights is not None
        origin = (weight_value(net, spec.weights[0]), weight_value(net, spec.weights[1]))
    res = LandscapeResult(
        spec, theta0, d1, d2, labels, origin, np.empty(0), np.empty(0), np.empty((0, 0)),
        0.0, np.zeros(2), {}, np.empty((0, 0)), False, np.empty(0), [], len(X),
    )  # fmt: skip
    res.tracks = {k: res.project(v) for k, v in tracks.items()}
    coords = [c for c in res.tracks.values() if len(c)]
    res.alphas, res.betas = slice_window(
        np.vstack(coords) if coords else np.zeros((0, 2)), spec.points, spec.span
    )
    rows = np.array_split(np.arange(spec.points), min(BLOCKS, spec.points))
    parts = []
    for k, r in enumerate(rows):
        if cancel is not None and cancel.is_set():
            raise Cancelled
        if progress is not None:
            progress("Computing the loss surface", k, len(rows))
        parts.append(loss_surface(net, X, Y, d1, d2, res.alphas[r], res.betas))
    res.S = np.vstack(parts)
    if cancel is not None and cancel.is_set():
        raise Cancelled
    i0, j0 = int(np.argmin(np.abs(res.alphas))), int(np.argmin(np.abs(res.betas)))
    res.loss0 = float(res.S[i0, j0])
    res.arrow = projected_negative_gradient(net, X, Y, d1, d2)
    res.Z, res.log = colour_values(res.S)
    res.levels, res.contours = contour_lines(res.Z, res.alphas, res.betas)
    res.seconds = time.perf_counter() - t0
    return res
