"""The cost of one keystroke in the window's "Read a message" panel.

    QT_QPA_PLATFORM=offscreen OPENBLAS_NUM_THREADS=1 python benchmarks/bench_read_ui.py

Opens the main window on the spam filter (300-32-2, trained in-process for 4 epochs),
types a message into the panel one key at a time and reports the median and 95th
percentile of what each keystroke costs: from the text change to the end of the update
(bag of words, P(spam), gradient × input, highlights, the network view's forward pass),
and the repaint of the lit network view. Goal: under 10 ms a keystroke for V = 300.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from nnviz.app.settings import Settings
from nnviz.engine import Adam, fit
from nnviz.ui.shell.main_window import MainWindow

TEXT = (
    "Subject: FREE money!!! Dear friend, click here to claim your $1,000 prize now. "
    "This limited offer is only for our best customers: order today and save 50%."
)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    ini = os.path.join(tempfile.mkdtemp(), "nnviz.ini")
    w = MainWindow(Settings.defaults_for("spam"), QSettings(ini, QSettings.Format.IniFormat), False)
    w.setConfirmOnClose(False)
    w.resize(1600, 900)
    w.show()
    ds, net = w.session.dataset, w.session.network
    fit(net, Adam(lr=1e-3), ds.X_train, ds.y_train, epochs=4, batch_size=32, seed=0)
    w.sessionQt.sigParamsChanged.emit()
    w.showWorkspace("draw")
    panel = w.readPanel
    panel.link.sync()
    app.processEvents()
    panel.editor.setFocus()
    paints = []
    for ch in TEXT:
        QTest.keyClicks(panel.editor, ch)
        app.processEvents()  # the 0-ms timer: one update per keystroke
        t0 = time.perf_counter()
        w.networkView.repaint()
        paints.append(time.perf_counter() - t0)
    ms = sorted(1000 * v for v in panel.latencies)
    pm = sorted(1000 * v for v in paints)
    p95 = lambda v: v[int(0.95 * (len(v) - 1))]  # noqa: E731
    print(f"{len(ms)} keystrokes, V = {len(panel.vocabulary())}, P(spam) = "
          f"{panel.reading.probability:.3f}")  # fmt: skip
    print(f"update per keystroke: median {statistics.median(ms):.2f} ms, p95 {p95(ms):.2f} ms")
    print(f"network view repaint: median {statistics.median(pm):.2f} ms, p95 {p95(pm):.2f} ms")
    w.close()


if __name__ == "__main__":
    main()
