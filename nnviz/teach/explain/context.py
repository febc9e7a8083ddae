"""What every explanation needs: the record, the sample shown, the number style.

The explanations of the four phases (`forward`, `loss`, `backward`, `update`) each take
a `Ctx` and return `Line`s; `nnviz.teach.frames.explain_lines` picks the phase.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nnviz.engine.record import Step
from nnviz.teach.formula import Line, fmt, par

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
