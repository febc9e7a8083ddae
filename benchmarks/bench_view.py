"""Frame times of the network view, offscreen, rendered into a 1600x900 QImage.

For each network: ms per animation frame (cached edge layer + overlays, sampled evenly
over one step's forward -> backward -> update), ms per full redraw (edge layer rebuilt),
and ms per `showForward` (new input, units repainted). Goals: < 16.7 ms a frame
(60 fps) up to 2,000 edges, < 33 ms (30 fps) for 784-128-64-10.

    .venv/bin/python benchmarks/bench_view.py [--frames 120]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from nnviz import SGD, Network
from nnviz.ui.netview.state import segment_at
from nnviz.ui.netview.view import NetworkView

ARCHS: list[tuple[str, list[int], str, tuple[int, int] | None]] = [
    ("2-2-2", [2, 2, 2], "sigmoid", None),
    ("2-8-8-2", [2, 8, 8, 2], "tanh", None),
    ("784-128-64-10", [784, 128, 64, 10], "relu", (28, 28)),
    ("784-512-256-10", [784, 512, 256, 10], "relu", (28, 28)),
]


def _view_for(sizes, act, shape, size):
    net = Network(sizes, activation=act, seed=0)
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (8, sizes[0])).astype(np.float32)
    y = rng.integers(0, sizes[-1], 8)
    step = net.train_step(X, y, SGD(lr=0.1))
    view = NetworkView()
    view.resize(*size)
    view.setArchitecture(net.sizes, net.activations, shape)
    view.setParams(net.params())
    return view, net, step


def _ms(f, n: int) -> tuple[float, float]:
    """(median, 95th percentile) milliseconds of n calls."""
    ts = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        ts.append((time.perf_counter() - t) * 1e3)
    return float(np.median(ts)), float(np.percentile(ts, 95))


def bench_frames(archs=ARCHS, size: tuple[int, int] = (1600, 900), frames: int = 120) -> list[dict]:
    """One row per network: edges drawn, frame / redraw / showForward times in ms."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    img = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
    rows = []
    for name, sizes, act, shape in archs:
        view, net, step = _view_for(sizes, act, shape, size)
        view.render(img)  # first build of every cache
        edges = sum(len(view.drawnEdges(k)) for k in range(len(sizes) - 1))
        view.setAnimationEnabled(False)
        view.showStep(step)
        L = len(sizes) - 1
        clock = iter(range(10**9))

        def frame(view=view, L=L, clock=clock):
            view._clock.hold(segment_at((next(clock) % frames) / frames, L))
            view.render(img)

        frame_med, frame_p95 = _ms(frame, frames)

        def redraw(view=view):
            view._edges.invalidate(data=True, now=True)
            view.render(img)

        redraw_med, _ = _ms(redraw, 10)
        rng = np.random.default_rng(1)
        xs = rng.uniform(0, 1, (20, sizes[0]))
        fwd = [net.forward_all(x[None, :]) for x in xs]
        it = iter(range(10**9))

        def forward(view=view, xs=xs, fwd=fwd, it=it):
            k = next(it) % len(xs)
            view.showForward(xs[k], [a[0] for _, a in fwd[k]], [z[0] for z, _ in fwd[k]])
            view.render(img)

        forward_med, _ = _ms(forward, 20)
        rows.append(
            dict(
                name=name,
                edges=edges,
                frame_ms=frame_med,
                frame_p95_ms=frame_p95,
                redraw_ms=redraw_med,
                forward_ms=forward_med,
            )
        )
        view.deleteLater()
    return rows


def print_table(rows: list[dict], size: tuple[int, int]) -> None:
    print(f"network view, offscreen, {size[0]}x{size[1]} (median ms; p95 for frames)")
    head = f"{'network':<16}{'edges':>7}{'frame':>8}{'p95':>8}{'fps':>7}{'redraw':>9}{'forward':>9}"
    print(head)
    print("-" * len(head))
    for r in rows:
        fps = 1000.0 / max(r["frame_ms"], 1e-6)
        print(
            f"{r['name']:<16}{r['edges']:>7}{r['frame_ms']:>8.2f}{r['frame_p95_ms']:>8.2f}"
            f"{fps:>7.0f}{r['redraw_ms']:>9.2f}{r['forward_ms']:>9.2f}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=120)
    ap.add_argument("--size", default="1600x900")
    args = ap.parse_args(argv)
    size = tuple(int(v) for v in args.size.split("x"))
    rows = bench_frames(size=size, frames=args.frames)  # type: ignore[arg-type]
    print_table(rows, size)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
