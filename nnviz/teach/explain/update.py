"""The update frame: how the optimizer moved each parameter, from `step.optimizer`.

SGD:       w_new = w - lr g
Momentum:  v = mu v_prev + g  (v = g at t = 1),  w_new = w - lr v   (Nesterov: lr (g + mu v))
Adam:      m = beta1 m_prev + (1 - beta1) g,  v = beta2 v_prev + (1 - beta2) g^2,
           m_hat = m/(1 - beta1^t),  v_hat = v/(1 - beta2^t),
           w_new = w - lr m_hat / (sqrt(v_hat) + eps)
g = dL/dw (+ weight_decay w), where dL/dw includes the penalty's term l1 sign(w) + l2 w
(`LayerTrace.dW_penalty`) when the loss is regularized. Every value shown (g, v, m,
m_hat, v_hat, the step, w_new) is the one the optimizer computed, read from the record
(`OptimizerRecord.state`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnviz.teach.explain.context import Ctx
from nnviz.teach.formula import Line, join_sum

_LABELS = {"sgd": "SGD", "momentum": "SGD with momentum", "adam": "Adam"}


def update_lines(
    c: Ctx, layer: int | None, unit: int | None, weight: tuple[int, int] | None
) -> list[Line]:
    st = c.step
    opt = st.optimizer
    n_layers = len(st.layers)
    if layer is not None and not 0 <= layer < n_layers:
        raise IndexError(f"layer {layer} is outside the network ({n_layers} layers)")
    out = [
        Line(
            f"Update ({_LABELS.get(opt.name, opt.name)}): every parameter steps against "
            "its gradient",
            "title",
        )
    ]
    out += _intro(c)
    layers = [layer] if layer is not None else list(range(n_layers))
    for k in layers:
        W = st.params_before[k][0]
        n_out, n_in = W.shape
        if weight is not None:
            j, i = weight
            if not (0 <= j < n_out and 0 <= i < n_in):
                out.append(Line(f"Layer {k + 1} has no weight W{k + 1}[{j}, {i}].", "note"))
                continue
            entries: list[tuple[str, int, int] | None] = [("W", j, i)]
        elif unit is not None:
            if not 0 <= unit < n_out:
                out.append(Line(f"Layer {k + 1} has no neuron {unit}.", "note"))
                continue
            entries = [None if i is None else ("W", unit, i) for i in c.pick(n_in)]
            entries.append(("b", unit, 0))
        else:
            flat = [("W", j, i) for j in range(n_out) for i in range(n_in)]
            entries = [None if q is None else flat[q] for q in c.pick(len(flat))]
            entries += [None if j is None else ("b", j, 0) for j in c.pick(n_out)]
        out.append(Line(f"Layer {k + 1}:", "note"))
        for e in entries:
            if e is None:
                out.append(Line("...", "note"))
            else:
                out += _entry(c, k, *e)
    return out


def _intro(c: Ctx) -> list[Line]:
    opt = c.step.optimizer
    h = opt.hyper
    t = int(h.get("t", 1))
    lr = c.f(h["lr"])
    wd = h.get("weight_decay", 0.0)
    g = "g = dL/dw + weight_decay*w" if wd else "g = dL/dw"
    if opt.name == "momentum":
        nesterov = " (Nesterov: w_new = w - lr*(g + mu*v))" if h.get("nesterov") else ""
        text = (
            f"The velocity v is a running sum of gradients: v = mu*v_prev + g, then "
            f"w_new = w - lr*v{nesterov}; learning rate lr = {lr}, momentum mu = "
            f"{c.f(h['momentum'])}, step t = {t}, {g}."
        )
    elif opt.name == "adam":
        text = (
            "Adam keeps running means of the gradient (m) and of its square (v), divides "
            "out their start-up bias (the hatted m and v) and steps every parameter theta "
            f"by the rule below; lr = {lr}, beta1 = {c.f(h['beta1'])}, "
            f"beta2 = {c.f(h['beta2'])}, eps = {c.f(h['eps'])}, step t = {t}, {g}."
        )
        return [Line(text, "note"), *(Line(rule) for rule in ADAM_RULES)]
    else:
        text = f"w_new = w - lr*g with learning rate lr = {lr} and {g} from the backward pass."
    return [Line(text, "note")]


ADAM_RULES = (
    "m_hat = m/(1 - beta1^t)",
    "v_hat = v/(1 - beta2^t)",
    "theta <- theta - lr*m_hat/(sqrt(v_hat) + eps)",
)


def _buffer(states: tuple[dict[str, np.ndarray], ...], k: int, key: str, idx: tuple) -> float:
    """One entry of an optimizer buffer, 0 when the buffer did not exist yet (t = 1)."""
    if k < len(states) and key in states[k]:
        return float(states[k][key][idx])
    return 0.0


def _entry(c: Ctx, k: int, kind: str, j: int, i: int) -> list[Line]:
    st = c.step
    opt = st.optimizer
    h = opt.hyper
    T = st.layers[k]
    idx: tuple = (j, i) if kind == "W" else (j,)
    name = f"W{k + 1}[{j}, {i}]" if kind == "W" else f"b{k + 1}[{j}]"
    p = 0 if kind == "W" else 1
    w, w_new = st.params_before[k][p][idx], st.params_after[k][p][idx]
    g0 = (T.dW if kind == "W" else T.db)[idx]
    after = opt.state[k] if k < len(opt.state) else {}
    pen = None
    if kind == "W" and (st.l1 or st.l2) and T.dW_penalty is not None:
        pen = float(T.dW_penalty[idx])

    def state(key: str) -> float:
        """This parameter's entry of an optimizer value after the update (0 if absent)."""
        v = after.get(f"{key}_{kind}")
        return 0.0 if v is None else float(v[idx])

    lr = h["lr"]
    wd = h.get("weight_decay", 0.0)
    out = [] if opt.name == "sgd" and not wd and pen is None else [Line(f"{name}:", "note")]
    if pen is not None:  # the gradient of data loss + penalty
        rule = " + ".join(t for r, t in ((st.l1, "l1*sign(w)"), (st.l2, "l2*w")) if r)
        data_g, g0 = g0, g0 + pen
        out.append(
            Line(
                f"dL/dw = data gradient + ({rule}) = {join_sum([c.f(data_g), c.f(pen)])}"
                f" = {c.f(g0)}"
            )
        )
    g = g0
    if wd:
        g = state("g") if f"g_{kind}" in after else g0 + wd * w  # as recorded, if it was
        out.append(
            Line(
                f"g = dL/dw + weight_decay*w = {join_sum([c.f(g0), f'{c.f(wd)}*{c.p(w)}'])}"
                f" = {c.f(g)}"
            )
        )
    gname = "g" if wd else "dL/dw"
    new = f"new {name}"
    if opt.name == "momentum":
        mu = h["momentum"]
        v = state("v")
        t = int(h.get("t", 1))
        if t <= 1 or not opt.state_before or f"v_{kind}" not in opt.state_before[k]:
            out.append(Line(f"v = {gname} = {c.f(v)}   (first step: no velocity yet)"))
        else:
            vp = _buffer(opt.state_before, k, f"v_{kind}", idx)
            damp = h.get("dampening", 0.0)
            gt = c.f(g) if not damp else f"{c.f(1 - damp)}*{c.p(g)}"
            sym = "g" if not damp else "(1 - dampening)*g"
            expr = join_sum([f"{c.f(mu)}*{c.p(vp)}", gt])
            out.append(Line(f"v = mu*v_prev + {sym} = {expr} = {c.f(v)}"))
        if h.get("nesterov"):
            expr = f"{c.f(w)} - {c.f(lr)}*({join_sum([c.f(g), f'{c.f(mu)}*{c.p(v)}'])})"
            out.append(Line(f"{new} = w - lr*(g + mu*v) = {expr} = {c.f(w_new)}"))
        else:
            out.append(Line(f"{new} = w - lr*v = {c.f(w)} - {c.f(lr)}*{c.p(v)} = {c.f(w_new)}"))
    elif opt.name == "adam":
        out += _adam(c, k, (kind, idx), g, (w, w_new), new, state)
    else:
        out.append(Line(f"{new} = w - lr*{gname} = {c.f(w)} - {c.f(lr)}*{c.p(g)} = {c.f(w_new)}"))
    return out


