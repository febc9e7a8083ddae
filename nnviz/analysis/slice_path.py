"""Paths and arrows on a landscape slice, and the 1-D profile along the gradient.

Coordinates in the slice through θ0 spanned by d1, d2 are least-squares:
(α, β) = argmin ‖θ0 + α d1 + β d2 - θ‖, computed through D = [d1 d2] = Q R.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnviz.analysis.landscape import flatten, gradient, loss_line, unflatten
from nnviz.engine.network import Network


def _basis(d1: Any, d2: Any) -> tuple[np.ndarray, np.ndarray]:
    """Q, R of D = [d1 d2] (D = Q R), for least-squares coordinates in the slice."""
    D = np.column_stack([flatten(d1), flatten(d2)])
    return np.linalg.qr(D)


def _coords(Q: np.ndarray, R: np.ndarray, V: np.ndarray) -> np.ndarray:
    """argmin_c ‖D c - v‖ for each row v of V -> (k, 2)."""
    return np.linalg.lstsq(R, Q.T @ V.T, rcond=None)[0].T


def project_path(
    snapshots: Sequence[Any] | np.ndarray, theta0: Any, d1: Any, d2: Any
) -> np.ndarray:
    """(α_k, β_k) = argmin ‖θ0 + α d1 + β d2 - θ_k‖ for every snapshot θ_k -> (k, 2).

    Snapshots and θ0 are lists of (W, b) or flat vectors (rows of a 2-D array). A
    snapshot in the slice lands exactly on its point; θ0 itself projects to (0, 0).
    """
    Q, R = _basis(d1, d2)
    if isinstance(snapshots, np.ndarray) and snapshots.ndim == 2:
        V = snapshots.astype(np.float64, copy=False)
    else:
        V = (
            np.stack([flatten(s) for s in snapshots])
            if len(snapshots)
            else np.empty((0, Q.shape[0]))
        )
    return _coords(Q, R, V - flatten(theta0))


def off_slice_distance(snapshots: Any, theta0: Any, d1: Any, d2: Any) -> np.ndarray:
    """‖θ_k - (θ0 + α_k d1 + β_k d2)‖: how far each snapshot lies from the slice."""
    V = np.stack([flatten(s) for s in snapshots]) - flatten(theta0)
    D = np.column_stack([flatten(d1), flatten(d2)])
    return np.linalg.norm(V - project_path(snapshots, theta0, d1, d2) @ D.T, axis=1)


def projected_negative_gradient(net: Network, X: Any, Y: Any, d1: Any, d2: Any) -> np.ndarray:
    """-g projected onto the slice, in (α, β) coordinates: argmin_c ‖D c + g‖.

    The same projection as `project_path`, so a plain SGD step (-lr·g) projects to
    lr times this arrow.
    """
    Q, R = _basis(d1, d2)
    return _coords(Q, R, -gradient(net, X, Y)[None, :])[0]


@dataclass(frozen=True)
class Profile:
    """The loss along u = -g/‖g‖ from θ: loss[i] = L(θ + t[i]·u); slope at 0 is -grad_norm.

    With the optimizer's update Δθ: step_t = Δθ·u (its length along u), step_off =
    ‖Δθ - step_t·u‖ (zero for plain SGD), step_loss = L(θ + Δθ) (the real new point).
    """

    t: np.ndarray
    loss: np.ndarray
    loss0: float
    grad_norm: float
    step_t: float = float("nan")
    step_off: float = float("nan")
    step_loss: float = float("nan")


def gradient_profile(
    net: Network, X: Any, Y: Any, ts: Any = None, after: Any = None, points: int = 61
) -> Profile:
    """The 1-D profile along the descent direction, with the step to `after` marked.

    `after`: the parameters after the optimizer's update (list of (W, b) or flat).
    Default `ts`: from -0.5 to 2 times the step's length along u (or, with no step,
    times L/‖g‖, where the tangent line reaches zero).
    """
    g = gradient(net, X, Y)
    norm = float(np.linalg.norm(g))
    u = -g / norm if norm > 0 else g
    loss0 = net.loss(X, Y)
    step_t = step_off = step_loss = float("nan")
    if after is not None:
        delta = flatten(after) - flatten(net.params())
        step_t = float(delta @ u)
        step_off = float(np.linalg.norm(delta - step_t * u))
        step_loss = float(loss_line(net, X, Y, unflatten(net, delta), [1.0])[0])
    if ts is None:
        scale = abs(step_t) if np.isfinite(step_t) and step_t != 0 else loss0 / max(norm, 1e-12)
        ts = np.linspace(-0.5, 2.0, points) * scale
    ts = np.asarray(ts, dtype=np.float64)
    loss = loss_line(net, X, Y, unflatten(net, u), ts)
    return Profile(ts, loss, loss0, norm, step_t, step_off, step_loss)


def step_profile(step: Any, net: Network, ts: Any = None) -> Profile:
    """The profile of a recorded `Step` (on its own batch, from its parameters before the
    update, in float64); `net` gives the architecture."""
    net64 = net.copy(dtype=np.float64)
    net64.set_params(step.params_before)
    return gradient_profile(net64, step.X, step.Y, ts, after=step.params_after)


def grid_around(
    coords: Any, points: int = 41, margin: float = 0.25, span: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """(alphas, betas) covering (0, 0) and every (α, β) in `coords` with a margin;
    each axis at least [-span, span]."""
    c = np.vstack([np.zeros((1, 2)), np.asarray(coords, dtype=np.float64).reshape(-1, 2)])
    lo = np.minimum(c.min(axis=0), -span)
    hi = np.maximum(c.max(axis=0), span)
    pad = (hi - lo) * margin / 2
    return np.linspace(lo[0] - pad[0], hi[0] + pad[0], points), np.linspace(
        lo[1] - pad[1], hi[1] + pad[1], points
    )
