"""RunHistory: thinning, the memory budget, exact snapshots, replay, branching."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from history_runs import assert_same_step, run, toy_data

from nnviz import Adam, Network
from nnviz.app.history.runs import RunHistory
from nnviz.app.history.snapshot import replay


def _simulate(h, net, opt, steps, epoch=469, marks=(), every=1):
    """Record `steps` steps without training: theta[0] = step marks each state."""
    for step in range(1, steps + 1):
        net.theta[0] = step
        opt.t += 1
        snap = h.record(step, net, opt, {"loss": 1.0 / step, "epoch_end": step % epoch == 0})
        if snap is not None:
            assert snap.theta[0] == step
        if step in marks:
            h.mark(step, "pause")
        if step % every == 0:
            assert h.nbytes <= h.budget_bytes


def test_thinning_keeps_first_steps_epoch_ends_marks_and_a_log_grid():
    net, opt = Network([4, 8, 3], seed=0), Adam()
    net.fit_batch(np.ones((2, 4)), [0, 1], opt)  # allocate the optimizer state
    h = RunHistory()
    h.record(0, net, opt)
    marks = {150, 777, 4321}
    _simulate(h, net, opt, 20_000, epoch=37, marks=marks)
    kept = set(h.steps())
    assert set(range(101)) <= kept
    assert set(range(37, 20_001, 37)) <= kept
    assert marks <= kept
    regular = [s for s in kept if h.snapshot(s).kind == "regular"]
    assert 90 <= len(regular) <= 120  # ~50 a decade from 100 to 20,000
    assert h.snapshot(150).mark == "pause" and h.snapshot(150).kind == "mark"
    assert h.steps() == sorted(kept)


def test_steps_not_kept_cost_no_copy():
    net, opt = Network([4, 8, 3], seed=0), Adam()
    h = RunHistory()
    for step in range(0, 120):
        h.record(step, net, opt)
    before = h.nbytes
    assert h.record(120, net, opt) is None  # between grid points 117 and 123
    assert h.nbytes == before and 120 not in h.steps()


def test_over_budget_the_log_grid_goes_before_epoch_ends():
    net, opt = Network([4, 8, 3], seed=0), Adam()
    net.fit_batch(np.ones((2, 4)), [0, 1], opt)
    h = RunHistory(budget_bytes=10**9)
    h.record(0, net, opt)
    size = h.nbytes - RunHistory().nbytes
    # room for the loss curve, the 101 first steps, 40 epoch ends, 3 marks and a few more
    h = RunHistory(budget_bytes=32768 * 12 + 150 * size)
    h.record(0, net, opt)
    _simulate(h, net, opt, 20_000, epoch=500, marks={1234, 5678, 9999})
    kinds = [h.snapshot(s).kind for s in h.steps()]
    assert set(range(101)) <= set(h.steps())
    assert set(range(500, 20_001, 500)) <= set(h.steps())
    assert {1234, 5678, 9999} <= set(h.steps())
    assert kinds.count("regular") < 10 and h.nbytes <= h.budget_bytes


def test_budget_holds_for_a_simulated_50000_step_mnist_run():
    net, opt = Network([784, 128, 64, 10], dtype=np.float32, seed=0), Adam()
    net.fit_batch(np.zeros((2, 784), np.float32), [0, 1], opt)
    h = RunHistory(budget_bytes=256 * 2**20)
    h.record(0, net, opt)
    marks = {250, 12_345, 40_000}
    _simulate(h, net, opt, 50_000, epoch=469, marks=marks, every=97)
    assert h.nbytes <= 256 * 2**20
    kept = h.steps()
    assert set(range(101)) <= set(kept) and marks <= set(kept)
    assert kept[-1] >= 50_000 - 469  # the newest epoch end or grid point survives
    ends = [s for s in kept if h.snapshot(s).epoch_end]
    assert len(ends) > 50  # thinned only as far as the budget needs
    assert ends[0] == 469 and np.diff(ends).max() <= 4 * 469  # late epochs thinned evenly
    W, b = h.params_at(12_345)[0]
    assert W[0, 0] == 12_345 and W.shape == (128, 784) and b.shape == (128,)


def test_snapshots_equal_a_rerun_from_the_same_seed_bit_for_bit():
    h = RunHistory()
    run(400, h)
    seen = {}
    kept = set(h.steps())

    def keep(step, net, opt):
        if step in kept:
            seen[step] = net.params()

    run(400, None, keep)
    assert len(seen) == len(kept) - 1  # every kept step but the initial one
    for step, params in seen.items():
        for (W, b), (W2, b2) in zip(h.params_at(step), params, strict=True):
            np.testing.assert_array_equal(W, W2)
            np.testing.assert_array_equal(b, b2)
    first = h.params_at(0)
    np.testing.assert_array_equal(first[0][0], Network([2, 8, 8, 2], seed=0).layers[0].W)


def test_params_at_returns_copies():
    h = RunHistory()
    net, _ = run(3, h)
    h.params_at(3)[0][0][...] = 42.0
    np.testing.assert_array_equal(h.params_at(3)[0][0], net.layers[0].W)
    with pytest.raises(KeyError, match="not kept"):
        h.params_at(99)


def test_replay_equals_train_step_on_a_copy():
    X, y = toy_data()
    h, expected = RunHistory(), {}

    def by_hand(step, net, opt):
        if step in (57, 260):
            expected[step] = net.copy().train_step(X[:1], y[:1], copy.deepcopy(opt))

    run(300, h, by_hand)
    assert {57, 260} <= set(h.steps())
    for step, want in expected.items():
        got = replay(h.snapshot(step), X[:1], y[:1])
        assert_same_step(got, want)
        assert got.optimizer.hyper["t"] == step + 1
    wide = replay(h.snapshot(260), X[:4], y[:4], dtype=np.float64)
    assert wide.X.dtype == np.float64 and wide.batch_size == 4


def test_mark_reads_the_latest_live_network_or_refuses():
    h = RunHistory(dense_steps=10)
    net, _opt = run(133, h)
    assert 132 not in h.steps() and 133 not in h.steps()
    snap = h.mark(133, "pause")
    np.testing.assert_array_equal(snap.theta, net.theta)
    assert snap.optimizer().t == 133 and h.snapshot(133).kind == "mark"
    with pytest.raises(ValueError, match="not kept"):
        h.mark(132)
    assert h.mark(5, "step").mark == "step"
    net.fit_batch(*toy_data(4), _opt)
    assert h.record(134, net, _opt, mark="step").kind == "mark"


def test_branch_keeps_the_old_curve_and_continues():
    h = RunHistory()
    net, opt = run(300, h)
    snap = h.branch(150)
    assert h.steps()[-1] == 150
    steps, losses = h.curve()
    assert steps[-1] == 150 and len(losses) == 150
    (old,) = h.branches
    assert old.start == 150 and list(old.steps) == list(range(151, 301))
    net.set_params(snap.params())
    opt = snap.optimizer()
    X, y = toy_data()
    for step in range(151, 400):
        h.record(step, net, opt, {"loss": net.fit_batch(X[:16], y[:16], opt)})
    assert h.curve()[0][-1] == 399 and h.steps()[-1] > 300
    h.clear_branches()
    assert h.branches == []


def test_nearest_annotate_and_metrics():
    h = RunHistory()
    run(600, h)
    assert h.nearest(-5) == 0 and h.nearest(10**6) == h.steps()[-1]
    s = h.nearest(555)
    assert s in h.steps() and all(abs(k - 555) >= abs(s - 555) for k in h.steps())
    h.annotate(s, accuracy=0.75)
    assert h.snapshot(s).metrics["accuracy"] == 0.75
    assert "loss" in h.snapshot(s).metrics and "epoch_end" not in h.snapshot(s).metrics


def test_a_different_network_is_refused():
    h = RunHistory()
    h.record(0, Network([2, 3, 2]))
    with pytest.raises(ValueError, match="clear"):
        h.record(1, Network([2, 4, 2]))


def test_the_recorder_skips_exactly_the_steps_the_history_would_not_keep():
    from nnviz.app.history.recorder import Recorder

    net, opt = Network([4, 8, 3], seed=0), Adam()
    net.fit_batch(np.ones((2, 4)), [0, 1], opt)
    ref, rec = RunHistory(budget_bytes=1 << 30), Recorder(budget_bytes=1 << 30)
    ref.record(0, net, opt)
    rec.start(0, net, opt)
    for step in range(1, 5000):
        net.theta[0] = step
        end = (1.0, step, 0.5, 0.9, 0.6, 0.8) if step % 777 == 0 else None
        ref.record(step, net, opt, epoch_end=end is not None)
        rec.after_step(step, net, opt, 0.5, end)
        assert ref.next_regular(step) > step
    assert rec.history.steps() == ref.steps()
    assert {777, 1554, 2331} <= set(ref.steps()) and len(ref.steps()) < 250
