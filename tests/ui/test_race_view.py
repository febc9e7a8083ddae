"""The optimizer race view: overlaid curves per racer, paths on the landscape, adopting a
racer, and stopping the workers on close."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz import Network
from nnviz.app.race import RacerConfig
from nnviz.data import make_dataset
from nnviz.ui.landscape.race_table import C_ADOPT, RACER_COLORS
from nnviz.ui.landscape.race_view import RaceView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CONFIGS = [
    RacerConfig("sgd", 0.1, batch_size=16),
    RacerConfig("momentum", 0.05, momentum=0.9, batch_size=16),
    RacerConfig("adam", 0.01, batch_size=8),
]


@pytest.fixture(scope="module")
def spirals():
    return make_dataset("spirals", n=200, seed=0)


def make_view(qtbot, spirals, workers: int = 0) -> RaceView:
    v = RaceView(workers=workers)
    qtbot.addWidget(v)
    v.resize(1200, 700)
    v.show()
    v.setNetwork(Network([2, 8, 8, 2], activation="tanh", dtype=np.float64, seed=0))
    v.setData(*spirals)
    v.setConfigs(CONFIGS)
    return v


def points(curve) -> int:
    return 0 if curve.xData is None else len(curve.xData)


def test_race_overlays_one_curve_per_racer(qtbot, spirals):
    v = make_view(qtbot, spirals)
    v.start()
    assert v.isRunning() and v.startButton.text() == "&Pause"
    assert not v.table.cellWidget(0, 2).isEnabled()  # settings are fixed during a race
    qtbot.waitUntil(lambda: all(points(c) >= 60 for c in v.curves), timeout=30_000)
    v.pause()
    assert not v.isRunning()
    race = v.race
    steps = {r.step for r in race.racers}
    assert len(steps) == 1  # they stop together
    assert len(v.curves) == 3
    for c, r, color in zip(v.curves, race.racers, RACER_COLORS, strict=False):
        assert points(c) == len(r.losses) == r.step
        assert np.isfinite(c.yData).all()
        assert c.opts["pen"].color().getRgb()[:3] == color
    assert not np.array_equal(v.curves[0].yData, v.curves[2].yData)
    names = [label.text for _, label in v.lossPlot.legend.items]
    assert names == [f"{k}: {cfg.label}" for k, cfg in zip("ABC", CONFIGS, strict=True)]
    for r in range(3):
        assert v.table.item(r, 5).text() == f"{race.racers[r].step:,}"
        assert v.table.item(r, 7).text().endswith("%")  # accuracies side by side
    v.close()


def test_paths_are_drawn_on_the_landscape(qtbot, spirals):
    v = make_view(qtbot, spirals)
    with qtbot.waitSignal(v.landscape.sigSurfaceChanged, timeout=30_000):
        v.start()
    qtbot.waitUntil(lambda: all(len(v.landscape.trackCoords(i)) >= 5 for i in range(3)),
                    timeout=30_000)  # fmt: skip
    v.pause()
    v._updatePaths()
    qtbot.wait(250)  # the landscape projects new snapshots at most 10 times a second
    res = v.landscape.result()
    np.testing.assert_array_equal(res.theta0, v._net.theta)  # the slice is through the start
    for i, r in enumerate(v.race.racers):
        c = v.landscape.trackCoords(i)
        np.testing.assert_allclose(c[0], 0.0, atol=1e-9)  # every path starts at the centre
        np.testing.assert_allclose(c[-1], res.project([r.theta])[0], atol=1e-12)
        x, _ = v.landscape.plot.tracks[i][1].getData()
        assert len(x) == len(c)
    v.close()


def test_adopt_emits_a_copy_of_the_racers_network(qtbot, spirals):
    v = make_view(qtbot, spirals)
    assert not v.table.cellWidget(0, C_ADOPT).isEnabled()  # nothing to adopt yet
    v.start()
    qtbot.waitUntil(lambda: v.race.racers[1].step >= 30, timeout=30_000)
    with qtbot.waitSignal(v.sigAdopt, timeout=10_000) as blocker:
        v.table.cellWidget(1, C_ADOPT).click()
    net = blocker.args[0]
    racer = v.race.racers[1]
    assert isinstance(net, Network) and not v.isRunning()
    assert "Adopted racer B" in v.status.text()
    np.testing.assert_array_equal(net.theta, racer.theta)
    assert net.sizes == [2, 8, 8, 2] and net.theta is not racer.theta
    X, y = spirals
    assert net.loss(X, y) == pytest.approx(racer.net.loss(X, y))
    # what the main window does with it: the adopted network becomes the one shown
    v.setNetwork(net)
    np.testing.assert_array_equal(v._net.theta, net.theta)
    v.close()


def test_table_settings_and_reset(qtbot, spirals):
    v = make_view(qtbot, spirals)
    assert v.table.configs() == CONFIGS
    v.table.addRacer()
    assert len(v.table.configs()) == 4 and len(v.curves) == 4
    v.table.addRacer()
    assert len(v.table.configs()) == 4  # at most four
    v.table.removeRacer()
    v.table.removeRacer()
    v.table.removeRacer()
    assert len(v.table.configs()) == 2  # at least two
    v.table.cellWidget(0, 2).setValue(0.3)
    assert v.table.configs()[0].lr == pytest.approx(0.3)
    v.start()
    qtbot.waitUntil(lambda: v.race.racers[0].step > 0, timeout=30_000)
    v.reset()
    assert v.race is None and v.table.cellWidget(0, 2).isEnabled()
    assert all(points(c) == 0 for c in v.curves)
    v.close()


def test_close_stops_the_worker_processes(qtbot, spirals):
    v = make_view(qtbot, spirals, workers=1)
    v.start()
    qtbot.waitUntil(lambda: v.race is not None and v.race.racers[0].step > 0, timeout=60_000)
    procs = list(v.race._procs)
    assert procs and all(p.is_alive() for p in procs)
    v.close()
    assert v.race is None
    assert not any(p.is_alive() for p in procs)
    assert not v.landscape.isComputing()
