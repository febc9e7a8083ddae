"""Central finite differences against backprop.

The backprop gradient comes from a float64 copy of the network. The numeric
gradient perturbs one parameter at a time by ±h and evaluates the loss in
extended precision (`np.longdouble`, 64-bit mantissa on x86), so that the
round-off in L(θ+h) - L(θ-h) does not swamp small gradient entries: the
comparison then measures backprop, not the noise of the finite difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from nnviz.engine.network import Network


@dataclass(frozen=True)
class GradCheck:
    """Worst relative error |g_bp - g_fd| / max(|g_bp| + |g_fd|, 1e-10) over checked entries."""

    max_rel_error: float
    n_checked: int
    backprop: np.ndarray
    numeric: np.ndarray
    index: np.ndarray  # flat positions in theta that were checked


def rel_error(g_bp: np.ndarray, g_fd: np.ndarray, floor: float = 1e-10) -> np.ndarray:
    """|g_bp - g_fd| / max(|g_bp| + |g_fd|, floor), entry by entry."""
    return np.abs(g_bp - g_fd) / np.maximum(np.abs(g_bp) + np.abs(g_fd), floor)


def backprop_gradient(net: Network, X: Any, Y: Any) -> np.ndarray:
    """dL/dθ (data loss + penalty) from one backward pass, in the layout of `net.theta`."""
    x, _ = net._as_input(X)
    ws = net._workspace(x.shape[0], cached=False)
    ws.forward_backward(x, *ws.targets(Y))
    net._add_penalty_grad()
    return net.grad.copy()


def numeric_gradient(
    net: Network, X: Any, Y: Any, index: np.ndarray, h: float = 1e-5
) -> np.ndarray:
    """dL/dθ_i ≈ (L(θ + h e_i) - L(θ - h e_i)) / 2h for each i in `index`, with the
    objective (data loss + penalty) evaluated in extended precision on a copy of `net`."""
    ext = net.copy(dtype=np.longdouble)
    x, _ = ext._as_input(X)
    ws = ext._workspace(x.shape[0], cached=False)
    targets = ws.targets(Y)
    h_ext = np.longdouble(h)
    out = np.empty(len(index))
    for n, i in enumerate(index):
        old = ext.theta[i]
        ext.theta[i] = old + h_ext
        plus = ws.forward_loss(x, *targets) + ext._penalty_acc()
        ext.theta[i] = old - h_ext
        minus = ws.forward_loss(x, *targets) + ext._penalty_acc()
        ext.theta[i] = old
        out[n] = (plus - minus) / (2 * h_ext)
    return out


def sample_index(net: Network, max_params: int, seed: int = 0) -> np.ndarray:
    """All parameter positions, or a random sample spread over every layer's W and b."""
    if net.n_params <= max_params:
        return np.arange(net.n_params)
    rng = np.random.default_rng(seed)
    per_block = max(1, max_params // (2 * len(net.layers)))
    picks, off = [], 0
    for L in net.layers:
        for size in (L.W.size, L.b.size):
            picks.append(off + rng.choice(size, min(size, per_block), replace=False))
            off += size
    return np.sort(np.concatenate(picks))


def gradcheck(
    net: Network, X: Any, Y: Any, max_params: int = 1000, h: float = 1e-5, seed: int = 0
) -> GradCheck:
    """Compare backprop with central differences for every parameter (or a sample of
    `max_params` of them for big nets); returns the worst relative error."""
    net64 = net.copy(dtype=np.float64)
    X64 = np.asarray(X, dtype=np.float64)
    g_bp = backprop_gradient(net64, X64, Y)
    index = sample_index(net64, max_params, seed)
    g_fd = numeric_gradient(net64, X64, Y, index, h)
    err = rel_error(g_bp[index], g_fd)
    return GradCheck(float(err.max(initial=0.0)), len(index), g_bp[index], g_fd, index)
