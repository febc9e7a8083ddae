"""The digit model that ships with nnviz (784 inputs, 10 softmax outputs, float32).

It was trained on MNIST by nnviz's own engine and lives in
`resources/models/digits.npz` (`nnviz/resources/models/` in an installed wheel).
"""

from __future__ import annotations

import functools
from pathlib import Path

from nnviz.engine import ModelFileError, Network, load_model

MODEL_FILE = ("models", "digits.npz")


def model_path() -> Path:
    """Where the shipped digit model is (or would be)."""
    try:
        from nnviz.data import resource_path
    except ImportError:  # pragma: no cover - the data package is always there in practice
        package = Path(__file__).resolve().parent
        for root in (package.parent / "resources", package / "resources"):
            if root.joinpath(*MODEL_FILE).exists():
                return root.joinpath(*MODEL_FILE)
        return package.parent.joinpath("resources", *MODEL_FILE)
    return resource_path(*MODEL_FILE)


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> Network:
    net = load_model(path)
    if net.sizes[0] != 784 or net.sizes[-1] != 10:
        raise ModelFileError(f"{path}: expected a 784-...-10 digit model, got {net.sizes}")
    return net


def pretrained_digits(path: Path | str | None = None) -> Network:
    """A fresh copy of the pretrained digit network (784-...-10, softmax).

    Raises `ModelFileError` when the model file is missing or unreadable.
    """
    p = Path(path) if path is not None else model_path()
    try:
        mtime = p.stat().st_mtime_ns
    except OSError:
        raise ModelFileError(f"{p}: the pretrained digit model is missing") from None
    return _load(str(p), mtime).copy()
