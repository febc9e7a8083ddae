"""Loss-landscape surfaces: `loss_surface` against setting the parameters and calling
`net.loss` at every grid point, in the same run, one BLAS thread.

    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_landscape.py [--grid 41] [--runs 3]

Cases (float32, as the app trains): 2-8-8-2 tanh on the 400 spirals points, and
784-128-64-10 relu on a 2,000-sample MNIST subsample (skipped when MNIST is absent),
both over two filter-normalised random directions. Prints the best-of-runs time of
each, their ratio, and the largest difference between the two surfaces. Goals: under
0.5 s and under 3 s for a 41x41 grid.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import time

import numpy as np

from nnviz import Network
from nnviz.analysis.landscape import filter_normalized_direction, loss_surface
from nnviz.data import make_dataset


def naive_surface(net, X, Y, d1, d2, alphas, betas) -> np.ndarray:
    """The reference: θ + α d1 + β d2 written into a copy, then net.loss, per point."""
    probe = net.copy()
    theta = [(W.astype(np.float64), b.astype(np.float64)) for W, b in net.params()]
    S = np.empty((len(alphas), len(betas)))
    for i, a in enumerate(alphas):
        for j, b in enumerate(betas):
            probe.set_params(
                [
                    (W + a * D1 + b * D2, c + a * e1 + b * e2)
                    for (W, c), (D1, e1), (D2, e2) in zip(theta, d1, d2, strict=True)
                ]
            )
            S[i, j] = probe.loss(X, Y)
    return S


def best_of(fn, runs: int) -> tuple[float, float, np.ndarray]:
    """(best wall-clock s, CPU s of that run, result): CPU time shows what a busy
    machine (other processes on the same cores) hides."""
    best, cpu, out = np.inf, np.inf, None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        wall = time.perf_counter() - t0
        if wall < best:
            best, cpu = wall, time.process_time() - c0
    return best, cpu, out


def cases():
    X, y = make_dataset("spirals", n=400, seed=0)
    yield "2-8-8-2 tanh, spirals 400", Network([2, 8, 8, 2], activation="tanh", seed=0), X, y, 0.5
    try:
        from nnviz.data import load_mnist

        X_all, y_all, _, _ = load_mnist()
    except Exception as e:  # no MNIST here: say so and go on
        print(f"MNIST skipped: {e}")
        return
    pick = np.random.default_rng(0).permutation(len(X_all))[:2000]
    net = Network([784, 128, 64, 10], activation="relu", seed=0)
    yield "784-128-64-10 relu, MNIST 2000", net, X_all[pick], y_all[pick], 3.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grid", type=int, default=41, help="points per axis")
    ap.add_argument("--runs", type=int, default=3, help="runs of the fast path (best counts)")
    a = ap.parse_args()
    grid = np.linspace(-1.0, 1.0, a.grid)
    print(f"{a.grid}x{a.grid} grid, float32, one BLAS thread")
    print(
        f"{'case':<31} {'surface s (cpu)':>16} {'naive s (cpu)':>15} {'ratio':>6} {'rel diff':>9}"
    )
    for name, net, X, y, goal in cases():
        d1 = filter_normalized_direction(net, seed=1)
        d2 = filter_normalized_direction(net, seed=2)
        fast, fast_cpu, S = best_of(
            lambda: loss_surface(net, X, y, d1, d2, grid, grid),  # noqa: B023
            a.runs,
        )
        slow, slow_cpu, R = best_of(lambda: naive_surface(net, X, y, d1, d2, grid, grid), 1)  # noqa: B023
        diff = float(np.max(np.abs(S - R) / np.maximum(1.0, np.abs(R))))
        verdict = "met" if fast < goal else "missed"
        print(
            f"{name:<31} {fast:>7.3f} ({fast_cpu:>6.3f}) {slow:>6.2f} ({slow_cpu:>6.2f})"
            f" {slow / fast:>5.1f}x {diff:>9.1e}  goal < {goal:g} s: {verdict}"
        )


if __name__ == "__main__":
    main()
