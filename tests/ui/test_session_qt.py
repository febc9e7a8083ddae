"""The GUI's session adapter acts on the trainer's typed messages (no process needed)."""

from __future__ import annotations

import numpy as np

from nnviz.app.protocol import Configure, Diverged, Error, Pause, Start, State, Update
from nnviz.app.session import Session, load_dataset
from nnviz.app.settings import Settings
from nnviz.ui.common.session_qt import SessionQt


def make(qtbot) -> SessionQt:
    settings = Settings(dataset="xor", n_samples=64, hidden=[3], activations=["tanh"])
    q = SessionQt(Session(settings, load_dataset(settings)))
    q.sent = []
    q.worker.send = q.sent.append  # no process: record the commands
    return q


def test_play_state_follows_the_trainer_only(qtbot):
    q = make(qtbot)
    gen = q.session.generation
    q.play()
    assert isinstance(q.sent[-1], Start) and q.requested and not q.running
    with qtbot.waitSignal(q.sigTrainingStateChanged) as got:
        q.onMessages([State(gen, True)])
    assert got.args == [True] and q.running
    q.onMessages([State(gen - 1, False)])  # about a replaced network: ignored
    assert q.running
    q.togglePlay()
    assert isinstance(q.sent[-1], Pause) and q.running  # until the trainer says so
    q.onMessages([State(gen, False)])
    assert not q.running and not q.requested


def test_updates_divergence_and_errors(qtbot):
    q = make(qtbot)
    gen = q.session.generation
    q.onMessages([State(gen, True)])
    params = [(W * 0, b * 0) for W, b in q.session.network.params()]
    with qtbot.waitSignal(q.sigHistoryAppended) as got:
        q.onMessages([Update(gen, 0, np.ones(4, np.float32), step=4, params=params)])
    assert list(got.args[0]) == [0, 1, 2, 3] and q.session.step == 4
    assert not q.session.network.layers[0].W.any()
    with qtbot.waitSignal(q.sigDiverged):
        q.onMessages([Diverged(gen, 5, float("nan"), 10.0)])
    assert not q.running
    q.onMessages([State(gen, True)])
    with qtbot.waitSignal(q.sigError) as err:
        q.onMessages([Error(None, "the trainer stopped")])
    assert err.args == ["the trainer stopped"] and not q.running and not q.requested


def test_reset_keeps_training_if_it_was_asked_to(qtbot):
    q = make(qtbot)
    q.play()
    q.onMessages([State(q.session.generation, True)])
    q.reset()
    cmd = q.sent[-1]
    assert isinstance(cmd, Configure) and cmd.run and cmd.generation == q.session.generation
    assert q.running  # no flicker: the new network's State will say so
