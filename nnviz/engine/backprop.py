"""Preallocated buffers for one batch size and the backprop arithmetic on them.

Forward:  z_k = x_k W_k^T + b_k,  a_k = f_k(z_k),  x_{k+1} = a_k
Output:   delta_L = (a_L - y) / n                        (softmax + cross-entropy)
          delta_L = f'(z_L) ⊙ 2 (a_L - y) / (n m)        (mse, m outputs)
Backward: dW_k = delta_k^T x_k,  db_k = sum_n delta_k,
          dL/da_{k-1} = delta_k W_k,  delta_{k-1} = dL/da_{k-1} ⊙ f'_{k-1}(z_{k-1})
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from nnviz.engine.dense import Dense
from nnviz.engine.functions import softmax_backward, to_one_hot
from nnviz.engine.record import LayerTrace


class Workspace:
    """Every intermediate array of one training step for a batch of n samples.

    `layers` are the network's layers, `grads` the (dW, db) views its optimizer reads.
    """

    def __init__(
        self,
        layers: Sequence[Dense],
        grads: Sequence[tuple[np.ndarray, np.ndarray]],
        loss_name: str,
        n: int,
    ) -> None:
        self.layers = layers
        self.grads = grads
        self.loss_name = loss_name
        self.n = n
        self.dtype = dt = layers[0].W.dtype
        widths = [L.n_out for L in layers]
        self.z = [np.empty((n, m), dt) for m in widths]
        self.a = [np.empty((n, m), dt) for m in widths]
        self.dL_da = [np.empty((n, m), dt) for m in widths]
        self.da_dz = [np.empty((n, m), dt) for m in widths]  # f'(z)
        self.delta = [np.empty((n, m), dt) for m in widths]  # dL/dz
        self.rowmax = np.empty((n, 1), dt)
        self.rowsum = np.empty((n, 1), dt)
        self.lse = np.empty((n, 1), dt)
        self.rows = np.arange(n)
        self.fused = loss_name == "cross_entropy"

    def targets(self, Y: Any) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Normalise targets to (integer labels, None) or (None, float rows).

        Integer labels stay labels for cross-entropy and become one-hot rows for mse.
        """
        Y = np.asarray(Y)
        n, n_out = self.n, self.layers[-1].n_out
        if Y.ndim == 1 and (np.issubdtype(Y.dtype, np.integer) or n_out > 1):
            if Y.shape[0] != n:
                raise ValueError(f"got {n} inputs but {Y.shape[0]} labels")
            labels = Y.astype(np.int64, copy=False)
            if labels.size and (labels.min() < 0 or labels.max() >= n_out):
                raise ValueError(
                    f"labels must lie in 0..{n_out - 1}, got {labels.min()}..{labels.max()}"
                )
            if self.fused:
                return labels, None
            return None, self.one_hot(labels)
        if Y.ndim == 1:  # one output unit, one target per sample
            Y = Y[:, None]
        if Y.shape != (n, n_out):
            raise ValueError(
                f"targets must have shape ({n}, {n_out}) or be {n} labels, got {Y.shape}"
            )
        return None, np.asarray(Y, dtype=self.dtype)

    def forward(self, x: np.ndarray) -> None:
        last = len(self.layers) - 1
        for k, L in enumerate(self.layers):
            z, a = self.z[k], self.a[k]
            np.matmul(x, L.W.T, out=z)
            z += L.b
            if k == last and L.activation == "softmax":
                np.max(z, axis=1, keepdims=True, out=self.rowmax)
                np.subtract(z, self.rowmax, out=a)
                np.exp(a, out=a)
                np.sum(a, axis=1, keepdims=True, out=self.rowsum)
                a /= self.rowsum
            else:
                L.act.value(z, a)
            x = a

    def _loss(self, labels: np.ndarray | None, Yt: Any) -> Any:
        """Loss of the current forward values (a NumPy scalar at least as precise
        as the network); for mse leaves a - y in dL_da[-1]."""
        z, a, diff = self.z[-1], self.a[-1], self.dL_da[-1]
        acc = np.promote_types(self.dtype, np.float64)
        if self.fused:
            np.log(self.rowsum, out=self.lse)
            self.lse += self.rowmax  # lse = log sum_j e^z_j
            total = self.lse.sum(dtype=acc)
            if labels is not None:
                total -= z[self.rows, labels].sum(dtype=acc)
            else:
                total -= np.vdot(Yt, z).astype(acc)
            return total / self.n
        np.subtract(a, Yt, out=diff)
        return np.vdot(diff, diff).astype(acc) / diff.size

    def forward_loss(self, x: np.ndarray, labels: np.ndarray | None, Yt: Any) -> Any:
        self.forward(x)
        return self._loss(labels, Yt)

    def forward_backward(self, x: np.ndarray, labels: np.ndarray | None, Yt: Any) -> Any:
        """Fill the gradient views with dL/dtheta for the batch; return the loss."""
        self.forward(x)
        loss = self._loss(labels, Yt)
        layers = self.layers
        last = len(layers) - 1
        delta = self.delta[last]
        if self.fused:
            if labels is not None:
                np.copyto(delta, self.a[last])
                delta[self.rows, labels] -= 1.0
            else:
                np.subtract(self.a[last], Yt, out=delta)
            delta *= 1.0 / self.n
        else:
            dL_da = self.dL_da[last]
            dL_da *= 2.0 / dL_da.size  # 2 (a - y) / (n m)
            if layers[last].activation == "softmax":
                softmax_backward(dL_da, self.a[last], delta)
            else:
                layers[last].act.derivative(self.z[last], self.a[last], self.da_dz[last])
                np.multiply(dL_da, self.da_dz[last], out=delta)
        for k in range(last, -1, -1):
            dW, db = self.grads[k]
            x_k = x if k == 0 else self.a[k - 1]
            np.matmul(self.delta[k].T, x_k, out=dW)
            np.sum(self.delta[k], axis=0, out=db)
            if k > 0:
                np.matmul(self.delta[k], layers[k].W, out=self.dL_da[k - 1])
                layers[k - 1].act.derivative(self.z[k - 1], self.a[k - 1], self.da_dz[k - 1])
                np.multiply(self.dL_da[k - 1], self.da_dz[k - 1], out=self.delta[k - 1])
        return loss

    # ------------------------------------------------------------ for records

    def one_hot(self, labels: np.ndarray) -> np.ndarray:
        return to_one_hot(labels, self.layers[-1].n_out, self.dtype)

    def trace(self, x: np.ndarray, labels: np.ndarray | None, Yt: Any) -> tuple[LayerTrace, ...]:
        """Copies of every layer's values after `forward_backward` (for a `Step`)."""
        last = len(self.layers) - 1
        xs = [x, *self.a[:-1]]
        out = []
        for k, L in enumerate(self.layers):
            dW, db = self.grads[k]
            if k == last and (self.fused or L.activation == "softmax"):
                da_dz = L.act.slope_of(self.z[k], self.a[k])  # backward used the Jacobian
            else:
                da_dz = self.da_dz[k].copy()
            out.append(
                LayerTrace(
                    activation=L.activation,
                    x=np.array(xs[k], copy=True),
                    z=self.z[k].copy(),
                    a=self.a[k].copy(),
                    dL_da=self._dL_da_for_record(k, labels, Yt),
                    da_dz=da_dz,
                    delta=self.delta[k].copy(),
                    dW=dW.copy(),
                    db=db.copy(),
                )
            )
        return tuple(out)

    def _dL_da_for_record(self, k: int, labels: np.ndarray | None, Yt: Any) -> np.ndarray:
        """dL/da of layer k; for softmax + cross-entropy, -y / (n a) at the output."""
        if k < len(self.layers) - 1 or not self.fused:
            return self.dL_da[k].copy()
        Y = self.one_hot(labels) if labels is not None else Yt
        with np.errstate(divide="ignore", invalid="ignore"):
            out = -Y / (self.n * self.a[k])
        return np.where(Y == 0, 0.0, out).astype(self.dtype)

    def per_sample_loss(self, labels: np.ndarray | None, Yt: Any) -> np.ndarray:
        """Each sample's own loss term (their mean is the batch loss)."""
        z, a = self.z[-1], self.a[-1]
        if self.fused:
            lse = self.lse[:, 0]
            if labels is not None:
                return lse - z[self.rows, labels]
            return lse * Yt.sum(axis=1) - np.sum(Yt * z, axis=1)
        return np.mean((a - Yt) ** 2, axis=1)
