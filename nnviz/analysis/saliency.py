"""Why did the network answer that? Input gradients mapped back onto the drawing.

`saliency(net, x, c)` is g = d z_L[c] / d x (784,), the engine's backward pass from
one output logit to the input: g_i > 0 means more ink at pixel i raises class c's
score, g_i < 0 lowers it. `saliency_on_canvas` pulls g back through the crop, scale and
shift that `nnviz.data.preprocess` applied, so it can be laid over the drawing itself.
Never imports Qt.
"""

from __future__ import annotations

import numpy as np

from nnviz.data.canvas import SIZE, Geometry, fit_to_box
from nnviz.engine import Network

FOR = (215, 48, 39)  # evidence for the class (red)
AGAINST = (33, 102, 172)  # evidence against (blue)


def saliency(net: Network, x784: np.ndarray, cls: int) -> np.ndarray:
    """g = d z_L[cls] / d x, shape (784,) (same dtype as the network)."""
    x = np.asarray(x784).reshape(-1)
    if not 0 <= cls < net.sizes[-1]:
        raise ValueError(f"class {cls} is not an output of {net}")
    return np.asarray(net.input_gradient(x, int(cls))).reshape(-1)


def preprocess_geometry(img: np.ndarray) -> Geometry | None:
    """The crop/scale/shift of `nnviz.data.preprocess(img)` (None for an empty image)."""
    fitted = fit_to_box(img)
    return None if fitted is None else fitted[1]


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
