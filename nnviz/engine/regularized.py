"""The regularization of a network: L1 and L2 rates, the penalty
λ1·Σ|W| + λ2/2·ΣW² of its weights and the penalty's term of the gradient,
λ1·sign(W) + λ2·W (the math lives in `nnviz.engine.penalty`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from nnviz.engine.dense import Dense
from nnviz.engine.penalty import Penalty, check_rate


class Regularized:
    """The L1/L2 part of `nnviz.engine.network.Network` (a mixin)."""

    dtype: np.dtype
    layers: list[Dense]
    _grad_views: list[tuple[np.ndarray, np.ndarray]]
    _penalty: Penalty

    @property
    def l1(self) -> float:
        """L1 rate λ1: penalty λ1·Σ|W|."""
        return self._penalty.l1

    @l1.setter
    def l1(self, value: float) -> None:
        self._penalty.l1 = check_rate("l1", value)

    @property
    def l2(self) -> float:
        """L2 rate λ2: penalty λ2/2·ΣW²."""
        return self._penalty.l2

    @l2.setter
    def l2(self, value: float) -> None:
        self._penalty.l2 = check_rate("l2", value)

    def _penalty_acc(self) -> Any:
        """The penalty as a NumPy scalar at least as precise as float64."""
        acc = np.promote_types(self.dtype, np.float64)
        return self._penalty.value([L.W for L in self.layers], acc)

    def penalty(self) -> float:
        """The regularization penalty λ1·Σ|W| + λ2/2·ΣW² of the current weights."""
        return float(self._penalty_acc())

    def _add_penalty_grad(self) -> list[np.ndarray] | None:
        """grad += the penalty's term for every W; the per-layer terms, or None."""
        return self._penalty.add_grad([L.W for L in self.layers], [g[0] for g in self._grad_views])
