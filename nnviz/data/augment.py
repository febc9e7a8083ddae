"""Random distortions of 28x28 digits: small affine maps and stroke-width changes.

Each image gets its own rotation, scale, shear and shift (about its centre of mass) and a
thicker or thinner stroke. Everything is vectorised over the batch: the inverse affine map
of every output pixel is computed at once and the source image is sampled bilinearly.
Translations are limited so the ink's bounding box stays inside the 28x28 frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SIDE = 28
_PAD = SIDE + 3  # 1 px of zeros before, 2 after: safe bilinear taps at clipped coordinates
INK = 0.2
"""A row or column whose ink sums to more than this counts for the bounding box."""


@dataclass(frozen=True)
class AugmentParams:
    """Largest random magnitudes; all zeros gives the identity. With u ~ U(-1, 1) per image:

    rotation: degrees; angle = rotation * u
    scale:    zoom = (1 + scale)^u for u > 0, (1 - scale)^|u| for u < 0
    shear:    x += k y with k = shear * u
    shift:    pixels; ty, tx = shift * u (shortened if the ink would leave the frame)
    thicken:  stroke s = thicken * u for u > 0: blend toward the 3x3 max filter (s <= 1),
              then from it toward the max filter applied twice (1 < s <= 2);
    thin:     s = thin * u for u < 0: blend toward the 3x3 min filter, a + |s| (min(a) - a)
    """

    rotation: float = 12.0
    scale: float = 0.15
    shear: float = 0.15
    shift: float = 2.5
    thicken: float = 0.7
    thin: float = 0.4

    @classmethod
    def none(cls) -> AugmentParams:
        return cls(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Transforms:
    """Per-image draws, each shape (n,): angle (radians), zoom, shear, ty, tx, stroke."""

    angle: np.ndarray
    zoom: np.ndarray
    shear: np.ndarray
    ty: np.ndarray
    tx: np.ndarray
    stroke: np.ndarray


def draw_transforms(n: int, rng: np.random.Generator, p: AugmentParams) -> Transforms:
    """Random per-image transforms with the magnitudes of `p` (one rng draw of 6 x n uniforms)."""
    u = rng.uniform(-1.0, 1.0, size=(6, n))
    lo, hi = np.log(1.0 - p.scale), np.log(1.0 + p.scale)
    zoom = np.exp(np.where(u[1] < 0, -u[1] * lo, u[1] * hi))
    stroke = np.where(u[5] < 0, u[5] * p.thin, u[5] * p.thicken)
    return Transforms(
        angle=np.deg2rad(p.rotation) * u[0],
        zoom=zoom,
        shear=p.shear * u[2],
        ty=p.shift * u[3],
        tx=p.shift * u[4],
        stroke=stroke,
    )


def _forward_matrices(t: Transforms) -> np.ndarray:
    """A (n, 2, 2) acting on (y, x) offsets: A = zoom * R(angle) @ Shear(shear).

    Shear: x' = x + k y. R rotates by the angle (counter-clockwise on screen).
    """
    c, s = np.cos(t.angle), np.sin(t.angle)
    R = np.stack([np.stack([c, s], -1), np.stack([-s, c], -1)], -2)  # (y, x) order
    S = np.zeros_like(R)
    S[:, 0, 0] = 1.0
    S[:, 1, 1] = 1.0
    S[:, 1, 0] = t.shear
    return t.zoom[:, None, None] * (R @ S)


def _max3(P: np.ndarray, op: np.ufunc) -> np.ndarray:
    """3x3 max or min filter of padded images P (n, 30, 30) -> (n, 28, 28), separably."""
    rows = op(op(P[:, :, :-2], P[:, :, 1:-1]), P[:, :, 2:])
    return op(op(rows[:, :-2], rows[:, 1:-1]), rows[:, 2:])


def _pad(img: np.ndarray, edge: float = 0.0) -> np.ndarray:
    P = np.full((len(img), SIDE + 2, SIDE + 2), edge, img.dtype)
    P[:, 1:-1, 1:-1] = img
    return P


def _stroke(img: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Stroke width change of img (n, 28, 28) by s per image; D = 3x3 max, E = 3x3 min filter.

    s < 0: a + |s| (E(a) - a);  0 <= s <= 1: a + s (D(a) - a);  s > 1: D + (s - 1) (D(D(a)) - D).
    """
    if not np.any(s):
        return img
    base = img.copy()
    target = _max3(_pad(img), np.maximum)
    thin, heavy = s < 0, s > 1
    if thin.any():  # the border counts as ink so that erosion does not eat in from the edge
        target[thin] = _max3(_pad(img[thin], 1.0), np.minimum)
    if heavy.any():
        base[heavy] = target[heavy]
        target[heavy] = _max3(_pad(target[heavy]), np.maximum)
    w = np.where(heavy, s - 1, np.abs(s)).astype(img.dtype)[:, None, None]
    target -= base
    target *= w
    target += base
    return target


_ONES = np.ones(SIDE, np.float32)
_IDX = np.arange(SIDE, dtype=np.float32)


