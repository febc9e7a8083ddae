"""The backward frames: delta = dL/dz of each neuron by the chain rule, and the gradients.

Output (mse):          dL/da = 2 (a - y)/(n m),  delta = dL/da * f'(z)
Output (softmax + CE): delta = (a - y)/n
Hidden:                dL/da_j = sum_k W_next[k, j] delta_k,  delta_j = dL/da_j * f'(z_j)
Gradients:             dL/dW[j, i] = sum_batch delta_j x_i,  dL/db_j = sum_batch delta_j
"""

from __future__ import annotations

from nnviz.teach.explain.forward import Ctx
from nnviz.teach.formula import Line, abbreviate, join_sum


def backward_lines(c: Ctx, k: int, unit: int | None, weight: tuple[int, int] | None) -> list[Line]:
    st, s = c.step, c.sample
    T = st.layers[k]
    n_out = T.dW.shape[0]
    n = st.batch_size
    last = k == len(st.layers) - 1
    fused = last and st.loss_name == "cross_entropy"
    out = [
        Line(
            f"Backward pass, {c.layer_name(k)}: how does each neuron's z change the loss?", "title"
        ),
        Line("delta = dL/dz. Chain rule: delta = dL/da * da/dz.", "note"),
    ]
    if fused:
        out.append(
            Line(
                "Softmax and cross-entropy together: dL/da = -y/(n a) times the softmax slopes "
                "simplifies to delta = (a - y)/n.",
                "note",
            )
        )
    elif not last:
        out.append(
            Line(
                f"dL/da comes back from layer {k + 2}: every neuron k there sends its delta_k "
                f"back through its weight, dL/da_j = sum_k W{k + 2}[k, j]*delta_k.",
                "note",
            )
        )
    if n > 1:
        out.append(
            Line(
                f"Sample {s} of {n}: delta already holds the 1/{n} of the batch mean, and "
                f"dW sums delta_j*x_i over all {n} samples.",
                "note",
            )
        )
    for j, sub in c.units(unit, n_out, k, out):
        if fused:
            a, y, d = T.a[s, j], st.Y[s, j], T.delta[s, j]
            out.append(Line(f"delta{sub} = (a - y)/n = ({c.f(a)}-{c.p(y)})/{n} = {c.f(d)}"))
            continue
        out += _delta_lines(c, k, j, sub)
    if unit is not None:
        out += _gradient_lines(c, k, unit, weight)
    else:
        out.append(
            Line(
                "Each weight's gradient is its neuron's delta times its input: "
                f"dL/dW{k + 1}[j, i] = delta_j*x_i, dL/db{k + 1}[j] = delta_j "
                "(select one to see it).",
                "note",
            )
        )
    return out


def _delta_lines(c: Ctx, k: int, j: int, sub: str) -> list[Line]:
    st, s = c.step, c.sample
    T = st.layers[k]
    g, d = T.dL_da[s, j], T.delta[s, j]
    out = []
    if k == len(st.layers) - 1:
        a, y = T.a[s, j], st.Y[s, j]
        nm = T.a.size
        out.append(Line(f"dL/da{sub} = 2*(a - y)/{nm} = 2*({c.f(a)}-{c.p(y)})/{nm} = {c.f(g)}"))
    else:
        Wn = st.params_before[k + 1][0]
        dn = st.layers[k + 1].delta[s]
        terms = [f"{c.f(Wn[q, j])}*{c.p(dn[q])}" for q in range(Wn.shape[0])]
        expr = join_sum(abbreviate(terms, c.full))
        out.append(Line(f"dL/da{sub} = sum_k W{k + 2}[k, {j}]*delta_k = {expr} = {c.f(g)}"))
    if T.activation == "softmax":
        ga = T.dL_da[s] * T.a[s]
        terms = abbreviate(
            [f"{c.f(T.dL_da[s, q])}*{c.p(T.a[s, q])}" for q in range(ga.size)], c.full
        )
        dot = float(ga.sum())
        out.append(Line(f"sum_k dL/da_k*a_k = {join_sum(terms)} = {c.f(dot)}"))
        out.append(
            Line(
                f"delta{sub} = a*(dL/da - sum_k dL/da_k*a_k) = "
                f"{c.f(T.a[s, j])}*({c.f(g)}-{c.p(dot)}) = {c.f(d)}"
            )
        )
        return out
    slope = _slope(c, T.activation, T.z[s, j], T.a[s, j])
    out.append(Line(f"da{sub}/dz{sub} = {slope[0]}"))
    out.append(
        Line(f"delta{sub} = dL/da{sub} * da{sub}/dz{sub} = {c.f(g)}*{c.p(slope[1])} = {c.f(d)}")
    )
    return out


def _slope(c: Ctx, act: str, z: float, a: float) -> tuple[str, float]:
    """(text of f'(z) with its numbers, its value) from the recorded z and a."""
    if act == "sigmoid":
        v = a * (1 - a)
        return f"sigma'(z) = a*(1 - a) = {c.f(a)}*(1-{c.f(a)}) = {c.f(v)}", v
    if act == "tanh":
        v = 1 - a * a
        return f"tanh'(z) = 1 - a^2 = 1-{c.p(a)}^2 = {c.f(v)}", v
    if act in ("relu", "leaky_relu"):
        low = "0" if act == "relu" else "0.01"
        v = 1.0 if z > 0 else float(low)
        return f"{act}'(z) = {act}'({c.f(z)}) = {c.f(v)}   (1 for z > 0, else {low})", v
    return "linear'(z) = 1", 1.0


def _gradient_lines(c: Ctx, k: int, j: int, weight: tuple[int, int] | None) -> list[Line]:
    st = c.step
    T = st.layers[k]
    n = st.batch_size
    src = "" if k == 0 else f" (x_i = a_i of layer {k})"
    out = [Line(f"Gradients of this neuron's parameters{src}:", "note")]
    inputs = [weight[1]] if weight is not None else c.pick(T.dW.shape[1])
    for i in inputs:
        if i is None:
            out.append(Line(f"... ({T.dW.shape[1] - 4} more inputs)", "note"))
            continue
        name = f"dL/dW{k + 1}[{j}, {i}]"
        if n == 1:
            d, x = T.delta[0, j], T.x[0, i]
            out.append(Line(f"{name} = delta_{j}*x_{i} = {c.f(d)}*{c.p(x)} = {c.f(T.dW[j, i])}"))
        else:
            terms = [f"{c.f(T.delta[q, j])}*{c.p(T.x[q, i])}" for q in range(n)]
            expr = join_sum(abbreviate(terms, c.full))
            out.append(
                Line(
                    f"{name} = sum over the {n} samples of delta_{j}*x_{i} = {expr} = "
                    f"{c.f(T.dW[j, i])}"
                )
            )
    if n == 1:
        out.append(Line(f"dL/db{k + 1}[{j}] = delta_{j} = {c.f(T.db[j])}"))
    else:
        expr = join_sum(abbreviate([c.f(v) for v in T.delta[:, j]], c.full))
        out.append(
            Line(
                f"dL/db{k + 1}[{j}] = sum over the {n} samples of delta_{j} = {expr} = "
                f"{c.f(T.db[j])}"
            )
        )
    return out
