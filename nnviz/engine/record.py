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
    `dW` is the data loss's gradient; `dW_penalty` = l1·sign(W) + l2·W is the
    regularization's term, and the optimizer used `dW_total` = dW + dW_penalty
    (biases are not penalised: db is the whole bias gradient).
    """

    activation: str
    x: np.ndarray  # (batch, n_in)
    z: np.ndarray  # (batch, n_out)
    a: np.ndarray  # (batch, n_out)
    dL_da: np.ndarray  # (batch, n_out)
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
    `state` holds, per layer, the optimizer buffers *after* the update, keyed
    like "v_W"/"v_b" (momentum) or "m_W", "v_W", "m_b", "v_b" (Adam).
    `state_before` holds the same buffers before the update (empty at t=1).
    """

    name: str
    hyper: dict[str, float]
    state_before: tuple[dict[str, np.ndarray], ...] = ()
    state: tuple[dict[str, np.ndarray], ...] = ()


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
