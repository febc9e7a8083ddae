"""The run timeline: scrub to kept steps, back to now, compare two moments, step from here."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.app.history import RunHistory
from nnviz.engine import Adam, Network
from nnviz.ui.plots.timeline import VALUES_PX, Timeline


@pytest.fixture
def history():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(64, 2)), rng.integers(0, 2, 64)
    net, opt = Network([2, 4, 2], seed=0), Adam(lr=0.05)
    h = RunHistory(budget_bytes=10**7)
    h.record(0, net, opt)
    for step in range(1, 301):
        loss = net.fit_batch(X, y, opt)
        h.record(step, net, opt, {"loss": loss, "epoch_end": step % 50 == 0})
    return h


@pytest.fixture
def timeline(qtbot, history):
    t = Timeline(history)
    qtbot.addWidget(t)
    t.resize(800, 120)
    t.show()
    t.refresh()
    return t


def test_scrubbing_snaps_to_kept_steps_and_back_to_now(qtbot, timeline, history):
    with qtbot.waitSignal(timeline.sigScrubbed) as sig:
        timeline.cursor.setValue(163.4)
    kept = sig.args[0]
    assert kept in history.steps() and kept == history.nearest(163.4)
    assert timeline.scrubbed == kept and timeline.nowButton.isEnabled()
    assert f"Step {kept}" in timeline.stepLabel.text()
    with qtbot.waitSignal(timeline.sigBackToNow):
        timeline.nowButton.click()
    assert timeline.scrubbed is None and not timeline.nowButton.isEnabled()


def test_two_marks_ask_for_a_comparison(qtbot, timeline):
    timeline.scrubTo(10)
    timeline.setMark("A")
    timeline.scrubTo(250)
    with qtbot.waitSignal(timeline.sigCompare) as sig:
        timeline.markB.click()
    a, b = sig.args
    assert a == 10 and b == timeline.scrubbed
    assert "A = step 10" in timeline.stepLabel.text()


def test_step_from_here_and_branches_are_drawn(qtbot, timeline, history):
    timeline.scrubTo(120)
    with qtbot.waitSignal(timeline.sigStepFromHere) as sig:
        timeline.stepHere.click()
    assert sig.args == [timeline.scrubbed]
    history.branch(timeline.scrubbed)
    timeline.refresh()
    assert len(timeline.branchCurves) == 1


def test_an_empty_timeline_says_what_it_is_for(qtbot):
    t = Timeline()
    qtbot.addWidget(t)
    assert t.scrubTo(5) is None and not t.stepHere.isEnabled()
    assert "fills as the network trains" in t.stepLabel.text()


def test_the_strip_shows_loss_values_only_when_they_fit(qtbot):
    t = Timeline()
    qtbot.addWidget(t)
    axis = t.plot.getPlotItem().getAxis("left")
    t.resize(600, 60)  # a short strip (1280x720): values would overlap
    t.show()
    qtbot.waitUntil(lambda: axis.geometry().height() > 0)
    assert axis.geometry().height() < VALUES_PX and not axis.style["showValues"]
    t.plot.setMinimumHeight(120)
    t.resize(600, 200)
    qtbot.waitUntil(lambda: axis.geometry().height() >= VALUES_PX)
    assert axis.style["showValues"]
