"""The training loop: shuffled minibatches, metrics, early stopping, divergence.

`fit` runs whole epochs and reports through callbacks; `Minibatches` is the
endless shuffled batch stream that interactive trainers pull from one step at
a time. A NaN or infinite loss stops training with `DivergenceError` after the
last good parameters have been restored.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnviz.engine.divergence import DivergenceGuard
from nnviz.engine.network import Network
from nnviz.engine.optim import Optimizer
from nnviz.engine.schedule import LRSchedule


@dataclass(frozen=True)
class EpochResult:
    epoch: int  # 1-based
    steps: int  # total steps so far
    train_loss: float
    train_acc: float
    val_loss: float = math.nan
    val_acc: float = math.nan
    seconds: float = 0.0


@dataclass
class FitResult:
    """What `fit` did: the loss of every step, one `EpochResult` per epoch, early stopping."""

    step_loss: list[float] = field(default_factory=list)
    epochs: list[EpochResult] = field(default_factory=list)
    stopped_early: bool = False
    best_epoch: int = 0


class Minibatches:
    """An endless stream of shuffled minibatches; `epoch` counts full passes."""

    def __init__(self, X: np.ndarray, Y: np.ndarray, batch_size: int, seed: int | None = 0) -> None:
        if len(X) != len(Y):
            raise ValueError(f"{len(X)} inputs but {len(Y)} targets")
        if len(X) == 0:
            raise ValueError("no training samples")
        if batch_size < 1:
            raise ValueError(f"batch size must be at least 1, got {batch_size}")
        self.X, self.Y = X, Y
        self.batch_size = min(int(batch_size), len(X))
        self.rng = np.random.default_rng(seed)
        self.epoch = 0
        self.step_in_epoch = 0
        self._order = self.rng.permutation(len(X))
        self._pos = 0

    @property
    def steps_per_epoch(self) -> int:
        return math.ceil(len(self.X) / self.batch_size)

    def next(self) -> tuple[np.ndarray, np.ndarray, bool]:
        """(X_batch, Y_batch, last_of_epoch)."""
        idx = self._order[self._pos : self._pos + self.batch_size]
        self._pos += self.batch_size
        self.step_in_epoch += 1
        last = self._pos >= len(self.X)
        if last:
            self.epoch += 1
            self.step_in_epoch = 0
            self._pos = 0
            self._order = self.rng.permutation(len(self.X))
        return self.X[idx], self.Y[idx], last


def evaluate(net: Network, X: Any, Y: Any, batch: int = 8192) -> tuple[float, float]:
    """(mean loss, accuracy) over a dataset, in chunks. Accuracy compares argmax of
    the output with the label (or with argmax of one-hot targets; for a single
    output unit, with a 0.5 threshold)."""
    X = np.asarray(X)
    Y = np.asarray(Y)
    if len(X) == 0:
        return math.nan, math.nan
    total, correct = 0.0, 0
    for s in range(0, len(X), batch):
        xb, yb = X[s : s + batch], Y[s : s + batch]
        total += net.loss(xb, yb) * len(xb)
        correct += int(np.sum(predicted_class(net.forward(xb)) == true_class(yb)))
    return total / len(X), correct / len(X)


def regression_metrics(Y: Any, Y_hat: Any) -> tuple[float, float]:
    """(MSE, R²) of predictions: MSE = mean (y - ŷ)², R² = 1 - Σ(y - ŷ)² / Σ(y - ȳ)²
    (per output column, averaged; R² is nan when the targets do not vary)."""
    Y = np.asarray(Y, dtype=np.float64)
    Y_hat = np.asarray(Y_hat, dtype=np.float64).reshape(Y.shape)
    if Y.size == 0:
        return math.nan, math.nan
    Y2, H2 = Y.reshape(len(Y), -1), Y_hat.reshape(len(Y), -1)
    sse = ((Y2 - H2) ** 2).sum(axis=0)
    sst = ((Y2 - Y2.mean(axis=0)) ** 2).sum(axis=0)
    r2 = float(np.mean(1.0 - sse / sst)) if np.all(sst > 0) else math.nan
    return float(sse.sum() / Y2.size), r2


def predicted_class(Y_hat: np.ndarray) -> np.ndarray:
    if Y_hat.shape[1] == 1:
        return (Y_hat[:, 0] > 0.5).astype(np.int64)
    return np.argmax(Y_hat, axis=1)


def true_class(Y: np.ndarray) -> np.ndarray:
    if Y.ndim == 1:
        return (
            Y.astype(np.int64) if np.issubdtype(Y.dtype, np.integer) else (Y > 0.5).astype(np.int64)
        )
    if Y.shape[1] == 1:
        return (Y[:, 0] > 0.5).astype(np.int64)
    return np.argmax(Y, axis=1)


def class_means(labels: Any, values: Any, n_classes: int) -> np.ndarray:
    """(n_classes,) the mean of `values` over each class's samples:
    m_k = sum_{i: t_i = k} v_i / #{i: t_i = k}, NaN for a class without samples."""
    t = np.asarray(labels, dtype=np.int64).ravel()
    v = np.asarray(values, dtype=np.float64).ravel()
    n = np.bincount(t, minlength=n_classes).astype(np.float64)
    sums = np.bincount(t, weights=v, minlength=n_classes)
    return np.divide(sums, n, out=np.full(n_classes, np.nan), where=n > 0)


