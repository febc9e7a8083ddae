"""Every file nnviz writes gets the mode a plain open() would give it (0666 less the
umask), through the one atomic writer, and leaves no temporary file behind."""

from __future__ import annotations

import os
import stat

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from nnviz.app.settings import Settings
from nnviz.data.text.build import write_spam
from nnviz.engine import SGD, Network
from nnviz.teach.export import step_to_csv
from nnviz.teach.lessons.progress import Progress
from nnviz.ui.files.autosave import save_snapshot
from nnviz.ui.files.export import write_history_csv
from nnviz.ui.files.gif_export import write_gif
from nnviz.ui.shell.main_window import MainWindow
from nnviz.ui.step.html import write_formulas

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")


@pytest.fixture
def umask022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_every_kind_of_file_is_written_0644(umask022, qtbot, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    net = Network([2, 3, 2], activation="tanh", dtype=np.float64, seed=0)
    step = net.train_step(np.array([[0.5, -1.0]]), np.array([1]), SGD(lr=0.1))
    net.save(out / "model.npz")
    step_to_csv(step, out / "step.csv")
    write_formulas(step, str(out / "step.md"), "md", None)
    write_formulas(step, str(out / "step.tex"), "tex", None)
    write_gif(out / "anim.gif", [np.zeros((8, 8, 3), np.uint8), np.ones((8, 8, 3), np.uint8)], 50)
    Progress(out / "progress.json").mark("lesson", "task")
    write_spam({"words": []}, out / "spam.json.gz")

    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    s = Settings(hidden=[4], activations=["tanh"], steps_per_second=0)
    w = MainWindow(settings=s, qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    try:
        w.resize(640, 480)
        w.networkView.exportImage(str(out / "network.png"))
        w.networkView.exportImage(str(out / "network.svg"))
        w.plots.exportPNG(out / "curves.png")
        w.plots.exportCSV(out / "curves.csv")
        write_history_csv(out / "history.csv", w.session.history)
        save_snapshot(w.session, out / "autosave.npz")
    finally:
        w.close()

    written = sorted(p.name for p in out.iterdir())
    assert written == sorted([
        "model.npz", "step.csv", "step.md", "step.tex", "anim.gif", "progress.json",
        "spam.json.gz", "network.png", "network.svg", "curves.png", "curves.csv",
        "history.csv", "autosave.npz",
    ])  # fmt: skip
    modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in out.iterdir()}
    assert modes == dict.fromkeys(written, oct(0o644))
