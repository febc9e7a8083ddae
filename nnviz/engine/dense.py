"""One dense layer: z = W·x + b, a = f(z), with W and b as views into the network's θ."""

from __future__ import annotations

import numpy as np

from nnviz.engine.functions import Activation, get_activation


class Dense:
    """One layer: z = W·x + b, a = activation(z). `W`, `b` are writable in place."""

    def __init__(self, W: np.ndarray, b: np.ndarray, activation: str) -> None:
        self._W = W
        self._b = b
        self.activation = activation
        self.act: Activation = get_activation(activation)

    @property
    def W(self) -> np.ndarray:
        return self._W

    @W.setter
    def W(self, value: np.ndarray) -> None:
        self._W[...] = value

    @property
    def b(self) -> np.ndarray:
        return self._b

    @b.setter
    def b(self, value: np.ndarray) -> None:
        self._b[...] = value

    @property
    def n_in(self) -> int:
        return int(self._W.shape[1])

    @property
    def n_out(self) -> int:
        return int(self._W.shape[0])

    def __repr__(self) -> str:
        return f"Dense({self.n_in} -> {self.n_out}, {self.activation})"
