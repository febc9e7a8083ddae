"""How fast a training step plays back: seconds per phase, or one phase per keypress.

A step plays as the frames of `nnviz.teach.frames.frames` (forward 0..L-1, loss,
backward L-1..0, update). With a pace of s seconds every frame stays on screen s
seconds, so a step of L dense layers takes (2L + 2)·s. No Qt here: the step view's
timer and the network view's clock read the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_SECONDS = 0.3  # per phase: still readable
MAX_SECONDS = 3.0
DEFAULT_SECONDS = 0.8  # a caption of a few words read at ease (>= 0.5 s)
PLAY_SECONDS = 1.5  # the step view's Play: time to read the formulas of a frame


def clamp_seconds(seconds: float) -> float:
    """`seconds` limited to [MIN_SECONDS, MAX_SECONDS]."""
    return min(max(float(seconds), MIN_SECONDS), MAX_SECONDS)


@dataclass(frozen=True)
class Pace:
    """Seconds each phase stays on screen; `manual` = one phase per keypress (no clock)."""

    seconds: float = DEFAULT_SECONDS
    manual: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "seconds", clamp_seconds(self.seconds))

    def durations(self, n_layers: int) -> list[float]:
        """Seconds per frame in `frames` order (2L + 2 frames); zeros when manual."""
        return phase_durations(n_layers, 0.0 if self.manual else self.seconds)

    def cycle_seconds(self, n_layers: int) -> float:
        """One whole step: sum of the durations, (2L + 2)·s."""
        return sum(self.durations(n_layers))


def frame_count(n_layers: int) -> int:
    """Frames of a step with L dense layers: L forward, loss, L backward, update."""
    if n_layers < 1:
        raise ValueError(f"a step needs at least one layer, got {n_layers}")
    return 2 * n_layers + 2


def phase_durations(n_layers: int, seconds: float) -> list[float]:
    """Seconds per frame, forward 0..L-1, loss, backward L-1..0, update: all `seconds`."""
    return [float(seconds)] * frame_count(n_layers)


def phase_bounds(n_layers: int) -> tuple[float, float, float]:
    """Ends of forward, loss and backward as fractions of one cycle when every frame lasts
    the same: (L, L + 1, 2L + 1) / (2L + 2). A clock at t in [0, 1] of the cycle is in
    forward layer floor(t / forward_end · L) while t < forward_end, and so on."""
    n = frame_count(n_layers)
    L = n_layers
    return L / n, (L + 1) / n, (2 * L + 1) / n


def speed_factor(n_layers: int, seconds: float, base_duration: float) -> float:
    """The factor a clock whose step lasts `base_duration` at speed 1 must run at so one
    step lasts (2L + 2)·seconds: base_duration / ((2L + 2)·seconds)."""
    return base_duration / (frame_count(n_layers) * clamp_seconds(seconds))
