"""The inspector: the numbers of the selected neuron or weight, with their formulas.

Neuron j of dense layer k (sample 0 of the last step, or the input shown):
    z = Σ_i W[j, i]·x_i + b,  a = f(z),  δ = ∂L/∂z = ∂L/∂a · f′(z),  db = Σ_batch δ
Weight W_k[j, i]:
    dW = Σ_batch δ_j·x_i,  Δ = W_after − W_before  (SGD: Δ = −lr·dW)
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from nnviz.engine.record import Step
from nnviz.ui.common.selection import Selection
from nnviz.ui.netview.hover import num

PLACEHOLDER = "Click a neuron or a weight in the network to see its numbers here."


@dataclass
class Card:
    """What the inspector shows: a title, (label, value, hint) rows and formula lines."""

    title: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    formulas: list[str] = field(default_factory=list)


def _in_range(sel: Selection, sizes: list[int]) -> bool:
    n_layers = len(sizes) - 1
    if sel.weight is not None:
        j, i = sel.weight
        return (
            0 <= sel.layer < n_layers
            and 0 <= j < sizes[sel.layer + 1]
            and 0 <= i < sizes[sel.layer]
        )
    if sel.unit is None:
        return False
    return -1 <= sel.layer < n_layers and 0 <= sel.unit < sizes[sel.layer + 1]


def _unit_card(sel: Selection, step: Step | None, params, sample) -> Card:
    k, j = sel.layer, int(sel.unit or 0)
    act = step.layers[k].activation if step is not None else sample.get("act", [""] * (k + 1))[k]
    last = params is not None and k == len(params) - 1
    card = Card(f"Neuron {j} of layer {k + 1}" + (f" ({act})" if act else ""))
    z = a = None
    if sample.get("z") is not None:
        z, a = sample["z"][k][j], sample["a"][k][j]
    elif step is not None:
        z, a = step.layers[k].z[0, j], step.layers[k].a[0, j]
    elif sample.get("a") is not None:
        a = sample["a"][k][j]
    b = params[k][1][j] if params is not None else None
    if z is not None:
        card.rows.append(("z", num(z), "pre-activation: Σ_i W[j, i]·x_i + b"))
    if a is not None:
        label = "p = softmax(z)" if act == "softmax" else f"a = {act or 'f'}(z)"
        card.rows.append((label, num(a), "the neuron's output for the sample shown"))
    if b is not None:
        card.rows.append(("b", num(b), "bias (current value)"))
    card.formulas.append(f"z = Σ<sub>i</sub> W[{j}, i]·x<sub>i</sub> + b")
    card.formulas.append(f"a = {act or 'f'}(z)")
    if step is not None:
        t = step.layers[k]
        card.rows.append(("∂L/∂a", num(t.dL_da[0, j]), "last step, sample 0"))
        card.rows.append(
            ("δ = ∂L/∂z", num(t.delta[0, j]), "last step, sample 0 (includes 1/batch)")
        )
        card.rows.append(
            ("db", num(t.db[j]), "bias gradient of the last step: Σ over the batch of δ")
        )
        if last and act == "softmax" and step.loss_name == "cross_entropy":
            card.formulas.append("δ = (p − y) / batch   (softmax + cross-entropy)")
        elif last:
            card.formulas.append("δ = ∂L/∂a · f′(z)")
        else:
            card.formulas.append("δ = ∂L/∂a · f′(z)")
            card.formulas.append("∂L/∂a = Σ<sub>m</sub> W<sub>next</sub>[m, j]·δ<sub>next,m</sub>")
        card.formulas.append("db = Σ<sub>batch</sub> δ")
    return card


def _input_card(sel: Selection, params, sample) -> Card:
    i = int(sel.unit or 0)
    card = Card(f"Input x{i}")
    x = sample.get("x")
    if x is not None:
        card.rows.append((f"x{i}", num(x[i]), "value of this input for the sample shown"))
    if params is not None:
        col = params[0][0][:, i]
        top = np.argsort(-np.abs(col))[:3]
        for jj in top.tolist():
            card.rows.append(
                (f"W1[{jj}, {i}]", num(col[jj]), "one of its strongest outgoing weights")
            )
    card.formulas.append(f"x{i} feeds every neuron j of layer 1 through W1[j, {i}]")
    return card


def _weight_card(sel: Selection, step: Step | None, params, sample) -> Card:
    k = sel.layer
    j, i = sel.weight or (0, 0)
    card = Card(f"Weight W{k + 1}[{j}, {i}]")
    src = f"x<sub>{i}</sub>" if k == 0 else f"a<sub>{i}</sub>"
    if params is not None:
        w = params[k][0][j, i]
        card.rows.append(("W (now)", num(w), "current value"))
        xk = (
            sample.get("x") if k == 0 else (None if sample.get("a") is None else sample["a"][k - 1])
        )
        if xk is not None:
            card.rows.append(
                ("w·a", num(w * xk[i]), "what it adds to z of neuron j for the sample shown")
            )
    if step is not None:
        dW = step.layers[k].dW[j, i]
        before, after = step.params_before[k][0][j, i], step.params_after[k][0][j, i]
        card.rows += [
            ("dW", num(dW), "gradient ∂L/∂W of the last step"),
            ("before", num(before), "value before the last update"),
            ("after", num(after), "value after the last update"),
            ("Δ", num(after - before), "after − before"),
        ]
        lr = step.optimizer.hyper.get("lr")
        card.formulas.append(f"dW = Σ<sub>batch</sub> δ<sub>{j}</sub>·{src}")
        if (
            step.optimizer.name.lower() == "sgd"
            and lr is not None
            and not step.optimizer.hyper.get("weight_decay")
        ):
            card.formulas.append(
                f"W ← W − lr·dW = {num(before)} − {num(lr)}·{num(dW)} = {num(after)}"
            )
        else:
            name = step.optimizer.name
            card.formulas.append(
                f"Δ = W<sub>after</sub> − W<sub>before</sub>  ({html.escape(name)}"
                + (f", lr = {num(lr)})" if lr is not None else ")")
            )
    card.formulas.insert(0, f"z<sub>{j}</sub> += W[{j}, {i}]·{src}")
    return card


def make_card(
    sel: Selection | None,
    step: Step | None,
    params: list[tuple[np.ndarray, np.ndarray]] | None,
    sample: dict | None = None,
) -> Card | None:
    """The card for `sel`, or None when nothing (valid) is selected."""
    if sel is None:
        return None
    sample = sample or {}
    if params is None and step is not None:
        params = step.params_after
    sizes = [] if params is None else [params[0][0].shape[1], *(W.shape[0] for W, _ in params)]
    if not sizes or not _in_range(sel, sizes):
        return Card(sel.describe(), formulas=["(not in the current network)"])
    if sel.weight is not None:
        return _weight_card(sel, step, params, sample)
    if sel.layer == -1:
        return _input_card(sel, params, sample)
    return _unit_card(sel, step, params, sample)


class Inspector(QWidget):
    """A small form with the selected neuron's or weight's values and formulas."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sel: Selection | None = None
        self._step: Step | None = None
        self._params: list[tuple[np.ndarray, np.ndarray]] | None = None
        self._sample: dict = {}
        self._title = QLabel()
        font = QFont(self._title.font())
        font.setBold(True)
        self._title.setFont(font)
        self._title.setWordWrap(True)
        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self._formulas = QLabel()
        self._formulas.setWordWrap(True)
        self._formulas.setTextFormat(Qt.TextFormat.RichText)
        self._formulas.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay = QVBoxLayout(self)
        lay.addWidget(self._title)
        lay.addLayout(self._form)
        lay.addWidget(self._formulas)
        lay.addStretch(1)
        self.setToolTip("The numbers of the neuron or weight selected in the network")
        self._refresh()

    # ------------------------------------------------------------ public API

    def setSelection(self, sel: Selection | None) -> None:
        self._sel = sel
        self._refresh()

    def setStep(self, step: Step | None) -> None:
        """The last training step (gradients, values before and after its update)."""
        self._step = step
        if step is not None:
            self._sample = {
                "x": step.X[0],
                "a": [t.a[0] for t in step.layers],
                "z": [t.z[0] for t in step.layers],
                "act": [t.activation for t in step.layers],
            }
        self._refresh()

    def setParams(self, params: list[tuple[np.ndarray, np.ndarray]] | None) -> None:
        self._params = (
            None if params is None else [(np.asarray(W), np.asarray(b)) for W, b in params]
        )
        self._refresh()

    def setForward(
        self, x: np.ndarray, activations: list[np.ndarray], z: list[np.ndarray] | None = None
    ) -> None:
        """The sample shown (e.g. a drawn digit) instead of the last step's sample 0."""
        acts = self._sample.get("act")
        self._sample = {
            "x": np.ravel(x),
            "a": [np.ravel(a) for a in activations],
            "z": None if z is None else [np.ravel(v) for v in z],
            "act": acts,
        }
        self._refresh()

    def card(self) -> Card | None:
        return make_card(self._sel, self._step, self._params, self._sample)

    def text(self) -> str:
        """Everything shown, as plain text (for copying and tests)."""
        c = self.card()
        if c is None:
            return PLACEHOLDER
        lines = [c.title, *(f"{k}: {v}" for k, v, _ in c.rows)]
        return "\n".join(lines)

    # ------------------------------------------------------------ drawing

    def _refresh(self) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        c = self.card()
        if c is None:
            self._title.setText(PLACEHOLDER)
            self._title.setEnabled(False)
            self._formulas.clear()
            return
        self._title.setEnabled(True)
        self._title.setText(c.title)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for label, value, hint in c.rows:
            name = QLabel(html.escape(label))
            val = QLabel(value)
            val.setFont(mono)
            val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            val.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for w in (name, val):
                w.setToolTip(hint)
            self._form.addRow(name, val)
        self._formulas.setText("<br>".join(c.formulas))
