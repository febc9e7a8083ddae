"""nnviz `fit_batch` vs the same MLP in torch on CPU, one BLAS thread each.

MLP 784-128-64-10, ReLU, softmax + cross-entropy, Adam lr 1e-3, float32, random
data of MNIST shape. Prints samples/s for each, their ratio (best of 3 runs), and
the bytes allocated per steady-state step (tracemalloc).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_engine.py
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import time
import tracemalloc

import numpy as np

from nnviz import Adam, Network

SIZES = [784, 128, 64, 10]


def data(n: int = 8192, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.random((n, 784), dtype=np.float32), rng.integers(0, 10, n)


def batches(X, y, bs):
    for s in range(0, len(X) - bs + 1, bs):
        yield X[s : s + bs], y[s : s + bs]


def nnviz_rate(X, y, bs: int, seconds: float) -> float:
    net = Network(SIZES, activation="relu", seed=0)
    opt = Adam(1e-3)
    chunks = list(batches(X, y, bs))
    for xb, yb in chunks[:20]:
        net.fit_batch(xb, yb, opt)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for xb, yb in chunks:
            net.fit_batch(xb, yb, opt)
        n += len(chunks) * bs
    return n / (time.perf_counter() - t0)


def torch_rate(X, y, bs: int, seconds: float) -> float:
    import torch

    torch.set_num_threads(1)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 128),
        torch.nn.ReLU(),
        torch.nn.Linear(128, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 10),
    )
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    chunks = [(torch.from_numpy(xb), torch.from_numpy(yb)) for xb, yb in batches(X, y, bs)]

    def step(xb, yb):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        return loss.item()

    for xb, yb in chunks[:20]:
        step(xb, yb)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for xb, yb in chunks:
            step(xb, yb)
        n += len(chunks) * bs
    return n / (time.perf_counter() - t0)


def bytes_per_step(X, y, bs: int, steps: int = 500) -> tuple[float, int]:
    """(net bytes retained per step, peak transient bytes during the run)."""
    net = Network(SIZES, activation="relu", seed=0)
    opt = Adam(1e-3)
    xb, yb = X[:bs], y[:bs]
    for _ in range(10):
        net.fit_batch(xb, yb, opt)
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    for _ in range(steps):
        net.fit_batch(xb, yb, opt)
    cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (cur - base) / steps, peak - base


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=2.0, help="per measurement")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--batch-sizes", default="32,128")
    a = p.parse_args()
    X, y = data()
    try:
        import torch  # noqa: F401

        have_torch = True
    except ImportError:
        have_torch = False
        print("torch is not installed: reporting nnviz only (pip install '.[bench]')")
    print(f"MLP {'-'.join(map(str, SIZES))} relu, softmax+CE, Adam 1e-3, float32, 1 thread")
    print(f"{'batch':>6} {'nnviz/s':>12} {'torch/s':>12} {'ratio':>7}")
    for bs in [int(b) for b in a.batch_sizes.split(",")]:
        ours, theirs = [], []
        for _ in range(a.runs):  # interleave so machine noise hits both alike
            ours.append(nnviz_rate(X, y, bs, a.seconds))
            if have_torch:
                theirs.append(torch_rate(X, y, bs, a.seconds))
        o = max(ours)
        t = max(theirs) if theirs else float("nan")
        print(f"{bs:>6} {o:>12,.0f} {t:>12,.0f} {o / t:>6.2f}x")
    for bs in [int(b) for b in a.batch_sizes.split(",")]:
        per_step, peak = bytes_per_step(X, y, bs)
        print(f"batch {bs}: {per_step:.1f} bytes retained per step, {peak} bytes peak transient")


if __name__ == "__main__":
    main()
