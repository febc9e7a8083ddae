"""A few real digits for the gallery: MNIST test images, or the copy shipped in resources.

Also `resource_path`, which finds files under `resources/` in a source checkout, an
installed wheel (`nnviz/resources/`) or a frozen bundle.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from nnviz.data.errors import DataFileError
from nnviz.data.mnist import IMAGES_MAGIC, LABELS_MAGIC, TEST, find_mnist, read_idx

SAMPLES_FILE = ("samples", "digits.npz")


def resource_path(*parts: str) -> Path:
    """Path of `resources/<parts...>`: the first root where it exists, else the checkout's."""
    package = Path(__file__).resolve().parents[1]
    roots = [package.parent / "resources", package / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.insert(0, Path(bundle) / "resources")
    for root in roots:
        if root.joinpath(*parts).exists():
            return root.joinpath(*parts)
    return roots[-2].joinpath(*parts)


def _pick(images: np.ndarray, labels: np.ndarray, per_class: int) -> tuple[np.ndarray, np.ndarray]:
    """The first `per_class` images of each digit 0..9, grouped by class."""
    idx = np.concatenate([np.flatnonzero(labels == c)[:per_class] for c in range(10)])
    X = np.multiply(images[idx].reshape(len(idx), 784), np.float32(1 / 255), dtype=np.float32)
    return X, labels[idx].astype(np.int64)


def _shipped() -> tuple[np.ndarray, np.ndarray]:
    path = resource_path(*SAMPLES_FILE)
    try:
        with np.load(path) as f:
            return f["images"], f["labels"]
    except (OSError, KeyError, ValueError) as err:
        raise DataFileError(f"{path.name}: cannot read the shipped sample digits ({err})") from err


def sample_digits(
    per_class: int = 3, data_dir: Path | str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """`(images, labels)`: float32 (n, 784) in [0, 1] and int64 (n,), sorted by digit.

    Taken from the MNIST test set when it is on disk (`data_dir`, NNVIZ_DATA_DIR or the
    user cache; never downloaded), else from `resources/samples/digits.npz`, which holds
    5 per class (so n may be less than 10 * per_class).
    """
    if per_class < 1:
        raise ValueError(f"per_class must be >= 1, got {per_class}")
    folder = find_mnist(data_dir, TEST)
    if folder is not None:
        try:
            images = read_idx(folder / TEST[0], IMAGES_MAGIC)
            labels = read_idx(folder / TEST[1], LABELS_MAGIC)
            if len(images) == len(labels):
                return _pick(images, labels, per_class)
        except DataFileError:
            pass  # a broken local copy: the shipped samples still work
    return _pick(*_shipped(), per_class)
