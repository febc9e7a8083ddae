"""Playback pace: seconds per phase, clamped, and the cycle fractions a clock needs."""

from __future__ import annotations

import pytest

from nnviz.teach.pace import (
    DEFAULT_SECONDS,
    MAX_SECONDS,
    MIN_SECONDS,
    Pace,
    frame_count,
    phase_bounds,
    phase_durations,
    speed_factor,
)


def test_every_phase_lasts_the_pace():
    assert DEFAULT_SECONDS >= 0.5
    assert phase_durations(3, 0.8) == [0.8] * 8
    assert Pace(0.5).cycle_seconds(2) == pytest.approx(3.0)
    assert Pace(1.0, manual=True).durations(2) == [0.0] * 6


def test_pace_is_clamped():
    assert Pace(0.01).seconds == MIN_SECONDS
    assert Pace(99).seconds == MAX_SECONDS


def test_bounds_give_equal_time_to_each_frame():
    forward_end, loss_end, backward_end = phase_bounds(3)
    n = frame_count(3)
    assert (forward_end, loss_end, backward_end) == (3 / n, 4 / n, 7 / n)
    assert loss_end - forward_end == pytest.approx(1 - backward_end)  # loss as long as update


def test_speed_factor_for_a_clock_of_fixed_base_duration():
    factor = speed_factor(2, 0.5, base_duration=1.2)
    assert 1.2 / factor == pytest.approx(6 * 0.5)
    with pytest.raises(ValueError):
        frame_count(0)
