"""The forward frames: z_j = sum_i W[j, i] x_i + b_j,  a_j = f(z_j), for one sample.

Only display arithmetic that the text itself shows (w*x of one term) is computed here;
results come from `step.layers[k]` and `params_before`.
"""

from __future__ import annotations

from nnviz.teach.explain.context import Ctx
from nnviz.teach.formula import Line, abbreviate, join_sum


def forward_lines(c: Ctx, k: int, unit: int | None, weight: tuple[int, int] | None) -> list[Line]:
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
