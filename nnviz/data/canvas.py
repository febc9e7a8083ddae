"""Turn a drawn or loaded digit into an MNIST-style 784-vector.

MNIST digits were cropped to their ink, scaled so the longer side is 20 px (aspect ratio
kept, anti-aliased), and placed in a 28x28 field with the centre of mass at the centre.
`preprocess` repeats exactly that, so a network trained on MNIST sees familiar input.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from nnviz.data.errors import DataFileError

SIZE = 28
BOX = 20
INK_THRESHOLD = 0.05
"""Pixels at or below this count as background when cropping to the ink."""


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


def _as_float_image(img: np.ndarray) -> np.ndarray:
    a = np.asarray(img)
    if a.ndim != 2:
        raise ValueError(f"preprocess needs a 2-D image, got shape {a.shape}")
    return a.astype(np.float32) / 255 if a.dtype.kind in "ui" else a.astype(np.float32, copy=False)


def fit_to_box(img: np.ndarray) -> tuple[np.ndarray, Geometry] | None:
    """Steps 1-3 of `preprocess`: the resized crop and where it goes (None without ink)."""
    a = _as_float_image(img)
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
    return crop, Geometry(int(rows[0]), int(cols[0]), h, w, nh, nw, int(y0), int(x0))


def preprocess(img: np.ndarray) -> np.ndarray:
    """MNIST-style (784,) float32 vector from a 2-D image (ink 1.0, background 0.0).

    1. crop to the bounding box of pixels > INK_THRESHOLD;
    2. resize so max(h, w) = 20 px: area averaging when shrinking, bilinear when growing;
    3. place in 28x28 with the centre of mass (cy, cx) at (14, 14) (integer shift);
    4. clip to [0, 1].
    An image without ink gives zeros. Integer images are read as 0..255.
    """
    out = np.zeros((SIZE, SIZE), np.float32)
    fitted = fit_to_box(img)
    if fitted is None:
        return out.ravel()
    crop, g = fitted
    y0, x0 = g.y0, g.x0
    ty, tx = max(y0, 0), max(x0, 0)
    by, bx = min(y0 + g.nh, SIZE), min(x0 + g.nw, SIZE)
    out[ty:by, tx:bx] = crop[ty - y0 : by - y0, tx - x0 : bx - x0]
    return out.ravel()


def _ink(im: Image.Image) -> np.ndarray:
    """Ink in [0, 1] from a decoded image: transparent and paper-coloured pixels -> 0."""
    if im.mode in ("I;16", "I;16B", "I;16L"):
        g, alpha = np.asarray(im, dtype=np.float32) / 65535, None
    elif im.mode in ("I", "F"):
        g = np.asarray(im, dtype=np.float32)
        top = g.max()
        g, alpha = (g / top if top > 1 else g), None
    elif "A" in im.getbands() or "transparency" in im.info:
        la = np.asarray(im.convert("RGBA").convert("LA"), dtype=np.float32) / 255
        g, alpha = la[..., 0], la[..., 1]
        if alpha.min() >= 1.0:
            alpha = None
    else:
        g, alpha = np.asarray(im.convert("L"), dtype=np.float32) / 255, None
    g = np.clip(g, 0.0, 1.0)
    if alpha is not None:
        seen = alpha > 0.5
        dark = seen.any() and float(np.median(g[seen])) < 0.5
        return (1.0 - g if dark else g) * alpha
    border = np.concatenate([g[0], g[-1], g[:, 0], g[:, -1]])
    paper = float(np.median(border))
    if paper > 0.5:  # dark ink on light paper
        g, paper = 1.0 - g, 1.0 - paper
    top = float(g.max())
    if top <= paper + 1e-6:
        return np.zeros_like(g)
    return np.clip((g - paper) / (top - paper), 0.0, 1.0)


def load_image(path: Path | str) -> np.ndarray:
    """A PNG/JPEG/... as a 2-D float32 array in [0, 1], ink 1.0 and background 0.0.

    Colour is turned to grey; transparent pixels are background; dark ink on light paper
    is inverted (judged from the median of the border pixels) and the paper level is
    stretched to 0. Raises `DataFileError` if the file cannot be read or decoded.
    """
    path = Path(path)
    try:
        with Image.open(path) as f:
            f.load()
            return _ink(ImageOps.exif_transpose(f))
    except FileNotFoundError as err:
        raise DataFileError(f"{path.name}: file not found in {path.parent}") from err
    except (UnidentifiedImageError, Image.DecompressionBombError) as err:
        raise DataFileError(f"{path.name}: not an image Pillow can read") from err
    except (OSError, SyntaxError, ValueError) as err:
        raise DataFileError(f"{path.name}: corrupt or truncated image ({err})") from err
