"""Time travel in the main window: scrubbing, back to now, compare, step from here,
branching and saving the history with the model (a real trainer process)."""

from __future__ import annotations

import numpy as np
import pytest
from real_window import open_window

from nnviz.app.settings import Settings
from nnviz.data.mnist import find_mnist
from nnviz.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")

SMALL = Settings(dataset="spirals", hidden=[6], activations=["tanh"], steps_per_second=0)


def train_steps(qtbot, w: MainWindow, n: int) -> None:
    """n recorded single steps; waits until their snapshots have arrived."""
    target = w.session.step + n
    w.sessionQt.stepOnce(n)
    qtbot.waitUntil(
        lambda: w.session.step == target and w.session.runs.steps()[-1:] == [target],
        timeout=30000,
    )


@pytest.fixture
def window(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path, SMALL)
    qtbot.waitUntil(lambda: w.session.runs.steps() == [0], timeout=30000)
    train_steps(qtbot, w, 40)
    yield w
    w.close()


def shown_params(w: MainWindow) -> list:
    return w.networkView._state.params


def test_scrubbing_shows_the_past_everywhere_and_back_to_now(window, qtbot):
    travel, runs = window.timeTravel, window.session.runs
    assert runs.steps() == list(range(41))  # every step of the first 100 is kept
    window.decisionView.flush()
    now_map = window.decisionView.heatmapImage().copy()
    live = window.session.network.params()
    travel.timeline.scrubTo(3)
    assert travel.scrubbed == 3
    for (W, b), (W3, b3) in zip(shown_params(window), runs.params_at(3), strict=True):
        np.testing.assert_array_equal(W, W3)
        np.testing.assert_array_equal(b, b3)
    assert not np.array_equal(window.decisionView.heatmapImage(), now_map)
    travel.timeline.nowButton.click()
    assert travel.scrubbed is None
    for (W, _b), (Wl, _bl) in zip(shown_params(window), live, strict=True):
        np.testing.assert_array_equal(W, Wl)


def test_compare_lists_the_weights_that_changed_most(window, qtbot):
    travel, runs = window.timeTravel, window.session.runs
    travel.timeline.setMark("A", 2)
    travel.timeline.setMark("B", 40)
    panel = travel.comparePanel
    assert panel.comparison is not None and window.panel("compare").isVisible()
    rows = panel.rows()
    top = panel.comparison.top_weights[0]
    dW = runs.params_at(40)[top.layer][0] - runs.params_at(2)[top.layer][0]
    assert top.i is None or abs(top.delta - dW[top.j, top.i]) < 1e-6
    assert rows[0].strip().startswith(("W", "b")) and "→" in rows[0]
    assert "step 2:" in panel.summary.text() and "accuracy" in panel.summary.text()
    assert window.networkView._state.difference is not None
    panel.done.click()
    assert window.networkView._state.difference is None and not travel.timeline.marks


def test_step_from_here_opens_the_step_workspace(window, qtbot):
    window.timeTravel.timeline.scrubTo(5)
    window.timeTravel.timeline.stepHere.click()
    assert window.currentWorkspace() == "step"
    step = window.stepPanel.step if hasattr(window.stepPanel, "step") else None
    assert step is None or step.params_before[0][0].shape == (6, 2)


def test_a_new_rate_while_scrubbed_back_branches_and_keeps_both_curves(window, qtbot):
    travel = window.timeTravel
    travel.timeline.scrubTo(10)
    window.applySettings(window.session.settings.replace(lr=window.session.settings.lr / 3))
    runs = window.session.runs
    assert travel.scrubbed is None and runs.steps()[-1] == 10
    assert len(runs.branches) == 1 and runs.branches[0].start == 10
    assert window.session.step == 10
    train_steps(qtbot, window, 5)
    steps, _ = runs.curve()
    assert steps[-1] == 15 and len(travel.timeline.branchCurves) == 1
    travel.branching.clearBranches()
    assert not runs.branches and not travel.timeline.branchCurves


def test_restart_from_the_same_initial_weights(window, qtbot):
    first = window.session.runs.params_at(0)
    window.timeTravel.branching.restartAction.trigger()
    assert window.session.step == 0 and len(window.session.runs.branches) == 1
    np.testing.assert_array_equal(window.session.network.params()[0][0], first[0][0])


def test_save_and_open_with_the_history(window, qtbot, tmp_path):
    from nnviz.ui.files import open_save as files

    window.timeTravel.branching.saveHistory.setChecked(True)
    window.timeTravel.branching.updateSize()
    assert "KB" in window.timeTravel.branching.saveHistory.text()
    path = tmp_path / "with-history.npz"
    assert files.save_to(window, path)
    kept = window.session.runs.steps()
    window.sessionQt.reset()
    assert window.session.runs.steps() in ([], [0])
    assert window.openPath(str(path))
    qtbot.waitUntil(lambda: window.session.runs.steps()[: len(kept)] == kept, timeout=30000)
    assert window.session.step == kept[-1]
    assert len(window.timeTravel.timeline.curve.getData()[0]) >= 40
    window.timeTravel.timeline.scrubTo(7)
    W7 = window.session.runs.params_at(7)[0][0]
    np.testing.assert_array_equal(shown_params(window)[0][0], W7)


@pytest.mark.skipif(find_mnist() is None, reason="needs the MNIST files")
def test_scrubbing_an_mnist_run_updates_the_weight_pictures(qtbot, tmp_path):
    s = Settings.defaults_for("mnist").replace(hidden=[16], activations=["relu"])
    w = open_window(qtbot, tmp_path, s)
    try:
        qtbot.waitUntil(lambda: w.session.runs.steps() == [0], timeout=60000)
        train_steps(qtbot, w, 5)
        assert w.panel("weights").isVisible()
        w.timeTravel.timeline.scrubTo(0)
        np.testing.assert_array_equal(w.weightGrid._W, w.session.runs.params_at(0)[0][0])
        w.timeTravel.backToNow()
        np.testing.assert_allclose(w.weightGrid._W, w.session.network.params()[0][0])
    finally:
        w.close()
