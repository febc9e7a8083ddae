"""What the user picked in the network: a neuron, an input unit, or a weight.

Addressing follows the engine: `layer` k is dense layer k (0-based) with weights
W_k of shape (n_out, n_in). `unit=j` is neuron j of that layer's output;
`weight=(j, i)` is W_k[j, i], the edge from unit i of the previous layer to
unit j. Input units (the network's first column) use `layer=-1, unit=i`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Selection:
    layer: int
    unit: int | None = None
    weight: tuple[int, int] | None = None

    @property
    def is_weight(self) -> bool:
        return self.weight is not None

    def describe(self) -> str:
        if self.weight is not None:
            j, i = self.weight
            return f"W{self.layer + 1}[{j}, {i}]"
        if self.layer == -1:
            return f"input x{self.unit}"
        return f"neuron {self.unit} of layer {self.layer + 1}"
