"""A run history saved with its model: round trip, size estimate, damaged histories."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest
from history_runs import assert_same_step, run, toy_data

from nnviz import Network, load_model
from nnviz.app.history.file import (
    HistoryFileError,
    history_file_bytes,
    load_history,
    save_model_with_history,
)
from nnviz.app.history.runs import RunHistory
from nnviz.app.history.snapshot import replay


def _recorded(tmp_path):
    h = RunHistory()
    net, _ = run(500, h)
    h.mark(500, "pause")
    h.annotate(h.steps()[-1], accuracy=0.5)
    h.branch(h.nearest(300))
    net.set_params(h.params_at(h.nearest(300)))
    path = tmp_path / "m.npz"
    save_model_with_history(net, path, h)
    return net, h, path


def test_round_trip_without_history(tmp_path):
    net = Network([2, 8, 8, 2], seed=0)
    path = tmp_path / "m.npz"
    save_model_with_history(net, path, None)
    np.testing.assert_array_equal(load_model(path).theta, net.theta)
    assert load_history(path) is None
    save_model_with_history(net, path, RunHistory())  # an empty history adds nothing
    assert load_history(path, net) is None


def test_round_trip_with_history(tmp_path):
    net, h, path = _recorded(tmp_path)
    again = load_model(path)
    np.testing.assert_array_equal(again.theta, net.theta)
    h2 = load_history(path, again)
    assert h2 is not None and h2.steps() == h.steps()
    for step in h.steps():
        a, b = h.snapshot(step), h2.snapshot(step)
        np.testing.assert_array_equal(a.theta, b.theta)
        assert a.opt_state.keys() == b.opt_state.keys()
        for k in a.opt_state:
            np.testing.assert_array_equal(a.opt_state[k], b.opt_state[k])
        assert (a.metrics, a.mark, a.epoch_end, a.kind) == (b.metrics, b.mark, b.epoch_end, b.kind)
    for x, y in zip(h.curve(), h2.curve(), strict=True):
        np.testing.assert_array_equal(x, y)
    (old,) = h2.branches
    start = h.steps()[-1]
    assert old.start == start and list(old.steps) == list(range(start + 1, 501))
    X, y = toy_data()
    assert_same_step(replay(h2.snapshot(150), X[:1], y[:1]), replay(h.snapshot(150), X[:1], y[:1]))
    h2.record(start + 1, again)  # the loaded history continues


def test_size_estimate_matches_the_file(tmp_path):
    net, h, path = _recorded(tmp_path)
    plain = tmp_path / "plain.npz"
    net.save(plain)
    added = path.stat().st_size - plain.stat().st_size
    assert abs(history_file_bytes(h) - added) < 0.01 * added
    assert history_file_bytes(None) == 0


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95, 0.999])
def test_truncated_history_is_a_clear_error_and_the_model_loads(tmp_path, keep):
    net, _, path = _recorded(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    np.testing.assert_array_equal(load_model(path).theta, net.theta)
    with pytest.raises(HistoryFileError, match="cut short or damaged") as e:
        load_history(path, net)
    assert "\n" not in str(e.value) and isinstance(e.value, ValueError)


def _rewrite(path, change):
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    change(arrays)
    with zipfile.ZipFile(path, "w") as zf:
        for k, v in arrays.items():
            with zf.open(k + ".npy", "w") as f:
                np.lib.format.write_array(f, v)


def _header(arrays, **changes):
    h = json.loads(str(arrays["history/header"]))
    h.update(changes)
    arrays["history/header"] = np.array(json.dumps(h))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda a: a.pop("history/theta/7"), "missing a part"),
        (lambda a: a.update({"history/theta/7": a["history/theta/7"][:-3]}), "malformed"),
        (lambda a: a.update({"history/opt/3/m": np.zeros(5, np.float32)}), "malformed"),
        (lambda a: a.update({"history/header": np.array("{nope")}), "malformed"),
        (lambda a: _header(a, version=99), "newer"),
        (lambda a: _header(a, snapshots=None), "malformed"),
        (lambda a: a.update({"history/curve/losses": np.zeros(3, np.float32)}), "malformed"),
    ],
)
def test_damaged_history_is_a_clear_error(tmp_path, change, message):
    net, _, path = _recorded(tmp_path)
    _rewrite(path, change)
    np.testing.assert_array_equal(load_model(path).theta, net.theta)
    with pytest.raises(HistoryFileError, match=message) as e:
        load_history(path, net)
    assert "\n" not in str(e.value)


def test_history_of_another_network_is_refused(tmp_path):
    _, _, path = _recorded(tmp_path)
    with pytest.raises(HistoryFileError, match="different network"):
        load_history(path, Network([2, 9, 2]))
