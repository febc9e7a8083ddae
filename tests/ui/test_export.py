"""Export menu, GIF recording, drag-and-drop and autosave/restore, on a stand-in window."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np
import pytest
from fake_window import SessionWindow
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from nnviz.app.history import History
from nnviz.engine import load_model
from nnviz.ui.files import autosave as files
from nnviz.ui.files import export
from nnviz.ui.files.gif_export import GifOptions, qimage_to_array, write_gif

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "autosave_dir", lambda: tmp_path / "autosave")
    w = SessionWindow()
    qtbot.addWidget(w)
    export.install(w)
    yield w
    w.autoSaver.finish()


def _train(w, n=5):
    s = w.session
    for _ in range(n):
        X, y = s.next_sample()
        loss = s.network.fit_batch(X.astype(np.float32), y, s.make_optimizer())
        s.history.extend(s.step, [loss])
        s.step += 1
    s.history.add_epoch(1, s.step - 1, 0.5, 0.75, 0.6, 0.7)
    s.dirty = True


def _png_width(path: Path) -> int:
    with Image.open(path) as im:
        return im.size[0]


def test_menu(window):
    texts = [a.text() for a in window.exportMenu.actions() if not a.isSeparator()]
    assert len(texts) == 6
    assert all(a.toolTip() for a in window.exporter.actions.values())


@pytest.mark.parametrize(
    ("action", "name", "check"),
    [
        ("exportNetworkPNG", "net", lambda p: _png_width(p) > 0),
        ("exportNetworkSVG", "net", lambda p: p.read_text().startswith("<svg")),
        ("exportPlotsPNG", "plots", lambda p: _png_width(p) > 0),
        ("exportPlotsCSV", "curves", lambda p: p.read_text().startswith("step")),
    ],
)
def test_simple_exports_add_suffix(window, tmp_path, action, name, check):
    window.exporter.askPath = lambda title, default, filt: str(tmp_path / name)
    assert getattr(window.exporter, action)()
    written = next(tmp_path.glob(f"{name}.*"))
    assert check(written)
    assert str(written) in window.statusBar().currentMessage()


def test_export_cancelled_and_failing(window, tmp_path):
    window.exporter.askPath = lambda *a: ""
    assert not window.exporter.exportPlotsPNG()
    window.exporter.askPath = lambda *a: str(tmp_path / "missing-dir" / "x.csv")
    assert not window.exporter.exportPlotsCSV()
    assert window.errors and "Could not export" in window.errors[0]


def test_history_csv(window, tmp_path):
    window.exporter.askPath = lambda *a: ""
    assert not window.exporter.exportHistoryCSV()  # nothing trained yet
    _train(window, 5)
    window.exporter.askPath = lambda *a: str(tmp_path / "h.csv")
    assert window.exporter.exportHistoryCSV()
    lines = (tmp_path / "h.csv").read_text().splitlines()
    assert lines[0].startswith("# nnviz")
    rows = list(csv.DictReader(lines[1:]))
    assert len(rows) == 5 and rows[0]["step"] == "0"
    assert rows[-1]["epoch"] == "1" and float(rows[-1]["val_acc"]) == 0.7
    assert rows[0]["epoch"] == ""


def test_history_csv_epoch_without_step(tmp_path):
    h = History()
    h.add_epoch(1, 7, 0.1, 0.9, 0.2, 0.8)
    assert export.write_history_csv(tmp_path / "e.csv", h) == 0
    assert "7,,1,0.1,0.9,0.2,0.8" in (tmp_path / "e.csv").read_text()


def test_gif_recording(window, qtbot, tmp_path):
    before = [W.copy() for W, _ in window.session.network.params()]
    window.exporter.askGifOptions = lambda o: GifOptions(steps=3, phases=True, frame_ms=80)
    window.exporter.askPath = lambda *a: str(tmp_path / "train.gif")
    rec = window.exporter.exportGif()
    with qtbot.waitSignal(rec.sigFinished, timeout=20000) as blocker:
        pass
    assert blocker.args == [str(tmp_path / "train.gif")]
    n_layers = len(window.session.network.layers)
    per_step = 2 * n_layers + 2
    assert len(rec.frames) == 3 * per_step == rec.total
    phases = [c[1] for c in window.networkView.calls if c[0] == "frame"]
    assert phases[:per_step] == ["forward"] * n_layers + ["loss"] + ["backward"] * n_layers + [
        "update"
    ]
    with Image.open(tmp_path / "train.gif") as gif:
        assert gif.n_frames >= 2 and gif.info.get("loop") == 0
    # The session's own network is untouched; the view is given its weights back.
    for W0, (W, _) in zip(before, window.session.network.params(), strict=True):
        np.testing.assert_array_equal(W0, W)
    assert window.networkView.calls[-1][0] == "params"
    assert "train.gif" in window.statusBar().currentMessage()


def test_gif_cancel(window, qtbot, tmp_path):
    window.exporter.askGifOptions = lambda o: GifOptions(steps=200, phases=False)
    window.exporter.askPath = lambda *a: str(tmp_path / "c.gif")
    rec = window.exporter.exportGif()
    qtbot.waitUntil(lambda: len(rec.frames) >= 2)
    with qtbot.waitSignal(rec.sigFailed) as blocker:
        window.exporter.progress.canceled.emit()  # as the Cancel button does
    assert blocker.args == ["cancelled"]
    assert not (tmp_path / "c.gif").exists()
    assert not rec.running


def test_write_gif_and_qimage(tmp_path):
    img = QImage(30, 20, QImage.Format.Format_RGB32)
    img.fill(Qt.GlobalColor.red)
    a = qimage_to_array(img)
    assert a.shape == (20, 30, 3) and tuple(a[0, 0]) == (255, 0, 0)
    frames = [a, np.zeros_like(a), np.full((10, 10, 3), 128, np.uint8)]
    write_gif(tmp_path / "x.gif", frames, 50)
    with Image.open(tmp_path / "x.gif") as g:
        assert g.n_frames == 3 and g.size == (30, 20)
    with pytest.raises(ValueError):
        write_gif(tmp_path / "y.gif", [], 50)


# ---------------------------------------------------------------------- drag and drop


def _drop(window, qtbot, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    copy, no_button, no_mod = (
        Qt.DropAction.CopyAction,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(QPoint(10, 10), copy, mime, no_button, no_mod)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(10, 10), copy, mime, no_button, no_mod)
    QApplication.sendEvent(window, drop)
    return drop.isAccepted()


def test_drop_model_and_csv_open_them(window, qtbot, tmp_path):
    model = tmp_path / "m.npz"
    assert _drop(window, qtbot, [model])
    qtbot.waitUntil(lambda: window.opened == [str(model)])
    assert _drop(window, qtbot, [tmp_path / "d.csv"])
    qtbot.waitUntil(lambda: len(window.opened) == 2)
    assert not _drop(window, qtbot, [tmp_path / "notes.docx"])


def test_drop_image_goes_to_draw_panel(window, qtbot, tmp_path):
    assert files.kind_of("a.PNG") == "image" and files.kind_of("a.npz") == "model"
    got = []

    class Canvas:
        def loadImageFile(self, path):
            got.append(path)
            return True

    class Panel:
        canvas = Canvas()

    window.drawPanel = Panel()
    assert _drop(window, qtbot, [tmp_path / "digit.png"])
    qtbot.waitUntil(lambda: got == [str(tmp_path / "digit.png")])


# ---------------------------------------------------------------------- autosave


def test_autosave_only_when_trained(window, tmp_path):
    saver = window.autoSaver
    assert saver.marker.exists()
    assert not saver.save()  # nothing trained yet
    _train(window)
    assert saver.save()
    net = load_model(saver.snapshot)
    assert net.meta["autosave"]["step"] == window.session.step
    assert net.meta["settings"]["dataset"] == "xor"
    assert window.session.path is None and window.session.dirty  # session untouched
    saver.finish()
    assert not saver.marker.exists() and not saver.snapshot.exists()


def test_closing_the_window_is_a_clean_exit(window, qtbot):
    saver = window.autoSaver
    _train(window)
    assert saver.save() and saver.snapshot.exists()
    window.show()
    qtbot.waitExposed(window)
    window.close()
    qtbot.waitUntil(lambda: not saver.marker.exists())
    assert not saver.snapshot.exists()


def test_restore_after_crash(window, qtbot, tmp_path):
    folder = tmp_path / "autosave"
    _train(window)
    files.save_snapshot(window.session, folder / "autosave-999999.npz")  # a dead process
    (folder / "running-999999.json").write_text(json.dumps({"pid": 999999}))
    (folder / "running-999998.json").write_text("{}")  # crashed before any autosave
    files.save_snapshot(window.session, folder / "autosave-999995.2.npz")  # its 3rd window
    (folder / "running-999995.2.json").write_text("{}")
    os.utime(folder / "autosave-999995.2.npz", (1, 1))
    os.utime(folder / "autosave-999999.npz")
    saver = window.autoSaver
    assert saver.crashed() == [folder / "autosave-999999.npz", folder / "autosave-999995.2.npz"]
    asked = []
    saver.askRestore = lambda path, info: asked.append(info) or True
    assert saver.offerRestore()
    assert asked[0]["step"] == window.session.step
    assert window.opened == [str(folder / "restored.npz")]
    assert saver.crashed() == []
    assert sorted(p.name for p in folder.iterdir()) == sorted(["restored.npz", saver.marker.name])


def test_restore_declined(window, tmp_path):
    folder = tmp_path / "autosave"
    _train(window)
    files.save_snapshot(window.session, folder / "autosave-999997.npz")
    (folder / "running-999997.json").write_text("{}")
    window.autoSaver.askRestore = lambda path, info: False
    assert not window.autoSaver.offerRestore()
    assert window.opened == [] and window.autoSaver.crashed() == []


def test_install_schedules_offer(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "autosave_dir", lambda: tmp_path)
    first = SessionWindow()
    qtbot.addWidget(first)
    _train(first)
    files.save_snapshot(first.session, tmp_path / "autosave-999996.npz")
    (tmp_path / "running-999996.json").write_text("{}")
    offered = []
    monkeypatch.setattr(
        files.AutoSaver, "_askRestore", lambda self, p, i: offered.append(p) or False
    )
    w = SessionWindow()
    qtbot.addWidget(w)
    files.install(w)
    qtbot.waitUntil(lambda: offered == [tmp_path / "autosave-999996.npz"], timeout=3000)
    w.autoSaver.finish()
    assert Path(tmp_path).exists()


# ---------------------------------------------------------------------- the real window


@pytest.fixture
def main_window(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from nnviz.app.settings import Settings
    from nnviz.ui.shell.main_window import MainWindow

    monkeypatch.setattr(files, "autosave_dir", lambda: tmp_path / "autosave")
    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    settings = Settings(hidden=[4], activations=["tanh"], steps_per_second=0)
    w = MainWindow(settings=settings, qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    yield w
    w.close()


def test_real_window_has_export_menu_and_gif(main_window, qtbot, tmp_path):
    w = main_window
    assert w.exporter.actions["gif"] in w.exportMenu.actions()
    w.resize(900, 560)
    w.exporter.askGifOptions = lambda o: GifOptions(steps=2, phases=True, frame_ms=60)
    w.exporter.askPath = lambda *a: str(tmp_path / "real.gif")
    rec = w.exporter.exportGif()
    with qtbot.waitSignal(rec.sigFinished, timeout=30000):
        pass
    with Image.open(tmp_path / "real.gif") as gif:
        assert gif.n_frames >= 2
        first = np.asarray(gif.convert("RGB"))
        gif.seek(gif.n_frames - 1)
        last = np.asarray(gif.convert("RGB"))
    assert first.std() > 1  # a picture, not a blank frame
    assert not np.array_equal(first, last)  # the frames differ as the step plays


@pytest.mark.parametrize(
    "content",
    [b"", b"PK\x03\x04 not really a zip", b"\x89PNG\r\n\x1a\n" + bytes(40)],
    ids=["empty", "bad-zip", "png-bytes"],
)
def test_real_window_bad_model_keeps_state(main_window, qtbot, tmp_path, content):
    w = main_window
    before = [W.copy() for W, _ in w.session.network.params()]
    sizes = list(w.session.network.sizes)
    bad = tmp_path / "broken.npz"
    bad.write_bytes(content)
    assert not w.openPath(str(bad))
    assert "broken.npz" in w.banner.text()
    assert w.session.network.sizes == sizes
    for W0, (W, _) in zip(before, w.session.network.params(), strict=True):
        np.testing.assert_array_equal(W0, W)


def test_real_window_bad_csv_keeps_state(main_window, qtbot, tmp_path):
    w = main_window
    dataset = w.session.dataset
    bad = tmp_path / "broken.csv"
    bad.write_text("x,y,label\n1,2\n")
    w.openPath(str(bad))
    qtbot.waitUntil(lambda: "broken.csv" in w.banner.text(), timeout=10000)
    assert w.session.dataset is dataset


def test_real_window_accepts_dropped_model(main_window, qtbot, tmp_path):
    w = main_window
    net = w.currentNetwork()
    for L in net.layers:
        L.W[...] = 0.5
    net.save(tmp_path / "dropped.npz")
    assert _drop(w, qtbot, [tmp_path / "dropped.npz"])
    qtbot.waitUntil(lambda: np.allclose(w.session.network.layers[0].W, 0.5), timeout=10000)


def test_real_window_bad_image_drop_keeps_drawing(main_window, qtbot, tmp_path):
    w = main_window
    panel = getattr(w, "drawPanel", None)
    if panel is None:
        pytest.skip("no draw panel in this window")
    good = tmp_path / "seven.png"
    img = np.zeros((28, 28), np.uint8)
    img[5:8, 6:22] = 255
    img[8:24, 18:21] = 255
    Image.fromarray(img).save(good)
    assert _drop(w, qtbot, [good])
    qtbot.waitUntil(lambda: not panel.canvas.isEmpty(), timeout=5000)
    before = panel.canvas.inkArray().copy()
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    messages = []
    panel.canvas.sigMessage.connect(messages.append)
    assert _drop(w, qtbot, [bad])
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "broken.png" in messages[0]
    np.testing.assert_array_equal(panel.canvas.inkArray(), before)
