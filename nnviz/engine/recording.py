"""The recorded training step of a network: forward, loss, backward and update with
every intermediate value kept (z, a, δ, ∂L/∂W, ∂L/∂b, the optimizer's state before and
after) as a `Step` (`nnviz.engine.record`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np

from nnviz.engine.backprop import Workspace
from nnviz.engine.dense import Dense
from nnviz.engine.optim import Optimizer
from nnviz.engine.record import OptimizerRecord, Step, split_per_layer


class Recording:
    """`train_step` of `nnviz.engine.network.Network` (a mixin)."""

    layers: list[Dense]
    loss_name: str
    theta: np.ndarray
    grad: np.ndarray
    l1: float
    l2: float
    _as_input: Callable[[Any], tuple[np.ndarray, bool]]
    _workspace: Callable[..., Workspace]
    params: Callable[[], list[tuple[np.ndarray, np.ndarray]]]
    _penalty_acc: Callable[[], Any]
    _add_penalty_grad: Callable[[], list[np.ndarray] | None]

    def train_step(self, X: Any, Y: Any, opt: Optimizer) -> Step:
        """Forward, loss, backward and update, recorded in full as a `Step`."""
        x, _ = self._as_input(X)
        ws = self._workspace(x.shape[0])
        labels, Yt = ws.targets(Y)
        before = self.params()
        shapes = [(L.n_out, L.n_in) for L in self.layers]
        state_before = split_per_layer(opt.state(), shapes)
        data_loss = ws.forward_backward(x, labels, Yt)
        traces = ws.trace(x, labels, Yt)  # dW: the data loss's gradient
        penalty = self._penalty_acc()
        terms = self._add_penalty_grad()
        traces = tuple(
            dataclasses.replace(
                T, dW_penalty=np.zeros_like(T.dW) if terms is None else terms[k].copy()
            )
            for k, T in enumerate(traces)
        )
        Y_full = ws.one_hot(labels) if labels is not None else np.array(Yt, copy=True)
        per_sample = ws.per_sample_loss(labels, Yt)
        opt.step(self.theta, self.grad)
        computed, scalars = opt.traced()
        record = OptimizerRecord(
            name=opt.name,
            hyper=opt.hyper(),
            state_before=state_before,
            state=split_per_layer({**opt.state(), **computed}, shapes),
            scalars=scalars,
        )
        return Step(
            X=np.array(x, copy=True),
            Y=Y_full,
            loss_name=self.loss_name,
            loss=float(data_loss + penalty),
            layers=tuple(traces),
            params_before=before,
            params_after=self.params(),
            optimizer=record,
            losses_per_sample=per_sample,
            data_loss=float(data_loss),
            penalty=float(penalty),
            l1=self.l1,
            l2=self.l2,
        )
