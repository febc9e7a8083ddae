"""Fuzz every file reader the app uses: bad input gives one-line ModelFileError /
DataFileError, never another exception, a hang or a huge allocation."""

from __future__ import annotations

import gzip
import io
import json
import math
import os
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnviz.data import DataFileError, load_csv, load_image
from nnviz.data.mnist import IMAGES_MAGIC, LABELS_MAGIC, read_idx
from nnviz.engine import ModelFileError, Network, load_model

# NNVIZ_FUZZ_EXAMPLES=5000 searches harder (the suite default keeps this file at a few seconds).
FUZZ = settings(
    max_examples=int(os.environ.get("NNVIZ_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def flipped_bytes(good: bytes, start: int = 0, max_size: int = 8) -> st.SearchStrategy[bytes]:
    """`good` with up to `max_size` bytes at offsets >= `start` set to random values."""

    def flip(flips: list[tuple[int, int]]) -> bytes:
        raw = bytearray(good)
        for i, v in flips:
            raw[i] = v
        return bytes(raw)

    offsets = st.tuples(st.integers(start, len(good) - 1), st.integers(0, 255))
    return st.lists(offsets, max_size=max_size).map(flip)


def one_line(err: Exception) -> None:
    text = str(err)
    assert text and "\n" not in text, repr(text)
    assert "Traceback" not in text


def _good_model_bytes() -> bytes:
    net = Network([4, 3, 2], activation="tanh", seed=0)
    buf = io.BytesIO()
    header = {"format": "nnviz-model", "version": 1, **net.config(), "meta": {}}
    arrays = {"header": np.array(json.dumps(header))}
    for k, L in enumerate(net.layers):
        arrays[f"W{k}"], arrays[f"b{k}"] = L.W, L.b
    np.savez(buf, **arrays)
    return buf.getvalue()


GOOD_MODEL = _good_model_bytes()
GOOD_HEADER = {
    "format": "nnviz-model",
    "version": 1,
    "sizes": [4, 3, 2],
    "activation": "tanh",
    "output": "softmax",
    "loss": "cross_entropy",
    "dtype": "float32",
}


def _load_model_expecting_error(path: Path) -> None:
    try:
        net = load_model(path)
    except ModelFileError as e:
        one_line(e)
    else:  # a file that loads must be a usable network
        assert np.all(np.isfinite(net.theta))
        net.forward(np.zeros((1, net.sizes[0]), dtype=np.float32))


# ---- model files -------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=2000))
def test_model_random_bytes(tmp_path, data):
    p = tmp_path / "m.npz"
    p.write_bytes(data)
    with pytest.raises(ModelFileError) as e:
        load_model(p)
    one_line(e.value)


@FUZZ
@given(st.integers(0, len(GOOD_MODEL) - 1))
def test_model_truncated(tmp_path, cut):
    """A file cut short is refused, or (cut after the model's own members) loads intact."""
    p = tmp_path / "m.npz"
    p.write_bytes(GOOD_MODEL[:cut])
    try:
        net = load_model(p)
    except ModelFileError as e:
        one_line(e)
    else:
        p.write_bytes(GOOD_MODEL)
        np.testing.assert_array_equal(net.theta, load_model(p).theta)


@FUZZ
@given(flipped_bytes(GOOD_MODEL, max_size=8))
def test_model_flipped_bytes(tmp_path, data):
    p = tmp_path / "m.npz"
    p.write_bytes(data)
    _load_model_expecting_error(p)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
header_edits = st.dictionaries(
    st.sampled_from([*GOOD_HEADER, "meta", "extra"]),
    json_values
    | st.lists(st.integers(-3, 2_000_000), max_size=5)
    | st.sampled_from(["relu", "softmax", "mse", "float64", "int8", "object", "nnviz-model"]),
    max_size=4,
)
arrays_st = st.one_of(
    st.integers(0, 5).flatmap(
        lambda n: st.builds(lambda s: np.zeros(s), st.tuples(*[st.integers(0, 5)] * n))
    ),
    st.builds(lambda v: np.full((3, 4), v), st.sampled_from([np.nan, np.inf, -np.inf, 1e300])),
    st.builds(lambda v: np.full(3, v), st.sampled_from([np.nan, np.inf, 0.5])),
    st.just(np.array(["text", "array"])),
    st.just(np.zeros((3, 4), dtype=np.complex64)),
    st.just(np.zeros((3, 4), dtype=bool)),
)


@FUZZ
@given(
    header_edits,
    st.dictionaries(st.sampled_from(["W0", "b0", "W1", "b1", "W2", "x"]), arrays_st, max_size=4),
    st.booleans(),
)
def test_model_bad_headers_and_arrays(tmp_path, edits, replaced, keep_good_arrays):
    header = {**GOOD_HEADER, **edits}
    net = Network([4, 3, 2], activation="tanh", seed=0)
    arrays: dict[str, np.ndarray] = {}
    if keep_good_arrays:
        for k, L in enumerate(net.layers):
            arrays[f"W{k}"], arrays[f"b{k}"] = L.W, L.b
    arrays.update(replaced)
    try:
        text = json.dumps(header)
    except (TypeError, ValueError):
        text = "{not json"
    p = tmp_path / "m.npz"
    np.savez(p, header=np.array(text), **arrays)
    _load_model_expecting_error(p)


@pytest.mark.parametrize(
    "header",
    [
        "{not json",
        "[]",
        "null",
        json.dumps({**GOOD_HEADER, "sizes": [60_000, 60_000]}),  # huge but tiny file
        json.dumps({**GOOD_HEADER, "sizes": [999_999, 999_999, 2]}),
        json.dumps({**GOOD_HEADER, "sizes": [4, -3, 2]}),
        json.dumps({**GOOD_HEADER, "sizes": "4,3,2"}),
        json.dumps({**GOOD_HEADER, "version": "1"}),
        json.dumps({**GOOD_HEADER, "dtype": "object"}),
    ],
)
def test_model_hostile_headers(tmp_path, header):
    p = tmp_path / "m.npz"
    np.savez(p, header=np.array(header), W0=np.zeros((3, 4)), b0=np.zeros(3))
    with pytest.raises(ModelFileError) as e:
        load_model(p)
    one_line(e.value)


def test_model_nan_weights(tmp_path):
    net = Network([4, 3, 2], seed=0)
    net.layers[1].W[0, 0] = np.nan
    net.save(tmp_path / "m.npz")
    with pytest.raises(ModelFileError, match="NaN"):
        load_model(tmp_path / "m.npz")


def test_model_values_too_big_for_float32(tmp_path):
    net = Network([4, 3, 2], activation="tanh", seed=0)
    p = tmp_path / "m.npz"
    header = np.array(json.dumps(GOOD_HEADER))
    W0 = np.full((3, 4), 1e300)
    np.savez(p, header=header, W0=W0, b0=net.layers[0].b, W1=net.layers[1].W, b1=net.layers[1].b)
    with pytest.raises(ModelFileError, match="infinite"):
        load_model(p)


def test_model_pickled_object_array_is_refused(tmp_path):
    p = tmp_path / "m.npz"
    np.savez(p, header=np.array(json.dumps(GOOD_HEADER)), W0=np.array([{"x": 1}], dtype=object))
    with pytest.raises(ModelFileError):
        load_model(p)


# ---- CSV ---------------------------------------------------------------------------------

cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-5, 5).map(str),
    st.sampled_from(["", "NA", "nan", "?", "cat", "dog", '"q,uoted"', "1e400", "-", "#"]),
    st.text(max_size=6),
)
rows = st.lists(st.lists(cells, min_size=0, max_size=5), max_size=12)


@FUZZ
@given(rows, st.sampled_from([",", ";", "\t", " "]))
def test_csv_random_tables(tmp_path, table, delimiter):
    p = tmp_path / "d.csv"
    p.write_text("\n".join(delimiter.join(r) for r in table), encoding="utf-8")
    try:
        X, y, names = load_csv(p)
    except DataFileError as e:
        one_line(e)
    else:
        assert X.ndim == 2 and len(X) == len(y) and np.all(np.isfinite(X))
        assert len(names) >= 2 and y.min() >= 0 and y.max() < len(names)


@FUZZ
@given(st.binary(max_size=1000))
def test_csv_random_bytes(tmp_path, data):
    p = tmp_path / "d.csv"
    p.write_bytes(data)
    try:
        load_csv(p)
    except DataFileError as e:
        one_line(e)


# ---- images ------------------------------------------------------------------------------


def _png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray((np.arange(28 * 28) % 256).astype(np.uint8).reshape(28, 28)).save(buf, "PNG")
    return buf.getvalue()


GOOD_PNG = _png_bytes()


@FUZZ
@given(st.binary(max_size=1500) | st.integers(0, len(GOOD_PNG) - 1).map(lambda n: GOOD_PNG[:n]))
def test_image_random_or_truncated(tmp_path, data):
    img = _load_image_bytes(tmp_path, data)
    if img is not None:
        assert img.ndim == 2 and np.all(np.isfinite(img))


@FUZZ
@given(flipped_bytes(GOOD_PNG, start=8, max_size=6))
def test_image_flipped_bytes(tmp_path, data):
    img = _load_image_bytes(tmp_path, data)
    if img is not None:
        assert img.ndim == 2


def _load_image_bytes(tmp_path, data: bytes):
    """load_image on these bytes: the image, or None after a one-line DataFileError."""
    p = tmp_path / "digit.png"
    p.write_bytes(data)
    try:
        return load_image(p)
    except DataFileError as e:
        one_line(e)
        return None


@pytest.mark.parametrize("size", [(1, 1), (1, 5000), (3000, 2)])
def test_image_odd_sizes(tmp_path, size):
    from PIL import Image

    from nnviz.data import preprocess

    p = tmp_path / "odd.png"
    Image.new("L", size, 255).save(p)
    try:
        x = preprocess(load_image(p))
    except DataFileError as e:
        one_line(e)
    else:
        assert x.shape == (784,) and np.all(np.isfinite(x))


def test_image_decompression_bomb(tmp_path):
    """A small PNG claiming a gigantic canvas is refused, not decoded."""
    import zlib

    w = h = 60_000
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
    p = tmp_path / "bomb.png"
    p.write_bytes(png + chunk(b"IEND", b""))
    with pytest.raises(DataFileError) as e:
        load_image(p)
    one_line(e.value)


# ---- IDX (MNIST) -------------------------------------------------------------------------


def _idx(magic: int, dims: list[int], payload: bytes) -> bytes:
    return gzip.compress(
        struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims) + payload
    )


