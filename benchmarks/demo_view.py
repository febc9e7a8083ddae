"""Look at the network view in a real window.

    .venv/bin/python benchmarks/demo_view.py --net small          # 2-8-8-2 tanh on a toy set
    .venv/bin/python benchmarks/demo_view.py --net mnist --dark   # 784-128-64-10 after a quick fit
    ... --size 1280x720 --shot /tmp/view.png --after 900 --frame backward:1

Steps are animated one after another (Space pauses). With --shot the window is
saved after --after milliseconds and the program quits.
"""

# ruff: noqa: E402 (the environment is set before numpy and Qt are imported)
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
_SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"
if _SHARED.is_dir():
    os.environ.setdefault("NNVIZ_DATA_DIR", str(_SHARED))

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow

from nnviz import Adam, Network
from nnviz.ui.netview.view import NetworkView


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, rgb in (
        (QPalette.ColorRole.Window, (37, 38, 43)),
        (QPalette.ColorRole.Base, (28, 29, 33)),
        (QPalette.ColorRole.Text, (222, 223, 228)),
        (QPalette.ColorRole.WindowText, (222, 223, 228)),
        (QPalette.ColorRole.ToolTipBase, (45, 46, 52)),
        (QPalette.ColorRole.ToolTipText, (222, 223, 228)),
        (QPalette.ColorRole.Highlight, (61, 142, 230)),
    ):
        pal.setColor(role, QColor(*rgb))
    return pal


def small_problem(seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (400, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)  # xor
    net = Network([2, 8, 8, 2], activation="tanh", seed=seed, dtype=np.float64)
    return net, X, y, None


def mnist_problem(steps: int = 400, sizes=(784, 128, 64, 10)):
    from nnviz.data import load_mnist

    X, y, _, _ = load_mnist()
    net = Network(list(sizes), activation="relu", seed=0)
    opt = Adam(lr=1e-3)
    rng = np.random.default_rng(0)
    for _ in range(steps):
        idx = rng.integers(0, len(X), 64)
        net.fit_batch(X[idx], y[idx], opt)
    return net, X, y, (28, 28)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--net", choices=["small", "mnist", "big"], default="small")
    ap.add_argument("--dark", action="store_true")
    ap.add_argument("--size", default="1600x900")
    ap.add_argument("--shot", default="")
    ap.add_argument("--after", type=int, default=1500)
    ap.add_argument("--frame", default="", help="phase[:layer] still instead of the animation")
    ap.add_argument("--mode", default="weights")
    ap.add_argument("--forward", action="store_true", help="a still forward pass of one sample")
    ap.add_argument("--select", default="", help="layer:unit or layer:j:i")
    ap.add_argument("--hover", default="", help="layer:unit: move the mouse there")
    ap.add_argument("--inspector", action="store_true", help="with the inspector docked")
    args = ap.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if args.dark:
        app.setPalette(dark_palette())
    if args.net == "small":
        net, X, y, shape = small_problem()
        opt = Adam(lr=0.03)
        for _ in range(150):
            idx = np.random.default_rng(_).integers(0, len(X), 32)
            net.fit_batch(X[idx], y[idx], opt)
    else:
        sizes = (784, 128, 64, 10) if args.net == "mnist" else (784, 512, 256, 10)
        net, X, y, shape = mnist_problem(sizes=sizes)
        opt = Adam(lr=1e-3)
    w, h = (int(v) for v in args.size.split("x"))
    win = QMainWindow()
    win.setWindowTitle("nnviz network view")
    view = NetworkView()
    win.setCentralWidget(view)
    win.resize(w, h)
    inspector = None
    if args.inspector:
        from PySide6.QtWidgets import QDockWidget

        from nnviz.ui.features.inspector import Inspector

        inspector = Inspector()
        dock = QDockWidget("Inspector", win)
        dock.setWidget(inspector)
        win.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        view.sigSelectionChanged.connect(inspector.setSelection)
    view.setArchitecture(net.sizes, net.activations, shape)
    view.setParams(net.params())
    view.setEdgeMode(args.mode)
    rng = np.random.default_rng(1)

    def one_step():
        idx = rng.integers(0, len(X), 16)
        step = net.train_step(X[idx], y[idx], opt)
        if inspector is not None:
            inspector.setStep(step)
            inspector.setParams(net.params())
        return step

    if args.forward:
        x = X[3]
        fa = net.forward_all(x[None, :])
        view.showForward(x, [a[0] for _, a in fa], [z[0] for z, _ in fa])
    elif args.frame:
        phase, _, layer = args.frame.partition(":")
        view.showFrame(one_step(), phase, int(layer) if layer else None)
        view.setParams(net.params())
    else:

        def tick():
            view.showStep(one_step())
            view.setParams(net.params())

        timer = QTimer(win)
        timer.timeout.connect(tick)
        timer.start(1400)
        tick()
        QShortcut(
            QKeySequence(Qt.Key.Key_Space),
            win,
            lambda: timer.stop() if timer.isActive() else timer.start(),
        )
    if args.select:
        from nnviz.ui.common.selection import Selection

        parts = [int(v) for v in args.select.split(":")]
        sel = (
            Selection(parts[0], unit=parts[1])
            if len(parts) == 2
            else Selection(parts[0], weight=(parts[1], parts[2]))
        )
        view.select(sel)
        if inspector is not None:
            inspector.setSelection(sel)
    win.show()
    if args.hover:
        from PySide6.QtCore import QPoint
        from PySide6.QtGui import QCursor

        layer, unit = (int(v) for v in args.hover.split(":"))

        def move():
            c = view.nodeCenter(layer, unit)
            QCursor.setPos(view.mapToGlobal(QPoint(int(c.x()), int(c.y()))))

        QTimer.singleShot(300, move)
    if args.shot:

        def shoot():
            win.grab().save(args.shot)
            app.quit()

        QTimer.singleShot(args.after, shoot)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
