"""Word contributions, word effects and highlight spans of a spam filter."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.analysis.words import (
    highlight_spans,
    read_message,
    spam_logit,
    spam_probability,
    top_words,
    word_contributions,
    word_effects,
)
from nnviz.engine import Network

VOCABULARY = ["free", "money", "meeting", "!"]


def linear_net() -> Network:
    net = Network([4, 2], output="softmax", loss="cross_entropy", dtype=np.float64, seed=0)
    net.layers[0].W[...] = [[0.0, 0.0, 1.0, 0.0], [2.0, 1.0, -1.0, 0.5]]
    net.layers[0].b[...] = [0.0, -1.0]
    return net


def mlp(output: str = "softmax", n_out: int = 2) -> Network:
    loss = "cross_entropy" if output == "softmax" else "mse"
    return Network([4, 5, n_out], activation="tanh", output=output, loss=loss,
                   dtype=np.float64, seed=3)  # fmt: skip


def test_linear_network_known_answers() -> None:
    net = linear_net()
    x = np.array([1.0, 0.0, 1.0, 1.0])
    w = np.array([2.0, 1.0, -2.0, 0.5])  # W_spam - W_ham
    assert spam_logit(net, x) == pytest.approx(-1.0 + 2.0 - 2.0 + 0.5)
    assert np.allclose(word_effects(net), w)
    assert np.allclose(word_contributions(net, x), w * x)
    assert np.allclose(word_contributions(net, x, "exact"), w * x)
    p = net.forward(x)[1]
    assert spam_probability(net, x) == pytest.approx(p)


@pytest.mark.parametrize(("output", "n_out"), [("softmax", 2), ("sigmoid", 1)])
def test_contributions_of_a_hidden_layer_network(output: str, n_out: int) -> None:
    net = mlp(output, n_out)
    x = np.array([1.0, 0.0, 1.0, 1.0])
    eps = 1e-6
    numeric = np.array(
        [(spam_logit(net, x + eps * e) - spam_logit(net, x - eps * e)) / (2 * eps)
         for e in np.eye(4)]
    )  # fmt: skip
    assert np.allclose(word_contributions(net, x), numeric * x, atol=1e-7)
    exact = word_contributions(net, x, "exact")
    for i in range(4):
        without = x.copy()
        without[i] = 0.0
        assert exact[i] == pytest.approx(spam_logit(net, x) - spam_logit(net, without))
    assert exact[1] == 0.0
    if n_out == 1:
        z = net.forward_all(x)[-1][0][0, 0]
        assert spam_logit(net, x) == pytest.approx(z)


def test_top_words() -> None:
    spam, ham = top_words(linear_net(), VOCABULARY, k=2)
    assert [w for w, _ in spam] == ["free", "money"]
    assert ham == [("meeting", -2.0)]
    with pytest.raises(ValueError, match="inputs"):
        top_words(linear_net(), VOCABULARY[:3])


def test_highlight_spans_follow_the_tokenizer() -> None:
    text = "FREE money, Free!! Meeting?"
    c = np.array([2.0, 1.0, -2.0, 0.5])
    spans = highlight_spans(text, VOCABULARY, c)
    assert [text[s.start : s.end] for s in spans] == ["FREE", "money", "Free", "!", "!", "Meeting"]
    assert [s.index for s in spans] == [0, 1, 0, 3, 3, 2]
    assert [s.score for s in spans] == [2.0, 1.0, 2.0, 0.5, 0.5, -2.0]


def test_read_message() -> None:
    net = linear_net()
    r = read_message(net, "Free money!", VOCABULARY)
    assert r.x.tolist() == [1.0, 1.0, 0.0, 1.0]
    assert r.probability == pytest.approx(net.forward(r.x)[1])
    assert [s.word for s in r.spans] == ["free", "money", "!"]
    assert r.contributions[2] == 0.0


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="1 or 2 outputs"):
        word_effects(mlp("softmax", 3))
    with pytest.raises(ValueError, match="method"):
        word_contributions(linear_net(), np.ones(4), "shap")  # type: ignore[arg-type]
