"""Training plots: data reaches the curves, log scale, hover readout, exports."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from nnviz.ui.plots.curves import TrainingPlots
from nnviz.ui.plots.data import EMA, GrowingArray

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def plots(qtbot):
    w = TrainingPlots()
    qtbot.addWidget(w)
    w.resize(900, 320)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def lengths(curve) -> int:
    x = curve.xData
    return 0 if x is None else len(x)


def test_growing_array_doubles_and_views():
    a = GrowingArray(2)
    for k in range(5):
        a.extend(np.arange(3) + 3 * k)
    assert len(a) == 15 and a._buf.size == 16
    np.testing.assert_array_equal(a.view(), np.arange(15))


def test_ema_incremental_equals_recurrence():
    x = np.random.default_rng(0).random(500)
    e = EMA(0.9)
    got = np.concatenate([e.update(x[i : i + 7]) for i in range(0, 500, 7)])
    m, ref = 0.0, []
    for t, v in enumerate(x, 1):
        m = 0.9 * m + 0.1 * v
        ref.append(m / (1 - 0.9**t))
    np.testing.assert_allclose(got, ref, rtol=1e-12)


def test_steps_and_epochs_reach_curves(plots, qtbot):
    plots.appendSteps(np.arange(1, 51), np.linspace(2.0, 0.5, 50))
    plots.appendSteps(np.arange(51, 61), np.full(10, 0.4))
    qtbot.waitUntil(lambda: lengths(plots.rawCurve) == 60)
    assert lengths(plots.smoothCurve) == 60
    plots.appendEpoch(1, 0.9, 0.7, 1.0, 0.65)
    plots.appendEpoch(2, 0.5, 0.8, math.nan, math.nan)
    qtbot.waitUntil(lambda: lengths(plots.trainAccCurve) == 2)
    assert lengths(plots.valAccCurve) == 1 and lengths(plots.valLossCurve) == 1
    np.testing.assert_allclose(plots.trainAccCurve.yData, [70.0, 80.0])
    np.testing.assert_allclose(plots.trainLossCurve.xData, [60, 60])  # at the last step
    h = plots.historyArrays()
    assert h["step"].shape == (60,) and h["smoothed"][0] == pytest.approx(2.0)
    assert math.isnan(h["val_acc"][1])
    plots.clear()
    assert lengths(plots.rawCurve) == 0 and lengths(plots.trainAccCurve) == 0
    assert plots.historyArrays()["loss"].size == 0


def test_log_scale_and_checkbox(plots):
    plots.appendSteps(np.arange(1, 11), np.logspace(0, -3, 10))
    plots.flush()
    plots.setLogScale(True)
    assert plots.logCheck.isChecked() and plots.lossPlot.ctrl.logYCheck.isChecked()
    plots.logCheck.setChecked(False)
    assert not plots.logScale() and not plots.lossPlot.ctrl.logYCheck.isChecked()
    assert plots.lossPlot.getAxis("left").logTickStrings([0.0, np.log10(2), np.log10(3)], 1, 1) == [
        "1",
        "2",
        "3",
    ]


def test_smoothing_change_recomputes(plots):
    plots.appendSteps(np.arange(1, 4), np.array([1.0, 0.0, 1.0]))
    plots.setSmoothing(0.0)
    np.testing.assert_allclose(plots.historyArrays()["smoothed"], [1.0, 0.0, 1.0])
    assert "0.00" in plots.smoothLabel.text()


def test_hover_shows_exact_values(plots):
    plots.appendSteps(np.arange(1, 101), np.linspace(1.0, 0.01, 100))
    plots.appendEpoch(1, 0.3, 0.9, 0.35, 0.88)
    plots.flush()
    plots.lossPlot.vb.autoRange()
    plots.accPlot.vb.autoRange()
    vb = plots.lossPlot.vb
    text = plots.hoverAt(vb.mapViewToScene(QPointF(40.2, 0.5)))
    assert text.startswith("step 40") and f"loss {np.linspace(1.0, 0.01, 100)[39]:.4g}" in text
    assert "smoothed" in text and plots.hover.loss.vline.isVisible()
    assert plots.readout.text().startswith("step 40  ·  loss")  # header line too
    text = plots.hoverAt(vb.mapViewToScene(QPointF(100, 0.5)))
    assert "epoch 1: train 0.3, val 0.35" in text
    avb = plots.accPlot.vb
    text = plots.hoverAt(avb.mapViewToScene(QPointF(1.0, 89.0)))
    assert "epoch 1" in text and "train acc 90.00%" in text and "val acc 88.00%" in text
    assert not plots.hover.loss.label.isVisible()
    plots.hover.hide()
    assert plots.hoverText() == "" and plots.readout.text() == ""


def test_hover_follows_mouse_signal(plots, qtbot):
    plots.appendSteps(np.arange(1, 11), np.ones(10))
    plots.flush()
    plots.lossPlot.vb.autoRange()
    pos = plots.lossPlot.vb.mapViewToScene(QPointF(5, 1.0))
    plots.glw.scene().sigMouseMoved.emit(pos)
    assert plots.hoverText().startswith("step 5")


def test_csv_export(plots, tmp_path):
    plots.appendSteps(np.array([1, 2, 3]), np.array([0.5, 0.25, 0.125]))
    plots.appendEpoch(1, 0.2, 0.9, math.nan, math.nan)
    path = tmp_path / "history.csv"
    plots.exportCSV(path)
    lines = path.read_text().splitlines()  # the one history CSV format, plus "smoothed"
    assert lines[0] == "step,loss,smoothed,epoch,train_loss,train_acc,val_loss,val_acc"
    assert lines[1] == "1,0.5,0.5,,,,,"
    assert lines[3].startswith("3,0.125,") and lines[3].endswith(",1,0.2,0.9,,")
    assert len(lines) == 4
    assert [p.name for p in tmp_path.iterdir()] == ["history.csv"]


def test_png_export_and_theme(plots, tmp_path):
    plots.appendSteps(np.arange(1, 21), np.linspace(1, 0.1, 20))
    plots.setTheme(True)
    assert plots.isDark()
    path = tmp_path / "plots.png"
    plots.exportPNG(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    plots.setTheme(False)
    assert not plots.isDark()


def test_layout_follows_shape(plots, qtbot):
    plots.resize(400, 700)
    qtbot.waitUntil(lambda: not plots._horizontal)
    plots.resize(1000, 300)
    qtbot.waitUntil(lambda: plots._horizontal)


def test_million_points(plots):
    n = 1_000_000
    steps = np.arange(1, n + 1)
    losses = 1.0 / np.sqrt(steps) + 0.01
    for chunk in range(0, n, 250_000):
        plots.appendSteps(steps[chunk : chunk + 250_000], losses[chunk : chunk + 250_000])
    plots.flush()
    plots.glw.grab()
    B = plots.history.envelope.B
    assert plots._lod and lengths(plots.rawCurve) == 2 * n // B  # block min/max pairs
    plots.appendSteps(np.arange(n + 1, n + 31), np.full(30, 0.01))
    plots.flush()
    assert lengths(plots.smoothCurve) == n // B + 30
    assert plots.historyArrays()["loss"].size == n + 30
    vb = plots.lossPlot.vb
    vb.setXRange(1000, 2000, padding=0)  # zoomed in: the raw steps again
    plots.flush()
    assert not plots._lod and lengths(plots.rawCurve) == n + 30


def test_envelope_blocks():
    from nnviz.ui.plots.data import CurveData

    h = CurveData(0.5)
    h.envelope.B = 4
    h.append_steps(np.arange(1, 11), np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3.0]))
    e = h.envelope
    assert e.done == 8
    np.testing.assert_array_equal(e.x.view(), [3, 3, 7, 7])
    np.testing.assert_array_equal(e.y.view(), [1, 4, 2, 9])
    np.testing.assert_array_equal(e.sy.view(), h.smoothed.view()[[2, 6]])
    h.set_beta(0.0)
    np.testing.assert_array_equal(e.sy.view(), [4, 2])


def test_many_epochs_drop_markers_and_label_stays_inside(plots):
    for e in range(1, 46):
        plots.appendEpoch(e, 1.0 / e, 1 - 1.0 / e, 1.2 / e, 1 - 1.2 / e)
    plots.flush()
    assert plots.trainAccCurve.opts["symbol"] is None
    plots.accPlot.vb.autoRange()
    avb = plots.accPlot.vb
    plots.hoverAt(avb.mapViewToScene(QPointF(2.0, 50.0)))
    label = plots.hover.acc.label
    assert label.isVisible()
    assert 0 <= label.pos().x() <= avb.width() - label.boundingRect().width() + 1e-6
    plots.clear()
    plots.appendEpoch(1, 0.5, 0.5, 0.5, 0.5)
    plots.flush()
    assert plots.trainAccCurve.opts["symbol"] == "o"


def test_non_finite_losses(plots):
    plots.appendSteps(np.arange(1, 6), np.array([1.0, np.nan, np.inf, 0.5, 0.25]))
    plots.setLogScale(True)
    plots.flush()
    plots.glw.grab()
    sm = plots.historyArrays()["smoothed"]
    assert np.all(np.isfinite(sm))


def test_clear_resets_the_axes_and_shows_the_whole_placeholder(plots, qtbot):
    plots.appendSteps(np.arange(1, 201), np.linspace(1500.0, -1000.0, 200))
    plots.flush()
    plots.lossPlot.vb.setRange(xRange=(-150, 150), yRange=(-1000, 1500))
    plots.clear()
    (x0, x1), (y0, y1) = plots.lossPlot.vb.viewRange()
    assert -0.1 <= x0 < x1 <= 1.1 and -0.1 <= y0 < y1 <= 1.1
    assert plots.emptyText.isVisible()
    text = plots.emptyText.textItem.boundingRect()
    assert max(len(s) for s in plots.emptyText.textItem.toPlainText().splitlines()) <= 20
    assert text.width() > 0


def test_a_perfect_run_is_drawn_inside_the_accuracy_plot(plots):
    for e in range(1, 6):
        plots.appendEpoch(e, 0.1, 1.0, 0.1, 1.0)
    plots.flush()
    plots.accPlot.vb.autoRange()
    y1 = plots.accPlot.vb.viewRange()[1][1]
    assert y1 > 100.5


def test_unseen_curves_wait_and_catch_up_when_shown(plots, qtbot):
    plots.hide()  # another workspace in front
    plots.appendSteps(np.arange(1, 11), np.linspace(2.0, 1.0, 10))
    qtbot.wait(150)
    assert lengths(plots.rawCurve) == 0  # nothing drawn that nobody sees
    plots.show()
    qtbot.waitUntil(lambda: lengths(plots.rawCurve) == 10)
