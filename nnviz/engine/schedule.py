"""Learning-rate schedules: the rate as a function of finished epochs.

With base rate lr, finished epochs e (0 during the first epoch):

- constant: lr_e = lr
- step:     lr_e = lr · gamma^floor(e / step)          (step = 1: exponential decay)
- cosine:   lr_e = lr_min + (lr - lr_min) · (1 + cos(pi · min(e, T) / T)) / 2

Cosine decay reaches lr_min after T epochs and stays there. Training loops set
`opt.lr = schedule.lr_at(e)` at the start of every epoch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SCHEDULES = ("constant", "step", "cosine")


@dataclass(frozen=True)
class LRSchedule:
    """lr_at(e) for a base rate `lr` (see the module docstring for the formulas)."""

    kind: str = "constant"
    lr: float = 1e-3
    gamma: float = 0.5  # step: multiply by gamma every `step` epochs
    step: int = 1
    epochs: int = 10  # cosine: T, the epochs to reach lr_min
    lr_min: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in SCHEDULES:
            raise ValueError(f"unknown schedule {self.kind!r}; choose from {', '.join(SCHEDULES)}")
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise ValueError(f"the learning rate must be positive, got {self.lr:g}")
        if not 0 < self.gamma <= 1:
            raise ValueError(f"the decay factor must be in (0, 1], got {self.gamma:g}")
        if self.step < 1 or self.epochs < 1:
            raise ValueError(f"epoch counts must be at least 1, got {self.step}, {self.epochs}")
        if not 0 <= self.lr_min <= self.lr:
            raise ValueError(f"lr_min must be in [0, lr], got {self.lr_min:g}")

    def lr_at(self, epoch: int) -> float:
        """The learning rate after `epoch` finished epochs."""
        e = max(int(epoch), 0)
        if self.kind == "step":
            return self.lr * self.gamma ** (e // self.step)
        if self.kind == "cosine":
            t = min(e, self.epochs) / self.epochs
            return self.lr_min + (self.lr - self.lr_min) * (1 + math.cos(math.pi * t)) / 2
        return self.lr

    def describe(self) -> str:
        """One line for a label, e.g. "step: lr · 0.75^floor(e / 1)"."""
        if self.kind == "step":
            return f"step: {self.lr:g} · {self.gamma:g}^floor(epoch / {self.step})"
        if self.kind == "cosine":
            return f"cosine: {self.lr:g} → {self.lr_min:g} over {self.epochs} epochs"
        return f"constant: {self.lr:g}"
