"""One kept moment of a training run, and replaying a step from it (no Qt).

A `Snapshot` holds the flat parameter vector theta (a copy, in the network's
layout: W0, b0, W1, b1, ...), the optimizer's exact state (`save_state`), its
name and hyperparameters, and the metrics known at that step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np

from nnviz.engine import Network, Optimizer, Step, make_optimizer

PRIORITY = {"regular": 0, "epoch_end": 1, "early": 2, "mark": 3}  # thinned lowest first


@dataclass(eq=False)
class Snapshot:
    """The network and optimizer as they were after `step` training steps."""

    step: int
    theta: np.ndarray  # flat copy of every (W, b)
    config: dict[str, Any]  # Network.config() of the run (shared, read-only)
    opt_name: str | None = None
    opt_hyper: dict[str, float] = field(default_factory=dict)
    opt_state: dict[str, np.ndarray] = field(default_factory=dict)  # Optimizer.save_state()
    metrics: dict[str, float] = field(default_factory=dict)
    epoch_end: bool = False
    mark: str | None = None  # why the user stopped here ("pause", "step", ...)
    early: bool = False  # one of the densely kept first steps

    @property
    def kind(self) -> str:
        """The thinning class: "mark" > "early" > "epoch_end" > "regular"."""
        if self.mark is not None:
            return "mark"
        if self.early:
            return "early"
        return "epoch_end" if self.epoch_end else "regular"

    @property
    def nbytes(self) -> int:
        return int(self.theta.nbytes + sum(v.nbytes for v in self.opt_state.values()))

    def params(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Copies of every (W, b), W of shape (n_out, n_in)."""
        return split_theta(self.theta, self.config["sizes"], copy=True)

    def network(self, dtype: Any = None) -> Network:
        """A new network with this snapshot's parameters (optionally in another dtype)."""
        cfg = dict(self.config)
        sizes = cfg.pop("sizes")
        cfg["dtype"] = np.dtype(dtype or cfg["dtype"])
        net = Network(sizes, seed=None, **cfg)
        net.set_params(self.params())
        return net

    def optimizer(self, dtype: Any = None) -> Optimizer | None:
        """A new optimizer in this snapshot's state (None if none was recorded)."""
        if self.opt_name is None:
            return None
        opt = optimizer_from(self.opt_name, self.opt_hyper)
        state = self.opt_state
        if dtype is not None:
            state = {k: v if k == "t" else v.astype(dtype) for k, v in state.items()}
        opt.load_state(state)
        return opt


def split_theta(
    theta: np.ndarray, sizes: list[int], copy: bool = False
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (W, b) views (or copies) of a flat parameter vector for layer widths `sizes`."""
    out, off = [], 0
    for n_in, n_out in pairwise(sizes):
        w_end = off + n_out * n_in
        W, b = theta[off:w_end].reshape(n_out, n_in), theta[w_end : w_end + n_out]
        out.append((W.copy(), b.copy()) if copy else (W, b))
        off = w_end + n_out
    if off != theta.size:
        raise ValueError(f"{theta.size} parameters do not fit layer widths {sizes}")
    return out


def optimizer_from(name: str, hyper: dict[str, float]) -> Optimizer:
    """Rebuild a fresh optimizer from its name and `Optimizer.hyper()`."""
    kw: dict[str, Any] = {"weight_decay": hyper.get("weight_decay", 0.0)}
    if name == "momentum":
        kw |= {
            "momentum": hyper["momentum"],
            "nesterov": bool(hyper.get("nesterov", 0.0)),
            "dampening": hyper.get("dampening", 0.0),
        }
    elif name == "adam":
        kw |= {"betas": (hyper["beta1"], hyper["beta2"]), "eps": hyper["eps"]}
    return make_optimizer(name, hyper["lr"], **kw)


def take_snapshot(
    step: int, net: Network, opt: Optimizer | None, config: dict[str, Any], keep_opt: bool
) -> Snapshot:
    """Copy what `step` needs to be shown and replayed later."""
    snap = Snapshot(step=step, theta=net.theta.copy(), config=config)
    if opt is not None:
        snap.opt_name, snap.opt_hyper = opt.name, opt.hyper()
        if keep_opt:
            snap.opt_state = opt.save_state()
    return snap


def replay(snap: Snapshot, X: Any, Y: Any, opt: Optimizer | None = None, dtype: Any = None) -> Step:
    """The `Step` of `Network.train_step(X, Y)` taken from `snap`: a new network with its
    parameters and a new optimizer in its state (or a fresh copy of `opt` when the
    snapshot kept none). Nothing of the running network is touched."""
    net = snap.network(dtype)
    o = snap.optimizer(net.dtype) if snap.opt_state else None
    if o is None:
        if snap.opt_name is not None:
            o = optimizer_from(snap.opt_name, snap.opt_hyper)
        elif opt is not None:
            o = optimizer_from(opt.name, opt.hyper())
        else:
            raise ValueError(f"step {snap.step} kept no optimizer; pass one to replay")
    return net.train_step(X, Y, o)
