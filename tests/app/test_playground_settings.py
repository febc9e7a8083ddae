"""Settings with input features, regression, L1/L2 penalties, a training share and setups."""

import numpy as np
import pytest

from nnviz.app.metrics import score
from nnviz.app.session import Session, build_network, load_dataset
from nnviz.app.settings import Settings
from nnviz.app.setups.code import Setup, SetupError, decode, encode
from nnviz.app.setups.settings import settings_from_setup, setup_from_settings
from nnviz.engine import SGD


def test_features_become_the_inputs():
    s = Settings(dataset="circles", features=["x1^2", "x2^2"], hidden=[], activations=[])
    ds = load_dataset(s)
    net = build_network(s, ds)
    assert net.sizes == [2, 2] and ds.features == ["x1^2", "x2^2"]
    assert np.all(ds.X_train >= 0) and net.meta["features"] == ["x1^2", "x2^2"]


def test_regression_sets_pick_linear_mse_and_score_r2():
    s = Settings.defaults_for("plane")
    assert (s.task, s.output, s.loss) == ("regression", "linear", "mse")
    back = Settings.defaults_for("circles")
    assert (back.task, back.output) == ("classification", "softmax")
    ds = load_dataset(s)
    net = build_network(s, ds)
    assert net.sizes[-1] == 1 and ds.regression
    for _ in range(300):
        net.fit_batch(ds.X_train, ds.y_train, SGD(lr=0.1))
    mse, r2 = score(net, ds.X_test, ds.y_test, regression=True)
    assert mse < 0.1 and r2 > 0.9


def test_penalty_and_init_seed_reach_the_network():
    s = Settings(dataset="xor", l1=0.01, l2=0.02, init_seed=5)
    net = build_network(s, load_dataset(s))
    assert (net.l1, net.l2) == (0.01, 0.02)
    other = build_network(s.replace(init_seed=None, seed=5), load_dataset(s))
    assert np.array_equal(net.params()[0][0], other.params()[0][0])


def test_features_are_saved_and_reapplied(tmp_path):
    s = Settings(dataset="circles", features=["x1", "x1*x2"], l1=0.001)
    session = Session(s, load_dataset(s))
    session.save(tmp_path / "m.npz")
    _planned_net, planned, _ = Session().plan_load(tmp_path / "m.npz")
    assert planned.features == ["x1", "x1*x2"] and planned.l1 == 0.001


def test_setup_maps_to_settings_and_back():
    setup = Setup(dataset="plane", output="linear", loss="mse", features=("x1", "sin(x2)"),
                  hidden=(3,), activations=("relu",), l1=0.001, l2=0.01, train_fraction=0.3,
                  batch_size=7, init_seed=4, optimizer="adam", lr=0.01)  # fmt: skip
    s = settings_from_setup(setup)
    assert s.regression and s.train_fraction == 0.3 and s.features == ["x1", "sin(x2)"]
    assert setup_from_settings(s) == setup
    assert decode(encode(setup_from_settings(s))) == setup


def test_settings_that_cannot_be_shared_say_why():
    with pytest.raises(SetupError, match="cannot be shared"):
        setup_from_settings(Settings(dataset="data.csv"))
    with pytest.raises(SetupError, match="constant"):
        setup_from_settings(Settings(lr_schedule="step"))
