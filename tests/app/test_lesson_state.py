"""Lesson quantities from the engine's records, against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.app.lesson_state import (
    network_quantities,
    preset_settings,
    quantities,
    rebuild,
    sample_quantities,
    settings_quantities,
)
from nnviz.app.settings import Settings
from nnviz.engine import Network
from nnviz.teach import lessons
from nnviz.teach.tiny_nets import textbook


def one_neuron(w1=0.2, w2=-0.4, b=0.1) -> Network:
    net = Network([2, 1], [], "linear", "mse", np.float64)
    net.set_params([(np.array([[w1, w2]]), np.array([b]))])
    return net


X, Y = np.array([1.0, 0.5]), np.array([1.0])


def test_lesson_one_numbers_by_hand():
    s = sample_quantities(one_neuron(), X, Y)
    y_hat = 0.2 * 1.0 - 0.4 * 0.5 + 0.1  # ŷ = w1·x1 + w2·x2 + b = 0.1
    assert s["output"][0] == pytest.approx(y_hat)
    assert s["loss"] == pytest.approx((y_hat - 1.0) ** 2)  # 0.81
    # ∂L/∂w1 = 2(ŷ − y)·x1, ∂L/∂w2 = 2(ŷ − y)·x2, ∂L/∂b = 2(ŷ − y)
    assert s["grad_w"][0][0, 0] == pytest.approx(2 * (y_hat - 1.0) * 1.0)  # -1.8
    assert s["grad_w"][0][0, 1] == pytest.approx(2 * (y_hat - 1.0) * 0.5)
    assert s["grad_b"][0][0] == pytest.approx(2 * (y_hat - 1.0))
    assert s["delta"][0][0] == pytest.approx(2 * (y_hat - 1.0))
    assert s["da_dz"][0][0] == 1.0  # linear
    assert s["max_abs_grad_w"] == pytest.approx(1.8)
    assert s["z"][0][0] == s["a"][0][0] == pytest.approx(y_hat)
    assert s["predicted"] == 0 and s["label"] == 1  # one unit: 0.5 threshold


def test_the_network_is_not_changed():
    net = one_neuron()
    before = net.params()
    sample_quantities(net, X, Y)
    for (W, b), (W0, b0) in zip(net.params(), before, strict=True):
        assert np.array_equal(W, W0) and np.array_equal(b, b0)


def test_textbook_example_and_the_lesson_condition():
    net, samples, _ = textbook()
    ((x, y),) = samples
    s = quantities(net, x, y, {}, {}, selection="1 0 1")
    assert s["loss"] == pytest.approx(0.298371, abs=1e-6)
    assert s["output"] == pytest.approx([0.751365, 0.772928], abs=1e-6)
    assert s["delta"][1][0] == pytest.approx(0.138499, abs=1e-6)
    a = s["a"][0]
    assert s["da_dz"][0] == pytest.approx(a * (1 - a))  # σ′(z) = σ(z)(1 − σ(z))
    assert s["selected_weight"] == "1 0 1"
    assert s["selected_grad"] == pytest.approx(s["grad_w"][1][0, 1])
    task = lessons.builtin()[4].tasks[1]  # select the weight with the largest gradient
    assert task.check(s)
    assert not task.check(quantities(net, x, y, {}, {}, selection="0 0 0"))


def test_settings_metrics_and_answer():
    net = one_neuron()
    settings = settings_quantities(Settings(lr=0.1, optimizer="sgd"), "step")
    s = quantities(net, X, Y, settings, {"steps": 3, "loss": 0.5}, answer="0.38")
    assert s["lr"] == 0.1 and s["optimizer"] == "sgd" and s["workspace"] == "step"
    assert s["steps"] == 3 and s["loss"] == 0.5  # a metric wins over the sample's loss
    assert s["answer"] == "0.38" and s["selected_weight"] == ""
    assert "selected_grad" not in s
    task = lessons.builtin()[0].tasks[1]  # predict w1 after one step: 0.2 − 0.1·(−1.8)
    assert task.check({**quantities(net, X, Y, settings, {}), "answer": "0.38"})
    assert not task.check({**quantities(net, X, Y, settings, {}), "answer": "0.2"})


def test_without_a_sample_only_the_network():
    net = Network([2, 4, 2], "tanh", dtype=np.float64)
    s = quantities(net, None, None, {}, {"train_accuracy": 0.5})
    assert "loss" not in s and "output" not in s
    assert s["layers"] == "2-4-2" and s["hidden_layers"] == 1 and s["activation"] == "tanh"
    assert s["w"][0].shape == (4, 2)
    assert network_quantities(Network([2, 3, 3, 2], ["tanh", "relu"]))["activation"] == "tanh,relu"


def test_preset_settings():
    xor = preset_settings(lessons.builtin()[5].preset, Settings())
    assert (xor.dataset, xor.hidden, xor.activations, xor.lr, xor.batch_size) == (
        "xor",
        [4],
        ["tanh"],
        0.1,
        16,
    )
    assert (xor.optimizer, xor.noise, xor.n_samples) == ("sgd", 0.05, 400)
    one = preset_settings(lessons.builtin()[0].preset, Settings(dataset="circles"))
    assert one.dataset == "circles" and one.hidden == [] and one.output == "linear"


def test_rebuild_keeps_parameters_when_shapes_fit():
    net = one_neuron(0.6, 0.4, 0.2)
    sig = rebuild(net, output="sigmoid")
    assert sig.activations == ["sigmoid"] and np.array_equal(sig.layers[0].W, net.layers[0].W)
    wide = rebuild(Network([2, 2], [], dtype=np.float64), sizes=[2, 16, 2], activation=["tanh"])
    assert wide.sizes == [2, 16, 2] and wide.dtype == np.float64
