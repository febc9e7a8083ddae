"""What a classifier gets wrong: confusion matrix, per-class metrics, mistakes.

With predictions p_i and true classes t_i over n samples:

- confusion matrix  C[t, p] = #{i : t_i = t and p_i = p}  (rows true, columns predicted)
- accuracy          sum_k C[k, k] / n
- recall_k          C[k, k] / sum_p C[k, p]   (= the accuracy on class k)
- precision_k       C[k, k] / sum_t C[t, k]
- row percent       100 · C[t, p] / sum_p C[t, p]

A metric whose denominator is zero (a class with no samples, or never predicted)
is NaN. The network's outputs, classes and losses come from the engine; nothing
here re-derives them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from nnviz.engine import Network
from nnviz.engine.train import class_means, class_metrics, predicted_class, true_class

__all__ = [
    "Evaluation",
    "class_metrics",  # (loss, accuracy) per class: the engine's, for the curves over time
    "class_names",
    "confusion_matrix",
    "evaluate_network",
    "matrix_csv",
    "mistakes",
]

BATCH = 2048  # samples per forward pass: bounded memory, and a slice of work for a caller


def confusion_matrix(y_true: Any, y_pred: Any, n_classes: int) -> np.ndarray:
    """C[t, p] = number of samples of true class t predicted as p; int64 (n_classes, n_classes)."""
    t = np.asarray(y_true, dtype=np.int64).ravel()
    p = np.asarray(y_pred, dtype=np.int64).ravel()
    if t.shape != p.shape:
        raise ValueError(f"{t.size} true labels but {p.size} predictions")
    if n_classes < 1:
        raise ValueError(f"need at least one class, got {n_classes}")
    for name, v in (("true labels", t), ("predictions", p)):
        if v.size and (v.min() < 0 or v.max() >= n_classes):
            raise ValueError(f"{name} must lie in 0..{n_classes - 1}, got {v.min()}..{v.max()}")
    flat = np.bincount(t * n_classes + p, minlength=n_classes * n_classes)
    return flat.reshape(n_classes, n_classes).astype(np.int64)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den elementwise, NaN where den == 0 (and no warning)."""
    num = np.asarray(num, dtype=np.float64)
    den = np.broadcast_to(np.asarray(den, dtype=np.float64), num.shape)
    return np.divide(num, den, out=np.full(num.shape, np.nan), where=den != 0)


