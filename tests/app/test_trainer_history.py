"""The trainer's run history: which steps it sends as `Snapshots`, and branching back."""

from __future__ import annotations

import numpy as np

from nnviz.app import trainer
from nnviz.app.history.snapshot import replay
from nnviz.app.protocol import Configure, Message, Pause, Snapshots, Start, StepN
from nnviz.app.session import Session, build_network, load_dataset
from nnviz.app.settings import Settings
from nnviz.app.stepper import step_on_copy
from nnviz.engine import Minibatches, make_optimizer

S = Settings(hidden=[4], activations=["tanh"], batch_size=50, steps_per_second=0)


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        self.t += 1e-4
        return self.t


def run(n_steps: int, settings: Settings = S) -> tuple[trainer.Trainer, list[Message]]:
    out: list[Message] = []
    t = trainer.Trainer(out.append, Clock())
    t.handle(Configure(1, settings))
    t.handle(StepN(n_steps))
    while t.pending_steps:
        t.work()
    t.flush(force=True)
    return t, out


def snapshots(out: list[Message]) -> dict[int, object]:
    got = {}
    for m in out:
        if isinstance(m, Snapshots):
            got |= {s.step: s for s in m.snaps}
    return got


def test_every_early_step_is_sent_with_its_loss_and_marks():
    _t, out = run(12)
    snaps = snapshots(out)
    assert sorted(snaps) == list(range(13))
    assert all(snaps[k].mark == "step" for k in range(1, 13))
    assert np.isfinite(snaps[5].metrics["loss"])
    assert snaps[12].opt_name == S.optimizer


def test_snapshots_equal_a_replay_from_the_same_seed_bit_for_bit():
    _t, out = run(20)
    snaps = snapshots(out)
    ds = load_dataset(S)
    net = build_network(S, ds)
    opt = make_optimizer(S.optimizer, S.lr, **S.opt_kw())
    batches = Minibatches(np.ascontiguousarray(ds.X_train, np.float32), ds.y_train, 50, S.seed)
    np.testing.assert_array_equal(snaps[0].theta, net.theta)
    for step in range(1, 21):
        xb, yb, _ = batches.next()
        net.train_step(xb, yb, opt)
        np.testing.assert_array_equal(snaps[step].theta, net.theta)


def test_epoch_ends_and_pauses_are_kept_beyond_the_first_steps():
    out: list[Message] = []
    t = trainer.Trainer(out.append, Clock())
    t.handle(Configure(1, S.replace(batch_size=400)))  # one step an epoch or so
    t.handle(Start())
    while t.step < 400:
        t.work(budget=0.01)
    t.handle(Pause())
    snaps = snapshots(out)
    assert t.step in snaps and snaps[t.step].mark == "pause"
    late = [s for k, s in snaps.items() if k > 100]
    assert any(s.epoch_end and "val_acc" in s.metrics for s in late)
    assert len(late) < 300 - 100  # thinned after the first 100


def test_replay_from_a_snapshot_equals_a_step_on_a_copy():
    _t, out = run(8)
    snap = snapshots(out)[8]
    X, y = np.random.default_rng(0).normal(size=(1, 2)), np.array([1])
    a = replay(snap, X, y, dtype=np.float64)
    b = step_on_copy(snap.network(np.float64), X, y, snap.optimizer(np.float64)).step
    assert a.loss == b.loss
    for (Wa, ba), (Wb, bb) in zip(a.params_after, b.params_after, strict=True):
        np.testing.assert_array_equal(Wa, Wb)
        np.testing.assert_array_equal(ba, bb)


def test_a_branch_continues_with_the_snapshots_optimizer_state():
    t, out = run(10)
    snap = snapshots(out)[6]
    t.handle(Configure(2, S, snap.params(), 6, False, snap.opt_state))
    assert t.step == 6 and t.opt.t == int(snap.opt_state["t"])
    np.testing.assert_array_equal(t.net.theta, snap.theta)
    t.handle(StepN(1))
    t.work()
    t.flush(force=True)
    assert 7 in snapshots([m for m in out if getattr(m, "generation", 0) == 2])


def test_session_folds_snapshots_branches_and_saves_them(tmp_path):
    ds = load_dataset(S)
    s = Session(S, ds)
    _t, out = run(15)
    for m in out:
        if isinstance(m, Snapshots):
            s.apply_snapshots(Snapshots(s.generation, m.snaps))
    assert s.runs.steps() == list(range(16))
    s.save_runs = True
    s.save(tmp_path / "m.npz")
    other = Session(S, ds)
    assert other.load_runs(tmp_path / "m.npz") == ""
    assert other.runs.steps() == s.runs.steps()
    snap = s.branch(9)
    assert s.runs.steps()[-1] == 9 and s.step == 9
    np.testing.assert_array_equal(s.network.theta, snap.theta)
    s.save_runs = False
    s.save(tmp_path / "plain.npz")
    assert other.load_runs(tmp_path / "plain.npz") == ""


def test_snapshots_go_out_in_messages_of_a_few_megabytes():
    from nnviz.app.history.snapshot import Snapshot
    from nnviz.app.trainer_outbox import in_chunks

    snaps = [Snapshot(k, np.zeros(250_000, np.float32), {}) for k in range(10)]  # 1 MB each
    chunks = in_chunks(snaps, 4 << 20)
    assert [s.step for c in chunks for s in c] == list(range(10))
    assert [len(c) for c in chunks] == [4, 4, 2]
    assert in_chunks(snaps[:1], 10) == [snaps[:1]]  # one too big still goes, alone
    assert in_chunks([], 10) == []
