"""The Evaluation panel never stalls the window: event-loop lateness during the full
10,000-sample MNIST test evaluation.

A 10 ms QTimer ticks while `EvaluationPanel.evaluate` runs on its thread; the lateness
of a tick is its gap minus 10 ms. Prints the largest and the 99th-percentile lateness
(goal: under 50 ms) and the evaluation's own time, for a few repeats.

    OPENBLAS_NUM_THREADS=1 QT_QPA_PLATFORM=offscreen .venv/bin/python \
        benchmarks/bench_evaluation_gui.py
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time

import numpy as np
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from nnviz.data.dataset import load
from nnviz.engine import Network
from nnviz.ui.evaluation.panel import EvaluationPanel

TICK_MS = 10


def lateness(app: QApplication, run) -> tuple[np.ndarray, float]:
    """(lateness of each 10 ms tick in ms, seconds) while `run(done)` works; it calls
    done() when finished. The event loop turns as in the app."""
    ticks: list[float] = []
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    t0 = time.perf_counter()
    run(loop.quit)
    loop.exec()
    took = time.perf_counter() - t0
    timer.stop()
    late = 1e3 * np.diff(ticks) - TICK_MS if len(ticks) > 1 else np.zeros(1)
    return late, took


def main(repeats: int = 3) -> None:
    app = QApplication([])
    ds = load("mnist")
    panel = EvaluationPanel()
    panel.setData(ds)
    net = Network([784, 128, 64, 10], activation="relu", dtype=np.float32, seed=0)
    finished = [lambda: None]
    panel.sigEvaluated.connect(lambda ev: finished[0]())
    for r in range(repeats):

        def evaluate(done) -> None:
            finished[0] = done
            panel.evaluate(net)

        late, took = lateness(app, evaluate)
        ms = round(took * 1e3)
        idle, _ = lateness(app, lambda done, ms=ms: QTimer.singleShot(ms, done))
        print(
            f"run {r + 1}: {panel.evaluation.n:,} samples in {took * 1e3:.0f} ms; lateness "
            f"max {late.max():.1f} ms, p99 {np.percentile(late, 99):.1f} ms; idle reference "
            f"max {idle.max():.1f} ms (load {os.getloadavg()[0]:.1f})",
            flush=True,
        )


if __name__ == "__main__":
    main()
