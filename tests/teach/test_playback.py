"""Playback frames and their explanations against worked examples done by hand.

The 2-2-2 sigmoid network is the classic textbook example (W1 = [[.15, .20], [.25, .30]],
b1 = .35, W2 = [[.40, .45], [.50, .55]], b2 = .60, x = [.05, .10], y = [.01, .99],
SGD lr .5). Hand results: out_h1 = 0.593270, out_o1 = 0.751365, out_o2 = 0.772928,
E = 0.298371 (mean over the two outputs of (a - y)^2 = the book's sum of (a - y)^2/2),
dE/dout_o1 = 0.741365, out_o1 (1 - out_o1) = 0.186816, delta_o1 = 0.138499,
dE/dw5 = 0.0821670, w5 -> 0.358916, dE/dout_h1 = 0.0363503, w1 -> 0.149781.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz import SGD, Adam, Momentum, Network
from nnviz.teach.formula import Line, fmt, to_html, to_latex
from nnviz.teach.frames import (
    Frame,
    check_gradients,
    explain,
    focus,
    frame_index,
    frames,
    network_for,
)

X = np.array([[0.05, 0.10]])
Y = np.array([[0.01, 0.99]])


def textbook_net() -> Network:
    net = Network([2, 2, 2], activation="sigmoid", output="sigmoid", loss="mse", dtype=np.float64)
    net.layers[0].W[...] = [[0.15, 0.20], [0.25, 0.30]]
    net.layers[0].b[...] = 0.35
    net.layers[1].W[...] = [[0.40, 0.45], [0.50, 0.55]]
    net.layers[1].b[...] = 0.60
    return net


@pytest.fixture
def step():
    return textbook_net().train_step(X, Y, SGD(lr=0.5))


def lines(text: str) -> list[str]:
    return text.splitlines()


def test_frames_order(step):
    fs = frames(step)
    assert fs == [
        Frame("forward", 0),
        Frame("forward", 1),
        Frame("loss", None),
        Frame("backward", 1),
        Frame("backward", 0),
        Frame("update", None),
    ]
    assert frame_index(step, Frame("backward", 0)) == 4
    assert fs[0].title(2) == "Forward · layer 1"
    assert fs[3].title(2) == "Backward · output"


def test_fmt_keeps_exact_numbers_short_and_rounded_ones_full():
    assert fmt(0.3775) == "0.3775"
    assert fmt(0.59326999) == "0.593270"
    assert fmt(np.float32(0.15)) == "0.15"
    assert fmt(-0.0) == "0"
    assert fmt(123456.7) == "123457"
    assert fmt(1e-8) == "1e-08"
    assert fmt(0.59326999, digits=3) == "0.593"


def test_forward_hidden_unit(step):
    text = explain(step, Frame("forward", 0), unit=0)
    assert "z = 0.15*0.05 + 0.2*0.1 + 0.35 = 0.3775" in lines(text)
    assert "a = sigmoid(0.3775) = 0.593270" in lines(text)


def test_forward_whole_layer_and_weight(step):
    text = explain(step, Frame("forward", 1))
    assert "z_0 = 0.4*0.593270 + 0.45*0.596884 + 0.6 = 1.10591" in lines(text)
    assert "a_0 = sigmoid(1.10591) = 0.751365" in lines(text)
    assert "a_1 = sigmoid(1.22492) = 0.772928" in lines(text)
    text = explain(step, Frame("forward", 1), weight=(0, 1))
    assert "W2[0, 1]*x_1 = 0.45*0.596884 = 0.268598" in lines(text)


def test_loss_mse(step):
    text = explain(step, Frame("loss", None))
    assert (
        "L = mean over outputs of (a - y)^2 = ((0.751365-0.01)^2 + (0.772928-0.99)^2)/2 "
        "= 0.298371" in lines(text)
    )


def test_backward_output_unit(step):
    text = explain(step, Frame("backward", 1), unit=0)
    assert "dL/da = 2*(a - y)/2 = 2*(0.751365-0.01)/2 = 0.741365" in lines(text)
    assert "da/dz = sigma'(z) = a*(1 - a) = 0.751365*(1-0.751365) = 0.186816" in lines(text)
    assert "delta = dL/da * da/dz = 0.741365*0.186816 = 0.138499" in lines(text)


def test_backward_weight_gradient(step):
    text = explain(step, Frame("backward", 1), weight=(0, 0))
    assert "dL/dW2[0, 0] = delta_0*x_0 = 0.138499*0.593270 = 0.0821670" in lines(text)
    assert "dL/db2[0] = delta_0 = 0.138499" in lines(text)


def test_backward_hidden_unit(step):
    text = explain(step, Frame("backward", 0), weight=(0, 0))
    # dE/dout_h1 = w5 delta_o1 + w7 delta_o2 = 0.4*0.138499 + 0.5*(-0.0380982)
    assert "dL/da = sum_k W2[k, 0]*delta_k = 0.4*0.138499 + 0.5*(-0.0380982) = 0.0363503" in text
    assert "da/dz = sigma'(z) = a*(1 - a) = 0.593270*(1-0.593270) = 0.241301" in text
    assert "delta = dL/da * da/dz = 0.0363503*0.241301 = 0.00877135" in text
    assert "dL/dW1[0, 0] = delta_0*x_0 = 0.00877135*0.05 = 0.000438568" in text


def test_update_sgd(step):
    text = explain(step, Frame("update", None), weight=(0, 0))
    assert "learning rate lr = 0.5" in text
    assert "new W1[0, 0] = w - lr*dL/dw = 0.15 - 0.5*0.000438568 = 0.149781" in lines(text)
    assert "new W2[0, 0] = w - lr*dL/dw = 0.4 - 0.5*0.0821670 = 0.358916" in lines(text)
    only = explain(step, Frame("update", None), weight=(0, 0), layer=1)
    assert "W1[0, 0]" not in only and "0.358916" in only
    everything = explain(step, Frame("update", None))
    # w6 -> 0.408666, w7 -> 0.511301, w8 -> 0.561370 (the textbook's other outputs)
    for new in ("0.408666", "0.511301", "0.561370", "0.199561", "0.249751", "0.299502"):
        assert new in everything


def test_focus_maps_selection_to_frames():
    assert focus(Frame("forward", 1), 1, unit=0) == {"unit": 0, "weight": None}
    assert focus(Frame("forward", 0), 1, unit=0) == {}
    assert focus(Frame("update", None), 1, weight=(0, 1)) == {
        "layer": 1,
        "unit": None,
        "weight": (0, 1),
    }
    assert focus(Frame("loss", None), 1, unit=0) == {}
    assert focus(Frame("forward", 0), -1, unit=0) == {}


# ------------------------------------------------------------------ softmax + cross-entropy


def softmax_step():
    """2-2-3, linear hidden layer = identity, softmax output with z = [0, ln 2, 0]:
    a = [1/4, 1/2, 1/4] exactly; target class 0: L = -log(1/4) = ln 4 = 1.38629;
    delta2 = a - y = [-0.75, 0.5, 0.25]; dW2[0, 0] = -0.75 * ln 2 = -0.519860;
    hidden: dL/da_0 = sum_k W2[k, 0] delta_k = 1*0.5 = 0.5 = delta1_0 (linear),
    dW1[0, 0] = 0.5 ln 2 = 0.346574; SGD lr 0.1: W2[0, 0] -> 0.0519860."""
    net = Network([2, 2, 3], activation="linear", output="softmax", dtype=np.float64)
    net.layers[0].W[...] = np.eye(2)
    net.layers[0].b[...] = 0.0
    net.layers[1].W[...] = [[0, 0], [1, 0], [0, 0]]
    net.layers[1].b[...] = 0.0
    return net.train_step(np.array([[math.log(2), 0.0]]), np.array([0]), SGD(lr=0.1))


def test_softmax_cross_entropy_by_hand():
    s = softmax_step()
    fwd = explain(s, Frame("forward", 1), unit=1)
    assert "a = e^z_1/sum_k e^z_k = e^0.693147/(e^0 + e^0.693147 + e^0) = 0.5" in lines(fwd)
    loss = explain(s, Frame("loss", None))
    assert "a = softmax(z) = [0.25, 0.5, 0.25]" in lines(loss)
    assert "L = -log a_y = -log(a_0) = -log(0.25) = 1.38629" in lines(loss)
    back = explain(s, Frame("backward", 1), weight=(0, 0))
    assert "delta = (a - y)/n = (0.25-1)/1 = -0.75" in lines(back)
    assert "dL/dW2[0, 0] = delta_0*x_0 = -0.75*0.693147 = -0.519860" in lines(back)
    assert "(a - y)/n" in explain(s, Frame("backward", 1))
    hidden = explain(s, Frame("backward", 0), weight=(0, 0))
    assert "dL/da = sum_k W2[k, 0]*delta_k = 0*(-0.75) + 1*0.5 + 0*0.25 = 0.5" in hidden
    assert "delta = dL/da * da/dz = 0.5*1 = 0.5" in hidden
    assert "dL/dW1[0, 0] = delta_0*x_0 = 0.5*0.693147 = 0.346574" in hidden
    upd = explain(s, Frame("update", None), weight=(0, 0), layer=1)
    assert "new W2[0, 0] = w - lr*dL/dw = 0 - 0.1*(-0.519860) = 0.0519860" in upd


# ------------------------------------------------------------------ optimizers


def test_momentum_shows_velocity_from_the_record():
    net = textbook_net()
    opt = Momentum(lr=0.5, momentum=0.9)
    first = net.train_step(X, Y, opt)
    text1 = explain(first, Frame("update", None), weight=(0, 0), layer=1)
    assert "momentum mu = 0.9, step t = 1" in text1
    assert "v = dL/dw = 0.0821670   (first step: no velocity yet)" in lines(text1)
    assert "new W2[0, 0] = w - lr*v = 0.4 - 0.5*0.0821670 = 0.358916" in lines(text1)
    second = net.train_step(X, Y, opt)
    text2 = explain(second, Frame("update", None), weight=(0, 0), layer=1)
    g2 = second.layers[1].dW[0, 0]
    v2 = second.optimizer.state[1]["v_W"][0, 0]
    assert "step t = 2" in text2
    assert f"v = mu*v_prev + g = 0.9*0.0821670 + {fmt(g2)} = {fmt(v2)}" in lines(text2)
    w_new = second.params_after[1][0][0, 0]
    assert f"new W2[0, 0] = w - lr*v = 0.358916 - 0.5*{fmt(v2)} = {fmt(w_new)}" in lines(text2)
    assert math.isclose(v2, 0.9 * 0.0821670410 + g2, rel_tol=1e-6)


def test_adam_first_step_by_hand():
    """t = 1: m = 0.1 g, v = 0.001 g^2, m_hat = g, v_hat = g^2, step = lr g/(|g| + eps)."""
    s = textbook_net().train_step(X, Y, Adam(lr=0.01))
    text = explain(s, Frame("update", None), weight=(0, 0), layer=1)
    assert "beta1 = 0.9, beta2 = 0.999, eps = 1e-08, step t = 1" in text
    assert "m = beta1*m_prev + (1 - beta1)*g = 0.9*0 + 0.1*0.0821670 = 0.00821670" in text
    assert "v = beta2*v_prev + (1 - beta2)*g^2 = 0.999*0 + 0.001*0.0821670^2 = 6.75142e-06" in text
    assert "m_hat = m/(1 - beta1^t) = 0.00821670/(1-0.9^1) = 0.0821670" in text
    assert "v_hat = v/(1 - beta2^t) = 6.75142e-06/(1-0.999^1) = 0.00675142" in text
    assert "new W2[0, 0] = w - step = 0.4 - 0.0100000 = 0.390000" in text


def test_adam_second_step_uses_state_before():
    net = textbook_net()
    opt = Adam(lr=0.01)
    net.train_step(X, Y, opt)
    s = net.train_step(X, Y, opt)
    text = explain(s, Frame("update", None), weight=(1, 1), layer=0)
    m_prev = s.optimizer.state_before[0]["m_W"][1, 1]
    m = s.optimizer.state[0]["m_W"][1, 1]
    assert f"= 0.9*{fmt(m_prev)} + 0.1*" in text and f"= {fmt(m)}" in text
    assert "step t = 2" in text and "(1-0.9^2)" in text


# ------------------------------------------------------------------ batches, big layers


def test_batch_and_abbreviation():
    net = Network([6, 5, 2], activation="tanh", output="sigmoid", loss="mse", dtype=np.float64)
    rng = np.random.default_rng(0)
    Xb, Yb = rng.normal(size=(3, 6)), rng.uniform(size=(3, 2))
    s = net.train_step(Xb, Yb, SGD(0.1))
    fwd = explain(s, Frame("forward", 0), unit=2, sample=1)
    z_line = next(t for t in lines(fwd) if t.startswith("z = "))
    assert " + ... " in z_line and z_line.count("*") == 4  # 3 terms, ..., last term
    assert z_line.endswith(f"= {fmt(s.layers[0].z[1, 2])}")
    full = explain(s, Frame("forward", 0), unit=2, sample=1, full=True)
    assert next(t for t in lines(full) if t.startswith("z = ")).count("*") == 6
    back = explain(s, Frame("backward", 0), weight=(2, 3), sample=2)
    assert "Sample 2 of 3" in back
    assert "sum over the 3 samples of delta_2*x_3 = " in back
    assert back.count(f"= {fmt(s.layers[0].dW[2, 3])}") == 1
    loss = explain(s, Frame("loss", None), sample=1)
    assert "L(sample 1) = " in loss and f"= {fmt(s.loss)}" in loss
    with pytest.raises(IndexError):
        explain(s, Frame("forward", 0), sample=3)
    with pytest.raises(IndexError):
        explain(s, Frame("forward", 0), unit=5)


def test_typesetting():
    html = to_html(Line("delta = dL/da * da/dz = 0.741365*0.186816 = 0.138499"))
    assert html.startswith("δ = ∂<i>L</i>/∂<i>a</i>")
    assert html.endswith("<b>0.138499</b>")
    assert "0.741365·0.186816" in html
    assert "<sup>2</sup>" in to_html(Line("L = (a - y)^2 = 1"))
    assert to_html(Line("a < b", "note")) == "a &lt; b"
    tex = to_latex(Line("delta_0 = 0.5*0.25 = 0.125"))
    assert tex == r"\delta_{0} = 0.5 \cdot 0.25 = \mathbf{0.125}"


# ------------------------------------------------------------------ gradient check


def test_check_gradients_against_finite_differences(step):
    [one] = check_gradients(step, 1, weight=(0, 0))
    assert one.name == "W2[0, 0]" and one.backprop == step.layers[1].dW[0, 0]
    assert one.numeric == pytest.approx(0.082167041, abs=1e-9) and one.rel_error < 1e-9
    row = check_gradients(step, 0, unit=1)
    assert [e.name for e in row] == ["W1[1, 0]", "W1[1, 1]", "b1[1]"]
    layer = check_gradients(step, 0)
    assert len(layer) == 6 and max(e.rel_error for e in layer) < 1e-9
    big = Network([30, 20, 3], activation="relu", dtype=np.float64).train_step(
        np.random.default_rng(0).normal(size=(2, 30)), np.array([0, 2]), SGD(0.1)
    )
    sampled = check_gradients(big, 0, max_entries=15)
    assert len(sampled) == 15 and max(e.rel_error for e in sampled) < 1e-6


def test_network_for_rebuilds_the_architecture(step):
    net = network_for(step)
    assert net.sizes == [2, 2, 2] and net.activations == ["sigmoid", "sigmoid"]
    assert net.loss_name == "mse" and net.dtype == np.float64
    np.testing.assert_array_equal(net.layers[1].W, step.params_before[1][0])


@pytest.mark.parametrize(
    ("acts", "output", "loss", "opt"),
    [
        (["relu"], "softmax", "mse", Momentum(0.1, 0.9, nesterov=True, weight_decay=0.01)),
        (["leaky_relu", "linear"], "linear", "mse", Adam(0.01, weight_decay=0.1)),
        (["tanh"], "softmax", "cross_entropy", SGD(0.1, weight_decay=0.5)),
        (["sigmoid"], "relu", "mse", Momentum(0.1, 0.5, dampening=0.2)),
    ],
)
def test_every_frame_and_selection_explains_from_the_record(acts, output, loss, opt):
    sizes = [3, *([4] * len(acts)), 3]
    net = Network(sizes, activation=acts, output=output, loss=loss, dtype=np.float64, seed=1)
    rng = np.random.default_rng(2)
    Xb = rng.normal(size=(2, 3))
    Yb = np.array([0, 2]) if loss == "cross_entropy" else rng.uniform(size=(2, 3))
    net.train_step(Xb, Yb, opt)  # a second step, so momentum/Adam have state
    s = net.train_step(Xb, Yb, opt)
    for fr in frames(s):
        k = fr.layer if fr.layer is not None else 0
        for kw in ({}, {"unit": 1}, {"weight": (2, 1)}, {"weight": (0, 0), "layer": k}):
            for sample in (0, 1):
                text = explain(s, fr, sample=sample, full=True, **kw)
                assert text and "nan" not in text
        if fr.phase == "update":
            w_new = s.params_after[0][0][2, 1]
            assert f"= {fmt(w_new)}" in explain(s, fr, weight=(2, 1), layer=0)
            if opt.weight_decay:
                assert "g = dL/dw + weight_decay*w" in explain(s, fr, weight=(2, 1))
