"""Frame times of the training plots with a long history.

    python benchmarks/bench_plots.py [--points 1000000] [--repeats 40]

Reports milliseconds per
- redraw (repaint of the plots, nothing changed),
- redraw after the view moved (pan: the downsampled display data is recomputed),
- append of 30 steps at that history length + push to the curves + repaint
  (what one ~30 Hz update from the trainer costs),
- per-step weight grid images (128 and 512 first-layer neurons) as a bonus.
Runs offscreen unless QT_QPA_PLATFORM is set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtWidgets import QApplication


def timed(fn, repeats: int) -> tuple[float, float]:
    """(median, max) milliseconds of fn() over `repeats` calls after one warm-up."""
    fn()
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ts), max(ts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=40)
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=400)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])

    from nnviz.ui.plots.curves import TrainingPlots

    w = TrainingPlots()
    w.resize(args.width, args.height)
    w.show()
    app.processEvents()
    n = args.points
    rng = np.random.default_rng(0)
    steps = np.arange(1, n + 1, dtype=np.float64)
    losses = 2.0 / np.sqrt(steps) + 0.05 * rng.random(n)
    t0 = time.perf_counter()
    for s in range(0, n, 10_000):
        w.appendSteps(steps[s : s + 10_000], losses[s : s + 10_000])
    for e in range(1, 51):
        w.appendEpoch(e, 0.1, 0.9, 0.12, 0.88)
    t_fill = time.perf_counter() - t0
    w.flush()
    app.processEvents()
    vp = w.glw.viewport()
    rows = [("fill history (10k-step chunks, total s)", t_fill * 1e3 / 1e3, float("nan"))]

    rows.append(("redraw, nothing changed", *timed(vp.repaint, args.repeats)))

    vb = w.lossPlot.vb
    shift = [0.0]

    def pan() -> None:
        shift[0] = 1.0 - shift[0]
        vb.setXRange(shift[0] * n * 0.01, n * (1.0 + 0.01 * shift[0]), padding=0)
        vp.repaint()

    rows.append(("redraw after pan (full range in view)", *timed(pan, args.repeats)))
    vb.setXRange(n * 0.5, n * 0.6, padding=0)

    def pan_zoomed() -> None:
        shift[0] = 1.0 - shift[0]
        vb.setXRange(n * (0.5 + 0.001 * shift[0]), n * 0.6, padding=0)
        vp.repaint()

    rows.append(("redraw after pan (10% in view)", *timed(pan_zoomed, args.repeats)))
    w.lossPlot.enableAutoRange()
    vp.repaint()

    nxt = [n]

    def append30() -> None:
        s = np.arange(nxt[0] + 1, nxt[0] + 31, dtype=np.float64)
        w.appendSteps(s, 2.0 / np.sqrt(s))
        nxt[0] += 30
        w.flush()
        vp.repaint()

    rows.append((f"append 30 + setData + repaint at {n:,} steps", *timed(append30, args.repeats)))

    from nnviz.ui.features.weight_grid import WeightGrid

    g = WeightGrid()
    g.resize(700, 700)
    g.show()
    app.processEvents()
    for hidden in (128, 512):
        W0 = rng.normal(0, 0.05, size=(hidden, 784)).astype(np.float32)
        rows.append(
            (
                f"weight grid setWeights, {hidden} neurons",
                *timed(lambda W=W0: g.setWeights(W), args.repeats),
            )
        )
        rows.append(
            (
                f"weight grid setWeights + repaint, {hidden}",
                *timed(lambda W=W0: (g.setWeights(W), g.view.viewport().repaint()), args.repeats),
            )
        )

    print(f"{'what':52s} {'median ms':>10s} {'max ms':>8s}")
    for name, med, mx in rows:
        print(f"{name:52s} {med:10.2f} {mx:8.2f}")
    w.close()
    g.close()


if __name__ == "__main__":
    main()
