"""Run history: snapshot overhead against `fit_batch` throughput, and `params_at` latency.

MNIST 784-128-64-10, ReLU, softmax + cross-entropy, Adam 1e-3, batch 128, float32,
one BLAS thread (random data of MNIST shape when the MNIST files are not found).

1. Measured: training runs of 1 and 4 epochs with and without `RunHistory.record`
   after every step, interleaved A/B, best of `--repeats`; and, steadier on a busy
   machine, the time spent inside `record` as % of the rest of the same run
   (goal: < 2 % of training throughput).
2. Parts: the cost of a `record` call for a step that is not kept, and of one kept
   snapshot (theta + Adam m, v: 1.3 MB).
3. Projected: a 10-minute run at the measured speed, simulated by recording that
   many steps (params changed cheaply, no training): the history's own time as %
   of the run, the snapshots kept and the memory held against the 256 MB budget.
4. `params_at` (list of (W, b) copies) and `nearest` for kept steps: median and p95.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_history.py
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import time

import numpy as np

from nnviz import Adam, Network
from nnviz.app.history.runs import RunHistory
from nnviz.engine import Minibatches

SIZES = [784, 128, 64, 10]
BATCH = 128


def mnist() -> tuple[np.ndarray, np.ndarray, str]:
    try:
        from nnviz.data.mnist import find_mnist, load_mnist

        if find_mnist() is not None:
            X, y, _, _ = load_mnist()
            return X, y, "MNIST"
    except Exception:  # fall back to data of the same shape
        pass
    rng = np.random.default_rng(0)
    return rng.random((60_000, 784), dtype=np.float32), rng.integers(0, 10, 60_000), "random"


def train(X, y, steps: int, history: RunHistory | None) -> tuple[float, float]:
    """(seconds for `steps` fit_batch steps, seconds of it inside `history.record`)."""
    net, opt = Network(SIZES, seed=0), Adam(1e-3)
    batches = Minibatches(X, y, BATCH, seed=0)
    clock = time.perf_counter
    t0, inside = clock(), 0.0
    if history is not None:
        history.record(0, net, opt)
    for step in range(1, steps + 1):
        xb, yb, last = batches.next()
        loss = net.fit_batch(xb, yb, opt)
        if history is not None:
            t1 = clock()
            history.record(step, net, opt, {"loss": loss, "epoch_end": last})
            inside += clock() - t1
    return clock() - t0, inside


def measured(X, y, repeats: int) -> float:
    spe = -(-len(X) // BATCH)
    step_time = np.inf
    for epochs in (1, 4):
        steps = epochs * spe
        base, hist, share = np.inf, np.inf, np.inf
        for _ in range(repeats):
            base = min(base, train(X, y, steps, None)[0])
            total, inside = train(X, y, steps, RunHistory())
            hist, share = min(hist, total), min(share, inside / (total - inside))
        step_time = min(step_time, base / steps)
        print(
            f"  {epochs} epoch(s), {steps} steps: {steps * BATCH / base:,.0f} samples/s plain, "
            f"{steps * BATCH / hist:,.0f} with the history ({100 * (hist / base - 1):+.1f} %, "
            f"noisy); time inside record: {100 * share:.2f} % of the training time"
        )
    return step_time


def parts(step_time: float) -> float:
    net, opt = Network(SIZES, seed=0), Adam(1e-3)
    net.fit_batch(np.zeros((BATCH, 784), np.float32), np.zeros(BATCH, np.int64), opt)
    h = RunHistory()
    for s in range(101):
        h.record(s, net, opt)
    n, t0 = 0, time.perf_counter()
    for s in range(101, 100_000):
        if h.record(s, net, opt, {"loss": 0.5, "epoch_end": False}) is None:
            n += 1
    skip = (time.perf_counter() - t0) / 99_899  # ~all skipped
    h2, times = RunHistory(), []
    for s in range(100):
        t0 = time.perf_counter()
        h2.record(s, net, opt, {"loss": 0.5})
        times.append(time.perf_counter() - t0)
    keep = float(np.median(times))
    print(
        f"  record, step not kept: {skip * 1e6:.2f} us ({100 * skip / step_time:.3f} % of a step); "
        f"kept snapshot ({h2.snapshot(1).nbytes / 2**20:.2f} MB): {keep * 1e3:.3f} ms "
        f"({100 * keep / step_time:.1f} % of a step; the first 101 steps, all kept: "
        f"{101 * keep * 1e3:.0f} ms once per run)"
    )
    return keep


def projected(step_time: float, minutes: float = 10.0) -> RunHistory:
    steps = int(minutes * 60 / step_time)
    spe = -(-60_000 // BATCH)
    net, opt = Network(SIZES, seed=0), Adam(1e-3)
    net.fit_batch(np.zeros((BATCH, 784), np.float32), np.zeros(BATCH, np.int64), opt)
    h = RunHistory()
    t0 = time.perf_counter()
    h.record(0, net, opt)
    for step in range(1, steps + 1):
        net.theta[0] = step
        h.record(step, net, opt, {"loss": 0.5, "epoch_end": step % spe == 0})
        if step % 50_000 == 0:
            h.mark(step, "pause")
    spent = time.perf_counter() - t0
    kinds = [h.snapshot(s).kind for s in h.steps()]
    print(
        f"  {minutes:g}-minute run ({steps:,} steps, {steps // spe} epochs): history time "
        f"{spent:.2f} s = {100 * spent / (steps * step_time):.2f} % of the run; kept {len(h)} "
        f"({kinds.count('early')} first, {kinds.count('epoch_end')} epoch ends, "
        f"{kinds.count('mark')} marks, {kinds.count('regular')} log grid); "
        f"{h.nbytes / 2**20:.1f} MB of {h.budget_bytes / 2**20:.0f} MB"
    )
    return h


def latency(h: RunHistory, n: int = 300) -> None:
    rng = np.random.default_rng(0)
    kept = h.steps()
    t_params, t_near = [], []
    for _ in range(n):
        s = kept[int(rng.integers(len(kept)))]
        t0 = time.perf_counter()
        h.params_at(s)
        t_params.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        h.nearest(float(rng.uniform(0, kept[-1])))
        t_near.append(time.perf_counter() - t0)
    for name, t in (("params_at", t_params), ("nearest", t_near)):
        med, p95 = np.percentile(np.array(t) * 1e3, [50, 95])
        print(f"  {name}: median {med:.3f} ms, p95 {p95:.3f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    X, y, source = mnist()
    print(f"784-128-64-10 Adam batch {BATCH}, float32, {source} data, one BLAS thread")
    print("measured runs:")
    step_time = measured(X, y, args.repeats)
    print("parts:")
    parts(step_time)
    print("projected:")
    h = projected(step_time)
    print("reading a kept step:")
    latency(h)


if __name__ == "__main__":
    main()
