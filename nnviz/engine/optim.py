"""Gradient-descent optimizers with torch.optim semantics.

Each optimizer updates one flat parameter vector in place from the flat
gradient vector of the same length (the network keeps all W and b as views
into a single contiguous buffer). State buffers are allocated on first use and
reused, so a steady-state step allocates nothing.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from typing import Any

import numpy as np


class Optimizer:
    """Base class: `step(theta, grad)` updates `theta` in place and returns it."""

    name = "optimizer"
    state_names: tuple[str, ...] = ()

    def __init__(self, lr: float, weight_decay: float = 0.0) -> None:
        if not lr > 0 or not math.isfinite(lr):
            raise ValueError(f"learning rate must be a positive number, got {lr}")
        self.lr = float(lr)
        self.weight_decay = float(weight_decay)
        self.t = 0
        self._state: dict[str, np.ndarray] = {}
        self._tmp: np.ndarray | None = None
        self._g: np.ndarray | None = None
        self._restored = False  # state came from `load_state`: keep it on first use

    def _buffers(self, theta: np.ndarray) -> np.ndarray:
        if self._tmp is None or self._tmp.shape != theta.shape or self._tmp.dtype != theta.dtype:
            self._tmp = np.empty_like(theta)
            self._g = np.empty_like(theta) if self.weight_decay else None
            restored, self._restored = self._restored, False
            if restored and self.t > 0:
                for k in self.state_names:
                    v = self._state[k]
                    if v.shape != theta.shape or v.dtype != theta.dtype:
                        raise ValueError(
                            f"optimizer state {k!r} holds {v.size} {v.dtype} values, "
                            f"the parameters {theta.size} {theta.dtype}"
                        )
            else:
                self._state = {k: np.zeros_like(theta) for k in self.state_names}
                self.t = 0
        return self._tmp

    def _decayed(self, theta: np.ndarray, grad: np.ndarray) -> np.ndarray:
        """g = grad + weight_decay * theta (in its own buffer), or grad itself."""
        if self._g is None:
            return grad
        np.multiply(theta, self.weight_decay, out=self._g)
        self._g += grad
        return self._g

    def step(self, theta: np.ndarray, grad: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def hyper(self) -> dict[str, float]:
        """The scalars that define the update (for records and explanations)."""
        return {"lr": self.lr, "weight_decay": self.weight_decay, "t": float(self.t)}

    def state(self) -> dict[str, np.ndarray]:
        """Copies of the state buffers (flat, same layout as theta)."""
        return {k: v.copy() for k, v in self._state.items()}

    def copy(self, dtype: Any = None) -> Optimizer:
        """An independent optimizer with the same settings, step count and state; with
        `dtype` the state is cast for a network of that dtype (e.g. a float64 copy)."""
        new = copy.copy(self)

        def cast(a: np.ndarray) -> np.ndarray:
            return a.astype(dtype or a.dtype, copy=True)

        new._state = {k: cast(v) for k, v in self._state.items()}
        new._tmp = None if self._tmp is None else cast(self._tmp)
        new._g = None if self._g is None else cast(self._g)
        return new

    def save_state(self) -> dict[str, np.ndarray]:
        """Exact copies of the internal buffers plus the step count "t" (a 0-d int64
        array), for `load_state`. Unlike `state()` the layout is internal: Adam keeps
        m/(1-b1) and v/(1-b2)."""
        return {"t": np.array(self.t, dtype=np.int64)} | {
            k: v.copy() for k, v in self._state.items()
        }

    def load_state(self, state: Mapping[str, np.ndarray]) -> None:
        """Continue from a `save_state()` result, bit for bit (the arrays are copied).
        The buffers must match the parameters of the next `step`."""
        t = int(np.asarray(state.get("t", 0)))
        names = set(state) - {"t"}
        if t < 0 or (t > 0 and names != set(self.state_names)):
            raise ValueError(
                f"{type(self).__name__} state needs t >= 0 and buffers {self.state_names}, "
                f"got t={t} and {sorted(names)}"
            )
        self.reset()
        if t > 0:
            self._state = {k: np.array(state[k], copy=True) for k in self.state_names}
            self.t = t
            self._restored = True

    def reset(self) -> None:
        """Forget all state (moments, velocity, step count)."""
        self._tmp = None
        self._state = {}
        self.t = 0
        self._restored = False

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v:g}" for k, v in self.hyper().items() if k != "t")
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    """theta <- theta - lr * (g + weight_decay * theta)."""

    name = "sgd"

    def step(self, theta: np.ndarray, grad: np.ndarray) -> np.ndarray:
        tmp = self._buffers(theta)
        self.t += 1
        g = self._decayed(theta, grad)
        np.multiply(g, self.lr, out=tmp)
        theta -= tmp
        return theta


class Momentum(Optimizer):
    """torch SGD with momentum: v <- mu v + (1 - dampening) g (v = g at t=1);
    theta <- theta - lr * (g + mu v if nesterov else v)."""

    name = "momentum"
    state_names = ("v",)

    def __init__(
        self,
        lr: float,
        momentum: float = 0.9,
        nesterov: bool = False,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(lr, weight_decay)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        if nesterov and dampening != 0.0:
            raise ValueError("Nesterov momentum requires zero dampening")
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)
        self.dampening = float(dampening)

    def step(self, theta: np.ndarray, grad: np.ndarray) -> np.ndarray:
        tmp = self._buffers(theta)
        v = self._state["v"]
        self.t += 1
        g = self._decayed(theta, grad)
        if self.t == 1:
            np.copyto(v, g)
        else:
            v *= self.momentum
            if self.dampening:
                np.multiply(g, 1.0 - self.dampening, out=tmp)
                v += tmp
            else:
                v += g
        if self.nesterov:
            np.multiply(v, self.momentum, out=tmp)
            tmp += g
        else:
            np.copyto(tmp, v)
        tmp *= self.lr
        theta -= tmp
        return theta

    def hyper(self) -> dict[str, float]:
        return {
            **super().hyper(),
            "momentum": self.momentum,
            "nesterov": float(self.nesterov),
            "dampening": self.dampening,
        }


class Adam(Optimizer):
    """torch Adam: m <- b1 m + (1-b1) g;  v <- b2 v + (1-b2) g^2;
    theta <- theta - lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps).

    Internally the moments are kept unscaled, m' = m/(1-b1) and v' = v/(1-b2),
    which saves three passes over the parameters per step; `state()` reports
    the true m and v.
    """

    name = "adam"
    state_names = ("m", "v")

    def __init__(
        self,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(lr, weight_decay)
        b1, b2 = betas
        if not (0.0 <= b1 < 1.0 and 0.0 <= b2 < 1.0):
            raise ValueError(f"betas must be in [0, 1), got {betas}")
        self.betas = (float(b1), float(b2))
        self.eps = float(eps)

    def step(self, theta: np.ndarray, grad: np.ndarray) -> np.ndarray:
        tmp = self._buffers(theta)
        m_, v_ = self._state["m"], self._state["v"]  # m' and v'
        b1, b2 = self.betas
        self.t += 1
        g = self._decayed(theta, grad)
        m_ *= b1
        m_ += g  # m' = b1 m' + g
        np.multiply(g, g, out=tmp)
        v_ *= b2
        v_ += tmp  # v' = b2 v' + g^2
        bc1 = 1.0 - b1**self.t
        c = math.sqrt((1.0 - b2) / (1.0 - b2**self.t))  # sqrt(v)/sqrt(bc2) = c sqrt(v')
        np.sqrt(v_, out=tmp)
        tmp += self.eps / c
        np.divide(m_, tmp, out=tmp)
        tmp *= self.lr * (1.0 - b1) / (bc1 * c)
        theta -= tmp
        return theta

    def state(self) -> dict[str, np.ndarray]:
        b1, b2 = self.betas
        if not self._state:
            return {}
        return {"m": self._state["m"] * (1.0 - b1), "v": self._state["v"] * (1.0 - b2)}

    def hyper(self) -> dict[str, float]:
        return {**super().hyper(), "beta1": self.betas[0], "beta2": self.betas[1], "eps": self.eps}


OPTIMIZERS: dict[str, type[Optimizer]] = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def make_optimizer(name: str, lr: float, **kw: float) -> Optimizer:
    """Build an optimizer by name ("sgd", "momentum", "adam")."""
    try:
        cls = OPTIMIZERS[name.lower()]
    except KeyError:
        raise ValueError(f"unknown optimizer {name!r}; choose sgd, momentum or adam") from None
    return cls(lr, **kw)  # type: ignore[arg-type]
