"""The loss frame: mse L = mean (a - y)^2, cross-entropy L = -sum_j y_j log a_j (= -log a_y).

Per-sample terms come from `step.losses_per_sample`, the batch mean from `step.data_loss`;
with L1/L2 regularization the loss trained on is data loss + penalty, where
penalty = l1*sum|W| + l2/2*sum W^2 (`step.penalty`, `step.loss`).
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.teach.explain.context import Ctx
from nnviz.teach.formula import Line, abbreviate, join_sum


def loss_lines(c: Ctx) -> list[Line]:
    st, s = c.step, c.sample
    T = st.layers[-1]
    a, y = T.a[s], st.Y[s]
    n, m = st.batch_size, a.size
    per = st.losses_per_sample
    data = st.data_loss if math.isfinite(st.data_loss) else st.loss
    value = data if n == 1 or per.size != n else per[s]
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
        out.append(Line(f"L = mean over the {n} samples of L(sample) = {mean} = {c.f(data)}"))
    if st.l1 or st.l2:
        out += penalty_lines(c, data)
    return out


def penalty_lines(c: Ctx, data: float) -> list[Line]:
    """Loss = data loss + penalty, the penalty l1*sum|W| + l2/2*sum W^2 as recorded."""
    st = c.step
    terms = [
        t for r, t in ((st.l1, f"{c.f(st.l1)}*sum|W|"), (st.l2, f"{c.f(st.l2)}/2*sum W^2")) if r
    ]
    return [
        Line(
            "Regularization adds a penalty on large weights (biases are not penalised); "
            "training minimises the data loss plus the penalty.",
            "note",
        ),
        Line(f"penalty = {' + '.join(terms)} over all weights = {c.f(st.penalty)}"),
        Line(f"loss = data loss + penalty = {c.f(data)} + {c.p(st.penalty)} = {c.f(st.loss)}"),
    ]
