"""What an MNIST training run costs: one step, one augmented batch, the default run.

Prints the time of one `fit_batch` (784-256-128-10, Adam, batch 128), of
`augment_digits` on a batch of 128, and with `--full` the wall and CPU time of
`nnviz train --data mnist` with its defaults and its test accuracy. Needs MNIST
(NNVIZ_DATA_DIR, the user cache or a download).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_mnist_train.py [--full]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import contextlib
import io
import time

import numpy as np

from nnviz import Adam, Network
from nnviz.app.settings import Settings
from nnviz.cli import main
from nnviz.data import load_mnist
from nnviz.data.augment import augment_digits


def best_ms(f, repeats: int = 200) -> float:
    """Lowest of `repeats` timings (ms): the cost without interference from other work."""
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return 1e3 * min(times)


def main_bench() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="also run the default MNIST training")
    args = ap.parse_args()
    X, y, _, _ = load_mnist()
    d = Settings.defaults_for("mnist")  # the app's and `nnviz train`'s defaults
    bs = d.batch_size
    xb, yb = np.ascontiguousarray(X[:bs], np.float32), y[:bs]
    net = Network([784, *d.hidden, 10], activation=d.activations, dtype=np.float32, seed=0)
    opt = Adam(d.lr)
    step = best_ms(lambda: net.fit_batch(xb, yb, opt))
    rng = np.random.default_rng(0)
    aug = best_ms(lambda: augment_digits(xb, rng))
    print(f"fit_batch 784-{'-'.join(map(str, d.hidden))}-10, batch {bs}: {step:.2f} ms")
    print(f"augment_digits, batch {bs}: {aug:.2f} ms ({aug / step:.0%} of a step)")
    if args.full:
        out = io.StringIO()
        t, c = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(out):
            main(["train", "--data", "mnist", "--quiet"])
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        print(f"nnviz train --data mnist: {wall:.1f} s wall, {cpu:.1f} s CPU; {out.getvalue()}")


if __name__ == "__main__":
    main_bench()