def class_metrics(net: Network, X: Any, Y: Any) -> tuple[np.ndarray, np.ndarray]:
    """(loss per true class, accuracy per true class) of one batch, NaN for absent classes:
    a point of the per-class curves over time. Y holds labels or one-hot rows."""
    Y = np.asarray(Y)
    probs, losses = net.outputs_and_losses(np.asarray(X, dtype=net.dtype), Y)
    k = max(net.sizes[-1], 2)
    labels = Y.ndim == 1 and net.sizes[-1] > 1  # labels, as the loss reads them
    t = Y.astype(np.int64) if labels else true_class(Y).astype(np.int64)
    right = predicted_class(probs) == t
    return class_means(t, losses, k), class_means(t, right, k)


def split_validation(
    X: np.ndarray, Y: np.ndarray, fraction: float, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A random (X_train, Y_train, X_val, Y_val) split holding out round(n * fraction)
    rows; fraction 0 gives an empty val set (training share = 1 - fraction)."""
    if not 0.0 <= fraction < 1.0:
        raise ValueError(f"validation fraction must be in [0, 1), got {fraction}")
    n_val = round(len(X) * fraction)
    order = np.random.default_rng(seed).permutation(len(X))
    val, train = order[:n_val], order[n_val:]
    return X[train], Y[train], X[val], Y[val]


def fit(
    net: Network,
    opt: Optimizer,
    X: np.ndarray,
    Y: np.ndarray,
    *,
    epochs: int = 10,
    batch_size: int = 32,
    val_split: float = 0.0,
    val_data: tuple[np.ndarray, np.ndarray] | None = None,
    patience: int | None = None,
    seed: int | None = 0,
    on_step: Callable[[int, float], None] | None = None,
    on_epoch: Callable[[EpochResult], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    augment: Callable[[np.ndarray, np.random.Generator], np.ndarray] | None = None,
    schedule: LRSchedule | None = None,
) -> FitResult:
    """Train for `epochs` passes over (X, Y) with shuffled minibatches.

    Validation comes from `val_data` or a `val_split` fraction of X. With
    `patience`, training stops when the validation loss has not improved for that
    many epochs and the best parameters are restored. `augment(X_batch, rng)`
    may transform each batch's inputs. With a `schedule`, each epoch e (1-based)
    trains with `opt.lr = schedule.lr_at(e - 1)`.
    """
    X = np.asarray(X, dtype=net.dtype)
    Y = np.asarray(Y)
    X_val: np.ndarray | None
    Y_val: np.ndarray | None
    if val_data is None and val_split > 0:
        X, Y, X_val, Y_val = split_validation(X, Y, val_split, seed)
    elif val_data is not None:
        X_val, Y_val = val_data
    else:
        X_val = Y_val = None
    batches = Minibatches(X, Y, batch_size, seed)
    rng = np.random.default_rng(None if seed is None else seed + 1)
    hist = FitResult()
    guard = DivergenceGuard(net.theta, net.sizes[-1], opt.lr)
    best = (math.inf, net.theta.copy())
    since_best = 0
    steps = 0
    for epoch in range(1, epochs + 1):
        t0 = time.perf_counter()
        if schedule is not None:
            opt.lr = schedule.lr_at(epoch - 1)
        last = False
        while not last:
            xb, yb, last = batches.next()
            if augment is not None:
                xb = augment(xb, rng)
            snapshot = guard.before(steps, net.theta)
            with np.errstate(over="ignore", invalid="ignore"):
                loss = net.fit_batch(xb, yb, opt)
            steps += 1
            if not math.isfinite(loss):
                raise guard.restore(net, opt, f"at epoch {epoch}, step {steps} (loss = {loss})")
            if snapshot:  # the finite loss was computed with the candidate parameters
                guard.accept()
            hist.step_loss.append(loss)
            if on_step is not None:
                on_step(steps, loss)
            if should_stop is not None and should_stop():
                return hist
        tr_loss, tr_acc = evaluate(net, X, Y)
        va_loss, va_acc = (math.nan, math.nan) if X_val is None else evaluate(net, X_val, Y_val)
        res = EpochResult(epoch, steps, tr_loss, tr_acc, va_loss, va_acc, time.perf_counter() - t0)
        hist.epochs.append(res)
        if on_epoch is not None:
            on_epoch(res)
        if not math.isfinite(tr_loss):
            raise guard.restore(net, opt, f"in epoch {epoch} (loss = {tr_loss})")
        guard.reset(net.theta)
        if patience is not None and X_val is not None:
            if va_loss < best[0]:
                best = (va_loss, net.theta.copy())
                hist.best_epoch = epoch
                since_best = 0
            else:
                since_best += 1
                if since_best >= patience:
                    net.theta[...] = best[1]
                    hist.stopped_early = True
                    return hist
    return hist
