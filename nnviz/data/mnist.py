"""MNIST: read the original gzip IDX files, find them on disk or download them.

IDX format (big-endian): a uint32 magic `0x0000 TT NN` (TT = 0x08 for unsigned bytes,
NN = number of dimensions), NN uint32 sizes, then the data in C order.
Images have magic 2051 (3 dimensions, n x 28 x 28), labels 2049 (1 dimension, n).
"""

from __future__ import annotations

import functools
import gzip
import os
import zlib
from pathlib import Path

import numpy as np

from nnviz.data.download import (
    MNIST_FILES,
    Progress,
    default_cache_dir,
    download_mnist,
    import_mnist,
)
from nnviz.data.errors import DataFileError

IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049
TRAIN = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
TEST = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


def read_idx(path: Path | str, magic: int) -> np.ndarray:
    """Decode a gzip IDX file of unsigned bytes; `magic` is 2051 (images) or 2049 (labels).

    Images come back as uint8 (n, 28, 28), labels as uint8 (n,) with values 0..9.
    Raises `DataFileError` naming the file for anything unexpected.
    """
    path = Path(path)
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError as err:
        raise DataFileError(f"{path.name}: file not found in {path.parent}") from err
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        raise DataFileError(f"{path.name}: truncated or corrupt gzip data ({err})") from err
    except OSError as err:
        raise DataFileError(f"{path.name}: cannot read ({err.strerror or err})") from err
    ndim = 3 if magic == IMAGES_MAGIC else 1
    header = 4 * (1 + ndim)
    if len(raw) < 4:
        raise DataFileError(f"{path.name}: too short to be an IDX file ({len(raw)} bytes)")
    found = int.from_bytes(raw[:4], "big")
    if found != magic:
        raise DataFileError(
            f"{path.name}: wrong magic number {found}, expected {magic} "
            f"({'images' if magic == IMAGES_MAGIC else 'labels'} file)"
        )
    if len(raw) < header:
        raise DataFileError(f"{path.name}: truncated header")
    shape = tuple(int(d) for d in np.frombuffer(raw, ">u4", count=ndim, offset=4))
    if ndim == 3 and shape[1:] != (28, 28):
        raise DataFileError(f"{path.name}: images are {shape[1]}x{shape[2]}, expected 28x28")
    expected = int(np.prod(shape))
    if len(raw) - header != expected:
        raise DataFileError(
            f"{path.name}: {len(raw) - header} data bytes, header "
            f"{'x'.join(map(str, shape))} needs {expected}"
        )
    data = np.frombuffer(raw, np.uint8, offset=header).reshape(shape)
    if ndim == 1 and data.size and data.max() > 9:
        raise DataFileError(f"{path.name}: label {int(data.max())} outside 0..9")
    return data


def read_pair(folder: Path, images: str, labels: str) -> tuple[np.ndarray, np.ndarray]:
    """Read matching image and label files; their counts must agree."""
    X = read_idx(folder / images, IMAGES_MAGIC)
    y = read_idx(folder / labels, LABELS_MAGIC)
    if len(X) != len(y):
        raise DataFileError(f"{images}: {len(X)} images but {labels} has {len(y)} labels")
    return X, y


def _has(folder: Path, names: tuple[str, ...] | list[str]) -> bool:
    return all((folder / n).is_file() for n in names)


def _candidates(data_dir: Path | str | None) -> list[Path]:
    """Folders to search, in order: `data_dir` (alone if given), NNVIZ_DATA_DIR, the cache."""
    if data_dir is not None:
        roots = [Path(data_dir)]
    else:
        env = os.environ.get("NNVIZ_DATA_DIR")
        roots = ([Path(env)] if env else []) + [default_cache_dir()]
    return [d for root in roots for d in (root, root / "mnist")]


def find_mnist(
    data_dir: Path | str | None = None, names: tuple[str, ...] | list[str] = tuple(MNIST_FILES)
) -> Path | None:
    """The first folder holding all `names`, or None; never downloads."""
    return next((d for d in _candidates(data_dir) if _has(d, names)), None)


def _stamp(folder: Path) -> tuple[tuple[int, int], ...]:
    stats = [(folder / n).stat() for n in MNIST_FILES]
    return tuple((s.st_mtime_ns, s.st_size) for s in stats)


@functools.lru_cache(maxsize=2)
def _decoded(folder: str, stamp: tuple) -> tuple[np.ndarray, ...]:
    """Decoded, read-only arrays of one folder; `stamp` invalidates on file changes."""
    arrays = []
    for images, labels in (TRAIN, TEST):
        X8, y8 = read_pair(Path(folder), images, labels)
        X = np.multiply(X8.reshape(len(X8), 784), np.float32(1 / 255), dtype=np.float32)
        arrays += [X, y8.astype(np.int64)]
    for a in arrays:
        a.flags.writeable = False
    return tuple(arrays)


def load_mnist(
    data_dir: Path | str | None = None, progress: Progress | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Load MNIST as `(X_train, y_train, X_test, y_test)`.

    X is float32 (n, 784) in [0, 1] (pixel / 255), y is int64 (n,) in 0..9. Arrays are
    cached per process and read-only; copy them before modifying.
    Looks in `data_dir` when given (it must hold the files), else in NNVIZ_DATA_DIR, then
    the user cache, and downloads into the cache when neither has them.
    """
    folder = find_mnist(data_dir)
    if folder is None:
        if data_dir is not None:
            missing = [n for n in MNIST_FILES if not (Path(data_dir) / n).is_file()]
            raise DataFileError(
                f"{data_dir} lacks {', '.join(missing)}; fetch them with "
                "`nnviz fetch-mnist` or pick the folder that holds them"
            )
        folder = download_mnist(default_cache_dir(), progress)
    folder = folder.resolve()
    X_train, y_train, X_test, y_test = _decoded(str(folder), _stamp(folder))
    return X_train, y_train, X_test, y_test


def fetch_mnist(
    dest: Path | str | None = None,
    source_folder: Path | str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Put verified MNIST files into `dest` (default: the user cache) and return it.

    With `source_folder` the four files are imported from there (sha256 checked, atomic
    copy); otherwise they are downloaded from the mirrors. Files already present and
    verified are kept.
    """
    if source_folder is not None:
        return import_mnist(source_folder, dest, progress)
    return download_mnist(dest, progress)
