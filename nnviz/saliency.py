"""Why did the network answer that? Input gradients mapped back onto the drawing.

`saliency(net, x, c)` is g = d z_L[c] / d x (784,), the engine's backward pass from
one output logit to the input: g_i > 0 means more ink at pixel i raises class c's
score, g_i < 0 lowers it. `saliency_on_canvas` pulls g back through the crop, scale and
shift that `nnviz.data.preprocess` applied, so it can be laid over the drawing itself.
Never imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from nnviz.data.canvas import BOX, INK_THRESHOLD, SIZE
from nnviz.engine import Network

FOR = (215, 48, 39)  # evidence for the class (red)
AGAINST = (33, 102, 172)  # evidence against (blue)


def saliency(net: Network, x784: np.ndarray, cls: int) -> np.ndarray:
    """g = d z_L[cls] / d x, shape (784,) (same dtype as the network)."""
    x = np.asarray(x784).reshape(-1)
    if not 0 <= cls < net.sizes[-1]:
        raise ValueError(f"class {cls} is not an output of {net}")
    return np.asarray(net.input_gradient(x, int(cls))).reshape(-1)


@dataclass(frozen=True)
class Geometry:
    """Where `preprocess` put the drawing: rows r0..r0+h, cols c0..c0+w of the image were
    resized to (nh, nw) and pasted at (y0, x0) of the 28x28 field."""

    r0: int
    c0: int
    h: int
    w: int
    nh: int
    nw: int
    y0: int
    x0: int

    def to_field(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Image pixel centres -> 28x28 coordinates: u = (r - r0 + 1/2) nh/h - 1/2 + y0."""
        u = (rows - self.r0 + 0.5) * (self.nh / self.h) - 0.5 + self.y0
        v = (cols - self.c0 + 0.5) * (self.nw / self.w) - 0.5 + self.x0
        return u, v


def preprocess_geometry(img: np.ndarray) -> Geometry | None:
    """The crop/scale/shift of `nnviz.data.preprocess(img)` (None for an empty image).

    Mirrors its steps: crop to pixels > INK_THRESHOLD, resize so max(h, w) = 20 (box
    filter when shrinking, bilinear when growing), shift the centre of mass to (14, 14).
    """
    a = np.asarray(img)
    a = a.astype(np.float32) / 255 if a.dtype.kind in "ui" else a.astype(np.float32, copy=False)
    ink = a > INK_THRESHOLD
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        return None
    crop = np.ascontiguousarray(a[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1])
    h, w = crop.shape
    s = BOX / max(h, w)
    nh, nw = max(1, round(h * s)), max(1, round(w * s))
    if (nh, nw) != (h, w):
        method = Image.Resampling.BOX if s < 1 else Image.Resampling.BILINEAR
        crop = np.asarray(Image.fromarray(crop).resize((nw, nh), method))
    crop = np.clip(crop, 0.0, 1.0)
    mass = crop.sum()
    if mass <= 0:
        return None
    cy = crop.sum(axis=1) @ np.arange(nh, dtype=np.float32) / mass
    cx = crop.sum(axis=0) @ np.arange(nw, dtype=np.float32) / mass
    y0, x0 = round(SIZE / 2 - cy), round(SIZE / 2 - cx)
    return Geometry(int(rows[0]), int(cols[0]), h, w, nh, nw, int(y0), int(x0))


def _bilinear(field: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Sample `field` (n, m) at (u[:, None], v[None, :]); zero outside the field."""
    n, m = field.shape
    padded = np.zeros((n + 2, m + 2), np.float64)
    padded[1:-1, 1:-1] = field
    u = np.clip(u + 1.0, 0.0, n + 1.0)
    v = np.clip(v + 1.0, 0.0, m + 1.0)
    i0 = np.minimum(np.floor(u).astype(np.intp), n)
    j0 = np.minimum(np.floor(v).astype(np.intp), m)
    fu = (u - i0)[:, None]
    fv = (v - j0)[None, :]
    top = padded[i0][:, j0] * (1 - fv) + padded[i0][:, j0 + 1] * fv
    bottom = padded[i0 + 1][:, j0] * (1 - fv) + padded[i0 + 1][:, j0 + 1] * fv
    return top * (1 - fu) + bottom * fu


def saliency_on_canvas(
    sal784: np.ndarray,
    geometry: Geometry | None,
    shape: tuple[int, int],
    out_shape: tuple[int, int] | None = None,
) -> np.ndarray:
    """The 28x28 saliency pulled back onto an image of `shape` (H, W), float32.

    Pixel p of the image gets g(T(p)) * (nh/h)(nw/w), T the preprocess map (`Geometry`),
    g sampled bilinearly (zero outside the field): the chain rule through the crop and
    scale, up to resampling. Without ink (`geometry` None) the result is all zeros.
    `out_shape` samples the same map on a coarser grid covering the image (for display).
    """
    H, W = shape
    oh, ow = out_shape or shape
    if geometry is None:
        return np.zeros((oh, ow), np.float32)
    g = np.asarray(sal784, np.float64).reshape(SIZE, SIZE)
    rows = (np.arange(oh, dtype=np.float64) + 0.5) * (H / oh) - 0.5
    cols = (np.arange(ow, dtype=np.float64) + 0.5) * (W / ow) - 0.5
    u, v = geometry.to_field(rows, cols)
    scale = (geometry.nh / geometry.h) * (geometry.nw / geometry.w)
    return (_bilinear(g, u, v) * scale).astype(np.float32)


def saliency_rgba(sal: np.ndarray, strength: float = 0.85) -> np.ndarray:
    """(H, W, 4) uint8 RGBA overlay: red where g > 0, blue where g < 0, alpha ∝ |g|.

    alpha = strength * |g| / max|g|, so the strongest evidence is nearly opaque.
    """
    s = np.asarray(sal, np.float32)
    out = np.zeros((*s.shape, 4), np.uint8)
    top = float(np.abs(s).max()) if s.size else 0.0
    if top <= 0 or not np.isfinite(top):
        return out
    pos = s > 0
    out[..., :3] = np.where(pos[..., None], FOR, AGAINST)
    out[..., 3] = np.rint(np.abs(s) * (255.0 * strength / top)).astype(np.uint8)
    return out
