"""L1 and L2 regularization: a penalty on the weights, added to the data loss.

    penalty   = l1·Σ|W| + l2/2·ΣW²        over every layer's W (biases are not penalised)
    dpenalty/dW = l1·sign(W) + l2·W       (sign(0) = 0, as torch.sign: L1's subgradient)

Buffers are allocated once per network, so a training step with penalties allocates
no arrays.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np


def check_rate(name: str, value: float) -> float:
    """A regularization rate: a finite number >= 0."""
    value = float(value)
    if not (value >= 0.0 and math.isfinite(value)):
        raise ValueError(f"{name} rate must be a finite number >= 0, got {value}")
    return value


class Penalty:
    """The rates l1, l2 and the per-layer buffers of the penalty's gradient term."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        self.l1 = check_rate("l1", l1)
        self.l2 = check_rate("l2", l2)
        self._buf: list[tuple[np.ndarray, np.ndarray]] = []

    @property
    def active(self) -> bool:
        return bool(self.l1 or self.l2)

    def _buffers(self, Ws: Sequence[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
        if len(self._buf) != len(Ws) or any(
            P.shape != W.shape or P.dtype != W.dtype
            for (P, _), W in zip(self._buf, Ws, strict=False)
        ):
            self._buf = [(np.empty_like(W), np.empty_like(W)) for W in Ws]
        return self._buf

    def value(self, Ws: Sequence[np.ndarray], acc: Any) -> Any:
        """l1·Σ|W| + l2/2·ΣW² as a NumPy scalar of dtype `acc`."""
        total = np.dtype(acc).type(0)
        if not self.active:
            return total
        for W, (P, _) in zip(Ws, self._buffers(Ws), strict=True):
            if self.l1:
                np.sign(W, out=P)
                total += self.l1 * np.vdot(P, W).astype(acc)  # Σ|W| = Σ sign(W)·W
            if self.l2:
                total += 0.5 * self.l2 * np.vdot(W, W).astype(acc)
        return total

    def add_grad(
        self, Ws: Sequence[np.ndarray], dWs: Sequence[np.ndarray]
    ) -> list[np.ndarray] | None:
        """dW += l1·sign(W) + l2·W for every layer; returns the per-layer terms (live
        buffers: copy to keep) or None when both rates are 0."""
        if not self.active:
            return None
        terms = []
        for W, dW, (P, Q) in zip(Ws, dWs, self._buffers(Ws), strict=True):
            np.sign(W, out=P)
            P *= self.l1
            np.multiply(W, self.l2, out=Q)
            P += Q  # P = l1 sign(W) + l2 W
            dW += P
            terms.append(P)
        return terms