def _centres(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """(n, 2) centre of mass (y, x) from row and column ink sums; frame centre if empty."""
    mass = (rows @ _ONES).astype(np.float64)
    cy, cx = (rows @ _IDX).astype(np.float64), (cols @ _IDX).astype(np.float64)
    ok = mass > 1e-6
    safe = np.where(ok, mass, 1.0)
    mid = (SIDE - 1) / 2
    return np.stack([np.where(ok, cy / safe, mid), np.where(ok, cx / safe, mid)], -1)


def _fit_shift(
    rows: np.ndarray, cols: np.ndarray, A: np.ndarray, c: np.ndarray, t: np.ndarray
) -> np.ndarray:
    """Clamp the shift t (n, 2) so the transformed ink bounding box stays in the frame."""
    ink_r, ink_c = rows > INK, cols > INK
    has: np.ndarray = np.any(ink_r, axis=1)
    r0, r1 = ink_r.argmax(1), SIDE - 1 - ink_r[:, ::-1].argmax(1)
    c0, c1 = ink_c.argmax(1), SIDE - 1 - ink_c[:, ::-1].argmax(1)
    dy = np.stack([r0, r0, r1, r1], -1) - c[:, :1]  # corner offsets (n, 4)
    dx = np.stack([c0, c1, c0, c1], -1) - c[:, 1:]
    my = A[:, 0, :1] * dy + A[:, 0, 1:] * dx + c[:, :1]
    mx = A[:, 1, :1] * dy + A[:, 1, 1:] * dx + c[:, 1:]
    lo = np.stack([my.min(1), mx.min(1)], -1)
    hi = np.stack([my.max(1), mx.max(1)], -1)
    t_min, t_max = -lo, (SIDE - 1) - hi  # shifts that keep the box inside
    clamped = np.clip(t, t_min, np.maximum(t_min, t_max))
    out = np.where(t_min <= t_max, clamped, (t_min + t_max) / 2)
    return np.where(has[:, None], out, t)


_G3 = np.vstack([np.indices((SIDE, SIDE)).reshape(2, -1), np.ones(SIDE * SIDE)]).astype(np.float32)
"""(3, 784): the (y, x, 1) of every output pixel."""


def _warp(img: np.ndarray, A: np.ndarray, c: np.ndarray, t: np.ndarray) -> np.ndarray:
    """out[p] = img[A^-1 (p - c - t) + c], bilinear, zeros outside; img (n, 28, 28).

    The source coordinates of all pixels of all images come from one matrix product
    [B | c - B (c + t)] @ (y, x, 1) with B = A^-1; then four gathers and two lerps.
    """
    n = len(img)
    B = np.linalg.inv(A)
    M = np.concatenate([B, (c - np.einsum("nij,nj->ni", B, c + t))[:, :, None]], axis=2)
    src = M.transpose(1, 0, 2).reshape(2 * n, 3).astype(np.float32) @ _G3  # (2n, 784)
    np.clip(src, -1.0, float(SIDE), out=src)
    base = np.floor(src)
    f = src - base  # fractional parts: fy = f[:n], fx = f[n:]
    k = base[:n] * _PAD
    k += base[n:]
    k += (np.arange(n, dtype=np.float32) * (_PAD * _PAD) + (_PAD + 1))[:, None]
    k = k.astype(np.intp)  # index of the top-left tap in the padded images
    P = np.zeros((n, _PAD, _PAD), np.float32)
    P[:, 1 : SIDE + 1, 1 : SIDE + 1] = img
    flat = P.reshape(-1)
    fy, fx = f[:n], f[n:]
    a, b = np.take(flat, k), np.take(flat, k + 1)
    b -= a
    b *= fx
    top = a + b
    a, b = np.take(flat, k + _PAD), np.take(flat, k + (_PAD + 1))
    b -= a
    b *= fx
    b += a
    b -= top
    b *= fy
    b += top
    return b


def apply_transforms(X: np.ndarray, t: Transforms) -> np.ndarray:
    """Apply per-image transforms to X (n, 784) in [0, 1]; returns a new (n, 784) array."""
    X = np.asarray(X)
    dtype = X.dtype if X.dtype.kind == "f" else np.float32
    n = len(X)
    img = _stroke(X.reshape(n, SIDE, SIDE).astype(dtype, copy=False), t.stroke)
    A = _forward_matrices(t)
    shift = np.stack([t.ty, t.tx], -1).astype(np.float64)
    if not np.any(A - np.eye(2)) and not np.any(shift):
        return np.array(img.reshape(n, SIDE * SIDE), dtype=dtype)
    rows, cols = img @ _ONES, _ONES @ img  # (n, 28) ink per row and per column
    c = _centres(rows, cols)
    shift = _fit_shift(rows, cols, A, c, shift)
    out = _warp(img, A, c, shift)
    np.clip(out, 0.0, 1.0, out=out)
    return out.astype(dtype, copy=False).reshape(n, SIDE * SIDE)


DEFAULT = AugmentParams()


def augment_digits(
    X: np.ndarray, rng: np.random.Generator, params: AugmentParams = DEFAULT
) -> np.ndarray:
    """Randomly rotate, scale, shear, shift and thicken/thin each row of X (n, 784).

    Output has X's shape and float dtype, values in [0, 1]; the same rng state gives the
    same result. Used as `fit(..., augment=augment_digits)` (once per minibatch).
    """
    if X.ndim != 2 or X.shape[1] != SIDE * SIDE:
        raise ValueError(f"augment_digits needs (n, 784) images, got shape {X.shape}")
    if len(X) == 0:
        return np.array(X, dtype=np.float32 if X.dtype.kind != "f" else X.dtype)
    return apply_transforms(X, draw_transforms(len(X), rng, params))
