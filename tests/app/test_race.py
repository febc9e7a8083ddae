"""The optimizer race: same start, same sample order, lockstep, adoption, workers."""

from __future__ import annotations

import time

import numpy as np
import pytest

from nnviz import Network
from nnviz.app.race import Race, RacerConfig, default_workers
from nnviz.app.race.racers import PathRecorder
from nnviz.data import make_dataset


@pytest.fixture(scope="module")
def spirals():
    return make_dataset("spirals", n=200, seed=0)


def _net():
    return Network([2, 8, 8, 2], activation="tanh", dtype=np.float64, seed=0)


CONFIGS = [
    RacerConfig("sgd", 0.1, batch_size=16),
    RacerConfig("sgd", 0.1, batch_size=16),
    RacerConfig("momentum", 0.05, momentum=0.9, batch_size=32),
    RacerConfig("adam", 0.01, batch_size=8),
]


def test_same_configuration_gives_identical_curves(spirals):
    X, y = spirals
    net = _net()
    theta = net.theta.copy()
    race = Race(net, X, y, CONFIGS, workers=0)
    race.step(60)
    a, b, _, d = race.racers
    assert [r.step for r in race.racers] == [60] * 4
    assert len(a.losses) == 60
    np.testing.assert_array_equal(a.losses, b.losses)
    np.testing.assert_array_equal(a.theta, b.theta)
    np.testing.assert_array_equal(a.path.array(), b.path.array())
    assert not np.array_equal(a.losses, d.losses)
    assert a.path.steps[0] == 0
    np.testing.assert_array_equal(a.path.thetas[0], theta)  # all start from the same θ
    np.testing.assert_array_equal(d.path.thetas[0], theta)
    np.testing.assert_array_equal(net.theta, theta)  # the race trains copies
    assert all(0.0 <= r.accuracy <= 1.0 for r in race.racers)
    assert race.racers[0].evals[-1][0] == 60


def test_racer_repeats_a_plain_training_loop(spirals):
    from nnviz.engine import Minibatches

    X, y = spirals
    net = _net()
    race = Race(net, X, y, CONFIGS[2:3], workers=0)
    race.step(25)
    batches, opt = Minibatches(X, y, 32, seed=0), CONFIGS[2].make_optimizer()
    ref = [net.fit_batch(*batches.next()[:2], opt) for _ in range(25)]
    np.testing.assert_allclose(race.racers[0].losses, ref, rtol=1e-12)


def test_request_and_poll_do_not_block(spirals):
    X, y = spirals
    race = Race(_net(), X, y, CONFIGS[:2], workers=0)
    race.request(1000)
    assert race.busy
    race.poll(budget=0.0)  # at least one lockstep round, then back to the caller
    assert 0 < race.racers[0].step < 1000
    race.pause()
    assert not race.busy
    race.start()
    race.poll(budget=0.01)
    assert race.busy
    race.pause()
    assert race.racers[0].step == race.racers[1].step


def test_adopt_returns_the_racers_network(spirals):
    X, y = spirals
    net = _net()
    race = Race(net, X, y, CONFIGS, workers=0)
    race.step(30)
    adopted = race.adopt(3)
    np.testing.assert_array_equal(adopted.theta, race.racers[3].theta)
    assert adopted.loss(X, y) == pytest.approx(race.racers[3].evals[-1][1], rel=1e-12)
    adopted.theta[...] = 0.0  # an independent copy
    assert np.any(race.racers[3].theta)
    assert not np.array_equal(net.theta, race.racers[3].theta)


def test_diverging_racer_stops_alone(spirals):
    X, y = spirals
    cfgs = [RacerConfig("sgd", 1e4, batch_size=16), RacerConfig("sgd", 0.1)]
    net = Network(
        [2, 8, 2], activation="relu", output="linear", loss="mse", dtype=np.float64, seed=0
    )
    race = Race(net, X, np.eye(2)[y], cfgs, workers=0)
    race.step(100)
    bad, good = race.racers
    assert bad.diverged and "diverged at step" in bad.diverged
    assert bad.step < 100 and np.all(np.isfinite(bad.theta))
    assert good.diverged is None and good.step == 100


def test_worker_processes_match_in_process(spirals):
    X, y = spirals
    here = Race(_net(), X, y, CONFIGS, workers=0)
    here.step(40)
    with Race(_net(), X, y, CONFIGS, workers=2) as there:
        there.step(40)
        for a, b in zip(here.racers, there.racers, strict=True):
            assert b.step == 40
            np.testing.assert_array_equal(a.losses, b.losses)
            np.testing.assert_array_equal(a.theta, b.theta)
            np.testing.assert_array_equal(a.path.array(), b.path.array())
            assert b.accuracy == a.accuracy
        net = there.adopt(2)
        np.testing.assert_array_equal(net.theta, here.racers[2].theta)


def test_worker_race_runs_until_paused(spirals, monkeypatch):
    monkeypatch.setattr("nnviz.app.race.SHARE_BYTES", 0)  # inputs through shared memory
    X, y = spirals
    with Race(_net(), X, y, CONFIGS[:2], workers=1) as race:
        race.start()
        deadline = time.monotonic() + 60
        while race.racers[0].step < 50 and time.monotonic() < deadline:
            race.poll()
            time.sleep(0.01)
        net = race.adopt(1)  # pauses: both racers stop at the same step
        a, b = race.racers
        assert a.step == b.step >= 50 and not race.busy
        np.testing.assert_array_equal(a.losses, b.losses)
        np.testing.assert_array_equal(net.theta, b.theta)
        assert race._shared is not None
    assert race._shared is None  # released on close


def test_long_loss_history_grows_in_place(spirals):
    X, y = spirals
    race = Race(_net(), X, y, CONFIGS[:1], workers=0)
    race.step(1500)  # past the first buffer of 1024
    losses = race.racers[0].losses
    assert losses.shape == (1500,) and np.all(np.isfinite(losses))
    assert not losses.flags.writeable


def test_path_recorder_thins_but_keeps_the_start():
    rec = PathRecorder(cap=8)
    for step in range(100):
        rec.offer(step, np.full(3, float(step)))
    assert len(rec.steps) <= 8 and rec.steps[0] == 0
    assert all(s % rec.every == 0 for s in rec.steps)
    assert rec.steps[-1] == 96 and rec.array()[-1, 0] == 96.0


def test_defaults_and_bad_input(spirals):
    X, y = spirals
    assert default_workers(4, cores=2) == 1
    assert default_workers(2, cores=8) == 2
    with pytest.raises(ValueError, match="1 to 4 racers"):
        Race(_net(), X, y, CONFIGS + CONFIGS[:1], workers=0)
    with pytest.raises(ValueError, match="unknown optimizer"):
        Race(_net(), X, y, [RacerConfig("lbfgs", 0.1)], workers=0)
    assert "momentum" in RacerConfig("momentum", 0.05).label
