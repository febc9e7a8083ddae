"""Plain-text explanations of one playback frame, every number read from the Step record.

Forward:  z_j = sum_i W[j, i] x_i + b_j,  a_j = f(z_j)
Loss:     mse: L = mean (a - y)^2;  cross-entropy: L = -log a_y
Backward: delta_j = dL/da_j * f'(z_j),  dL/da_j = sum_k W_next[k, j] delta_k (hidden),
          dL/dW[j, i] = delta_j x_i,  dL/db_j = delta_j
Backward and update: see `nnviz.teach.explain.backward`, `nnviz.teach.explain.update`.
Only display arithmetic that the text itself shows (a*(1-a), w*x of one term, ...)
is computed here; results come from `step.layers[k]`, `params_before/after`, `optimizer`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from nnviz.engine.record import Step
from nnviz.teach.formula import Line, abbreviate, fmt, join_sum, par

if TYPE_CHECKING:
    from nnviz.teach.frames import Frame


MAX_LINES = 64  # "show all terms" writes out every term, but lists at most this many lines


@dataclass(frozen=True)
class Ctx:
    """What every explanation needs: the record, the sample shown, number style."""

    step: Step
    sample: int = 0
    digits: int = 6
    full: bool = False

    def f(self, v: float) -> str:
        return fmt(v, self.digits)

    def p(self, v: float) -> str:
        return par(v, self.digits)

    def pick(self, n: int) -> list[int | None]:
        """Which of n neurons/entries get their own lines: all of them when `full` (up to
        MAX_LINES), else 0, 1, 2, None (= "..."), n-1."""
        if n <= 4 or (self.full and n <= MAX_LINES):
            return list(range(n))
        return [0, 1, 2, None, n - 1]

    def units(
        self, unit: int | None, n_out: int, k: int, out: list[Line]
    ) -> Iterator[tuple[int, str]]:
        """(j, subscript) for each neuron of layer k to write out: the selected one, or
        those `pick` chooses (adding the "..." note and a heading line as needed)."""
        for j in [unit] if unit is not None else self.pick(n_out):
            if j is None:
                out.append(Line(f"... ({n_out - 4} more neurons: select one to see it)", "note"))
                continue
            if unit is not None:
                out.append(Line(f"Neuron {j} of layer {k + 1}:", "note"))
            yield j, "" if unit is not None else f"_{j}"

    def layer_name(self, k: int) -> str:
        n = len(self.step.layers)
        role = "output" if k == n - 1 else "hidden"
        return f"layer {k + 1} of {n} ({role})"


def explain_lines(
    step: Step,
    frame: Frame,
    unit: int | None = None,
    weight: tuple[int, int] | None = None,
    digits: int = 6,
    layer: int | None = None,
    sample: int = 0,
    full: bool = False,
) -> list[Line]:
    """The lines of `explain`, tagged as title, note or math (for typesetting)."""
    if not 0 <= sample < step.batch_size:
        raise IndexError(f"sample {sample} is outside the batch of {step.batch_size}")
    c = Ctx(step, sample, digits, full)
    if weight is not None:
        unit = int(weight[0])
    if frame.phase == "update":
        from nnviz.teach.explain.update import update_lines

        return update_lines(c, layer, unit, weight)
    if frame.phase == "loss":
        return _loss(c)
    if frame.layer is None or not 0 <= frame.layer < len(step.layers):
        raise ValueError(f"a {frame.phase} frame needs a layer index, got {frame.layer}")
    n_out, n_in = step.params_before[frame.layer][0].shape
    if unit is not None and not 0 <= unit < n_out:
        raise IndexError(f"neuron {unit} is outside layer {frame.layer + 1} ({n_out} neurons)")
    if weight is not None and not 0 <= weight[1] < n_in:
        raise IndexError(f"input {weight[1]} is outside layer {frame.layer + 1} ({n_in} inputs)")
    if frame.phase == "forward":
        return _forward(c, frame.layer, unit, weight)
    from nnviz.teach.explain.backward import backward_lines

    return backward_lines(c, frame.layer, unit, weight)


def explain(
    step: Step,
    frame: Frame,
    unit: int | None = None,
    weight: tuple[int, int] | None = None,
    digits: int = 6,
    layer: int | None = None,
    sample: int = 0,
    full: bool = False,
) -> str:
    """The formulas of one frame with the record's numbers, one per line.

    `unit` j is a neuron of the frame's layer, `weight` (j, i) is W[j, i] of that layer;
    the update frame covers all layers (`weight` in every layer, or only `layer`).
    Sums longer than 4 terms show "first 3 ... last" unless `full`.
    """
    lines = explain_lines(step, frame, unit, weight, digits, layer, sample, full)
    return "\n".join(line.text for line in lines)


# ------------------------------------------------------------------ forward


def _forward(c: Ctx, k: int, unit: int | None, weight: tuple[int, int] | None) -> list[Line]:
    T = c.step.layers[k]
    W, b = c.step.params_before[k]
    n_out, n_in = W.shape
    s, act = c.sample, T.activation
    src = "the network's input" if k == 0 else f"the activations a of layer {k}"
    out = [
        Line(f"Forward pass, {c.layer_name(k)}: {n_in} inputs -> {n_out} neurons, {act}", "title"),
        Line(
            f"Each neuron j weighs its inputs x_i ({src}), adds its bias and applies {act}: "
            f"z_j = sum_i W{k + 1}[j, i]*x_i + b{k + 1}[j],  a_j = {act}(z_j).",
            "note",
        ),
    ]
    if c.step.batch_size > 1:
        out.append(Line(f"Sample {s} of the batch of {c.step.batch_size}.", "note"))
    x = T.x[s]
    for j, sub in c.units(unit, n_out, k, out):
        products = [f"{c.f(W[j, i])}*{c.p(x[i])}" for i in range(n_in)]
        terms = [*abbreviate(products, c.full), c.f(b[j])]
        out.append(Line(f"z{sub} = {join_sum(terms)} = {c.f(T.z[s, j])}"))
        out.append(Line(_activation_value(c, k, j, sub)))
    if weight is not None:
        j, i = weight
        w, xi = W[j, i], x[i]
        out.append(Line(f"The selected weight W{k + 1}[{j}, {i}] contributes:", "note"))
        out.append(Line(f"W{k + 1}[{j}, {i}]*x_{i} = {c.f(w)}*{c.p(xi)} = {c.f(w * xi)}"))
    return out


def _activation_value(c: Ctx, k: int, j: int, sub: str) -> str:
    T, s = c.step.layers[k], c.sample
    z, a = T.z[s], T.a[s]
    if T.activation == "softmax":
        exps = [f"e^{_exp_arg(c, z[q])}" for q in range(z.size)]
        denom = join_sum(abbreviate(exps, c.full))
        return f"a{sub} = e^z_{j}/sum_k e^z_k = e^{_exp_arg(c, z[j])}/({denom}) = {c.f(a[j])}"
    if T.activation == "linear":
        return f"a{sub} = z{sub} = {c.f(a[j])}"
    return f"a{sub} = {T.activation}({c.f(z[j])}) = {c.f(a[j])}"


def _exp_arg(c: Ctx, v: float) -> str:
    s = c.f(v)
    return f"({s})" if s.startswith("-") else s


# ------------------------------------------------------------------ loss


def _loss(c: Ctx) -> list[Line]:
    st, s = c.step, c.sample
    T = st.layers[-1]
    a, y = T.a[s], st.Y[s]
    n, m = st.batch_size, a.size
    per = st.losses_per_sample
    value = st.loss if n == 1 or per.size != n else per[s]
    lhs = "L" if n == 1 else f"L(sample {s})"
    if st.loss_name == "mse":
        out = [
            Line("Loss: mean squared error", "title"),
            Line(
                "How far is the output a from the target y? The loss averages the squared "
                f"differences over the {m} output{'s' if m > 1 else ''}"
                + (f" and the {n} samples." if n > 1 else "."),
                "note",
            ),
        ]
        terms = [f"({c.f(a[q])}-{c.p(y[q])})^2" for q in range(m)]
        expr = join_sum(abbreviate(terms, c.full))
        expr = f"({expr})/{m}" if m > 1 else expr
        out.append(Line(f"{lhs} = mean over outputs of (a - y)^2 = {expr} = {c.f(value)}"))
    else:
        out = [
            Line("Loss: cross-entropy of the softmax output", "title"),
            Line(
                "Softmax turns the output z into probabilities a (they sum to 1); the loss is "
                "small when the probability of the right class is close to 1.",
                "note",
            ),
        ]
        probs = abbreviate([c.f(p) for p in a], c.full or m <= 10)
        out.append(Line(f"a = softmax(z) = [{', '.join(probs)}]"))
        hot = np.flatnonzero(y)
        if hot.size == 1 and y[hot[0]] == 1:
            t = int(hot[0])
            out.append(Line(f"The target is class y = {t}.", "note"))
            out.append(Line(f"{lhs} = -log a_y = -log(a_{t}) = -log({c.f(a[t])}) = {c.f(value)}"))
        else:
            terms = [f"{c.f(y[q])}*log({c.f(a[q])})" for q in hot]
            expr = join_sum(abbreviate(terms, c.full))
            out.append(Line(f"{lhs} = -sum_j y_j*log(a_j) = -({expr}) = {c.f(value)}"))
    if n > 1:
        shown = per if per.size == n else np.zeros(n)
        terms = abbreviate([c.f(v) for v in shown], c.full)
        mean = f"({join_sum(terms)})/{n}"
        out.append(Line(f"L = mean over the {n} samples of L(sample) = {mean} = {c.f(st.loss)}"))
    return out
