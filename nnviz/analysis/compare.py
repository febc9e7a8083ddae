"""Compare two moments of a network: what changed from A to B (no Qt).

Per layer k: dW_k = W_k(B) - W_k(A), db_k = b_k(B) - b_k(A). A neuron j of layer k
changed by the norm of its incoming change, ||(dW_k[j, :], db_k[j])||_2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Params = Sequence[tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class WeightChange:
    """One parameter: W[layer][j, i] (or b[layer][j] when `i` is None), at A and at B."""

    layer: int
    j: int
    i: int | None
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class NeuronChange:
    """Unit j of `layer` (0 = the first hidden layer): ||(dW[j, :], db[j])||_2."""

    layer: int
    j: int
    norm: float


@dataclass(frozen=True)
class Comparison:
    delta: list[tuple[np.ndarray, np.ndarray]]  # (dW, db) per layer, B - A
    top_weights: list[WeightChange]  # largest |delta| first (weights and biases)
    top_neurons: list[NeuronChange]  # largest norm first

    @property
    def max_abs(self) -> float:
        """max |B - A| over every parameter (for a symmetric colour scale)."""
        return max((float(np.max(np.abs(a))) for d in self.delta for a in d if a.size), default=0.0)


def compare(A: Params, B: Params, top: int = 10) -> Comparison:
    """What changed from parameters A to parameters B (lists of (W, b) per layer)."""
    if len(A) != len(B) or any(
        np.shape(Wa) != np.shape(Wb) or np.shape(ba) != np.shape(bb)
        for (Wa, ba), (Wb, bb) in zip(A, B, strict=True)
    ):
        raise ValueError("the two moments have different architectures")
    delta = [
        (np.subtract(Wb, Wa), np.subtract(bb, ba)) for (Wa, ba), (Wb, bb) in zip(A, B, strict=True)
    ]
    return Comparison(delta, _top_weights(A, B, delta, top), _top_neurons(delta, top))


def _top_weights(A: Params, B: Params, delta: list, top: int) -> list[WeightChange]:
    """The `top` parameters with the largest |B - A|, weights and biases together."""
    flat = np.concatenate([np.abs(a).ravel() for d in delta for a in d])
    k = min(top, flat.size)
    if k == 0:
        return []
    idx = np.argpartition(flat, flat.size - k)[flat.size - k :]
    idx = idx[np.argsort(-flat[idx], kind="stable")]
    sizes = [a.size for d in delta for a in d]
    ends = np.cumsum(sizes)
    out = []
    for g in idx.tolist():
        part = int(np.searchsorted(ends, g, side="right"))
        off = g - (int(ends[part - 1]) if part else 0)
        layer, is_b = divmod(part, 2)
        if is_b:
            j, i = off, None
            before, after = A[layer][1][j], B[layer][1][j]
        else:
            j, i = divmod(off, np.shape(A[layer][0])[1])
            before, after = A[layer][0][j, i], B[layer][0][j, i]
        out.append(
            WeightChange(layer, int(j), i if i is None else int(i), float(before), float(after))
        )
    return out


def _top_neurons(delta: list, top: int) -> list[NeuronChange]:
    """The `top` units whose incoming weights and bias moved the most (L2 norm)."""
    norms = [
        np.sqrt(np.sum(dW.astype(np.float64) ** 2, axis=1) + db.astype(np.float64) ** 2)
        for dW, db in delta
    ]
    ranked = sorted(
        ((float(n), k, j) for k, ns in enumerate(norms) for j, n in enumerate(ns.tolist())),
        key=lambda t: -t[0],
    )
    return [NeuronChange(k, j, n) for n, k, j in ranked[:top]]
