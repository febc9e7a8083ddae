"""Two-dimensional data sets for the playground view.

Every generator returns `(X, y)`: X float64 (n, 2), roughly within [-1.5, 1.5]. For the
classification sets (`TOY_DATASETS`) y is int64 (n,) in 0..k-1, classes are balanced
(counts differ by at most one) and rows are shuffled. For the regression sets
(`REGRESSION_DATASETS`) y is a float64 target (n,) in [-1, 1]. The same `seed` gives the
same data. `noise` is the standard deviation of Gaussian jitter added to every
coordinate (for regression: after the target was computed from the clean point).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

TOY_DATASETS = ("xor", "circles", "spirals", "gaussians")
REGRESSION_DATASETS = ("plane", "multigauss")


def _labels(n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """Balanced, shuffled labels: n // k or n // k + 1 of each class."""
    if n < k:
        raise ValueError(f"need at least {k} points for {k} classes, got n={n}")
    return rng.permutation(np.arange(n, dtype=np.int64) % k)


def _jitter(X: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    return X + noise * rng.standard_normal(X.shape)


def xor(n: int = 200, noise: float = 0.1, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Four quadrants: class 0 where sign(x0) == sign(x1), class 1 where they differ."""
    rng = np.random.default_rng(seed)
    y = _labels(n, 2, rng)
    magnitude = rng.uniform(0.1, 1.0, (n, 2))
    s0 = rng.choice([-1.0, 1.0], n)
    s1 = np.where(y == 0, s0, -s0)
    return _jitter(magnitude * np.column_stack([s0, s1]), noise, rng), y


def circles(
    n: int = 200, noise: float = 0.05, seed: int | None = 0, factor: float = 0.5
) -> tuple[np.ndarray, np.ndarray]:
    """Class 0 on the unit circle, class 1 on a concentric circle of radius `factor`."""
    rng = np.random.default_rng(seed)
    y = _labels(n, 2, rng)
    theta = rng.uniform(0.0, 2 * np.pi, n)
    r = np.where(y == 0, 1.0, factor)
    return _jitter(r[:, None] * np.column_stack([np.cos(theta), np.sin(theta)]), noise, rng), y


def spirals(
    n: int = 200, noise: float = 0.05, seed: int | None = 0, classes: int = 2, turns: float = 1.5
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved arms: class c at r = t, angle 2*pi*(c / classes + turns * t), t in [0, 1]."""
    if classes not in (2, 3):
        raise ValueError(f"spirals supports 2 or 3 classes, got {classes}")
    rng = np.random.default_rng(seed)
    y = _labels(n, classes, rng)
    t = np.sqrt(rng.uniform(0.0025, 1.0, n))  # sqrt: even density along the arm
    angle = 2 * np.pi * (y / classes + turns * t)
    return _jitter(t[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]), noise, rng), y


def gaussians(
    n: int = 200, noise: float = 0.1, seed: int | None = 0, k: int = 2, spread: float = 0.2
) -> tuple[np.ndarray, np.ndarray]:
    """k blobs of std `spread` centred at angles 2*pi*j/k on the unit circle."""
    if k < 2:
        raise ValueError(f"gaussians needs k >= 2 classes, got {k}")
    rng = np.random.default_rng(seed)
    y = _labels(n, k, rng)
    phi = 2 * np.pi * np.arange(k) / k
    centres = np.column_stack([np.cos(phi), np.sin(phi)])
    return _jitter(centres[y] + spread * rng.standard_normal((n, 2)), noise, rng), y


def plane(n: int = 200, noise: float = 0.05, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """A tilted plane: x uniform in [-1, 1]², y = (x1 + x2) / 2."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, (n, 2))
    return _jitter(X, noise, rng), (X[:, 0] + X[:, 1]) / 2


MULTIGAUSS_CENTRES = np.array(
    [[-1.0, 0.6, 1.0], [0.0, 0.6, -1.0], [1.0, 0.6, 1.0],
     [-1.0, -0.6, -1.0], [0.0, -0.6, 1.0], [1.0, -0.6, -1.0]]
)  # fmt: skip


def multigauss(
    n: int = 200, noise: float = 0.05, seed: int | None = 0, width: float = 0.3
) -> tuple[np.ndarray, np.ndarray]:
    """Six signed bumps: x uniform in [-1.5, 1.5] x [-1.2, 1.2],
    y = sum_k s_k exp(-|x - c_k|² / (2 width²)), s_k = ±1 alternating, clipped to [-1, 1]."""
    rng = np.random.default_rng(seed)
    X = rng.uniform([-1.5, -1.2], [1.5, 1.2], (n, 2))
    c, s = MULTIGAUSS_CENTRES[:, :2], MULTIGAUSS_CENTRES[:, 2]
    d2 = ((X[:, None, :] - c[None]) ** 2).sum(axis=2)
    y = np.clip(np.exp(-d2 / (2 * width**2)) @ s, -1.0, 1.0)
    return _jitter(X, noise, rng), y


_GENERATORS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "xor": xor,
    "circles": circles,
    "spirals": spirals,
    "gaussians": gaussians,
    "plane": plane,
    "multigauss": multigauss,
}


def make_dataset(name: str, **kw) -> tuple[np.ndarray, np.ndarray]:
    """Generate the toy data set `name` (`TOY_DATASETS`, `REGRESSION_DATASETS`)."""
    try:
        generate = _GENERATORS[name]
    except KeyError:
        raise ValueError(
            f"unknown data set {name!r}; choose from "
            f"{', '.join(TOY_DATASETS + REGRESSION_DATASETS)}"
        ) from None
    return generate(**kw)
