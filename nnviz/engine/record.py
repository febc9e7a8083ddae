"""Frozen records of one training step: what the views read.

A `Step` holds everything that happened in one call to `Network.train_step`:
the batch, every layer's forward values and gradients, the loss before the
update, the parameters before and after, and the optimizer's state. Arrays are
batch-first copies; nothing in a record refers to live network buffers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class LayerTrace:
    """One dense layer during one step.

    Forward:  z = x @ W.T + b,  a = f(z)
    Backward: delta = dL/dz,   dW = delta.T @ x,  db = sum_batch(delta)
    `delta` already contains the 1/batch factor of the mean loss.
    `dL_da` is dL/da for this layer's output (before multiplying by f'(z)).
    `da_dz` is f'(z) as the engine computed it, so delta = dL_da * da_dz. For a softmax
    output it holds the diagonal of the Jacobian, da_j/dz_j = a_j (1 - a_j); there delta
    comes from the whole Jacobian (mse) or is the fused (a - y)/n (cross-entropy).
    `dW` is the data loss's gradient; `dW_penalty` = l1·sign(W) + l2·W is the
    regularization's term, and the optimizer used `dW_total` = dW + dW_penalty
    (biases are not penalised: db is the whole bias gradient).
    """

    activation: str
    x: np.ndarray  # (batch, n_in)
    z: np.ndarray  # (batch, n_out)
    a: np.ndarray  # (batch, n_out)
    dL_da: np.ndarray  # (batch, n_out)
    da_dz: np.ndarray  # (batch, n_out)
    delta: np.ndarray  # (batch, n_out)
    dW: np.ndarray  # (n_out, n_in)
    db: np.ndarray  # (n_out,)
    dW_penalty: np.ndarray | None = None  # (n_out, n_in); None means zeros

    @property
    def dW_total(self) -> np.ndarray:
        """The weight gradient the optimizer received: dW + dW_penalty."""
        return self.dW if self.dW_penalty is None else self.dW + self.dW_penalty


@dataclass(frozen=True)
class OptimizerRecord:
    """The optimizer's view of one update.

    `hyper` holds scalars (lr, momentum, betas, eps, weight_decay, t, ...);
    `scalars` those the update derived from them: Adam's bias corrections
    "bias_correction1" = 1 - beta1^t and "bias_correction2" = 1 - beta2^t.
    `state` holds, per layer, the optimizer's per-parameter values *after* the
    update, keyed "<name>_W" / "<name>_b": the buffers "v" (momentum's velocity) or
    "m", "v" (Adam's moments), and what the update computed from them: "step" (what
    was subtracted from the parameter), "g" (the gradient plus weight_decay * w, only
    with weight decay) and for Adam "m_hat" = m/(1 - beta1^t), "v_hat" = v/(1 - beta2^t).
    `state_before` holds the buffers before the update (empty at t=1).
    """

    name: str
    hyper: dict[str, float]
    state_before: tuple[dict[str, np.ndarray], ...] = ()
    state: tuple[dict[str, np.ndarray], ...] = ()
    scalars: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """Everything one training step did, for playback and inspection.

    `loss` is the objective before the update, `data_loss + penalty`, where
    penalty = l1·Σ|W| + l2/2·ΣW² over all layers' weights (0 without regularization).
    """

    X: np.ndarray  # (batch, n_in) inputs
    Y: np.ndarray  # (batch, n_out) targets as used by the loss (one-hot for labels)
    loss_name: str
    loss: float  # before the update
    layers: tuple[LayerTrace, ...]
    params_before: list[tuple[np.ndarray, np.ndarray]]
    params_after: list[tuple[np.ndarray, np.ndarray]]
    optimizer: OptimizerRecord
    losses_per_sample: np.ndarray = field(default_factory=lambda: np.zeros(0))
    data_loss: float = float("nan")  # nan in records built without it: then use `loss`
    penalty: float = 0.0
    l1: float = 0.0
    l2: float = 0.0

    @property
    def Y_hat(self) -> np.ndarray:
        """The network's output for the batch, before the update."""
        return self.layers[-1].a

    @property
    def batch_size(self) -> int:
        return int(self.X.shape[0])

    @property
    def sizes(self) -> list[int]:
        """Layer widths [n_in, n_1, ..., n_out], as `Network.sizes`."""
        return [int(self.X.shape[1]), *(int(T.a.shape[1]) for T in self.layers)]

    @property
    def activations(self) -> list[str]:
        """Each dense layer's activation, as `Network.activations`."""
        return [T.activation for T in self.layers]


def split_per_layer(
    flat: dict[str, np.ndarray], shapes: list[tuple[int, int]]
) -> tuple[dict[str, np.ndarray], ...]:
    """Flat per-parameter vectors (layout of theta: W0, b0, W1, b1, ...) -> per layer
    {"<name>_W": (n_out, n_in), "<name>_b": (n_out,)}; empty dicts when there are none."""
    n_params = sum(o * i + o for o, i in shapes)
    if not flat or any(v.shape != (n_params,) for v in flat.values()):
        return tuple({} for _ in shapes)
    out = []
    off = 0
    for n_out, n_in in shapes:
        w_end = off + n_out * n_in
        b_end = w_end + n_out
        out.append({})
        for k, v in flat.items():
            out[-1][f"{k}_W"] = v[off:w_end].reshape(n_out, n_in)
            out[-1][f"{k}_b"] = v[w_end:b_end]
        off = b_end
    return tuple(out)
