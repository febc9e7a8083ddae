"""The inspector shows the selected neuron's or weight's numbers, equal to the engine's."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz import SGD, Network
from nnviz.ui.common.selection import Selection
from nnviz.ui.features.inspector import PLACEHOLDER, Inspector, make_card


@pytest.fixture
def setup():
    net = Network([3, 4, 2], activation="tanh", seed=0, dtype=np.float64)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 3))
    y = rng.integers(0, 2, 5)
    step = net.train_step(X, y, SGD(lr=0.1))
    return net, step


@pytest.fixture
def inspector(qtbot):
    w = Inspector()
    qtbot.addWidget(w)
    return w


def rows(card):
    return {label: float(value) for label, value, _ in card.rows}


def test_placeholder_without_selection(inspector):
    assert inspector.text() == PLACEHOLDER
    assert inspector.card() is None


def test_weight_values_match_engine(inspector, setup):
    net, step = setup
    inspector.setStep(step)
    inspector.setParams(net.params())
    inspector.setSelection(Selection(1, weight=(1, 2)))
    r = rows(inspector.card())
    before, after = step.params_before[1][0][1, 2], step.params_after[1][0][1, 2]
    assert r["W (now)"] == pytest.approx(net.layers[1].W[1, 2], rel=1e-5)
    assert r["dW"] == pytest.approx(step.layers[1].dW[1, 2], rel=1e-5)
    assert r["before"] == pytest.approx(before, rel=1e-5)
    assert r["after"] == pytest.approx(after, rel=1e-5)
    assert r["Δ"] == pytest.approx(after - before, rel=1e-4)
    assert after == pytest.approx(before - 0.1 * step.layers[1].dW[1, 2])
    assert any("lr·dW" in f for f in inspector.card().formulas)
    assert "W2[1, 2]" in inspector.text()


def test_neuron_values_match_engine(inspector, setup):
    net, step = setup
    inspector.setParams(net.params())
    inspector.setStep(step)
    inspector.setSelection(Selection(0, unit=3))
    r = rows(inspector.card())
    assert r["z"] == pytest.approx(step.layers[0].z[0, 3], rel=1e-5)
    assert r["a = tanh(z)"] == pytest.approx(step.layers[0].a[0, 3], rel=1e-5)
    assert r["b"] == pytest.approx(net.layers[0].b[3], rel=1e-5)
    assert r["δ = ∂L/∂z"] == pytest.approx(step.layers[0].delta[0, 3], rel=1e-5)
    assert r["db"] == pytest.approx(step.layers[0].db[3], rel=1e-5)
    inspector.setSelection(Selection(1, unit=0))
    assert "p = softmax(z)" in rows(inspector.card())


def test_forward_sample_and_input_unit(inspector, setup):
    net, step = setup
    inspector.setParams(net.params())
    inspector.setStep(step)
    x = np.array([0.5, -1.0, 2.0])
    za = net.forward_all(x[None, :])
    inspector.setForward(x, [a[0] for _, a in za], [z[0] for z, _ in za])
    inspector.setSelection(Selection(0, unit=1))
    assert rows(inspector.card())["z"] == pytest.approx(za[0][0][0, 1], rel=1e-5)
    inspector.setSelection(Selection(-1, unit=2))
    assert rows(inspector.card())["x2"] == pytest.approx(2.0)


def test_live_update_and_out_of_range(inspector, setup):
    net, _ = setup
    inspector.setParams(net.params())
    inspector.setSelection(Selection(0, weight=(0, 0)))
    first = rows(inspector.card())["W (now)"]
    net.layers[0].W[0, 0] += 1.0
    inspector.setParams(net.params())
    assert rows(inspector.card())["W (now)"] == pytest.approx(first + 1.0, rel=1e-5)
    inspector.setSelection(Selection(5, unit=0))
    assert "not in the current network" in inspector.card().formulas[0]
    assert make_card(Selection(0, unit=0), None, None) is not None
