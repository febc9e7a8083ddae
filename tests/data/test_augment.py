"""Random digit distortions: shapes, identity at zero magnitude, mass, reproducibility."""

from __future__ import annotations

import time

import numpy as np
import pytest

from nnviz.data import sample_digits
from nnviz.data.augment import (
    AugmentParams,
    Transforms,
    apply_transforms,
    augment_digits,
    draw_transforms,
)


@pytest.fixture(scope="module")
def digits() -> np.ndarray:
    X, _ = sample_digits(per_class=5)
    return X


def _one(n: int, **kw: float) -> Transforms:
    """Per-image transforms with the given value for every image (others: identity)."""
    base = {"angle": 0.0, "zoom": 1.0, "shear": 0.0, "ty": 0.0, "tx": 0.0, "stroke": 0.0}
    base.update(kw)
    return Transforms(**{k: np.full(n, v) for k, v in base.items()})


def _bbox(img: np.ndarray) -> tuple[int, int, int, int]:
    rows, cols = np.flatnonzero(img.max(1) > 0.1), np.flatnonzero(img.max(0) > 0.1)
    return rows[0], rows[-1], cols[0], cols[-1]


def test_shape_dtype_range(digits: np.ndarray) -> None:
    out = augment_digits(digits, np.random.default_rng(0))
    assert out.shape == digits.shape and out.dtype == np.float32
    assert out.min() >= 0.0 and out.max() <= 1.0
    assert not np.shares_memory(out, digits)
    assert not np.allclose(out, digits)
    out64 = augment_digits(digits.astype(np.float64), np.random.default_rng(0))
    assert out64.dtype == np.float64
    assert augment_digits(digits[:0], np.random.default_rng(0)).shape == (0, 784)


def test_rejects_wrong_shape() -> None:
    with pytest.raises(ValueError, match="784"):
        augment_digits(np.zeros((3, 28, 28), np.float32), np.random.default_rng(0))


def test_zero_magnitudes_are_identity(digits: np.ndarray) -> None:
    out = augment_digits(digits, np.random.default_rng(5), AugmentParams.none())
    np.testing.assert_array_equal(out, digits)
    t = draw_transforms(len(digits), np.random.default_rng(5), AugmentParams.none())
    assert np.all(t.zoom == 1.0) and not np.any(t.angle) and not np.any(t.stroke)


def test_draws_stay_within_magnitudes() -> None:
    p = AugmentParams()
    t = draw_transforms(5000, np.random.default_rng(1), p)
    assert np.abs(np.rad2deg(t.angle)).max() <= p.rotation
    assert 1 - p.scale <= t.zoom.min() < 0.9 and 1.1 < t.zoom.max() <= 1 + p.scale
    assert np.abs(t.shear).max() <= p.shear
    assert max(np.abs(t.tx).max(), np.abs(t.ty).max()) <= p.shift
    assert -p.thin <= t.stroke.min() < 0 < t.stroke.max() <= p.thicken


def test_integer_shift_moves_pixels(digits: np.ndarray) -> None:
    out = apply_transforms(digits[:4], _one(4, ty=1.0, tx=-2.0)).reshape(4, 28, 28)
    src = digits[:4].reshape(4, 28, 28)
    np.testing.assert_allclose(out[:, 1:, :-2], src[:, :-1, 2:], atol=1e-6)


def test_rotation_and_shear_preserve_mass(digits: np.ndarray) -> None:
    rng = np.random.default_rng(2)
    p = AugmentParams(rotation=12, scale=0, shear=0.15, shift=2.5, thicken=0, thin=0)
    out = augment_digits(digits, rng, p)
    ratio = out.sum(1) / digits.sum(1)
    assert np.all(np.abs(ratio - 1) < 0.08), ratio


def test_scale_changes_mass_by_area(digits: np.ndarray) -> None:
    out = apply_transforms(digits, _one(len(digits), zoom=1.1))
    ratio = out.sum(1) / digits.sum(1)
    np.testing.assert_allclose(np.median(ratio), 1.21, atol=0.06)


def test_default_mass_roughly_preserved(digits: np.ndarray) -> None:
    out = augment_digits(digits, np.random.default_rng(3))
    ratio = out.sum(1) / digits.sum(1)
    # a thin "1" may double its ink when thickened; on the whole, ink is kept
    assert np.all((ratio > 0.4) & (ratio < 2.5)), ratio
    assert 0.85 < np.median(ratio) < 1.3


def test_stroke_thickens_and_thins(digits: np.ndarray) -> None:
    n = len(digits)
    thick = apply_transforms(digits, _one(n, stroke=0.7))
    thin = apply_transforms(digits, _one(n, stroke=-0.4))
    assert np.all(thick.sum(1) > digits.sum(1)) and np.all(thin.sum(1) < digits.sum(1))
    assert np.all(thick >= digits - 1e-7) and np.all(thin <= digits + 1e-7)


def test_digits_stay_inside_the_frame(digits: np.ndarray) -> None:
    n = len(digits)
    out = apply_transforms(digits, _one(n, tx=8.0, ty=-8.0, zoom=1.15, angle=0.2))
    # a shift that would push the ink off the edge is shortened: no ink is lost
    ratio = out.sum(1) / digits.sum(1)
    np.testing.assert_allclose(ratio, 1.15**2, rtol=0.06)
    moved = [(_bbox(o)[3] - _bbox(d)[3], _bbox(o)[0] - _bbox(d)[0]) for o, d in _pairs(out, digits)]
    assert np.mean([dx for dx, _ in moved]) > 1.0 and np.mean([dy for _, dy in moved]) < -1.0


def _pairs(a: np.ndarray, b: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    return list(zip(a.reshape(-1, 28, 28), b.reshape(-1, 28, 28), strict=True))


def test_reproducible_with_a_seed(digits: np.ndarray) -> None:
    a = augment_digits(digits, np.random.default_rng(7))
    b = augment_digits(digits, np.random.default_rng(7))
    c = augment_digits(digits, np.random.default_rng(8))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_empty_images_stay_empty() -> None:
    X = np.zeros((5, 784), np.float32)
    np.testing.assert_array_equal(augment_digits(X, np.random.default_rng(0)), X)


def test_fast_enough_for_a_training_batch(digits: np.ndarray) -> None:
    X = np.resize(digits, (128, 784)).astype(np.float32)
    rng = np.random.default_rng(0)
    augment_digits(X, rng)
    best = min(_timed(augment_digits, X, rng) for _ in range(20))
    assert best < 0.02, f"{best * 1e3:.1f} ms per batch of 128"


def _timed(f: object, *args: object) -> float:
    t = time.perf_counter()
    f(*args)  # type: ignore[operator]
    return time.perf_counter() - t
