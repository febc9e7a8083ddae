"""Saliency: the engine's input gradient, and its pull-back through preprocess."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.analysis.saliency import (
    preprocess_geometry,
    saliency,
    saliency_on_canvas,
    saliency_rgba,
)
from nnviz.data import preprocess
from nnviz.data.canvas import SIZE
from nnviz.engine import Network


def _stroke_image(seed: int, side: int = 280) -> np.ndarray:
    """A random blobby drawing with soft edges."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:side, :side].astype(np.float32)
    img = np.zeros((side, side), np.float32)
    for _ in range(rng.integers(1, 5)):
        cy, cx = rng.uniform(40, side - 40, 2)
        ry, rx = rng.uniform(6, 60, 2)
        img = np.maximum(img, np.clip(1.5 - ((yy - cy) / ry) ** 2 - ((xx - cx) / rx) ** 2, 0, 1))
    return img


def _field(img: np.ndarray) -> np.ndarray:
    """Rebuild preprocess(img) from the geometry alone: the resized crop pasted at (y0, x0)."""
    from PIL import Image

    g = preprocess_geometry(img)
    assert g is not None
    crop = img[g.r0 : g.r0 + g.h, g.c0 : g.c0 + g.w]
    if (g.nh, g.nw) != (g.h, g.w):
        method = Image.Resampling.BOX if g.nh < g.h or g.nw < g.w else Image.Resampling.BILINEAR
        crop = np.asarray(Image.fromarray(crop).resize((g.nw, g.nh), method))
    big = np.zeros((SIZE + 2 * 40, SIZE + 2 * 40), np.float32)
    big[40 + g.y0 : 40 + g.y0 + g.nh, 40 + g.x0 : 40 + g.x0 + g.nw] = np.clip(crop, 0, 1)
    return big[40:-40, 40:-40].ravel()


@pytest.mark.parametrize("seed", range(8))
def test_geometry_reproduces_preprocess(seed: int) -> None:
    img = _stroke_image(seed)
    np.testing.assert_allclose(_field(img), preprocess(img), atol=1e-6)


def test_geometry_of_empty_image_is_none() -> None:
    assert preprocess_geometry(np.zeros((280, 280), np.float32)) is None
    assert not saliency_on_canvas(np.ones(784), None, (280, 280)).any()


def test_saliency_is_the_input_gradient() -> None:
    net = Network([784, 16, 10], seed=3, dtype=np.float64)
    x = preprocess(_stroke_image(1))
    for c in (0, 7):
        g = saliency(net, x, c)
        assert g.shape == (784,)
        np.testing.assert_array_equal(g, net.input_gradient(x, c))
    # finite differences on a few pixels
    h = 1e-6
    for i in np.flatnonzero(x)[:5]:
        e = np.zeros(784)
        e[i] = h
        zp = net.forward_all(x + e)[-1][0][0, 3]
        zm = net.forward_all(x - e)[-1][0][0, 3]
        assert abs((zp - zm) / (2 * h) - saliency(net, x, 3)[i]) < 1e-6
    with pytest.raises(ValueError):
        saliency(net, x, 10)


def test_canvas_saliency_shape_and_support() -> None:
    """Zero on the canvas wherever the 28x28 gradient (and its neighbours) is zero."""
    net = Network([784, 16, 10], seed=0, dtype=np.float64)
    net.layers[0].W.reshape(16, 28, 28)[:, :, :14] = 0.0  # left half of the field is ignored
    img = _stroke_image(2)
    x = preprocess(img)
    g28 = saliency(net, x, 5)
    assert not g28.reshape(28, 28)[:, :14].any() and g28.any()
    geom = preprocess_geometry(img)
    on_canvas = saliency_on_canvas(g28, geom, img.shape)
    assert on_canvas.shape == img.shape and on_canvas.dtype == np.float32
    u, v = geom.to_field(np.arange(280.0), np.arange(280.0))
    dead_cols = v < 12.5  # bilinear reach: one field pixel
    assert not on_canvas[:, dead_cols].any()
    outside = (u < -1)[:, None] | (u > 28)[:, None] | (v < -1)[None, :] | (v > 28)[None, :]
    assert not on_canvas[outside].any()
    live = (v > 14.5)[None, :] & ((u > 0) & (u < 27))[:, None]
    assert np.abs(on_canvas[live]).max() > 0


def test_canvas_saliency_samples_the_field_at_pixel_centres() -> None:
    img = np.zeros((280, 280), np.float32)
    img[40:240, 100:180] = 1.0  # 200 x 80 -> 20 x 8 in the field
    geom = preprocess_geometry(img)
    assert (geom.nh, geom.nw) == (20, 8)
    rng = np.random.default_rng(0)
    g = rng.normal(size=784)
    field = g.reshape(28, 28)
    on_canvas = saliency_on_canvas(g, geom, img.shape)
    scale = (20 / 200) * (8 / 80)
    for r, c in rng.integers(0, 280, size=(40, 2)):
        u = (r - 40 + 0.5) * 0.1 - 0.5 + geom.y0
        v = (c - 100 + 0.5) * 0.1 - 0.5 + geom.x0
        i, j = int(np.floor(u)), int(np.floor(v))
        fu, fv = u - i, v - j

        def at(y: int, x: int) -> float:
            return float(field[y, x]) if 0 <= y < 28 and 0 <= x < 28 else 0.0

        ref = (1 - fu) * ((1 - fv) * at(i, j) + fv * at(i, j + 1)) + fu * (
            (1 - fv) * at(i + 1, j) + fv * at(i + 1, j + 1)
        )
        assert on_canvas[r, c] == pytest.approx(scale * ref, abs=1e-6)


def test_coarse_output_grid_samples_the_same_map() -> None:
    img = _stroke_image(4)
    geom = preprocess_geometry(img)
    g = np.random.default_rng(1).normal(size=784)
    full = saliency_on_canvas(g, geom, img.shape)
    half = saliency_on_canvas(g, geom, img.shape, out_shape=(140, 140))
    assert half.shape == (140, 140)
    # half-grid pixel i covers full pixels 2i, 2i+1: bilinear is linear within a field cell,
    # so the sample at their mid-point is their mean except where a cell edge lies between
    mean = full.reshape(140, 2, 140, 2).mean(axis=(1, 3))
    close = np.isclose(half, mean, atol=1e-6 * np.abs(full).max())
    assert close.mean() > 0.8
    np.testing.assert_allclose(half, mean, atol=0.2 * np.abs(full).max())


def test_rgba_colours_and_alpha() -> None:
    s = np.array([[1.0, -0.5], [0.0, -1.0]], np.float32)
    rgba = saliency_rgba(s, strength=1.0)
    assert rgba.shape == (2, 2, 4) and rgba.dtype == np.uint8
    assert tuple(rgba[0, 0, :3]) == (215, 48, 39) and rgba[0, 0, 3] == 255
    assert tuple(rgba[1, 1, :3]) == (33, 102, 172) and rgba[1, 1, 3] == 255
    assert rgba[0, 1, 3] == 128 and rgba[1, 0, 3] == 0
    assert not saliency_rgba(np.zeros((3, 3))).any()


def test_drawing_model_modules_are_qt_free() -> None:
    import subprocess
    import sys

    code = (
        "import sys, nnviz.analysis.saliency, nnviz.data.ink, nnviz.data.pretrained\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph')))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
