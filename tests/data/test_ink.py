"""The drawing pad's Qt-free ink model."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.data.ink import CANVAS, fit_to_square, ink_array, mnist_to_canvas, to_gray


def test_ink_array_same_side_is_a_rescale() -> None:
    g = np.arange(CANVAS * CANVAS, dtype=np.int64).reshape(CANVAS, CANVAS) % 256
    a = ink_array(g.astype(np.uint8))
    assert a.shape == (CANVAS, CANVAS) and a.dtype == np.float32
    np.testing.assert_allclose(a, g / 255, atol=1e-6)


@pytest.mark.parametrize("side", [560, 420, 350])
def test_ink_array_downsamples_hidpi_images(side: int) -> None:
    g = np.zeros((side, side), np.uint8)
    g[side // 4 : side // 2, side // 4 : side // 2] = 255
    a = ink_array(g)
    assert a.shape == (CANVAS, CANVAS)
    assert a.sum() == pytest.approx(g.sum() / 255 * (CANVAS / side) ** 2, rel=0.02)
    assert a.max() == pytest.approx(1.0)


def test_ink_array_rejects_non_square() -> None:
    with pytest.raises(ValueError):
        ink_array(np.zeros((10, 12), np.uint8))


def test_to_gray_round_trip() -> None:
    a = np.linspace(-0.5, 1.5, 101, dtype=np.float32).reshape(1, -1)
    g = to_gray(a)
    assert g.dtype == np.uint8 and g.min() == 0 and g.max() == 255


def test_fit_to_square_keeps_aspect_and_centres() -> None:
    img = np.ones((10, 40), np.float32)
    out = fit_to_square(img, 100, margin=0.1)
    rows, cols = np.flatnonzero(out.any(axis=1)), np.flatnonzero(out.any(axis=0))
    assert (cols[0], cols[-1]) == (10, 89)
    assert rows.size == 20 and abs((rows[0] + rows[-1]) / 2 - 49.5) <= 0.5
    with pytest.raises(ValueError):
        fit_to_square(np.zeros((0, 3)), 10)


def test_mnist_to_canvas_fills_the_canvas() -> None:
    x = np.zeros(784, np.float32)
    x.reshape(28, 28)[4:24, 13:15] = 1.0
    big = mnist_to_canvas(x, 280)
    assert big.shape == (280, 280)
    assert big[140, 140] == pytest.approx(1.0) and big[140, 10] == 0.0
    # coming back through preprocess gives a thin vertical bar again
    from nnviz.data import preprocess

    back = preprocess(big).reshape(28, 28)
    assert back[:, 14].sum() > back[:, 4].sum()