def _read_only(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def n_classes_of(net: Network) -> int:
    """Classes a network tells apart: its outputs, or 2 for one sigmoid unit."""
    return max(net.sizes[-1], 2)


def class_names(n_classes: int, classes: Sequence[str] | None = None) -> tuple[str, ...]:
    """The given names, else "0", "1", ...; a wrong count is an error."""
    if classes is None:
        return tuple(str(k) for k in range(n_classes))
    if len(classes) != n_classes:
        raise ValueError(f"{len(classes)} class names for {n_classes} classes")
    return tuple(str(c) for c in classes)


def confidence_of(probs: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """The output for the predicted class: p_i[pred_i]; for one sigmoid unit p or 1 - p."""
    probs = np.asarray(probs)
    if probs.shape[1] == 1:
        p = probs[:, 0].astype(np.float64)
        return np.where(y_pred == 1, p, 1.0 - p)
    return probs[np.arange(len(probs)), y_pred].astype(np.float64)


@dataclass(frozen=True)
class Evaluation:
    """A network's outputs on a labelled set, and the metrics that follow from them."""

    probs: np.ndarray  # (n, n_out) network outputs
    y_true: np.ndarray  # (n,) int64
    y_pred: np.ndarray  # (n,) int64
    losses: np.ndarray  # (n,) each sample's loss term (their mean is the loss)
    classes: tuple[str, ...]

    @property
    def n_classes(self) -> int:
        return len(self.classes)

    @property
    def n(self) -> int:
        return len(self.y_true)

    @cached_property
    def confidence(self) -> np.ndarray:
        """(n,) the probability the network gave its own prediction (read-only)."""
        return _read_only(confidence_of(self.probs, self.y_pred))

    @cached_property
    def matrix(self) -> np.ndarray:
        """The confusion matrix C[true, predicted] (int64, read-only)."""
        return _read_only(confusion_matrix(self.y_true, self.y_pred, self.n_classes))

    @property
    def percent(self) -> np.ndarray:
        """Row-normalised matrix in percent: 100 · C[t, p] / sum_p C[t, p] (NaN rows if empty)."""
        C = self.matrix
        return 100.0 * _ratio(C, C.sum(axis=1, keepdims=True))

    @property
    def accuracy(self) -> float:
        return float(np.mean(self.y_true == self.y_pred)) if self.n else float("nan")

    @property
    def loss(self) -> float:
        return float(np.mean(self.losses, dtype=np.float64)) if self.n else float("nan")

    @property
    def recall(self) -> np.ndarray:
        """(n_classes,) C[k, k] / samples of class k: the accuracy on each class."""
        C = self.matrix
        return _ratio(np.diag(C), C.sum(axis=1))

    class_accuracy = recall

    @property
    def precision(self) -> np.ndarray:
        """(n_classes,) C[k, k] / samples predicted as k."""
        C = self.matrix
        return _ratio(np.diag(C), C.sum(axis=0))

    @property
    def support(self) -> np.ndarray:
        """(n_classes,) samples of each true class."""
        return np.bincount(self.y_true, minlength=self.n_classes)

    @property
    def class_loss(self) -> np.ndarray:
        """(n_classes,) mean loss over the samples of each true class."""
        return class_means(self.y_true, self.losses, self.n_classes)


def evaluate_network(
    net: Network,
    X: Any,
    Y: Any,
    classes: Sequence[str] | None = None,
    batch: int = BATCH,
) -> Evaluation:
    """Run `net` over (X, Y) in batches of `batch` samples; Y holds labels or one-hot rows."""
    X = np.asarray(X)
    Y = np.asarray(Y)
    if len(X) != len(Y):
        raise ValueError(f"{len(X)} inputs but {len(Y)} targets")
    n_out = net.sizes[-1]
    names = class_names(n_classes_of(net), classes)
    probs = np.empty((len(X), n_out), dtype=net.dtype)
    losses = np.empty(len(X), dtype=np.float64)
    for s in range(0, len(X), max(int(batch), 1)):
        xb = np.ascontiguousarray(X[s : s + batch], dtype=net.dtype)
        a, loss = net.outputs_and_losses(xb, Y[s : s + batch])
        probs[s : s + len(xb)] = a
        losses[s : s + len(xb)] = loss
    if Y.ndim == 1 and n_out > 1:  # labels, as the engine reads them (even as floats)
        y_true = Y.astype(np.int64)
    else:
        y_true = true_class(Y).astype(np.int64) if len(Y) else np.empty(0, np.int64)
    y_pred = predicted_class(probs).astype(np.int64)
    return Evaluation(probs, y_true, y_pred, losses, names)


def mistakes(evaluation: Evaluation, true: int, pred: int) -> np.ndarray:
    """Indices of the samples in cell C[true, pred], most confident first (ties by index)."""
    ev = evaluation
    idx = np.flatnonzero((ev.y_true == true) & (ev.y_pred == pred))
    order = np.argsort(-ev.confidence[idx], kind="stable")
    return idx[order]


def matrix_csv(evaluation: Evaluation, percent: bool = False) -> str:
    """The confusion matrix as CSV: a header of predicted class names, one row per true class
    (counts, or row percent with one decimal)."""
    ev = evaluation
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["true \\ predicted", *ev.classes])
    values = ev.percent if percent else ev.matrix
    for name, row in zip(ev.classes, values, strict=True):
        w.writerow([name, *(f"{v:.1f}" if percent else int(v) for v in row)])
    return out.getvalue()
