"""The loss landscape: the loss over a 2-D slice of parameter space around θ.

    L(α, β) = L(θ + α·d1 + β·d2)

A direction d is a list of (dW, db) shaped like `net.params()`. The network is only
read, never written. Speed: the first layer's pre-activation is linear in (α, β),

    X (W0 + α D1 + β D2)ᵀ + (b0 + α e1 + β e2) = A + α B + β C,

so A, B, C are computed once; every later (small) layer runs for a chunk of grid
points at once with batched matmuls (W_g = W + α D1 + β D2 for all g in one GEMM).
Activations and losses are the engine's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from nnviz.engine.backprop import targets_for
from nnviz.engine.functions import cross_entropy_from_logits, cross_entropy_soft, mse
from nnviz.engine.gradcheck import backprop_gradient
from nnviz.engine.network import Network

Direction = list[tuple[np.ndarray, np.ndarray]]
CHUNK_ELEMENTS = 1 << 18  # grid points per chunk x samples x widest layer (cache-sized)


# ---------------------------------------------------------------- directions


def flatten(params: Any) -> np.ndarray:
    """A list of (W, b) (or a flat vector) -> one float64 vector in `net.theta`'s layout."""
    if isinstance(params, np.ndarray):
        return params.astype(np.float64, copy=False).ravel()
    return np.concatenate([np.concatenate([np.ravel(W), np.ravel(b)]) for W, b in params]).astype(
        np.float64, copy=False
    )


def unflatten(net: Network, v: np.ndarray) -> Direction:
    """A flat vector in `net.theta`'s layout -> a list of (dW, db) copies."""
    v = np.asarray(v, dtype=np.float64)
    if v.shape != (net.n_params,):
        raise ValueError(f"expected a vector of {net.n_params} parameters, got shape {v.shape}")
    out, off = [], 0
    for L in net.layers:
        w_end = off + L.W.size
        out.append((v[off:w_end].reshape(L.W.shape).copy(), v[w_end : w_end + L.b.size].copy()))
        off = w_end + L.b.size
    return out


def filter_normalized_direction(
    net: Network, seed: int | None = 0, bias: str = "zero"
) -> Direction:
    """A random direction with each neuron's row scaled to that row of θ (Li et al. 2018).

    d = N(0, 1) shaped like W;  d[j] <- d[j] · ‖W[j]‖ / ‖d[j]‖ for every unit j.
    `bias="zero"` (as in Li et al.) gives db = 0: the slice moves weights only.
    `bias="row"` treats (W[j], b[j]) as one row and normalises it as a whole.
    """
    if bias not in ("zero", "row"):
        raise ValueError(f"bias must be 'zero' or 'row', got {bias!r}")
    rng = np.random.default_rng(seed)
    out = []
    for L in net.layers:
        theta = np.asarray(L.W, np.float64)
        if bias == "row":
            theta = np.column_stack([theta, np.asarray(L.b, np.float64)])
        d = rng.standard_normal(theta.shape)
        d_norm = np.linalg.norm(d, axis=1, keepdims=True)
        d *= np.linalg.norm(theta, axis=1, keepdims=True) / np.maximum(d_norm, 1e-300)
        if bias == "row":
            out.append((d[:, :-1].copy(), d[:, -1].copy()))
        else:
            out.append((d, np.zeros(L.b.shape)))
    return out


def weight_direction(net: Network, layer: int, j: int, i: int | None) -> Direction:
    """The unit vector along one parameter: W[j, i] of `layer` (the edge i -> j), or b[j]
    when `i` is None."""
    if not 0 <= layer < len(net.layers):
        raise ValueError(f"layer must be in 0..{len(net.layers) - 1}, got {layer}")
    L = net.layers[layer]
    if not 0 <= j < L.n_out or (i is not None and not 0 <= i < L.n_in):
        raise ValueError(f"no parameter ({j}, {i}) in layer {layer} of shape {L.W.shape}")
    d = [(np.zeros(K.W.shape), np.zeros(K.b.shape)) for K in net.layers]
    if i is None:
        d[layer][1][j] = 1.0
    else:
        d[layer][0][j, i] = 1.0
    return d


def gradient(net: Network, X: Any, Y: Any) -> np.ndarray:
    """g = dL/dθ on (X, Y), flat float64 (leaves `net.grad` as it was)."""
    saved = net.grad.copy()
    try:
        return backprop_gradient(net, X, Y).astype(np.float64)
    finally:
        net.grad[...] = saved


def gradient_direction(net: Network, X: Any, Y: Any) -> Direction:
    """u = -g / ‖g‖, the unit direction of steepest descent (zero if g = 0)."""
    g = gradient(net, X, Y)
    norm = float(np.linalg.norm(g))
    return unflatten(net, -g / norm if norm > 0 else g)


# ---------------------------------------------------------------- surfaces


