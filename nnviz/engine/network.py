"""Dense feed-forward networks: forward, backward, and one training step.

Conventions (as torch.nn.Linear): a layer computes z = W·x + b, a = f(z), with
W of shape (n_out, n_in), so W[j, i] is the edge from unit i of the previous
layer to unit j. Batch form: Z = X @ W.T + b. All W and b of a network are
views into one contiguous vector `theta` (and their gradients into `grad`), so
an optimizer updates every parameter with a handful of vector operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.engine.backprop import Workspace
from nnviz.engine.dense import Dense
from nnviz.engine.functions import HIDDEN_ACTIVATIONS, LOSSES, OUTPUT_ACTIVATIONS
from nnviz.engine.io import save_model
from nnviz.engine.optim import Optimizer
from nnviz.engine.penalty import Penalty
from nnviz.engine.recording import Recording
from nnviz.engine.regularized import Regularized

_NO_INIT: Any = object()  # seed for networks whose parameters are set right after


def _check_sizes(sizes: Sequence[int]) -> list[int]:
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or any(s < 1 for s in sizes):
        raise ValueError(f"sizes must list at least two positive layer widths, got {sizes}")
    return sizes


class Network(Regularized, Recording):
    """A multilayer perceptron with a fixed loss.

    `activation` is one name for every hidden layer or a list with one per
    hidden layer; `output` is the last layer's activation. `loss="mse"` is the
    mean over samples and outputs of (a - y)^2; `loss="cross_entropy"` needs
    `output="softmax"` and is the mean over samples of -sum(y log a).

    `l1` and `l2` are regularization rates: training minimises
    data loss + l1·Σ|W| + l2/2·ΣW², summed over every layer's weights (biases are
    not penalised), so the gradient gains l1·sign(W) + l2·W (sign(0) = 0).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Sequence[str] = "relu",
        output: str = "softmax",
        loss: str = "cross_entropy",
        dtype: Any = np.float32,
        seed: int | None = 0,
        l1: float = 0.0,
        l2: float = 0.0,
    ) -> None:
        self.sizes = _check_sizes(sizes)
        n_hidden = len(self.sizes) - 2
        hidden = [activation] * n_hidden if isinstance(activation, str) else list(activation)
        if len(hidden) != n_hidden:
            raise ValueError(f"{n_hidden} hidden layers need {n_hidden} activations, got {hidden}")
        for name in hidden:
            if name not in HIDDEN_ACTIVATIONS:
                raise ValueError(
                    f"hidden activation must be one of {HIDDEN_ACTIVATIONS}, got {name!r}"
                )
        if output not in OUTPUT_ACTIVATIONS:
            raise ValueError(
                f"output activation must be one of {OUTPUT_ACTIVATIONS}, got {output!r}"
            )
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
        if loss == "cross_entropy" and output != "softmax":
            raise ValueError("cross_entropy needs output='softmax' (or use loss='mse')")
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64, np.longdouble):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}")
        self.activations = [*hidden, output]
        self.loss_name = loss
        self.seed = seed
        self._penalty = Penalty(l1, l2)
        self.meta: dict[str, Any] = {}
        shapes = list(zip(self.sizes[1:], self.sizes[:-1], strict=True))
        n_params = sum(o * i + o for o, i in shapes)
        self.theta = np.zeros(n_params, dtype=self.dtype)
        self.grad = np.zeros(n_params, dtype=self.dtype)
        self.layers: list[Dense] = []
        self._grad_views: list[tuple[np.ndarray, np.ndarray]] = []
        off = 0
        for (n_out, n_in), act in zip(shapes, self.activations, strict=True):
            w_end, b_end = off + n_out * n_in, off + n_out * n_in + n_out
            W = self.theta[off:w_end].reshape(n_out, n_in)
            self.layers.append(Dense(W, self.theta[w_end:b_end], act))
            self._grad_views.append(
                (self.grad[off:w_end].reshape(n_out, n_in), self.grad[w_end:b_end])
            )
            off = b_end
        self._workspaces: dict[int, Workspace] = {}
        if seed is not _NO_INIT:
            self.init_params(seed)

    # ------------------------------------------------------------ parameters

    def init_params(self, seed: int | None = None) -> None:
        """He normal init for the ReLU family, Xavier/Glorot uniform otherwise; b = 0."""
        rng = np.random.default_rng(seed)
        for L in self.layers:
            if L.activation in ("relu", "leaky_relu"):
                L.W[...] = rng.normal(0.0, np.sqrt(2.0 / L.n_in), size=L.W.shape)
            else:
                limit = np.sqrt(6.0 / (L.n_in + L.n_out))
                L.W[...] = rng.uniform(-limit, limit, size=L.W.shape)
            L.b[...] = 0.0

    def params(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Copies of every (W, b)."""
        return [(L.W.copy(), L.b.copy()) for L in self.layers]

    def set_params(self, params: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
        """Write (W, b) pairs into the network (shapes must match)."""
        if len(params) != len(self.layers):
            raise ValueError(f"expected {len(self.layers)} (W, b) pairs, got {len(params)}")
        for L, (W, b) in zip(self.layers, params, strict=True):
            if np.shape(W) != L.W.shape or np.shape(b) != L.b.shape:
                raise ValueError(
                    f"shape mismatch: layer wants W{L.W.shape}, b{L.b.shape}, "
                    f"got W{np.shape(W)}, b{np.shape(b)}"
                )
            L.W[...] = W
            L.b[...] = b

    def config(self) -> dict[str, Any]:
        """What it takes to rebuild this architecture."""
        return {
            "sizes": list(self.sizes),
            "activation": self.activations[:-1],
            "output": self.activations[-1],
            "loss": self.loss_name,
            "dtype": self.dtype.name,
            "l1": self.l1,
            "l2": self.l2,
        }

    @classmethod
    def from_config(
        cls, config: dict[str, Any], params: Sequence[tuple[np.ndarray, np.ndarray]] | None = None
    ) -> Network:
        """The network `config()` describes, with `params` (else zeros: no random init)."""
        cfg = dict(config)
        net = cls(cfg.pop("sizes"), seed=_NO_INIT, **cfg)
        if params is not None:
            net.set_params(params)
        return net

    def copy(self, dtype: Any = None) -> Network:
        """An independent network with the same architecture, parameters and meta."""
        cfg = self.config()
        cfg["dtype"] = np.dtype(dtype or self.dtype)
        net = Network.from_config(cfg, self.params())
        net.meta = dict(self.meta)
        return net

    @property
    def n_params(self) -> int:
        return int(self.theta.size)

    def __repr__(self) -> str:
        arch = "-".join(map(str, self.sizes))
        reg = "".join(f", {k}={v:g}" for k, v in (("l1", self.l1), ("l2", self.l2)) if v)
        return f"Network({arch}, {self.activations}, loss={self.loss_name}{reg}, {self.dtype.name})"

    # ------------------------------------------------------------ forward

    def _as_input(self, X: Any) -> tuple[np.ndarray, bool]:
        X = np.asarray(X, dtype=self.dtype)
        single = X.ndim == 1
        if single:
            X = X[None, :]
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(
                f"expected inputs of shape (batch, {self.sizes[0]}), got {np.shape(X)}"
            )
        return X, single

    def forward_all(self, X: Any) -> list[tuple[np.ndarray, np.ndarray]]:
        """[(z, a)] for every layer, freshly allocated (safe to keep)."""
        x, _ = self._as_input(X)
        out = []
        for L in self.layers:
            z = x @ L.W.T
            z += L.b
            a = np.empty_like(z)
            L.act.value(z, a)
            out.append((z, a))
            x = a
        return out

    def forward(self, X: Any) -> np.ndarray:
        """Y_hat = f_L(W_L ... f_1(W_1 X + b_1) ... + b_L), shape (batch, n_out)."""
        _, single = self._as_input(X)
        a = self.forward_all(X)[-1][1]
        return a[0] if single else a

    def predict(self, X: Any) -> np.ndarray:
        """Class index per sample (argmax of the output)."""
        return np.argmax(np.atleast_2d(self.forward(X)), axis=1)

    def loss(self, X: Any, Y: Any) -> float:
        """The data loss on (X, Y) without touching any parameter (no penalty;
        the objective training minimises is `loss(X, Y) + penalty()`)."""
        x, _ = self._as_input(X)
        ws = self._workspace(x.shape[0], cached=False)
        return float(ws.forward_loss(x, *ws.targets(Y)))

    def input_gradient(self, X: Any, unit: int) -> np.ndarray:
        """d z_L[unit] / d x: how each input moves the chosen output logit."""
        x, single = self._as_input(X)
        zs = self.forward_all(x)
        delta = np.zeros_like(zs[-1][0])
        delta[:, unit] = 1.0
        for k in range(len(self.layers) - 1, 0, -1):
            dout_da = delta @ self.layers[k].W
            delta = dout_da * self.layers[k - 1].act.slope_of(*zs[k - 1])
        dx = delta @ self.layers[0].W
        return dx[0] if single else dx

    # ------------------------------------------------------------ training

    def outputs_and_losses(self, X: Any, Y: Any) -> tuple[np.ndarray, np.ndarray]:
        """(a_L, the loss of each sample) for a batch: one forward pass, no update."""
        x, _ = self._as_input(X)
        ws = self._workspace(len(x), cached=False)
        labels, Yt = ws.targets(Y)
        ws.forward_loss(x, labels, Yt)
        return ws.a[-1].copy(), ws.per_sample_loss(labels, Yt)

    def targets(self, Y: Any) -> tuple[np.ndarray | None, np.ndarray | None]:
        """`Y` as the loss reads it: (integer labels, None) or (None, float target rows)."""
        Y = np.asarray(Y)
        return self._workspace(len(Y), cached=False).targets(Y)

    def _workspace(self, n: int, cached: bool = True) -> Workspace:
        """Buffers for batches of n (the last four sizes are kept unless `cached=False`)."""
        ws = self._workspaces.get(n)
        if ws is None:
            ws = Workspace(self.layers, self._grad_views, self.loss_name, n)
            if cached:
                if len(self._workspaces) >= 4:
                    self._workspaces.pop(next(iter(self._workspaces)))
                self._workspaces[n] = ws
        return ws

    def fit_batch(self, X: Any, Y: Any, opt: Optimizer) -> float:
        """One gradient step on (X, Y); returns the objective (data loss + penalty)
        before the update.

        The fast path: preallocated buffers, no trace. Same update as `train_step`.
        """
        x, _ = self._as_input(X)
        ws = self._workspace(x.shape[0])
        loss = ws.forward_backward(x, *ws.targets(Y))
        if self._penalty.active:
            loss = loss + self._penalty_acc()
            self._add_penalty_grad()
        opt.step(self.theta, self.grad)
        return float(loss)

    # ------------------------------------------------------------ files

    def save(self, path: str | Path, extra: dict[str, np.ndarray] | None = None) -> None:
        """Write an .npz model file atomically (see `nnviz.engine.io`)."""
        save_model(self, path, extra)
