"""MNIST through the app's own training loop with the app's defaults: test accuracy over time.

Runs `nnviz.app.trainer.Trainer` (the loop of the app's training process: minibatches,
learning-rate schedule, per-epoch evaluation on 3,000 samples, animation records,
pickled messages) headless with `Settings.defaults_for("mnist")`, and prints the
accuracy on the full 10,000-sample test set after 15, 30 and 60 s of training
(`--long`: also 120 and 300 s). Only the trainer's own work counts as training time;
the test evaluations at the marks do not.

The clock is the process CPU time by default: on a machine shared with other work the
wall clock also counts time the process waited for a core. `--clock wall` measures wall
time instead. Both are printed at every mark, with the load average. `--set name=value`
overrides a setting (e.g. `--set lr=0.001 --set lr_schedule=cosine`).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_mnist_app.py [--long]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import ast
import pickle
import time
from typing import Any

from nnviz.analysis.evaluate import evaluate_network
from nnviz.app.protocol import Configure, Message
from nnviz.app.session import load_dataset
from nnviz.app.settings import Settings
from nnviz.app.trainer import Trainer


def parse_set(items: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        name, _, text = item.partition("=")
        try:
            out[name] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            out[name] = text
    return out


def run(settings: Settings, marks: list[float], clock_name: str) -> list[dict[str, float]]:
    clock = time.process_time if clock_name == "cpu" else time.perf_counter
    sent = [0]

    def send(msg: Message) -> None:  # what the real process pays: pickling
        sent[0] += len(pickle.dumps(msg, protocol=pickle.HIGHEST_PROTOCOL))

    ds = load_dataset(settings)
    t = Trainer(send, clock=clock)
    t.configure(Configure(0, settings))
    t.set_running(True)
    trained = wall = cpu = 0.0
    rows = []
    for mark in marks:
        while trained < mark:
            c0, w0, k0 = time.process_time(), time.perf_counter(), clock()
            t.work(min(1 / 30, mark - trained + 1e-3))
            trained += clock() - k0
            wall += time.perf_counter() - w0
            cpu += time.process_time() - c0
        assert t.net is not None and t.opt is not None and t.batches is not None
        ev = evaluate_network(t.net, ds.X_test, ds.y_test)
        rows.append(
            {
                "mark": mark,
                "wall": wall,
                "cpu": cpu,
                "epochs": t.batches.epoch + t.batches.step_in_epoch / t.batches.steps_per_epoch,
                "lr": t.opt.lr,
                "test_acc": ev.accuracy,
                "load": os.getloadavg()[0],
            }
        )
        r = rows[-1]
        print(
            f"{mark:5.0f} s: test accuracy {r['test_acc']:.2%}  "
            f"({r['epochs']:.1f} epochs, lr {r['lr']:.2g}; wall {r['wall']:.1f} s, "
            f"CPU {r['cpu']:.1f} s, load {r['load']:.1f})",
            flush=True,
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--long", action="store_true", help="go on to 120 and 300 s")
    ap.add_argument("--clock", choices=["cpu", "wall"], default="cpu")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = ap.parse_args()
    s = Settings.defaults_for("mnist").replace(**parse_set(args.set))
    keys = ("hidden", "activations", "optimizer", "lr", "lr_schedule", "lr_gamma", "lr_epochs",
            "lr_min", "batch_size", "l2", "seed")  # fmt: skip
    print("settings:", ", ".join(f"{k}={getattr(s, k)}" for k in keys))
    print("schedule:", s.schedule().describe(), f"({args.clock} clock)")
    marks = [15.0, 30.0, 60.0] + ([120.0, 300.0] if args.long else [])
    run(s, marks, args.clock)


if __name__ == "__main__":
    main()
