"""Time travel: the trainer's snapshot overhead and the scrub-redraw latency.

    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_time_travel.py [--seconds 4]

1. Overhead: the app's own training loop (`nnviz.app.trainer.Trainer`, messages
   pickled as the queue would) from step 0 at full speed, with its run history
   (`Recorder`: every step offered, kept snapshots sent) and with a recorder that keeps
   nothing; interleaved A/B, best of 3; and, steadier, the time spent inside the recorder
   as % of the rest of the same run (goal: < 2 % of training throughput).
   MNIST 784-128-64-10 (Adam, batch 64: the app's defaults) and spirals 2-8-8-2.
2. Scrub latency: the main window (offscreen) with a run history of 400 recorded steps;
   for kept steps picked at random, the time from a timeline move to every view redrawn
   (network view, decision regions or weight pictures): median and p95 (goal: < 50 ms).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from multiprocessing.reduction import ForkingPickler

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from screen import fresh_settings, parse_size, use_screen

from nnviz.app.history.recorder import Recorder
from nnviz.app.protocol import Configure
from nnviz.app.settings import Settings
from nnviz.app.trainer import Trainer

SPECS = {
    "784-128-64-10": Settings.defaults_for("mnist").replace(steps_per_second=0),
    "2-8-8-2": Settings(dataset="spirals", hidden=[8, 8], activations=["tanh", "tanh"],
                        steps_per_second=0),
}  # fmt: skip


class NoRecorder(Recorder):
    inside = 0.0

    def start(self, *a) -> None: ...
    def after_step(self, *a) -> None: ...
    def mark(self, *a) -> None: ...


class TimedRecorder(Recorder):
    inside = 0.0

    def after_step(self, *a) -> None:
        t0 = time.perf_counter()
        super().after_step(*a)
        self.inside += time.perf_counter() - t0


def loop(s: Settings, seconds: float, recorder: Recorder, warm: int = 0) -> tuple[float, float]:
    """(samples/s, seconds inside the recorder incl. pickling its snapshots), timed
    after the first `warm` steps."""
    sent = [0.0]

    def send(msg) -> None:
        t0 = time.perf_counter()
        ForkingPickler.dumps(msg)  # as the queue to the window pickles it
        if type(msg).__name__ == "Snapshots":
            sent[0] += time.perf_counter() - t0

    t = Trainer(send)
    t.recorder = recorder
    t.handle(Configure(0, s))
    t.set_running(True)
    while t.step < warm:
        t.work()
    recorder.inside, sent[0], step0 = 0.0, 0.0, t.step
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        t.work()
    dt = time.perf_counter() - t0
    inside = recorder.inside + sent[0]
    return (t.step - step0) * s.batch_size / dt, inside


def overhead(seconds: float, warm: int) -> None:
    when = f"after step {warm:,}" if warm else "from step 0, the densely kept start included"
    print(f"1. snapshot overhead (app training loop at full speed, timed {when})")
    for name, s in SPECS.items():
        loop(s, 0.5, NoRecorder())  # warm up (data loaded, caches)
        base, hist, share = 0.0, 0.0, []
        for _ in range(3):
            base = max(base, loop(s, seconds, NoRecorder(), warm)[0])
            rate, inside = loop(s, seconds, TimedRecorder(), warm)
            hist = max(hist, rate)
            share.append(inside / (seconds - inside))
        print(f"   {name:>14}: {base:9.0f} samples/s without, {hist:9.0f} with "
              f"({100 * (1 - hist / base):+.1f} % A/B); inside the recorder "
              f"{100 * min(share):.2f} % of the run "
              f"(median {100 * np.median(share):.2f} %)")  # fmt: skip


def scrub(n: int, size: tuple[int, int]) -> None:
    from nnviz.engine import make_optimizer
    from nnviz.ui.app import create_app, freeze_startup_objects
    from nnviz.ui.shell.main_window import MainWindow

    app = create_app(sys.argv[:1])
    print(f"2. scrub-redraw latency (timeline move -> every view repainted; window "
          f"{size[0]}x{size[1]})")  # fmt: skip
    for name, s in SPECS.items():
        qs = fresh_settings()
        w = MainWindow(settings=s, qsettings=qs, restore=False)
        w.setConfirmOnClose(False)
        w.resize(*size)
        w.show()
        freeze_startup_objects()  # as `nnviz.ui.app.run` does
        t0 = time.monotonic()
        while not (w.session.ready and w.session.runs.steps()) and time.monotonic() - t0 < 60:
            app.processEvents()
            time.sleep(0.005)
        net = w.session.network.copy()
        opt = make_optimizer(s.optimizer, s.lr, **s.opt_kw())
        X = np.asarray(w.session.dataset.X_train, np.float32)
        y = w.session.dataset.y_train
        rng = np.random.default_rng(0)
        runs = w.session.runs
        for step in range(1, 401):
            i = rng.integers(0, len(X), s.batch_size)
            loss = net.fit_batch(X[i], y[i], opt)
            runs.record(step, net, opt, {"loss": loss})
        w.sessionQt.stepOnce(1)  # a record, so units light up for its sample
        while w.session.last_step is None and time.monotonic() - t0 < 60:
            app.processEvents()
        travel = w.timeTravel
        travel.refresh()
        views = [w.networkView, w.decisionView, w.weightGrid]
        kept = runs.steps()
        times, parts = [], []
        for k in rng.choice(len(kept), n):
            t1 = time.perf_counter()
            travel.timeline.scrubTo(kept[int(k)])
            marks = [time.perf_counter()]
            for v in views:
                if v.isVisible():
                    v.repaint()
                marks.append(time.perf_counter())
            app.processEvents()
            times.append(time.perf_counter() - t1)
            parts.append(np.diff([t1, *marks]))
        ms = 1e3 * np.array(times[3:])
        part = 1e3 * np.median(np.array(parts[3:]), axis=0)
        print(f"   {name:>14}: median {np.median(ms):5.1f} ms, p95 {np.percentile(ms, 95):5.1f} ms"
              f" over {len(ms)} moves among {len(kept)} kept steps (goal < 50 ms); "
              f"median parts: update {part[0]:.1f}, network view {part[1]:.1f}, "
              f"decision {part[2]:.1f}, weights {part[3]:.1f} ms")  # fmt: skip
        w.close()
        app.processEvents()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=("overhead", "scrub"))
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--moves", type=int, default=60)
    ap.add_argument("--warm", type=int, default=0, help="time after this many steps")
    ap.add_argument("--size", default="1600x900", help="the window's size (a 1920x1080 "
                    "screen offscreen)")  # fmt: skip
    args = ap.parse_args()
    if args.only != "scrub":
        overhead(args.seconds, args.warm)
    if args.only != "overhead":
        use_screen()
        scrub(args.moves, parse_size(args.size))


if __name__ == "__main__":
    main()
