"""A training step as an ordered list of frames, and the words for each frame.

One `Step` record plays back as

    forward 0 .. L-1  ->  loss  ->  backward L-1 .. 0  ->  update

`frames(step)` lists them; `explain(step, frame, ...)` gives the plain-text
formulas with the record's numbers for one frame (see `nnviz.explain`).
No Qt here: the step panel, the exporters and the tests all read the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .engine.record import Step
from .explain import Line, explain, explain_lines, fmt

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


def frames(step: Step) -> list[Frame]:
    """forward 0..L-1, loss, backward L-1..0, update."""
    n = len(step.layers)
    out = [Frame("forward", k) for k in range(n)]
    out.append(Frame("loss", None))
    out += [Frame("backward", k) for k in range(n - 1, -1, -1)]
    out.append(Frame("update", None))
    return out


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


__all__ = [
    "PHASES",
    "Frame",
    "Line",
    "Phase",
    "explain",
    "explain_lines",
    "fmt",
    "focus",
    "frame_index",
    "frames",
]
