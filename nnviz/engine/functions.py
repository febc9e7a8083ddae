"""Activations as value/derivative pairs, with their formulas as text.

Every function writes into a caller-supplied `out` array so the training fast
path allocates nothing in steady state. Derivatives are expressed through the
forward values (`z` and `a = f(z)`) that the forward pass already computed.
The engine, the recorded `LayerTrace.da_dz` and the explanations all use these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

LEAKY_ALPHA = 0.01  # leaky_relu(z) = alpha z for z <= 0


@dataclass(frozen=True)
class Activation:
    """a = f(z) and f'(z), both written into `out`, and f'(z) as plain text.

    `slope` is f'(z) through z and a, e.g. "a*(1 - a)". `slope_numbers` is the same
    expression as a format string over the recorded numbers: `{a}`, `{z}` (formatted)
    and `{pa}` (a formatted as a factor, in parentheses when negative); "" when the
    slope is a constant or a case distinction with nothing to fill in.
    """

    name: str
    value: Callable[[np.ndarray, np.ndarray], None]  # (z, out) -> out = f(z)
    derivative: Callable[[np.ndarray, np.ndarray, np.ndarray], None]  # (z, a, out) -> f'(z)
    slope: str
    slope_numbers: str = ""
    symbol: str = ""  # the name in formulas when it differs ("sigma")

    @property
    def prime(self) -> str:
        """f' as written in formulas, e.g. "sigma'"."""
        return f"{self.symbol or self.name}'"

    def slope_of(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        """f'(z) of arrays, freshly allocated (for records and tables, not the fast path)."""
        z, a = np.asarray(z), np.asarray(a)
        out = np.empty(np.broadcast(z, a).shape, np.result_type(z, a))
        self.derivative(z, a, out)
        return out


def _sigmoid(z: np.ndarray, out: np.ndarray) -> None:
    """sigma(z) = 1 / (1 + e^-z), via e^-|z| so that no exponent overflows."""
    np.abs(z, out=out)
    np.negative(out, out=out)
    np.exp(out, out=out)  # e = exp(-|z|) in (0, 1]
    neg = z < 0
    denom = 1.0 + out
    out[...] = np.where(neg, out, 1.0) / denom


def _sigmoid_d(z: np.ndarray, a: np.ndarray, out: np.ndarray) -> None:
    """sigma'(z) = a (1 - a)."""
    np.subtract(1.0, a, out=out)
    out *= a


def _tanh(z: np.ndarray, out: np.ndarray) -> None:
    np.tanh(z, out=out)


def _tanh_d(z: np.ndarray, a: np.ndarray, out: np.ndarray) -> None:
    """tanh'(z) = 1 - a^2."""
    np.multiply(a, a, out=out)
    np.subtract(1.0, out, out=out)


def _relu(z: np.ndarray, out: np.ndarray) -> None:
    np.maximum(z, 0.0, out=out)


def _relu_d(z: np.ndarray, a: np.ndarray, out: np.ndarray) -> None:
    """relu'(z) = 1 if z > 0 else 0  (a = max(z, 0) >= 0, so sign(a) is that)."""
    np.sign(a, out=out)


def _leaky(z: np.ndarray, out: np.ndarray) -> None:
    """leaky_relu(z) = z if z > 0 else alpha z."""
    np.multiply(z, LEAKY_ALPHA, out=out)
    np.maximum(z, out, out=out)


def _leaky_d(z: np.ndarray, a: np.ndarray, out: np.ndarray) -> None:
    """leaky_relu'(z) = 1 if z > 0 else alpha."""
    out.fill(LEAKY_ALPHA)
    np.copyto(out, 1.0, where=z > 0)


def _linear(z: np.ndarray, out: np.ndarray) -> None:
    np.copyto(out, z)


def _linear_d(z: np.ndarray, a: np.ndarray, out: np.ndarray) -> None:
    out.fill(1.0)


def softmax(z: np.ndarray, out: np.ndarray) -> None:
    """softmax(z)_j = e^(z_j - max z) / sum_k e^(z_k - max z), row-wise."""
    np.subtract(z, z.max(axis=1, keepdims=True), out=out)
    np.exp(out, out=out)
    out /= out.sum(axis=1, keepdims=True)


def _softmax_d(z: np.ndarray, a: np.ndarray, out: np.ndarray) -> None:
    """Diagonal of the softmax Jacobian, da_j/dz_j = a_j (1 - a_j); backprop uses the
    full Jacobian (`softmax_backward`) or, with cross-entropy, the fused a - y."""
    _sigmoid_d(z, a, out)


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        "sigmoid", _sigmoid, _sigmoid_d, "a*(1 - a)", "{a}*(1-{a})", symbol="sigma"
    ),
    "tanh": Activation("tanh", _tanh, _tanh_d, "1 - a^2", "1-{pa}^2"),
    "relu": Activation("relu", _relu, _relu_d, "1 for z > 0, else 0"),
    "leaky_relu": Activation("leaky_relu", _leaky, _leaky_d, f"1 for z > 0, else {LEAKY_ALPHA:g}"),
    "linear": Activation("linear", _linear, _linear_d, "1"),
    "softmax": Activation("softmax", softmax, _softmax_d, "a*(1 - a)", "{a}*(1-{a})"),
}
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
OUTPUT_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear", "softmax")
LOSSES = ("mse", "cross_entropy")


def softmax_backward(dL_da: np.ndarray, a: np.ndarray, out: np.ndarray) -> None:
    """delta = J_softmax^T dL/da = a * (dL/da - sum_k dL/da_k a_k), row-wise."""
    s = np.einsum("ij,ij->i", dL_da, a)[:, None]
    np.subtract(dL_da, s, out=out)
    out *= a


def get_activation(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}"
        ) from None


# ---------------------------------------------------------------- targets


def mse(a: np.ndarray, y: np.ndarray) -> float:
    """L = mean over samples and units of (a - y)^2 (for losses outside a training step,
    e.g. a loss landscape evaluated for many parameter sets at once)."""
    d = a - y
    return float(np.mean(d * d))


def cross_entropy_from_logits(z: np.ndarray, labels: np.ndarray) -> float:
    """L = mean_n [ logsumexp(z_n) - z_n[y_n] ], stable for any z."""
    m = z.max(axis=1)
    lse = np.log(np.exp(z - m[:, None]).sum(axis=1)) + m
    return float(np.mean(lse - z[np.arange(z.shape[0]), labels]))


def cross_entropy_soft(z: np.ndarray, y: np.ndarray) -> float:
    """L = mean_n [ -sum_j y_nj log softmax(z_n)_j ] for one-hot or soft targets."""
    m = z.max(axis=1, keepdims=True)
    log_p = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    return float(-np.mean(np.sum(y * log_p, axis=1)))


def to_one_hot(labels: np.ndarray, n_classes: int, dtype: np.dtype) -> np.ndarray:
    """Integer labels (batch,) -> one-hot rows (batch, n_classes)."""
    Y = np.zeros((labels.shape[0], n_classes), dtype=dtype)
    Y[np.arange(labels.shape[0]), labels] = 1.0
    return Y


# (output activation, loss) pairs the engine supports and tests
HEADS = (
    ("softmax", "cross_entropy"),
    ("softmax", "mse"),
    ("sigmoid", "mse"),
    ("linear", "mse"),
    ("tanh", "mse"),
)
