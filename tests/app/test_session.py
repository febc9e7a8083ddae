"""Settings, history and the Qt-free session model."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.app.history import History
from nnviz.app.protocol import Update
from nnviz.app.session import Session, SessionError, load_dataset
from nnviz.app.settings import MNIST_DEFAULTS, Settings, dataset_kind, model_settings
from nnviz.engine import Network


def test_defaults_fit_the_data():
    s = Settings()
    assert (s.dataset, s.hidden, s.activations, s.optimizer) == (
        "spirals",
        [8, 8],
        ["tanh"] * 2,
        "adam",
    )
    assert (s.lr, s.batch_size, s.output, s.loss) == (0.03, 16, "softmax", "cross_entropy")
    m = Settings.defaults_for("mnist")
    assert (m.hidden, m.activations) == ([128, 64], ["relu"] * 2)
    assert (m.lr, m.batch_size) == (MNIST_DEFAULTS["lr"], MNIST_DEFAULTS["batch_size"])
    assert dataset_kind("mnist") == "mnist" and dataset_kind("xor") == "toy"
    assert dataset_kind("/tmp/x.csv") == "csv"


def test_settings_round_trip_and_repair():
    s = Settings(hidden=[4, 5, 6], activations=["relu"], lr=0.5, seed=3)
    n = s.normalized()
    assert n.activations == ["relu", "relu", "relu"]
    assert Settings.from_dict(n.to_dict()) == n
    bad = Settings.from_dict({"hidden": [0, 99999], "lr": -1, "optimizer": "magic", "junk": 1})
    assert bad.hidden == [1, 1024] and bad.lr > 0 and bad.optimizer == "adam"
    assert Settings.from_dict({"hidden": "nonsense"}) == Settings()
    assert Settings(optimizer="momentum", momentum=0.5).opt_kw() == {
        "weight_decay": 0.0,
        "momentum": 0.5,
    }
    assert Settings(beta1=0.8).opt_kw()["betas"] == (0.8, 0.999)


def test_history_grows_by_doubling():
    h = History(capacity=4)
    h.extend(0, np.arange(3))
    h.extend(3, np.arange(10))
    assert len(h) == 13 and list(h.steps) == list(range(13))
    assert h.losses[-1] == 9
    assert h._losses.size >= 13
    for k in range(40):
        h.add_epoch(k, k * 10, 1.0, 0.5, 1.1, 0.4)
    assert h.epochs.shape == (40, 6) and h.last_epoch()["step"] == 390
    assert h.recent_loss(2) == 8.5
    h.clear()
    assert len(h) == 0 and h.last_epoch() is None


def test_session_builds_and_samples():
    s = Session(Settings(hidden=[5], activations=["relu"]))
    s.set_dataset(load_dataset(s.settings))
    assert s.network.sizes == [2, 5, 2] and s.network.dtype == np.float32
    x, y = s.sample(3)
    assert x.shape == (1, 2) and y.shape == (1,)
    seen = {float(s.next_sample()[0][0, 0]) for _ in range(len(s.dataset.X_train))}
    assert len(seen) == len(s.dataset.X_train)  # a full pass visits every sample once
    net = s.current_network()
    assert net.dtype == np.float64
    assert np.allclose(net.layers[0].W, s.network.layers[0].W)
    opt = s.make_optimizer()
    assert opt.name == "adam" and opt.lr == s.settings.lr


def test_train_fraction_resplits():
    ds = load_dataset(Settings(dataset="xor", n_samples=200, train_fraction=0.5))
    assert len(ds.X_train) == len(ds.X_test) == 100
    ds = load_dataset(Settings(dataset="xor", n_samples=200, train_fraction=0.1))
    assert (len(ds.X_train), len(ds.X_test)) == (20, 180)


def test_old_settings_val_fraction_maps_to_train_fraction():
    assert Settings.from_dict({"val_fraction": 0.3}).train_fraction == 0.7


def test_old_settings_l2_was_the_weight_decay():
    old = Settings.from_dict({"l2": 0.01})
    assert (old.weight_decay, old.l2) == (0.01, 0.0)
    new = Settings(l2=0.02, weight_decay=0.001)
    assert Settings.from_dict(new.to_dict()) == new


def test_apply_messages_and_generations():
    s = Session()
    s.set_dataset(load_dataset(s.settings))
    gen = s.generation
    params = [(W * 0, b * 0) for W, b in s.network.params()]
    msg = Update(generation=gen, step0=0, losses=np.ones(5, np.float32),
                 epochs=[(1, 5, 0.5, 0.75, 0.6, 0.7)], step=5, epoch=1, samples_per_s=99.0,
                 params=params)  # fmt: skip
    changed = s.apply(msg)
    assert changed == {"history", "epochs", "params", "counters"}
    assert s.step == 5 and s.dirty and len(s.history) == 5
    assert not s.network.layers[0].W.any()
    s.reset()
    assert s.generation == gen + 1 and len(s.history) == 0 and s.network.layers[0].W.any()
    assert s.apply(msg) == set()  # a message about the old network is ignored


def test_save_and_load(tmp_path):
    s = Session(Settings(dataset="circles", hidden=[3], activations=["sigmoid"], seed=2))
    s.set_dataset(load_dataset(s.settings))
    s.network.layers[0].b[:] = 0.25
    s.dirty = True
    path = tmp_path / "m.npz"
    s.save(path)
    assert not s.dirty and s.path == path
    other = Session()
    other.set_dataset(load_dataset(other.settings))
    net, settings, note = other.plan_load(path)
    assert settings.dataset == "circles" and settings.hidden == [3] and settings.seed == 2
    assert "circles" in note
    other.adopt(net, settings, load_dataset(settings), path)
    assert np.allclose(other.network.layers[0].b, 0.25) and other.settings.dataset == "circles"


def test_model_settings_switch_or_explain():
    cur = Settings()
    digits = Network([784, 16, 10])
    s, note = model_settings(digits, cur, 2, 2)
    assert s.dataset == "mnist" and s.hidden == [16] and "mnist" in note
    same = Network([2, 4, 2], activation="relu")
    s, note = model_settings(same, cur, 2, 2)
    assert s.dataset == "spirals" and note == ""
    odd = Network([7, 3])
    s, note = model_settings(odd, cur, 2, 2)
    assert s is None and "7 inputs" in note


def test_load_rejects_an_unfitting_model(tmp_path):
    Network([7, 3]).save(tmp_path / "odd.npz")
    s = Session()
    s.set_dataset(load_dataset(s.settings))
    with pytest.raises(SessionError, match="CSV"):
        s.plan_load(tmp_path / "odd.npz")
