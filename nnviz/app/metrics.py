"""The score of a network on data: accuracy for classes, R² for a number to predict."""

from __future__ import annotations

import math

import numpy as np

from nnviz.engine import Network, evaluate
from nnviz.engine.train import regression_metrics


def score(net: Network, X: np.ndarray, y: np.ndarray, regression: bool) -> tuple[float, float]:
    """(mean loss, score): the score is the accuracy, or for regression
    R² = 1 - Σ(y - ŷ)² / Σ(y - ȳ)² (the loss is then the MSE)."""
    if not regression:
        return evaluate(net, X, y)
    if len(X) == 0:
        return math.nan, math.nan
    Y_hat = net.forward(X)
    mse, r2 = regression_metrics(np.asarray(y).reshape(len(y), -1), Y_hat)
    return mse, r2


def score_name(regression: bool) -> str:
    """What the score column means: "accuracy" or "R²"."""
    return "R²" if regression else "accuracy"