def _adam(
    c: Ctx,
    k: int,
    where: tuple[str, tuple],
    g: float,
    w: tuple[float, float],
    new: str,
    state: Callable[[str], float],
) -> list[Line]:
    """m, v, their bias corrections and the step of one parameter (`where` = kind, index;
    `w` = before, after), all as the optimizer computed them."""
    kind, idx = where
    opt = c.step.optimizer
    h = opt.hyper
    b1, b2, eps, lr = h["beta1"], h["beta2"], h["eps"], h["lr"]
    t = int(h.get("t", 1))
    mp = _buffer(opt.state_before, k, f"m_{kind}", idx)
    vp = _buffer(opt.state_before, k, f"v_{kind}", idx)
    m, v, m_hat, v_hat, step = (state(key) for key in ("m", "v", "m_hat", "v_hat", "step"))
    f, p = c.f, c.p
    return [
        Line(
            f"m = beta1*m_prev + (1 - beta1)*g = "
            f"{join_sum([f'{f(b1)}*{p(mp)}', f'{f(1 - b1)}*{p(g)}'])} = {f(m)}"
        ),
        Line(
            f"v = beta2*v_prev + (1 - beta2)*g^2 = "
            f"{join_sum([f'{f(b2)}*{p(vp)}', f'{f(1 - b2)}*{p(g)}^2'])} = {f(v)}"
        ),
        Line(f"m_hat = m/(1 - beta1^t) = {f(m)}/(1-{f(b1)}^{t}) = {f(m_hat)}"),
        Line(f"v_hat = v/(1 - beta2^t) = {f(v)}/(1-{f(b2)}^{t}) = {f(v_hat)}"),
        Line(
            f"step = lr*m_hat/(sqrt(v_hat) + eps) = "
            f"{f(lr)}*{p(m_hat)}/(sqrt({f(v_hat)}) + {f(eps)}) = {f(step)}"
        ),
        Line(f"{new} = w - step = {f(w[0])} - {p(step)} = {f(w[1])}"),
    ]
