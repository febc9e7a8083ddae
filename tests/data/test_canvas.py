"""Digit preprocessing and image loading."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from nnviz.data import DataFileError, load_image, preprocess, sample_digits


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, np.ndarray]:
    return sample_digits(per_class=2)


def centre_of_mass(v: np.ndarray) -> tuple[float, float]:
    img = v.reshape(28, 28)
    i = np.arange(28)
    return img.sum(1) @ i / img.sum(), img.sum(0) @ i / img.sum()


def save_png(path, ink: np.ndarray, mode: str = "L"):
    Image.fromarray(np.round(ink * 255).astype(np.uint8)).convert(mode).save(path)
    return path


def test_mnist_digits_are_nearly_fixed_points(digits):
    X, _ = digits
    d = np.linalg.norm(np.array([preprocess(x.reshape(28, 28)) for x in X]) - X, axis=1)
    assert np.median(d) < 0.01 and (d / np.linalg.norm(X, axis=1)).max() < 0.05


def test_shifted_scaled_inverted_png_roundtrip(digits, tmp_path):
    X, _ = digits
    for x in X:
        big = np.kron(x.reshape(28, 28), np.ones((3, 3), np.float32))  # 84 x 84
        canvas = np.zeros((150, 200), np.float32)
        canvas[50:134, 10:94] = big
        path = save_png(tmp_path / "digit.png", 1.0 - canvas)  # dark ink, white paper
        img = load_image(path)
        assert img.shape == (150, 200) and img.dtype == np.float32
        assert img.min() >= 0.0 and img.max() <= 1.0 and img[0, 0] == 0.0
        v, ref = preprocess(img), preprocess(x.reshape(28, 28))
        assert v.shape == (784,) and v.dtype == np.float32
        assert np.linalg.norm(v - ref) < 0.2  # |ref| is about 10


def test_output_layout():
    stroke = np.zeros((60, 300))
    stroke[20:40, 30:250] = 1.0  # wide, flat, off centre
    v = preprocess(stroke).reshape(28, 28)
    rows, cols = np.flatnonzero(v.any(1)), np.flatnonzero(v.any(0))
    assert cols[-1] - cols[0] + 1 == 20 and rows[-1] - rows[0] + 1 <= 3
    assert np.allclose(centre_of_mass(v), (14, 14), atol=0.5)
    assert v.min() >= 0 and v.max() <= 1


def test_small_drawing_is_enlarged():
    img = np.zeros((280, 280), np.float32)
    img[100:110, 130:134] = 1.0
    v = preprocess(img).reshape(28, 28)
    assert np.flatnonzero(v.any(1)).size == 20
    assert np.allclose(centre_of_mass(v), (14, 14), atol=0.5)


def test_empty_and_faint_images():
    assert np.array_equal(preprocess(np.zeros((280, 280))), np.zeros(784, np.float32))
    assert not preprocess(np.full((40, 40), 0.01)).any()
    assert preprocess(np.zeros((1, 1))).shape == (784,)


def test_input_untouched_and_uint8():
    img = np.zeros((50, 50))
    img[10:30, 20:25] = 2.0
    before = img.copy()
    v = preprocess(img)
    assert np.array_equal(img, before) and v.max() == 1.0
    u8 = (img.clip(0, 1) * 255).astype(np.uint8)
    assert np.allclose(preprocess(u8), v)
    with pytest.raises(ValueError, match="2-D"):
        preprocess(np.zeros((28, 28, 3)))


def test_light_ink_on_dark_kept(tmp_path):
    ink = np.zeros((30, 40))
    ink[5:25, 10:14] = 1.0
    assert np.allclose(load_image(save_png(tmp_path / "a.png", ink)), ink)
    assert np.allclose(load_image(save_png(tmp_path / "b.jpg", ink, "RGB")), ink, atol=0.1)


def test_transparent_background(tmp_path):
    rgba = np.zeros((30, 40, 4), np.uint8)  # transparent everywhere ...
    rgba[5:25, 10:14] = (20, 20, 20, 255)  # ... but a dark opaque stroke
    Image.fromarray(rgba, "RGBA").save(tmp_path / "t.png")
    img = load_image(tmp_path / "t.png")
    assert img[0, 0] == 0.0 and img[10, 11] > 0.9
    rgba[5:25, 10:14] = (255, 255, 255, 255)  # a white stroke on transparent
    Image.fromarray(rgba, "RGBA").save(tmp_path / "w.png")
    assert load_image(tmp_path / "w.png")[10, 11] == 1.0


def test_corrupt_and_missing_image(tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image at all")
    with pytest.raises(DataFileError, match=r"bad\.png"):
        load_image(bad)
    good = save_png(tmp_path / "cut.png", np.random.default_rng(0).random((64, 64)))
    good.write_bytes(good.read_bytes()[:200])
    with pytest.raises(DataFileError, match=r"cut\.png"):
        load_image(good)
    with pytest.raises(DataFileError, match=r"nothere\.png"):
        load_image(tmp_path / "nothere.png")
