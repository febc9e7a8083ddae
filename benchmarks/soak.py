"""Soak test: the real window trains MNIST with live animation for a long time.

    .venv/bin/python benchmarks/soak.py                      # 10 minutes or 50,000 steps
    .venv/bin/python benchmarks/soak.py --seconds 60 --json out.json

Runs offscreen unless QT_QPA_PLATFORM says otherwise. Reports the resident memory
(RSS) of the GUI process and of the trainer process after a warm-up and at the end,
steps trained, and every Qt warning or uncaught exception (there should be none).
Exit status 1 when the GUI grew by more than --max-growth MB besides the run history's
snapshots (the timeline, which grows by design up to its budget), or on warnings/exceptions.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
_shared = ROOT.parent / "shared" / "data" / "mnist"
if "NNVIZ_DATA_DIR" not in os.environ and _shared.is_dir():
    os.environ["NNVIZ_DATA_DIR"] = str(_shared)


def rss_mb(pid: int | None = None) -> float:
    """Resident set size of a process in MB (Linux /proc; 0 if unknown)."""
    try:
        text = Path(f"/proc/{pid or 'self'}/status").read_text()
    except OSError:
        return 0.0
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def soak(seconds: float, max_steps: int, speed: int, warmup: float, dataset: str) -> dict:
    from PySide6.QtCore import QSettings, QtMsgType, qInstallMessageHandler
    from PySide6.QtTest import QTest

    from nnviz.app.settings import Settings
    from nnviz.ui.app import create_app
    from nnviz.ui.crash import install_excepthook

    app = create_app()
    warnings: list[str] = []
    offscreen = app.platformName() == "offscreen"

    def on_message(kind: QtMsgType, context: object, text: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            if offscreen and text.startswith("This plugin does not support"):
                return  # the offscreen platform cannot resize/raise windows
            warnings.append(text)
            print(f"Qt warning: {text}", file=sys.stderr)

    qInstallMessageHandler(on_message)
    crashes: list[str] = []
    install_excepthook(app, show_dialog=lambda m, d, p: crashes.append(d))

    from nnviz.ui.shell.main_window import MainWindow

    tmp = tempfile.mkdtemp(prefix="nnviz-soak-")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        os.environ[var] = str(Path(tmp) / var.lower())  # autosaves, logs: not the user's
    qs = QSettings(str(Path(tmp) / "nnviz.ini"), QSettings.Format.IniFormat)
    settings = Settings.defaults_for(dataset).replace(steps_per_second=speed)
    w = MainWindow(settings=settings, qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    w.resize(1600, 900)
    w.show()
    t0 = time.monotonic()
    while not w.session.ready and time.monotonic() - t0 < 120:
        QTest.qWait(100)
    if not w.session.ready:
        raise SystemExit(f"soak: the {dataset} data did not load (set NNVIZ_DATA_DIR)")
    w.actions["play"].trigger()
    start = time.monotonic()
    samples: list[tuple[float, int, float, float]] = []  # t, step, gui MB, worker MB
    base: tuple[float, int, float, float] | None = None
    records = 0

    def count_record(_step: object) -> None:
        nonlocal records
        records += 1

    w.sessionQt.sigStepRecorded.connect(count_record)
    while True:
        QTest.qWait(1000)
        t = time.monotonic() - start
        sample = (t, int(w.session.step), rss_mb(), rss_mb(w.sessionQt.worker.pid),
                  w.session.runs.nbytes / 2**20)  # fmt: skip
        samples.append(sample)
        if base is None and t >= warmup:
            base = sample
        if t >= seconds or w.session.step >= max_steps or crashes:
            break
    w.sessionQt.pause()
    end = samples[-1]
    base = base or samples[0]
    w.close()
    QTest.qWait(200)
    every = max(1, len(samples) // 30)
    result = {
        "dataset": dataset,
        "seconds": round(end[0], 1),
        "steps": end[1],
        "steps_per_s": round(end[1] / max(end[0], 1e-9), 1),
        "animated_records": records,
        "warmup_s": round(base[0], 1),
        "gui_rss_start_mb": round(base[2], 1),
        "gui_rss_end_mb": round(end[2], 1),
        "gui_rss_growth_mb": round(end[2] - base[2], 1),
        # the run history's snapshots (the timeline) grow by design, up to their budget
        "run_history_growth_mb": round(end[4] - base[4], 1),
        "gui_growth_besides_history_mb": round(end[2] - base[2] - (end[4] - base[4]), 1),
        "gui_rss_peak_mb": round(max(s[2] for s in samples), 1),
        "worker_rss_start_mb": round(base[3], 1),
        "worker_rss_end_mb": round(end[3], 1),
        "final_loss": float(w.session.history.recent_loss(100)),
        "qt_warnings": warnings,
        "exceptions": crashes,
        "rss_trace": [(round(s[0]), s[1], round(s[2], 1)) for s in samples[::every]],
    }
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Soak the GUI with live MNIST training.")
    ap.add_argument("--seconds", type=float, default=600, help="stop after this long (600)")
    ap.add_argument("--steps", type=int, default=50_000, help="or after this many steps")
    ap.add_argument("--speed", type=int, default=100,
                    help="training steps per second, 0 = as fast as possible (100)")  # fmt: skip
    ap.add_argument("--warmup", type=float, default=20, help="RSS baseline after this (s)")
    ap.add_argument("--dataset", default="mnist")
    ap.add_argument("--max-growth", type=float, default=50, help="allowed GUI RSS growth, MB")
    ap.add_argument("--json", help="also write the results here")
    a = ap.parse_args(argv)
    r = soak(a.seconds, a.steps, a.speed, min(a.warmup, a.seconds / 3), a.dataset)
    print(
        f"soak: {r['steps']} steps in {r['seconds']} s ({r['steps_per_s']}/s), "
        f"{r['animated_records']} animated records; GUI RSS {r['gui_rss_start_mb']} -> "
        f"{r['gui_rss_end_mb']} MB (growth {r['gui_rss_growth_mb']} MB, peak "
        f"{r['gui_rss_peak_mb']}; run history +{r['run_history_growth_mb']} MB); "
        f"trainer {r['worker_rss_start_mb']} -> "
        f"{r['worker_rss_end_mb']} MB; loss {r['final_loss']:.4f}; "
        f"{len(r['qt_warnings'])} Qt warnings, {len(r['exceptions'])} exceptions"
    )
    if a.json:
        Path(a.json).write_text(json.dumps(r, indent=1))
    grew = r["gui_growth_besides_history_mb"]
    ok = grew < a.max_growth and not r["qt_warnings"] and not r["exceptions"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
