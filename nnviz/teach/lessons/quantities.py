"""The named quantities a lesson may test or set, each with its type and a one-line meaning.

The app supplies a `state` mapping with these names. An indexed quantity is looked up
as the exact key (``"w[0][1][0]"``) or, failing that, by indexing the base entry
(``state["w"][0][1][0]``; lists or NumPy arrays both work). Indices are 0-based: layer
k = 0 is the first weight layer (W1 in the Step view), ``w[k][j][i]`` is W_{k+1}[j, i],
the edge from unit i of the previous layer to unit j.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["number", "string", "bool", "any"]


@dataclass(frozen=True)
class Quantity:
    """`name` takes `n_index` indices; `settable` names may appear in `set` actions."""

    name: str
    n_index: int
    kind: Kind
    doc: str
    settable: bool = False

    @property
    def pattern(self) -> str:
        """The name with its index letters, e.g. ``w[k][j][i]``."""
        return self.name + "".join(f"[{c}]" for c in ("", "i", "kj", "kji")[self.n_index])


def _q(name: str, n: int, kind: Kind, doc: str, settable: bool = False) -> Quantity:
    return Quantity(name, n, kind, doc, settable)


_ALL = [
    # training progress
    _q(
        "loss",
        0,
        "number",
        "Step: loss of the sample shown at the current weights; Train: latest batch",
    ),
    _q("test_loss", 0, "number", "mean loss on the test set at the last evaluation"),
    _q("train_accuracy", 0, "number", "fraction of training samples classified right, 0..1"),
    _q("test_accuracy", 0, "number", "fraction of test samples classified right, 0..1"),
    _q(
        "steps",
        0,
        "number",
        "training steps (updates) of the current network (0 after a preset or rebuild)",
    ),
    _q("epochs", 0, "number", "completed epochs of the current network"),
    _q("diverged", 0, "bool", "true once training stopped because the loss blew up"),
    # settings
    _q("lr", 0, "number", "learning rate η", True),
    _q("batch_size", 0, "number", "samples per training step", True),
    _q("seed", 0, "number", "random seed of the initial weights and the data", True),
    _q("dataset", 0, "string", 'data set name, e.g. "spirals"', True),
    _q("layers", 0, "string", 'layer sizes from input to output, e.g. "2-3-2"', True),
    _q("hidden_layers", 0, "number", "number of hidden layers"),
    _q("activation", 0, "string", 'activation of the hidden layers, e.g. "tanh"', True),
    _q("output_activation", 0, "string", 'activation of the output layer, e.g. "softmax"', True),
    _q("loss_function", 0, "string", '"mse" or "cross_entropy"', True),
    _q("optimizer", 0, "string", '"sgd", "momentum" or "adam"', True),
    _q("workspace", 0, "string", '"train", "draw" or "step"', True),
    # the sample shown and the network's answer for it
    _q("x", 1, "number", "input i of the sample shown", True),
    _q("target", 1, "number", "target value y_i of the sample shown", True),
    _q("output", 1, "number", "network output ŷ_i for the sample shown"),
    _q("predicted", 0, "number", "class the network predicts for the sample shown (argmax ŷ)"),
    _q("label", 0, "number", "true class of the sample shown"),
    # parameters, and the numbers of one forward/backward pass of the sample shown at the
    # current weights (what the next Step uses; Step workspace, float64)
    _q("w", 3, "number", "weight W_{k+1}[j, i]", True),
    _q("b", 2, "number", "bias b_{k+1}[j]", True),
    _q("z", 2, "number", "pre-activation z_j = Σ_i W_{k+1}[j, i]·a_i + b_j of layer k"),
    _q("a", 2, "number", "activation a_j = f(z_j) of layer k (k = 0: first layer after the input)"),
    _q("da_dz", 2, "number", "derivative f'(z_j) of layer k's activation at z_j"),
    _q("delta", 2, "number", "δ_j = ∂L/∂z_j of layer k"),
    _q("grad_w", 3, "number", "∂L/∂W_{k+1}[j, i]"),
    _q("grad_b", 2, "number", "∂L/∂b_{k+1}[j]"),
    _q("max_abs_grad_w", 0, "number", "largest |∂L/∂w| over all weights"),
    _q("selected_grad", 0, "number", "∂L/∂w of the weight selected in the network view"),
    _q("selected_weight", 0, "string", 'selected weight as "k j i", "" if none'),
    _q("forward_done", 0, "bool", "true once the forward pass of the sample shown was played"),
    # the student's own answer (the lesson panel shows an answer box for such tasks)
    _q(
        "answer",
        0,
        "any",
        "what the student typed in this task's answer box (a number or a word)",
        True,
    ),
    # draw workspace
    _q("drawn_predicted", 0, "number", "class the network predicts for the drawing"),
    _q("drawn_label", 0, "number", "true class the student gave the drawing, -1 if none"),
    _q("taught", 0, "number", "drawings learned with “Learn this digit” that are now right"),
    # text data (spam)
    _q("message_spam", 0, "number", "probability of spam the network gives the written message"),
    _q("message_top_words", 0, "number", "how many of the top-5 spam words the message uses"),
    _q("top_spam_word", 0, "string", "the word that pushes hardest towards spam"),
]

QUANTITIES: dict[str, Quantity] = {q.name: q for q in _ALL}


def describe() -> list[tuple[str, str]]:
    """(pattern, description) for every known quantity, in registry order."""
    return [(q.pattern, q.doc) for q in _ALL]
