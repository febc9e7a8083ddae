"""Preallocated buffers for one batch size and the backprop arithmetic on them.

Forward:  z_k = x_k W_k^T + b_k,  a_k = f_k(z_k),  x_{k+1} = a_k
Output:   delta_L = (a_L - y) / n                        (softmax + cross-entropy)
          delta_L = f'(z_L) ⊙ 2 (a_L - y) / (n m)        (mse, m outputs)
Backward: dW_k = delta_k^T x_k,  db_k = sum_n delta_k,
          delta_{k-1} = (delta_k W_k) ⊙ f'_{k-1}(z_{k-1})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from nnviz.engine.functions import softmax_backward, to_one_hot

if TYPE_CHECKING:
    from nnviz.engine.network import Network


def targets_for(net: Network, Y: Any, n: int) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Normalise targets to (integer labels, None) or (None, float rows).

    Integer labels stay labels for cross-entropy and become one-hot rows for mse.
    """
    Y = np.asarray(Y)
    n_out = net.sizes[-1]
    if Y.ndim == 1 and (np.issubdtype(Y.dtype, np.integer) or n_out > 1):
        if Y.shape[0] != n:
            raise ValueError(f"got {n} inputs but {Y.shape[0]} labels")
        labels = Y.astype(np.int64, copy=False)
        if labels.size and (labels.min() < 0 or labels.max() >= n_out):
            raise ValueError(
                f"labels must lie in 0..{n_out - 1}, got {labels.min()}..{labels.max()}"
            )
        if net.loss_name == "cross_entropy":
            return labels, None
        return None, to_one_hot(labels, n_out, net.dtype)
    if Y.ndim == 1:  # one output unit, one target per sample
        Y = Y[:, None]
    if Y.shape != (n, n_out):
        raise ValueError(f"targets must have shape ({n}, {n_out}) or be {n} labels, got {Y.shape}")
    return None, np.asarray(Y, dtype=net.dtype)


class Workspace:
    """Every intermediate array of one training step for a batch of n samples."""

    def __init__(self, net: Network, n: int) -> None:
        self.net = net
        self.n = n
        dt = net.dtype
        widths = net.sizes[1:]
        self.z = [np.empty((n, m), dt) for m in widths]
        self.a = [np.empty((n, m), dt) for m in widths]
        self.g = [np.empty((n, m), dt) for m in widths]  # dL/da
        self.delta = [np.empty((n, m), dt) for m in widths]  # dL/dz
        self.tmp = [np.empty((n, m), dt) for m in widths]  # f'(z)
        self.rowmax = np.empty((n, 1), dt)
        self.rowsum = np.empty((n, 1), dt)
        self.lse = np.empty((n, 1), dt)
        self.rows = np.arange(n)
        self.fused = net.loss_name == "cross_entropy"

    def forward(self, x: np.ndarray) -> None:
        last = len(self.net.layers) - 1
        for k, L in enumerate(self.net.layers):
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
        as the network); for mse leaves a - y in g[-1]."""
        z, a, g = self.z[-1], self.a[-1], self.g[-1]
        acc = np.promote_types(self.net.dtype, np.float64)
        if self.fused:
            np.log(self.rowsum, out=self.lse)
            self.lse += self.rowmax  # lse = log sum_j e^z_j
            total = self.lse.sum(dtype=acc)
            if labels is not None:
                total -= z[self.rows, labels].sum(dtype=acc)
            else:
                total -= np.vdot(Yt, z).astype(acc)
            return total / self.n
        np.subtract(a, Yt, out=g)
        return np.vdot(g, g).astype(acc) / g.size

    def forward_loss(self, x: np.ndarray, labels: np.ndarray | None, Yt: Any) -> Any:
        self.forward(x)
        return self._loss(labels, Yt)

    def forward_backward(self, x: np.ndarray, labels: np.ndarray | None, Yt: Any) -> Any:
        """Fill net.grad with dL/dtheta for the batch; return the loss."""
        self.forward(x)
        loss = self._loss(labels, Yt)
        layers = self.net.layers
        last = len(layers) - 1
        d = self.delta[last]
        if self.fused:
            if labels is not None:
                np.copyto(d, self.a[last])
                d[self.rows, labels] -= 1.0
            else:
                np.subtract(self.a[last], Yt, out=d)
            d *= 1.0 / self.n
        else:
            g = self.g[last]
            g *= 2.0 / g.size
            if layers[last].activation == "softmax":
                softmax_backward(g, self.a[last], d)
            else:
                layers[last].act.derivative(self.z[last], self.a[last], self.tmp[last])
                np.multiply(g, self.tmp[last], out=d)
        for k in range(last, -1, -1):
            dW, db = self.net._grad_views[k]
            x_k = x if k == 0 else self.a[k - 1]
            np.matmul(self.delta[k].T, x_k, out=dW)
            np.sum(self.delta[k], axis=0, out=db)
            if k > 0:
                np.matmul(self.delta[k], layers[k].W, out=self.g[k - 1])
                layers[k - 1].act.derivative(self.z[k - 1], self.a[k - 1], self.tmp[k - 1])
                np.multiply(self.g[k - 1], self.tmp[k - 1], out=self.delta[k - 1])
        return loss

    # ------------------------------------------------------------ for records

    def one_hot(self, labels: np.ndarray) -> np.ndarray:
        return to_one_hot(labels, self.net.sizes[-1], self.net.dtype)

    def dL_da_for_record(self, k: int, labels: np.ndarray | None, Yt: Any) -> np.ndarray:
        """dL/da of layer k; for softmax + cross-entropy, -y / (n a) at the output."""
        if k < len(self.net.layers) - 1 or not self.fused:
            return self.g[k].copy()
        Y = self.one_hot(labels) if labels is not None else Yt
        with np.errstate(divide="ignore", invalid="ignore"):
            out = -Y / (self.n * self.a[k])
        return np.where(Y == 0, 0.0, out).astype(self.net.dtype)

    def per_sample_loss(self, labels: np.ndarray | None, Yt: Any) -> np.ndarray:
        """Each sample's own loss term (their mean is the batch loss)."""
        z, a = self.z[-1], self.a[-1]
        if self.fused:
            lse = self.lse[:, 0]
            if labels is not None:
                return lse - z[self.rows, labels]
            return lse * Yt.sum(axis=1) - np.sum(Yt * z, axis=1)
        return np.mean((a - Yt) ** 2, axis=1)
