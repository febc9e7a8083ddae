"""A training problem ready for the engine: inputs, labels, split and scaling.

Shared by the CLI and the GUI session (Qt-free). Toy 2-D sets and CSV files are
split into training and test parts (`train_fraction` of the rows train, 10-90 %),
standardised with a `Standardizer` fitted on the training part, then optionally
expanded into input features (`nnviz.data.features`); MNIST pixels stay in [0, 1].
Regression sets (`plane`, `multigauss`, a CSV opened with `regression=True`) have a
real-valued target, standardised too. `Dataset.meta()` is what a model file stores
so that later predictions on new inputs are prepared the same way
(`prepare_inputs`, `unscale_targets`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.data import (
    REGRESSION_DATASETS,
    TOY_DATASETS,
    Standardizer,
    load_csv,
    load_csv_regression,
    load_mnist,
    load_spam,
    make_dataset,
)
from nnviz.data.features import check, csv_features, expand, is_identity, parse_features
from nnviz.data.spam import CLASS_NAMES as SPAM_CLASSES
from nnviz.engine.train import split_validation

IMAGE_SHAPE = (28, 28)
SPAM_WORDS = 300  # input units of the spam filter: the 300 most frequent training words
TRAIN_FRACTION = 0.8  # the default share of rows used for training


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
    features: list[str] | None = None  # input features from the raw inputs; None: raw
    task: str = "classification"  # or "regression": class_names holds the target's name
    y_scaler: Standardizer | None = None  # regression targets are standardised

    @property
    def n_features(self) -> int:
        """Network inputs (after feature expansion)."""
        return int(self.X_train.shape[1])

    @property
    def n_classes(self) -> int:
        """Output units: the number of classes, 1 for regression."""
        return len(self.class_names)

    @property
    def regression(self) -> bool:
        return self.task == "regression"

    def meta(self) -> dict[str, Any]:
        """JSON-friendly description stored in model files."""
        m: dict[str, Any] = {"dataset": self.name, "kind": self.kind, "classes": self.class_names}
        if self.scaler is not None:
            m["standardizer"] = self.scaler.to_dict()
        if self.features is not None:
            m["features"] = list(self.features)
        if self.regression:
            m["task"] = "regression"
            if self.y_scaler is not None:
                m["target_standardizer"] = self.y_scaler.to_dict()
        if "vocabulary" in self.extra:
            m["vocabulary"] = list(self.extra["vocabulary"])
        return m

    def points(self) -> tuple[np.ndarray, np.ndarray]:
        """(train, test) inputs before feature expansion (standardised): the points of
        the plane for 2-D data; the network inputs when there are no features."""
        return self.extra.get("points", (self.X_train, self.X_test))

    @property
    def n_raw(self) -> int:
        """Raw input columns (before feature expansion)."""
        return int(self.points()[0].shape[1])

    @property
    def input_names(self) -> list[str] | None:
        """What each input unit means, when the inputs have names (the words of a bag)."""
        vocab = self.extra.get("vocabulary")
        return list(vocab) if vocab is not None else None


def input_names(meta: dict[str, Any] | None) -> list[str] | None:
    """What each network input means, from a model's meta: the words of a bag of words
    ("vocabulary") or the chosen input features ("features"); None when unnamed."""
    names = (meta or {}).get("vocabulary") or (meta or {}).get("features")
    return [str(n) for n in names] if isinstance(names, list) and names else None


def scale_inputs(meta: dict[str, Any], X: np.ndarray) -> np.ndarray:
    """Apply the standardisation stored in a model's meta (if any) to raw inputs."""
    st = meta.get("standardizer")
    return Standardizer.from_dict(st).transform(X) if st else np.asarray(X, dtype=np.float64)


def prepare_inputs(meta: dict[str, Any], X: np.ndarray) -> np.ndarray:
    """Raw inputs -> network inputs: the model's standardisation, then its features."""
    X = scale_inputs(meta, X)
    features = meta.get("features")
    return expand(X, features) if features else X


def unscale_targets(meta: dict[str, Any], Y: np.ndarray) -> np.ndarray:
    """Network outputs of a regression model -> targets in the data's own units."""
    st = meta.get("target_standardizer")
    return Standardizer.from_dict(st).inverse_transform(Y) if st else np.asarray(Y)


def check_train_fraction(train_fraction: float) -> float:
    """The share of rows used for training, 0.1 to 0.9."""
    f = float(train_fraction)
    if not 0.1 <= f <= 0.9:
        raise ValueError(f"the training share must be between 10 % and 90 %, got {f:.0%}")
    return f


Features = Sequence[str] | str | None


