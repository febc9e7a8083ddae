"""A training problem ready for the engine: inputs, labels, split and scaling.

Shared by the CLI and the GUI session (Qt-free). Toy 2-D sets and CSV files are
standardised with a `Standardizer` fitted on the training part; MNIST pixels
stay in [0, 1]. `Dataset.meta()` is what a model file stores so that later
predictions on new inputs are scaled the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.data import TOY_DATASETS, Standardizer, load_csv, load_mnist, load_spam, make_dataset
from nnviz.data.spam import CLASS_NAMES as SPAM_CLASSES
from nnviz.engine.train import split_validation

IMAGE_SHAPE = (28, 28)
SPAM_WORDS = 300  # input units of the spam filter: the 300 most frequent training words


@dataclass
class Dataset:
    name: str
    kind: str  # "image" (28x28 digits), "points" (feature vectors) or "text" (bags of words)
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    class_names: list[str]
    scaler: Standardizer | None = None
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def n_features(self) -> int:
        return int(self.X_train.shape[1])

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def meta(self) -> dict[str, Any]:
        """JSON-friendly description stored in model files."""
        m: dict[str, Any] = {"dataset": self.name, "kind": self.kind, "classes": self.class_names}
        if self.scaler is not None:
            m["standardizer"] = self.scaler.to_dict()
        if "vocabulary" in self.extra:
            m["vocabulary"] = list(self.extra["vocabulary"])
        return m

    @property
    def input_names(self) -> list[str] | None:
        """What each input unit means, when the inputs have names (the words of a bag)."""
        vocab = self.extra.get("vocabulary")
        return list(vocab) if vocab is not None else None


def scale_inputs(meta: dict[str, Any], X: np.ndarray) -> np.ndarray:
    """Apply the standardisation stored in a model's meta (if any) to raw inputs."""
    st = meta.get("standardizer")
    return Standardizer.from_dict(st).transform(X) if st else np.asarray(X, dtype=np.float64)


def _points(
    name: str, X: np.ndarray, y: np.ndarray, classes: list[str], seed: int, source: str = ""
) -> Dataset:
    X_tr, y_tr, X_te, y_te = split_validation(np.asarray(X, np.float64), y, 0.2, seed)
    scaler = Standardizer().fit(X_tr)
    return Dataset(
        name,
        "points",
        scaler.transform(X_tr),
        y_tr,
        scaler.transform(X_te),
        y_te,
        classes,
        scaler,
        source,
        {"X_raw": np.asarray(X, np.float64), "y_raw": y},
    )


def toy(name: str, n: int = 400, noise: float | None = None, seed: int = 0, **kw: Any) -> Dataset:
    """One of xor, circles, spirals (spirals3: three arms), gaussians."""
    if name == "spirals3":
        name, kw = "spirals", {**kw, "classes": 3}
    args: dict[str, Any] = {"n": n, "seed": seed, **kw}
    if noise is not None:
        args["noise"] = noise
    X, y = make_dataset(name, **args)
    k = int(y.max()) + 1
    label = name if k == 2 or name != "spirals" else f"spirals{k}"
    return _points(label, X, y, [str(i) for i in range(k)], seed)


def csv(path: str | Path, seed: int = 0) -> Dataset:
    X, y, classes = load_csv(path)
    return _points(Path(path).stem, X, y, list(classes), seed, source=str(path))


def mnist(data_dir: str | Path | None = None, progress: Any = None) -> Dataset:
    X_tr, y_tr, X_te, y_te = load_mnist(data_dir, progress=progress)
    return Dataset("mnist", "image", X_tr, y_tr, X_te, y_te, [str(i) for i in range(10)])


def spam(data_dir: str | Path | None = None) -> Dataset:
    """The SpamAssassin e-mails as binary bags of words (`nnviz.data.load_spam`)."""
    X_tr, y_tr, X_te, y_te, vocabulary = load_spam(data_dir)
    extra = {"vocabulary": vocabulary}
    return Dataset("spam", "text", X_tr, y_tr, X_te, y_te, list(SPAM_CLASSES), extra=extra)


DATASET_CHOICES = (*TOY_DATASETS, "spirals3", "mnist", "spam")


def input_size(spec: str) -> int | None:
    """How many input features `spec` has, known without loading it (None for a CSV file)."""
    if spec == "mnist":
        return 28 * 28
    if spec == "spam":
        return SPAM_WORDS
    if spec in TOY_DATASETS or spec == "spirals3":
        return 2
    return None


def load(spec: str, seed: int = 0, **kw: Any) -> Dataset:
    """A dataset by name (toy set, "mnist" or "spam") or by CSV path."""
    if spec == "mnist":
        return mnist(**kw)
    if spec == "spam":
        return spam()
    if spec in TOY_DATASETS or spec == "spirals3":
        return toy(spec, seed=seed, **kw)
    if spec.lower().endswith((".csv", ".txt")) or Path(spec).exists():
        return csv(spec, seed=seed)
    raise ValueError(f"unknown data {spec!r}: use {', '.join(DATASET_CHOICES)} or a CSV file")