def _check_direction(net: Network, d: Sequence[tuple[Any, Any]], name: str) -> None:
    if len(d) != len(net.layers):
        raise ValueError(f"{name} needs {len(net.layers)} (dW, db) pairs, got {len(d)}")
    for L, (dW, db) in zip(net.layers, d, strict=True):
        if np.shape(dW) != L.W.shape or np.shape(db) != L.b.shape:
            raise ValueError(
                f"{name}: layer wants W{L.W.shape}, b{L.b.shape}, "
                f"got W{np.shape(dW)}, b{np.shape(db)}"
            )


def _stack(dt: np.dtype, *parts: tuple[Any, Any]) -> np.ndarray:
    """Rows [W.ravel(), b] of θ_k, d1_k, d2_k: shape (3, n_out·n_in + n_out)."""
    return np.stack([np.concatenate([np.ravel(W), np.ravel(b)]) for W, b in parts]).astype(dt)


def loss_surface(
    net: Network,
    X: Any,
    Y: Any,
    d1: Sequence[tuple[Any, Any]],
    d2: Sequence[tuple[Any, Any]],
    alphas: Any,
    betas: Any,
) -> np.ndarray:
    """S[i, j] = L(θ + alphas[i]·d1 + betas[j]·d2) on (X, Y), in the network's dtype.

    S at α = β = 0 equals `net.loss(X, Y)`; the network is not modified. Values are
    kept features-first (units x samples), so the loss's row reductions run over
    contiguous memory: z_g = W_g a_g + b_g for each grid point g.
    """
    _check_direction(net, d1, "d1")
    _check_direction(net, d2, "d2")
    dt = net.dtype
    x = np.asarray(X, dtype=dt)
    if x.ndim != 2 or x.shape[1] != net.sizes[0]:
        raise ValueError(f"expected inputs of shape (batch, {net.sizes[0]}), got {np.shape(X)}")
    n = x.shape[0]
    if n == 0:
        raise ValueError("no samples to evaluate the loss on")
    labels, Yt = targets_for(net, Y, n)
    alphas = np.atleast_1d(np.asarray(alphas, dtype=np.float64))
    betas = np.atleast_1d(np.asarray(betas, dtype=np.float64))
    G = alphas.size * betas.size
    coef = np.empty((G, 3), dtype=dt)  # rows (1, α, β), α-major like the result
    coef[:, 0] = 1.0
    coef[:, 1] = np.repeat(alphas, betas.size)
    coef[:, 2] = np.tile(betas, alphas.size)

    L0 = net.layers[0]
    h0 = L0.n_out
    P = np.empty((3, h0, n), dtype=dt)  # A, B, C of the first layer, features-first
    for r, (W, b) in enumerate([(L0.W, L0.b), d1[0], d2[0]]):
        np.matmul(np.asarray(W, dt), x.T, out=P[r])
        P[r] += np.asarray(b, dt)[:, None]
    P2 = P.reshape(3, h0 * n)
    stacks = [_stack(dt, (L.W, L.b), d1[k], d2[k]) for k, L in enumerate(net.layers)]
    fused = net.loss_name == "cross_entropy"
    last = len(net.layers) - 1
    chunk = max(1, CHUNK_ELEMENTS // (n * max(net.sizes[1:])))
    chunk = min(chunk, G)
    zbuf = [np.empty((chunk, m, n), dtype=dt) for m in net.sizes[1:]]  # reused: no page faults
    abuf = [np.empty((chunk, m, n), dtype=dt) for m in net.sizes[1:]]
    out = np.empty(G, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for s in range(0, G, chunk):
            cc = coef[s : s + chunk]
            c = cc.shape[0]
            z = a = zbuf[0][:c]
            np.matmul(cc, P2, out=z.reshape(c, h0 * n))
            for k, L in enumerate(net.layers):
                if k > 0:
                    Wb = cc @ stacks[k]  # (c, n_out·n_in + n_out): θ_k + α d1_k + β d2_k
                    z = zbuf[k][:c]
                    np.matmul(Wb[:, : L.W.size].reshape(c, L.n_out, L.n_in), a, out=z)
                    z += Wb[:, L.W.size :, None]
                if k == last and fused:
                    break
                a = abuf[k][:c]
                if L.activation == "softmax":  # row-wise over units: one grid point at a time
                    for g in range(c):
                        L.act.value(z[g].T, a[g].T)
                else:
                    L.act.value(z, a)
            for g in range(c):
                if fused and labels is not None:
                    out[s + g] = cross_entropy_from_logits(z[g].T, labels)
                elif fused:
                    out[s + g] = cross_entropy_soft(z[g].T, Yt)
                else:
                    out[s + g] = mse(a[g].T, Yt)
    return out.reshape(alphas.size, betas.size)


def loss_line(net: Network, X: Any, Y: Any, d: Sequence[tuple[Any, Any]], ts: Any) -> np.ndarray:
    """L(θ + t·d) for every t in `ts`."""
    zero = [(np.zeros_like(dW), np.zeros_like(db)) for dW, db in d]
    return loss_surface(net, X, Y, d, zero, ts, [0.0])[:, 0]
