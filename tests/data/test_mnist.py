"""IDX reader on synthetic files, lookup order, and the real MNIST files."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from nnviz.data import DataFileError, load_mnist
from nnviz.data.mnist import IMAGES_MAGIC, LABELS_MAGIC, TEST, TRAIN, read_idx, read_pair


def idx_bytes(magic: int, dims: tuple[int, ...], data: np.ndarray) -> bytes:
    return struct.pack(f">I{len(dims)}I", magic, *dims) + np.asarray(data, np.uint8).tobytes()


def write_gz(path: Path, raw: bytes) -> Path:
    path.write_bytes(gzip.compress(raw))
    return path


def write_set(folder: Path, n_train: int, n_test: int, seed: int = 0) -> Path:
    """A tiny MNIST-shaped data set with all four files."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for (images, labels), n in ((TRAIN, n_train), (TEST, n_test)):
        X = rng.integers(0, 256, (n, 28, 28))
        write_gz(folder / images, idx_bytes(IMAGES_MAGIC, (n, 28, 28), X))
        write_gz(folder / labels, idx_bytes(LABELS_MAGIC, (n,), np.arange(n) % 10))
    return folder


def test_read_good_files(tmp_path):
    X = np.arange(3 * 784).reshape(3, 28, 28) % 256
    images = read_idx(
        write_gz(tmp_path / "i.gz", idx_bytes(IMAGES_MAGIC, (3, 28, 28), X)), IMAGES_MAGIC
    )
    labels = read_idx(
        write_gz(tmp_path / "l.gz", idx_bytes(LABELS_MAGIC, (3,), [7, 0, 9])), LABELS_MAGIC
    )
    assert images.dtype == np.uint8 and np.array_equal(images, X)
    assert np.array_equal(labels, [7, 0, 9])


@pytest.mark.parametrize(
    "raw, magic, words",
    [
        (idx_bytes(LABELS_MAGIC, (3,), [1, 2, 3]), IMAGES_MAGIC, "wrong magic number 2049"),
        (idx_bytes(IMAGES_MAGIC, (1, 28, 28), np.zeros(784)), LABELS_MAGIC, "wrong magic"),
        (idx_bytes(IMAGES_MAGIC, (2, 32, 32), np.zeros(2048)), IMAGES_MAGIC, "32x32"),
        (idx_bytes(IMAGES_MAGIC, (3, 28, 28), np.zeros(2 * 784)), IMAGES_MAGIC, "needs 2352"),
        (idx_bytes(LABELS_MAGIC, (4,), [1, 2, 3]), LABELS_MAGIC, "header 4 needs 4"),
        (idx_bytes(LABELS_MAGIC, (2,), [1, 2, 3]), LABELS_MAGIC, "3 data bytes"),
        (idx_bytes(LABELS_MAGIC, (2,), [1, 12]), LABELS_MAGIC, "label 12"),
        (struct.pack(">II", IMAGES_MAGIC, 5), IMAGES_MAGIC, "truncated header"),
        (b"\x00\x00", LABELS_MAGIC, "too short"),
    ],
)
def test_bad_contents(tmp_path, raw, magic, words):
    path = write_gz(tmp_path / "bad-idx1-ubyte.gz", raw)
    with pytest.raises(DataFileError, match=words) as err:
        read_idx(path, magic)
    assert str(err.value).startswith("bad-idx1-ubyte.gz:") and "\n" not in str(err.value)


def test_truncated_gzip(tmp_path):
    gz = gzip.compress(idx_bytes(LABELS_MAGIC, (500,), np.arange(500) % 10))
    path = tmp_path / "cut.gz"
    path.write_bytes(gz[: len(gz) // 2])
    with pytest.raises(DataFileError, match=r"cut\.gz: truncated or corrupt"):
        read_idx(path, LABELS_MAGIC)


def test_not_gzip_and_missing(tmp_path):
    path = tmp_path / "plain.gz"
    path.write_bytes(idx_bytes(LABELS_MAGIC, (2,), [1, 2]))
    with pytest.raises(DataFileError, match=r"plain\.gz"):
        read_idx(path, LABELS_MAGIC)
    with pytest.raises(DataFileError, match=r"nothere\.gz: file not found"):
        read_idx(tmp_path / "nothere.gz", LABELS_MAGIC)


def test_count_mismatch(tmp_path):
    write_gz(tmp_path / "i.gz", idx_bytes(IMAGES_MAGIC, (2, 28, 28), np.zeros(2 * 784)))
    write_gz(tmp_path / "l.gz", idx_bytes(LABELS_MAGIC, (3,), [1, 2, 3]))
    with pytest.raises(DataFileError, match=r"2 images but l\.gz has 3 labels"):
        read_pair(tmp_path, "i.gz", "l.gz")


def test_lookup_order(tmp_path, monkeypatch, isolated):
    """data_dir, then NNVIZ_DATA_DIR (or its mnist/ subfolder), then the user cache."""
    write_set(isolated, 4, 2)
    assert len(load_mnist()[0]) == 4
    monkeypatch.setenv("NNVIZ_DATA_DIR", str(tmp_path / "env"))
    write_set(tmp_path / "env" / "mnist", 3, 2)
    assert len(load_mnist()[0]) == 3
    X_train, y_train, X_test, _ = load_mnist(write_set(tmp_path / "arg", 5, 1))
    assert X_train.shape == (5, 784) and X_test.shape == (1, 784)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64
    assert X_train.min() >= 0.0 and X_train.max() <= 1.0


def test_explicit_dir_must_hold_files(tmp_path):
    with pytest.raises(DataFileError, match=r"lacks train-images-idx3-ubyte\.gz"):
        load_mnist(tmp_path)


def test_changed_files_are_reread(tmp_path):
    folder = write_set(tmp_path / "set", 2, 1)
    assert len(load_mnist(folder)[0]) == 2
    write_set(folder, 6, 1)
    assert len(load_mnist(folder)[0]) == 6


def test_real_mnist(shared, monkeypatch):
    monkeypatch.setenv("NNVIZ_DATA_DIR", str(shared))
    X_train, y_train, X_test, y_test = load_mnist()
    assert X_train.shape == (60000, 784) and y_train.shape == (60000,)
    assert X_test.shape == (10000, 784) and y_test.shape == (10000,)
    assert X_train.dtype == np.float32 and y_test.dtype == np.int64
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    assert np.array_equal(
        np.bincount(y_test), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    )
    assert load_mnist(shared)[0] is X_train
    assert not X_train.flags.writeable