def _points(
    name: str,
    X: np.ndarray,
    y: np.ndarray,
    classes: list[str],
    seed: int,
    source: str = "",
    train_fraction: float = TRAIN_FRACTION,
    features: Features = None,
    regression: bool = False,
) -> Dataset:
    X = np.asarray(X, np.float64)
    n_raw = X.shape[1]
    names = parse_features(features, n_raw) if isinstance(features, str) else features
    names = None if names is None or is_identity(names, n_raw) else check(names, n_raw)
    test_fraction = 1.0 - check_train_fraction(train_fraction)
    X_tr, y_tr, X_te, y_te = split_validation(X, y, test_fraction, seed)
    scaler = Standardizer().fit(X_tr)
    X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)
    points = (X_tr, X_te)  # the standardised raw inputs (the plane, for 2-D data)
    if names is not None:
        X_tr, X_te = expand(X_tr, names), expand(X_te, names)
    y_scaler = None
    if regression:
        y_scaler = Standardizer().fit(y_tr[:, None])
        y_tr, y_te = (y_scaler.transform(v[:, None])[:, 0] for v in (y_tr, y_te))
    return Dataset(
        name,
        "points",
        X_tr,
        y_tr,
        X_te,
        y_te,
        classes,
        scaler,
        source,
        {"X_raw": X, "y_raw": y, "points": points},
        names,
        "regression" if regression else "classification",
        y_scaler,
    )


def toy(
    name: str,
    n: int = 400,
    noise: float | None = None,
    seed: int = 0,
    train_fraction: float = TRAIN_FRACTION,
    features: Features = None,
    **kw: Any,
) -> Dataset:
    """One of xor, circles, spirals (spirals3: three arms), gaussians, or the regression
    sets plane and multigauss."""
    if name == "spirals3":
        name, kw = "spirals", {**kw, "classes": 3}
    args: dict[str, Any] = {"n": n, "seed": seed, **kw}
    if noise is not None:
        args["noise"] = noise
    X, y = make_dataset(name, **args)
    split = {"train_fraction": train_fraction, "features": features}
    if name in REGRESSION_DATASETS:
        return _points(name, X, y, ["y"], seed, regression=True, **split)
    k = int(y.max()) + 1
    label = name if k == 2 or name != "spirals" else f"spirals{k}"
    return _points(label, X, y, [str(i) for i in range(k)], seed, **split)


def csv(
    path: str | Path,
    seed: int = 0,
    train_fraction: float = TRAIN_FRACTION,
    features: Features = None,
    regression: bool = False,
    squares: bool = False,
    products: bool = False,
) -> Dataset:
    """A CSV file: the last column is the class, or with `regression` a number to predict.
    Inputs are its columns, plus their squares and pairwise products when asked (or the
    given `features`)."""
    if regression:
        X, y, target = load_csv_regression(path)
        classes = [target]
    else:
        X, y, classes = load_csv(path)
    if features is None and (squares or products):
        features = csv_features(X.shape[1], squares, products)
    return _points(
        Path(path).stem,
        X,
        y,
        list(classes),
        seed,
        str(path),
        train_fraction,
        features,
        regression,
    )


def mnist(data_dir: str | Path | None = None, progress: Any = None) -> Dataset:
    X_tr, y_tr, X_te, y_te = load_mnist(data_dir, progress=progress)
    return Dataset("mnist", "image", X_tr, y_tr, X_te, y_te, [str(i) for i in range(10)])


def spam(data_dir: str | Path | None = None) -> Dataset:
    """The SpamAssassin e-mails as binary bags of words (`nnviz.data.load_spam`)."""
    X_tr, y_tr, X_te, y_te, vocabulary = load_spam(data_dir)
    extra = {"vocabulary": vocabulary}
    return Dataset("spam", "text", X_tr, y_tr, X_te, y_te, list(SPAM_CLASSES), extra=extra)


DATASET_CHOICES = (*TOY_DATASETS, "spirals3", *REGRESSION_DATASETS, "mnist", "spam")


def input_size(spec: str) -> int | None:
    """How many raw input features `spec` has, known without loading it (None for a CSV
    file); chosen input features (`nnviz.data.features`) may change the network's inputs."""
    if spec == "mnist":
        return 28 * 28
    if spec == "spam":
        return SPAM_WORDS
    if spec in TOY_DATASETS or spec in REGRESSION_DATASETS or spec == "spirals3":
        return 2
    return None


def load(spec: str, seed: int = 0, **kw: Any) -> Dataset:
    """A dataset by name (toy set, "mnist" or "spam") or by CSV path. Keywords go to `toy`
    (n, noise, train_fraction, features), `csv` (train_fraction, features, regression,
    squares, products) or `mnist`."""
    if spec == "mnist":
        return mnist(**kw)
    if spec == "spam":
        return spam()
    if spec in TOY_DATASETS or spec in REGRESSION_DATASETS or spec == "spirals3":
        return toy(spec, seed=seed, **kw)
    if spec.lower().endswith((".csv", ".txt")) or Path(spec).exists():
        return csv(spec, seed=seed, **kw)
    raise ValueError(f"unknown data {spec!r}: use {', '.join(DATASET_CHOICES)} or a CSV file")
