"""Which words a spam filter weighs: per-message contributions and overall top words.

The network reads a binary bag of words x (x_i = 1 when word i occurs) and its output
is read as the spam log-odds

    s(x) = z_spam - z_ham    (two softmax outputs: p_spam = sigmoid(s))
    s(x) = z                 (one sigmoid output:  p_spam = sigmoid(z))

where z are the output pre-activations (logits). Positive scores push towards spam,
negative ones towards ham.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np

from nnviz.data.text.spam import bag_of_words, word_index
from nnviz.data.text.words import token_spans
from nnviz.engine import Network

SPAM = 1  # the label, and the output unit, of spam
Method = Literal["gradient", "exact"]


def _check(net: Network) -> int:
    n_out = net.sizes[-1]
    if n_out not in (1, 2):
        raise ValueError(f"a spam filter has 1 or 2 outputs, this network has {n_out}")
    return n_out


def spam_logit(net: Network, X: np.ndarray) -> np.ndarray:
    """s(x) for each row of X (or a float for one x): the spam log-odds."""
    n_out = _check(net)
    X = np.asarray(X)
    z = net.forward_all(np.atleast_2d(X))[-1][0].astype(np.float64)
    s = z[:, 0] if n_out == 1 else z[:, SPAM] - z[:, 1 - SPAM]
    return s[0] if X.ndim == 1 else s


def spam_probability(net: Network, X: np.ndarray) -> np.ndarray:
    """P(spam | x) = sigmoid(s(x)), per row of X (or a float for one x)."""
    return 1.0 / (1.0 + np.exp(-spam_logit(net, X)))


def word_contributions(net: Network, x: np.ndarray, method: Method = "gradient") -> np.ndarray:
    """(V,) float64: how much each word of the message x moves the spam log-odds s.

    "gradient" (gradient x input): c_i = x_i * ds/dx_i, with ds/dx from
    `Network.input_gradient` (the engine's backward pass); words absent from x get 0.
    The first-order share of each word: exact for a network without hidden layers.

    "exact" (leave one out): c_i = s(x) - s(x with x_i = 0) for the words present, the
    true change of the score when that word is deleted (one forward pass per word).
    """
    n_out = _check(net)
    x = np.asarray(x, dtype=net.dtype)
    if x.ndim != 1:
        raise ValueError(f"expected one message x of shape (V,), got {x.shape}")
    if method == "gradient":
        g = net.input_gradient(x, 0 if n_out == 1 else SPAM).astype(np.float64)
        if n_out == 2:
            g -= net.input_gradient(x, 1 - SPAM)
        return g * x
    if method == "exact":
        c = np.zeros(x.shape, dtype=np.float64)
        present = np.flatnonzero(x)
        if present.size:
            without = np.repeat(x[None, :], present.size, axis=0)
            without[np.arange(present.size), present] = 0
            c[present] = spam_logit(net, x) - spam_logit(net, without)
        return c
    raise ValueError(f"method must be 'gradient' or 'exact', got {method!r}")


def word_effects(net: Network) -> np.ndarray:
    """(V,) float64: e_i = s(one-hot_i) - s(0), the spam log-odds the word adds on its own
    to an empty message. For a network without hidden layers e_i = W_spam,i - W_ham,i."""
    V = net.sizes[0]
    X = np.vstack([np.zeros((1, V)), np.eye(V)])
    s = spam_logit(net, X)
    return s[1:] - s[0]


def top_words(
    net: Network, vocabulary: Sequence[str], k: int = 10
) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """`(spam, ham)`: the k words with the largest and the k with the most negative
    `word_effects`, each as (word, effect), strongest first."""
    if len(vocabulary) != net.sizes[0]:
        raise ValueError(f"{len(vocabulary)} words for a network with {net.sizes[0]} inputs")
    e = word_effects(net)
    order = np.argsort(-e, kind="stable")
    spam = [(vocabulary[i], float(e[i])) for i in order[:k] if e[i] > 0]
    ham = [(vocabulary[i], float(e[i])) for i in order[::-1][:k] if e[i] < 0]
    return spam, ham


class WordSpan(NamedTuple):
    """One occurrence of a vocabulary word in a text: `text[start:end]`."""

    start: int
    end: int
    word: str
    index: int  # column of the word in X (and input neuron)
    score: float  # its contribution to the spam log-odds (> 0: towards spam)


def highlight_spans(
    text: str, vocabulary: Sequence[str], contributions: np.ndarray
) -> list[WordSpan]:
    """Every occurrence in `text` of a vocabulary word, with that word's contribution
    (the same tokenizer as `bag_of_words`, so each span is one input that is on)."""
    index = word_index(vocabulary)
    out = []
    for start, end, word in token_spans(text):
        i = index.get(word)
        if i is not None:
            out.append(WordSpan(start, end, word, i, float(contributions[i])))
    return out


@dataclass(frozen=True)
class Reading:
    """What a spam filter makes of one text."""

    x: np.ndarray  # (V,) the bag of words
    probability: float  # P(spam | x)
    contributions: np.ndarray  # (V,) per word, see `word_contributions`
    spans: list[WordSpan]


def read_message(
    net: Network, text: str, vocabulary: Sequence[str], method: Method = "gradient"
) -> Reading:
    """Bag of words, spam probability, word contributions and highlight spans of `text`."""
    x = bag_of_words(text, vocabulary)
    c = word_contributions(net, x, method)
    p = float(spam_probability(net, x))
    return Reading(x, p, c, highlight_spans(text, vocabulary, c))
