"""The trainer loop, in-process with a fake clock, and once as a real spawned process."""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import queue

import numpy as np

from nnviz.app import process, trainer
from nnviz.app.protocol import (
    Configure,
    Diverged,
    Error,
    Message,
    Pause,
    SetHyper,
    Start,
    State,
    StepN,
    Stop,
    Update,
)
from nnviz.app.settings import Settings
from nnviz.engine import Step


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        self.t += 1e-4  # every call advances time a little
        return self.t


def make(settings: Settings | None = None, **kw) -> tuple[trainer.Trainer, list[Message], Clock]:
    out: list[Message] = []
    clock = Clock()
    t = trainer.Trainer(out.append, clock)
    s = (settings or Settings(hidden=[4], activations=["tanh"])).replace(**kw)
    t.handle(Configure(7, s))
    return t, out, clock


def updates(out: list[Message]) -> list[Update]:
    return [m for m in out if isinstance(m, Update)]


def test_configure_and_train_at_full_speed():
    t, out, _ = make(steps_per_second=0)
    assert out == [State(7, running=False)]  # configured, waiting
    assert t.net.n_params == 2 * 4 + 4 + 4 * 2 + 2
    t.handle(Start())
    assert out[-1] == State(7, running=True)
    for _ in range(30):
        t.work(budget=0.01)
    t.handle(Pause())
    ups = updates(out)
    losses = np.concatenate([m.losses for m in ups])
    assert len(losses) == t.step > 100
    assert next(m.step0 for m in ups if len(m.losses)) == 0
    assert all(m.generation == 7 for m in out)
    assert any(m.record is not None for m in ups)  # probes for the animation
    assert any(m.epochs for m in ups)
    last = ups[-1]
    assert last.params is not None and len(last.params) == 2  # pausing sends the weights
    W, _b = last.params[0]
    assert np.array_equal(W, t.net.layers[0].W)
    assert out[-1] == State(7, running=False)  # after the weights


def test_configure_can_start_running_at_once():
    t, out, _ = make()
    t.handle(Configure(8, t.settings, t.net.params(), step=40, run=True))
    assert out[-1] == State(8, running=True) and t.running and t.step == 40


def test_single_steps_are_recorded_exactly():
    t, out, _ = make(batch_size=8)
    before = t.net.params()
    t.handle(StepN(2))
    t.work()
    recs = [m.record for m in updates(out) if m.record is not None]
    assert t.step == 2 and len(recs) == 2
    assert all(isinstance(r, Step) and r.batch_size == 8 for r in recs)
    assert np.array_equal(recs[0].params_before[0][0], before[0][0])
    assert np.array_equal(recs[1].params_after[0][0], t.net.layers[0].W)
    assert not t.running


def test_speed_limit_paces_steps():
    t, _out, clock = make(steps_per_second=20)
    t.handle(Start())
    while clock.t < 1.0:
        wait = t.work(budget=0.01)
        clock.t += wait
    assert 18 <= t.step <= 22


def test_hyperparameters_change_on_the_fly():
    t, _, _ = make()
    opt = t.opt
    t.handle(SetHyper(t.settings.replace(lr=0.5, beta1=0.8, batch_size=3)))
    assert t.opt is opt and opt.lr == 0.5 and opt.betas[0] == 0.8 and t.batches.batch_size == 3
    t.handle(SetHyper(t.settings.replace(optimizer="momentum", momentum=0.7)))
    assert t.opt.name == "momentum" and t.opt.momentum == 0.7
    t.handle(SetHyper(t.settings.replace(weight_decay=0.01)))
    assert t.opt.weight_decay == 0.01
    t.handle(SetHyper(t.settings.replace(l1=0.002, l2=0.003)))
    assert (t.net.l1, t.net.l2) == (0.002, 0.003)


def run_until_paused(t: trainer.Trainer) -> None:
    t.handle(Start())
    for _ in range(200):
        t.work(budget=0.01)
        if not t.running:
            return


def test_nan_divergence_pauses_and_restores():
    s = Settings(hidden=[8, 8], activations=["leaky_relu"] * 2, optimizer="sgd", lr=1e3)
    t, out, _ = make(s, steps_per_second=0)
    run_until_paused(t)
    div = [m for m in out if isinstance(m, Diverged)]
    assert div and div[0].lr == 1e3 and not t.running
    assert not np.isfinite(div[0].loss)
    assert out[-1] == State(div[0].generation, running=False)
    assert np.isfinite(t.net.theta).all()


def test_exploding_loss_counts_as_divergence():
    s = Settings(hidden=[8, 8], activations=["tanh"] * 2, optimizer="sgd", lr=1e3)
    t, out, _ = make(s, steps_per_second=0)
    t.handle(Start())
    for _ in range(200):
        t.work(budget=0.01)
        if not t.running:
            break
    div = [m for m in out if isinstance(m, Diverged)]
    assert div and div[0].step == trainer.EXPLODE_WINDOW + 1 and div[0].loss > 17
    assert not t.running


def test_errors_are_reported_not_raised():
    t, out, _ = make()
    t.handle(Start())
    bad = Configure(8, t.settings, [(np.zeros((1, 1)), np.zeros(1))])
    assert t.handle(bad)  # the process lives on
    assert isinstance(out[-1], Error) and "expected" in out[-1].message and not t.running
    t.handle("start")  # not a command
    assert isinstance(out[-1], Error) and "not a trainer command" in out[-1].message


def test_real_process_round_trip():
    ctx = mp.get_context("spawn")
    commands, results = ctx.Queue(), ctx.Queue()
    proc = ctx.Process(target=process.main, args=(commands, results), daemon=True)
    proc.start()
    try:
        s = Settings(hidden=[3], activations=["tanh"])
        commands.put(Configure(1, s))
        commands.put(StepN(3))
        got: list[Message] = []
        while sum(len(m.losses) for m in got if isinstance(m, Update)) < 3:
            got.append(results.get(timeout=20))
        assert got[0] == State(1, running=False)
        commands.put(Stop())
        while proc.is_alive():
            with contextlib.suppress(queue.Empty):
                results.get(timeout=0.05)
            proc.join(0.05)
        assert proc.exitcode == 0
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        for q in (commands, results):
            q.cancel_join_thread()
            q.close()
