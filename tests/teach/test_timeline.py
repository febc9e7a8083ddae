"""One phase timeline; explanations read the record instead of re-deriving it; Adam typeset."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from nnviz.engine import SGD, Adam, Network
from nnviz.teach.explain.update import ADAM_RULES
from nnviz.teach.formula import Line, to_html, to_latex
from nnviz.teach.frames import Frame, explain, frame_at, frames, timeline

X = np.array([[0.05, 0.10]])
Y = np.array([[0.01, 0.99]])
SHARE = {"forward": 0.42, "loss": 0.08, "backward": 0.34, "update": 0.16}


def test_timeline_is_the_order_of_every_record():
    """forward 0..L-1, loss, backward L-1..0, update (spelled out in test_playback)."""
    step = Network([2, 3, 2, 2], dtype=np.float64).train_step(X, np.array([1]), SGD(0.1))
    assert frames(step) == timeline(3)
    assert [f.phase for f in timeline(1)] == ["forward", "loss", "backward", "update"]
    assert len(timeline(4)) == 2 * 4 + 2


def _reference(t: float, L: int) -> tuple[str, int | None, float]:
    """The animation's segments as they were written out by hand (ends 0.42, 0.50, 0.84)."""
    if t < 0.42:
        u = t / 0.42 * L
        k = min(int(u), L - 1)
        return "forward", k, u - k
    if t < 0.50:
        return "loss", None, (t - 0.42) / 0.08
    if t < 0.84:
        u = (t - 0.50) / 0.34 * L
        k = min(int(u), L - 1)
        return "backward", L - 1 - k, u - k
    return "update", None, (t - 0.84) / 0.16


@pytest.mark.parametrize("L", [1, 2, 3, 5])
def test_frame_at_walks_the_timeline(L):
    seen = []
    for t in np.linspace(0.0, 1.0, 997):
        frame, s = frame_at(t, L, SHARE)
        phase, layer, s_ref = _reference(float(t), L)
        assert (frame.phase, frame.layer) == (phase, layer)
        assert s == pytest.approx(s_ref, abs=1e-9)
        assert 0.0 <= s <= 1.0
        if not seen or seen[-1] != frame:
            seen.append(frame)
    assert seen == timeline(L)
    assert frame_at(-1, L, SHARE) == (Frame("forward", 0), 0.0)
    assert frame_at(2, L, SHARE) == (Frame("update", None), pytest.approx(1.0))


def test_explanations_read_the_record():
    """Change the recorded f'(z) and optimizer values: the text follows the record."""
    net = Network([2, 2, 2], activation="sigmoid", output="sigmoid", loss="mse", dtype=np.float64)
    step = net.train_step(X, Y, Adam(0.01))
    T = step.layers[1]
    fake = dataclasses.replace(T, da_dz=np.full_like(T.da_dz, 0.125))
    odd = dataclasses.replace(step, layers=(step.layers[0], fake))
    assert "da/dz = sigma'(z) = a*(1 - a) = " in explain(odd, Frame("backward", 1), unit=0)
    assert "= 0.125\n" in explain(odd, Frame("backward", 1), unit=0) + "\n"
    state = [dict(d) for d in step.optimizer.state]
    state[1]["m_hat_W"] = np.full_like(state[1]["m_hat_W"], 0.5)
    state[1]["step_W"] = np.full_like(state[1]["step_W"], 0.25)
    rec = dataclasses.replace(step.optimizer, state=tuple(state))
    changed = dataclasses.replace(step, optimizer=rec)
    text = explain(changed, Frame("update", None), weight=(0, 0), layer=1)
    assert "/(1-0.9^1) = 0.5\n" in text
    assert "+ 1e-08) = 0.25\n" in text


def test_adam_rule_in_every_rendering():
    """m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ), θ ← θ − η·m̂/(√v̂ + ε), hats on m and v."""
    step = Network([2, 2, 2], dtype=np.float64).train_step(X, np.array([1]), Adam(0.01))
    text = explain(step, Frame("update", None), weight=(0, 0), layer=1)
    for rule in ADAM_RULES:
        assert rule in text.splitlines()
    m_hat, v_hat, update = (Line(rule) for rule in ADAM_RULES)
    assert to_html(m_hat) == "<i>m̂</i> = <i>m</i>/(1 - β<sub>1</sub><sup><i>t</i></sup>)"
    assert to_html(v_hat) == "<i>v̂</i> = <i>v</i>/(1 - β<sub>2</sub><sup><i>t</i></sup>)"
    assert to_html(update) == "θ ← θ - η·<i>m̂</i>/(√<i>v̂</i> + ε)"
    assert to_latex(m_hat) == r"\hat{m} = m /(1 - \beta_1 ^{t})"
    assert to_latex(v_hat) == r"\hat{v} = v /(1 - \beta_2 ^{t})"
    assert to_latex(update) == (
        r"\theta \leftarrow \theta - \eta \cdot \hat{m} /(\sqrt{\hat{v}} + \varepsilon )"
    )
    step_line = next(s for s in text.splitlines() if s.startswith("step = "))
    assert "(√<i>v̂</i> + ε) = " in to_html(Line(step_line))
    assert r"\sqrt{\hat{v}}" in to_latex(Line(step_line))
    assert "√(" not in to_html(Line(step_line))  # √0.0067 and √v̂ need no parentheses
    assert to_html(Line("sqrt(a + b)")) == "√(<i>a</i> + <i>b</i>)"
