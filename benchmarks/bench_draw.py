"""Draw-to-prediction latency of the draw panel.

    python benchmarks/bench_draw.py [--moves 500] [--explain] [--paint]

Sends synthetic mouse moves (QMouseEvent via QApplication.sendEvent) along digit-shaped
strokes and measures, for each move, the time until the panel has new probabilities
(the coalesced update: ink -> preprocess -> forward pass -> bars). Reports the median and
99th percentile in ms (goal: median < 10 ms, p99 < 25 ms), plus a breakdown of one update.
--explain also computes the saliency overlay on every update; --paint adds a synchronous
repaint of the panel to each measurement. Runs offscreen unless QT_QPA_PLATFORM is set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication


def strokes() -> list[list[tuple[float, float]]]:
    """A few digit-like paths in canvas coordinates (a 0, a 2, a 7), ~25 px apart points."""
    t = np.linspace(0, 2 * np.pi, 90)
    zero = list(zip(140 + 60 * np.sin(t), 140 - 95 * np.cos(t), strict=True))
    s = np.linspace(0, 1, 60)
    two = [(80 + 120 * u, 90 - 50 * np.sin(np.pi * u)) for u in s[:30]]
    two += [(200 - 120 * u, 90 + 140 * u) for u in s[:30]] + [(80 + 130 * u, 230) for u in s]
    seven = [(70 + 140 * u, 50) for u in s] + [(210 - 90 * u, 50 + 190 * u) for u in s]
    return [zero, two, seven]


def percentile(xs: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(xs), q))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=500)
    ap.add_argument("--explain", action="store_true", help="saliency overlay on")
    ap.add_argument("--paint", action="store_true", help="include a repaint of the panel")
    args = ap.parse_args()

    app = QApplication.instance() or QApplication([])
    from nnviz.data import preprocess
    from nnviz.data.pretrained import pretrained_digits
    from nnviz.engine import ModelFileError, Network
    from nnviz.ui.draw.pad import DrawPanel

    try:
        net, what = pretrained_digits(), "pretrained digit model"
    except ModelFileError:
        net, what = Network([784, 128, 64, 10]), "untrained 784-128-64-10 (no model file)"
    panel = DrawPanel(net)
    panel.resize(320, 760)
    panel.show()
    panel.explainCheck.setChecked(args.explain)
    app.processEvents()
    canvas = panel.canvas

    def send(kind: QEvent.Type, p: tuple[float, float], button, buttons) -> None:
        e = QMouseEvent(kind, QPointF(*p), QPointF(*p), button, buttons, Qt.NoModifier)
        QApplication.sendEvent(canvas, e)

    lat: list[float] = []
    cpu: list[float] = []  # this process's CPU time: the cost without other load
    paths = strokes()
    k = 0
    while len(lat) < args.moves:
        path = paths[k % len(paths)]
        k += 1
        canvas.clear()
        app.processEvents()
        send(QEvent.MouseButtonPress, path[0], Qt.LeftButton, Qt.LeftButton)
        for p in path[1:]:
            n = panel.updates
            c0 = time.process_time()
            t0 = time.perf_counter()
            send(QEvent.MouseMove, p, Qt.NoButton, Qt.LeftButton)
            deadline = t0 + 1.0
            while panel.updates == n and time.perf_counter() < deadline:
                app.processEvents()
            if panel.updates == n:  # the pointer did not move far enough to paint
                continue
            if args.paint:
                panel.repaint()
            lat.append((time.perf_counter() - t0) * 1e3)
            cpu.append((time.process_time() - c0) * 1e3)
            if len(lat) >= args.moves:
                break
        send(QEvent.MouseButtonRelease, path[-1], Qt.LeftButton, Qt.NoButton)
        app.processEvents()

    ink = canvas.inkArray()
    x = preprocess(ink)

    def ms(fn, n: int = 200) -> float:
        fn()
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        return (time.perf_counter() - t0) * 1e3 / n

    bars = panel.prediction.bars
    p = panel.network().forward(x)
    print(
        f"draw panel latency, {what}, {len(lat)} mouse moves"
        f"{', saliency on' if args.explain else ''}{', with repaint' if args.paint else ''}"
    )
    print(
        f"  move -> probabilities: median {statistics.median(lat):.2f} ms, "
        f"p99 {percentile(lat, 99):.2f} ms, max {max(lat):.2f} ms "
        f"(goal: median < 10, p99 < 25)"
    )
    print(
        f"  CPU time of this process per move: median {statistics.median(cpu):.2f} ms, "
        f"p99 {percentile(cpu, 99):.2f} ms (load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores)"
    )
    print("  one update, by part (ms):")
    print(f"    ink array            {ms(canvas.inkArray):.3f}")
    print(f"    preprocess           {ms(lambda: preprocess(ink)):.3f}")
    print(f"    forward pass         {ms(lambda: panel.network().forward_all(x)):.3f}")
    print(f"    bars + labels        {ms(lambda: panel.prediction.setPrediction(x, p)):.3f}")
    print(f"    saliency maps        {ms(panel.saliencyMaps, 50):.3f}")
    print(f"    panel repaint        {ms(panel.repaint, 50):.3f}")
    del bars
    panel.close()


if __name__ == "__main__":
    main()
