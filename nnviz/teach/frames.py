"""A training step as an ordered list of frames, and the words for each frame.

One `Step` record plays back as

    forward 0 .. L-1  ->  loss  ->  backward L-1 .. 0  ->  update

`timeline(n_layers)` is that order, the one the step panel, the network view's
animation (`frame_at`) and the GIF export all follow; `frames(step)` is the timeline of
a record. `explain(step, frame, ...)` gives the plain-text formulas with the record's
numbers for one frame (written by `nnviz.teach.explain`: forward, loss, backward,
update). No Qt here: the step panel, the exporters and the tests read the same text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from nnviz.engine.gradcheck import numeric_gradient, rel_error
from nnviz.engine.network import Network
from nnviz.engine.record import Step
from nnviz.teach.explain.backward import backward_lines
from nnviz.teach.explain.context import Ctx
from nnviz.teach.explain.forward import forward_lines
from nnviz.teach.explain.loss import loss_lines
from nnviz.teach.explain.update import update_lines
from nnviz.teach.formula import Line, fmt

Phase = Literal["forward", "loss", "backward", "update"]
PHASES: tuple[Phase, ...] = ("forward", "loss", "backward", "update")


@dataclass(frozen=True)
class Frame:
    """One moment of a training step: a phase and (for forward/backward) a layer k."""

    phase: Phase
    layer: int | None

    def title(self, n_layers: int) -> str:
        """A short label, e.g. "Forward · layer 1" (layers counted from 1 for people)."""
        if self.layer is None:
            return self.phase.capitalize()
        kind = "output" if self.layer == n_layers - 1 else f"layer {self.layer + 1}"
        return f"{self.phase.capitalize()} · {kind}"


def timeline(n_layers: int) -> list[Frame]:
    """The frames of one step of a network with n dense layers:
    forward 0..L-1, loss, backward L-1..0, update."""
    out = [Frame("forward", k) for k in range(n_layers)]
    out.append(Frame("loss", None))
    out += [Frame("backward", k) for k in range(n_layers - 1, -1, -1)]
    out.append(Frame("update", None))
    return out


def frames(step: Step) -> list[Frame]:
    """`timeline` of the record's network."""
    return timeline(len(step.layers))


def frame_at(t: float, n_layers: int, share: Mapping[Phase, float]) -> tuple[Frame, float]:
    """The frame at time t in [0, 1] of a step played in `timeline` order, and the progress
    s in [0, 1] through it. Phase p lasts share[p] / sum(share) of the step, split evenly
    among its layers."""
    t = min(max(float(t), 0.0), 1.0)
    total = sum(share[p] for p in PHASES)
    end = 0.0
    for p in PHASES:
        start, end = end, end + share[p] / total
        if t >= end and p != PHASES[-1]:
            continue
        u = (t - start) / (end - start)
        if p in ("loss", "update"):
            return Frame(p, None), u
        u *= n_layers
        k = min(int(u), n_layers - 1)
        return Frame(p, k if p == "forward" else n_layers - 1 - k), u - k
    raise AssertionError("unreachable")  # the last phase always returns


def frame_index(step: Step, frame: Frame) -> int:
    """Position of `frame` in `frames(step)` (ValueError if it does not belong)."""
    return frames(step).index(frame)


def focus(
    frame: Frame, layer: int | None, unit: int | None = None, weight: tuple[int, int] | None = None
) -> dict[str, object]:
    """`explain` keyword arguments for a selection (layer k, neuron j or weight (j, i)).

    The selection applies to the frames of its own layer and to the update frame;
    other frames show their whole layer. Inputs (layer -1) focus nothing.
    """
    if layer is None or layer < 0 or (unit is None and weight is None):
        return {}
    if frame.phase == "update":
        return {"layer": layer, "unit": unit, "weight": weight}
    if frame.layer == layer:
        return {"unit": unit, "weight": weight}
    return {}


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
        return update_lines(c, layer, unit, weight)
    if frame.phase == "loss":
        return loss_lines(c)
    if frame.layer is None or not 0 <= frame.layer < len(step.layers):
        raise ValueError(f"a {frame.phase} frame needs a layer index, got {frame.layer}")
    n_out, n_in = step.params_before[frame.layer][0].shape
    if unit is not None and not 0 <= unit < n_out:
        raise IndexError(f"neuron {unit} is outside layer {frame.layer + 1} ({n_out} neurons)")
    if weight is not None and not 0 <= weight[1] < n_in:
        raise IndexError(f"input {weight[1]} is outside layer {frame.layer + 1} ({n_in} inputs)")
    if frame.phase == "forward":
        return forward_lines(c, frame.layer, unit, weight)
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


def network_for(step: Step) -> Network:
    """A float64 network with the step's architecture and its parameters before the update."""
    acts = step.activations
    config = {
        "sizes": step.sizes,
        "activation": acts[:-1],
        "output": acts[-1],
        "loss": step.loss_name,
        "dtype": np.float64,
        "l1": step.l1,
        "l2": step.l2,
    }
    return Network.from_config(config, step.params_before)


@dataclass(frozen=True)
class GradEntry:
    """One parameter: backprop's dL/dparam (from the record) against central differences."""

    name: str
    backprop: float
    numeric: float
    rel_error: float


def check_gradients(
    step: Step,
    layer: int,
    unit: int | None = None,
    weight: tuple[int, int] | None = None,
    net: Network | None = None,
    max_entries: int = 40,
    h: float = 1e-5,
) -> list[GradEntry]:
    """Compare the recorded dW/db of `layer` (one weight, one neuron's row and bias, or the
    whole layer, sampled down to `max_entries`) with (L(w+h) - L(w-h))/2h on params_before."""
    ref = network_for(step) if net is None else net.copy(dtype=np.float64)
    ref.set_params(step.params_before)
    T = step.layers[layer]
    n_out, n_in = T.dW.shape
    off = sum(W.size + b.size for W, b in step.params_before[:layer])
    if weight is not None:
        picks = [("W", *weight)]
    elif unit is not None:
        picks = [("W", unit, i) for i in range(n_in)] + [("b", unit, 0)]
    else:
        picks = [("W", j, i) for j in range(n_out) for i in range(n_in)]
        picks += [("b", j, 0) for j in range(n_out)]
    if len(picks) > max_entries:
        keep = np.random.default_rng(0).choice(len(picks), max_entries, replace=False)
        picks = [picks[n] for n in sorted(keep)]
    index = np.array(
        [off + (j * n_in + i if kind == "W" else n_out * n_in + j) for kind, j, i in picks]
    )
    g_fd = numeric_gradient(ref, step.X, step.Y, index, h)
    dW = T.dW_total  # the penalty's term included, as in the objective differentiated
    g_bp = np.array([dW[j, i] if kind == "W" else T.db[j] for kind, j, i in picks])
    err = rel_error(g_bp, g_fd)
    names = [
        f"W{layer + 1}[{j}, {i}]" if kind == "W" else f"b{layer + 1}[{j}]" for kind, j, i in picks
    ]
    rows = zip(names, g_bp, g_fd, err, strict=True)
    return [GradEntry(name, float(bp), float(fd), float(e)) for name, bp, fd, e in rows]


__all__ = [
    "PHASES",
    "Frame",
    "GradEntry",
    "Line",
    "Phase",
    "check_gradients",
    "explain",
    "explain_lines",
    "fmt",
    "focus",
    "frame_at",
    "frame_index",
    "frames",
    "network_for",
    "timeline",
]