@FUZZ
@given(
    st.sampled_from([IMAGES_MAGIC, LABELS_MAGIC]),
    st.integers(0, 2**32 - 1) | st.sampled_from([IMAGES_MAGIC, LABELS_MAGIC]),
    st.lists(st.integers(0, 2**32 - 1) | st.integers(0, 30), max_size=4),
    st.binary(max_size=3000),
    st.booleans(),
)
def test_idx_fuzz(tmp_path, expected, magic, dims, payload, gzipped):
    raw = _idx(magic, dims, payload)
    p = tmp_path / "f.gz"
    p.write_bytes(raw if gzipped else gzip.decompress(raw))
    try:
        data = read_idx(p, expected)
    except DataFileError as e:
        one_line(e)
    else:
        assert data.dtype == np.uint8
        assert data.ndim == (3 if expected == IMAGES_MAGIC else 1)


@FUZZ
@given(st.binary(max_size=500))
def test_idx_random_bytes(tmp_path, data):
    p = tmp_path / "f.gz"
    p.write_bytes(data)
    with pytest.raises(DataFileError) as e:
        read_idx(p, IMAGES_MAGIC)
    one_line(e.value)


def test_idx_huge_claimed_size(tmp_path):
    """A header claiming 4 billion images with no data fails fast."""
    p = tmp_path / "f.gz"
    p.write_bytes(_idx(IMAGES_MAGIC, [2**32 - 1, 28, 28], b""))
    with pytest.raises(DataFileError, match="needs") as e:
        read_idx(p, IMAGES_MAGIC)
    one_line(e.value)
    assert math.isfinite(len(str(e.value)))
