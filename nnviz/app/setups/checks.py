"""The checks every value of a setup passes (no Qt): whole numbers and numbers in a
range, one of a few choices, short lists; anything else is a one-line `SetupError`."""

from __future__ import annotations

from typing import Any


class SetupError(ValueError):
    """A setup code, link or file that is not a valid setup (one line)."""


def _show(v: Any) -> str:
    try:
        return repr(v)[:40]
    except ValueError:  # e.g. an int too long to print
        return type(v).__name__


def _int(name: str, v: Any, lo: int, hi: int) -> int:
    if type(v) is not int or not lo <= v <= hi:
        raise SetupError(f"setup {name} must be a whole number from {lo} to {hi}, got {_show(v)}")
    return v


def _float(name: str, v: Any, lo: float, hi: float, lo_open: bool = False) -> float:
    ok = type(v) in (int, float) and (lo < v if lo_open else lo <= v) and v <= hi
    if not ok:  # NaN fails every comparison
        raise SetupError(f"setup {name} must be a number in {lo:g}..{hi:g}, got {_show(v)}")
    return float(v)


def _choice(name: str, v: Any, choices: tuple[str, ...]) -> str:
    if type(v) is not str or v not in choices:
        raise SetupError(f"setup {name} must be one of {', '.join(choices)}, got {_show(v)}")
    return v


def _seq(name: str, v: Any, max_len: int) -> tuple[Any, ...]:
    if type(v) not in (list, tuple) or len(v) > max_len:
        raise SetupError(f"setup {name} must be a list of at most {max_len} items")
    return tuple(v)
