"""Heavy pictures take turns: Qt paints every changed widget of a window in one go, so
a training-curves redraw and a network-view rebuild in the same frame add up to one
long pause. A view about to be repainted at some cost `claim`s the next moments; a
view that could postpone its own rebuild asks `claimed()` and waits a frame if so."""

from __future__ import annotations

import time

_busy_until = 0.0


def claim(seconds: float) -> None:
    """Something expensive paints within the next `seconds`."""
    global _busy_until
    _busy_until = max(_busy_until, time.monotonic() + seconds)


def claimed() -> bool:
    """Whether another view's expensive repaint is due now (postponable work waits)."""
    return time.monotonic() < _busy_until


def remaining() -> float:
    """Seconds until the current claim ends (0 when there is none)."""
    return max(0.0, _busy_until - time.monotonic())
