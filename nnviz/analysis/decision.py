"""What a 2-D classifier does everywhere: its prediction on a grid of points (Qt-free).

A grid of n x n pixel centres covers the data; pixel (i, j) is the point
(x_j, y_i) with x_j = x0 + (j + 1/2)(x1 - x0)/n, so row i = 0 is the bottom edge.
One forward pass over all n^2 points gives both the class probabilities (the
decision regions) and every hidden neuron's activation a_k[j] (what it responds to).
With input features (`nnviz.data.features`, e.g. x1^2, x2^2) each point is expanded
first, and the feature values themselves are kept as the input neurons' pictures; a
regression network's raw output is kept as the predicted value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnviz.data.features import expand
from nnviz.engine import Network

Bounds = tuple[float, float, float, float]  # (x0, x1, y0, y1)


def grid_bounds(X: np.ndarray, margin: float = 0.12) -> Bounds:
    """A box around the points of X (n, 2), padded by `margin` times the larger extent
    and made square, so that the regions are drawn with equal units on both axes."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        return (-1.0, 1.0, -1.0, 1.0)
    finite = X[np.all(np.isfinite(X), axis=1)]
    if len(finite) == 0:
        return (-1.0, 1.0, -1.0, 1.0)
    lo, hi = finite.min(axis=0), finite.max(axis=0)
    centre = (lo + hi) / 2.0
    half = max(float(np.max(hi - lo)) / 2.0, 1e-6) * (1.0 + 2.0 * margin)
    return (centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half)


def grid_axes(bounds: Bounds, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel-centre coordinates (xs, ys), each of length n."""
    x0, x1, y0, y1 = bounds
    t = (np.arange(n) + 0.5) / n
    return x0 + t * (x1 - x0), y0 + t * (y1 - y0)


def grid_points(bounds: Bounds, n: int) -> np.ndarray:
    """(n*n, 2) points in row-major order: index i*n + j is (xs[j], ys[i])."""
    xs, ys = grid_axes(bounds, n)
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


def class_probabilities(out: np.ndarray, output: str) -> np.ndarray:
    """(N, C) class probabilities from the network output (N, n_out).

    softmax: the output itself. One output unit: p(class 1) = clip(a, 0, 1) and
    p(class 0) = 1 - p(class 1). Several non-softmax outputs (e.g. sigmoid + mse):
    clipped to [0, 1] and normalised per row.
    """
    out = np.asarray(out, dtype=np.float64)
    if out.shape[1] == 1:
        p1 = np.clip(out[:, 0], 0.0, 1.0)
        return np.stack([1.0 - p1, p1], axis=1)
    if output == "softmax":
        return out
    P = np.clip(out, 0.0, None)
    s = P.sum(axis=1, keepdims=True)
    uniform = np.full_like(P, 1.0 / P.shape[1])
    return np.divide(P, s, out=uniform, where=s > 1e-12)


@dataclass(frozen=True)
class GridResult:
    """The network evaluated on an n x n grid over `bounds`."""

    bounds: Bounds
    n: int
    probs: np.ndarray  # (n, n, C) class probabilities, row i = ys[i]
    hidden: tuple[np.ndarray, ...]  # per hidden layer: (n, n, units) activations a_k
    activations: tuple[str, ...]  # hidden activation names
    inputs: np.ndarray | None = None  # (n, n, n_in) the network's inputs (features)
    output: np.ndarray | None = None  # (n, n, n_out) the raw output (regression: ŷ)

    @property
    def predicted(self) -> np.ndarray:
        """(n, n) class index argmax_c p_c at each pixel."""
        return np.argmax(self.probs, axis=2)

    @property
    def n_classes(self) -> int:
        return int(self.probs.shape[2])


class GridEvaluator:
    """Evaluates networks on a grid, reusing one Network object (and the grid points)
    while the architecture stays the same."""

    def __init__(self, n: int = 120) -> None:
        self.n = int(n)
        self._config: dict[str, Any] | None = None
        self._net: Network | None = None
        self._grid: tuple[Bounds, int, np.ndarray] | None = None
        self.features: list[str] | None = None  # input features of the plane; None: raw

    def inputs(self, P: np.ndarray) -> np.ndarray:
        """Plane points (N, 2) -> network inputs (N, n_in) through the features."""
        return expand(P, self.features) if self.features else P

    def network(
        self, config: dict[str, Any], params: Sequence[tuple[np.ndarray, np.ndarray]]
    ) -> Network:
        """The cached network for `config` with `params` written into it."""
        if self._net is None or config != self._config:
            self._net = Network.from_config(config)
            self._config = dict(config)
        self._net.set_params(params)
        return self._net

    def points(self, bounds: Bounds) -> np.ndarray:
        if self._grid is None or self._grid[0] != bounds or self._grid[1] != self.n:
            self._grid = (bounds, self.n, grid_points(bounds, self.n))
        return self._grid[2]

    def evaluate(
        self,
        config: dict[str, Any],
        params: Sequence[tuple[np.ndarray, np.ndarray]],
        bounds: Bounds,
    ) -> GridResult:
        """Forward the whole grid once: class probabilities and hidden activations."""
        net = self.network(config, params)
        n_in = len(self.features) if self.features else 2
        if net.sizes[0] != n_in:
            raise ValueError(f"the plane gives {n_in} inputs, the network has {net.sizes[0]}")
        n = self.n
        X = self.inputs(self.points(bounds))
        layers = net.forward_all(X)
        out = layers[-1][1]
        probs = class_probabilities(out, net.activations[-1]).reshape(n, n, -1)
        hidden = tuple(a.reshape(n, n, -1) for _, a in layers[:-1])
        acts = tuple(net.activations[:-1])
        return GridResult(
            bounds, n, probs, hidden, acts, X.reshape(n, n, -1), out.reshape(n, n, -1)
        )

    def accuracy(
        self,
        config: dict[str, Any],
        params: Sequence[tuple[np.ndarray, np.ndarray]],
        X: np.ndarray,
        y: np.ndarray,
    ) -> float:
        """Fraction of plane points (X, integer labels y) classified correctly."""
        if len(X) == 0:
            return float("nan")
        net = self.network(config, params)
        P = class_probabilities(net.forward(self.inputs(X)), net.activations[-1])
        return float(np.mean(np.argmax(P, axis=1) == np.asarray(y)))

    def predict(
        self,
        config: dict[str, Any],
        params: Sequence[tuple[np.ndarray, np.ndarray]],
        X: np.ndarray,
    ) -> np.ndarray:
        """The raw output (N, n_out) at plane points X (N, 2)."""
        return self.network(config, params).forward(self.inputs(X))


def subsample(a: np.ndarray, size: int) -> np.ndarray:
    """Nearest-neighbour resample of the first two axes of `a` to size x size."""
    n0, n1 = a.shape[:2]
    i = np.minimum((np.arange(size) + 0.5) * n0 / size, n0 - 1).astype(np.intp)
    j = np.minimum((np.arange(size) + 0.5) * n1 / size, n1 - 1).astype(np.intp)
    return a[i][:, j]
