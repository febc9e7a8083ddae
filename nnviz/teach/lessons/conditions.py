"""Conditions and expressions on named quantities, evaluated against a plain mapping.

`parse_condition("test_accuracy >= 0.95")` gives a `Condition` whose `check(state)` is
True or False and never raises; `parse_expression` gives a value (used by `set`
actions). The grammar is in `condition_parser`; no Python evaluation anywhere.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nnviz.teach.lessons.condition_parser import ConditionError, Node, Parser, describe, tokenize

__all__ = [
    "Condition",
    "ConditionError",
    "Expression",
    "Missing",
    "parse_condition",
    "parse_expression",
]


class Missing(Exception):
    """A value the state does not supply (or an operation without a result)."""


@dataclass(frozen=True)
class Expression:
    """A parsed expression; `kind` is "number", "string", "bool" or "any"."""

    text: str
    node: Node = field(repr=False)
    kind: str = "number"

    @property
    def quantities(self) -> set[str]:
        """Names of the quantities this expression reads."""
        return set(_refs(self.node))

    def value(self, state: Mapping[str, Any]) -> Any:
        """The value on `state`; raises `Missing` when it cannot be computed."""
        return _eval(self.node, state)


@dataclass(frozen=True)
class Condition(Expression):
    """A parsed condition (an expression whose kind is "bool")."""

    kind: str = "bool"

    def check(self, state: Mapping[str, Any]) -> bool:
        """True when the condition holds on `state`; False if anything is missing."""
        try:
            return _eval(self.node, state) is True
        except Missing:
            return False


def _parse(text: str, want_bool: bool) -> tuple[Node, str]:
    p = Parser(tokenize(text))
    node, kind = p.cond()
    if p.tok.kind != "end":
        raise ConditionError(f"unexpected {describe(p.tok)}", p.tok.col)
    if want_bool and kind not in ("bool", "any"):
        raise ConditionError("a condition must compare something, e.g. 'loss < 0.1'")
    return node, kind


def parse_condition(text: str) -> Condition:
    """Parse a condition such as ``output[0] within 0.01 of 0.5 and steps >= 1``."""
    node, _ = _parse(text, True)
    return Condition(text.strip(), node)


def parse_expression(text: str) -> Expression:
    """Parse a value such as ``w[0][0][0] - lr * grad_w[0][0][0]`` or ``"tanh"``."""
    node, kind = _parse(text, False)
    return Expression(text.strip(), node, kind)


def _refs(node: Node) -> list[str]:
    return [name for name, _ in refs(node)]


def refs(node: Node) -> list[tuple[str, tuple[int, ...]]]:
    """(name, indices) of every quantity a parsed node reads."""
    if node[0] == "ref":
        return [(node[1], node[2])]
    return [r for child in node[1:] if isinstance(child, tuple) and child for r in refs(child)]


def lookup(state: Mapping[str, Any], name: str, idx: tuple[int, ...]) -> Any:
    """`state["w[0][1][0]"]`, else `state["w"][0][1][0]`; raises `Missing`."""
    key = name + "".join(f"[{i}]" for i in idx)
    try:
        if key in state:
            return _scalar(state[key])
        value = state[name]
        for i in idx:
            if i >= len(value):
                raise Missing(key)
            value = value[i]
        return _scalar(value)
    except (KeyError, TypeError, IndexError, ValueError) as err:
        raise Missing(key) from err


def _scalar(v: Any) -> Any:
    """Plain bool, float or str from whatever the app supplied (NumPy scalars included).
    Single-precision values are read as they print (float32 0.95 is 0.95, not 0.94999999)."""
    if isinstance(v, str):
        return v
    dtype = getattr(v, "dtype", None)
    if getattr(dtype, "kind", "") == "f" and dtype.itemsize < 8 and getattr(v, "size", 0) == 1:
        return float(str(v.reshape(-1)[0]))  # float32 0.95 reads as 0.95
    if hasattr(v, "item") and getattr(v, "size", 1) == 1:
        v = v.item()
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float):
        return float(v)
    raise Missing(repr(type(v)))


def _number(v: Any) -> float:
    if isinstance(v, float):
        return v
    if isinstance(v, str):
        try:
            return float(v.strip())
        except ValueError:
            raise Missing(v) from None
    raise Missing(repr(v))


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().casefold() == b.strip().casefold()
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    try:
        return _number(a) == _number(b)
    except Missing:
        return False


def _eval(node: Node, state: Mapping[str, Any]) -> Any:
    op = node[0]
    if op in ("num", "str", "bool"):
        return node[1]
    if op == "ref":
        return lookup(state, node[1], node[2])
    if op == "and":
        return _eval(node[1], state) is True and _eval(node[2], state) is True
    if op == "or":
        left = _safe(node[1], state)
        return left is True or _safe(node[2], state) is True
    if op == "not":
        return _eval(node[1], state) is not True
    if op == "neg":
        return -_number(_eval(node[1], state))
    if op == "abs":
        return abs(_number(_eval(node[1], state)))
    if op == "within":
        x, tol, c = (_number(_eval(n, state)) for n in node[1:])
        return abs(x - c) <= tol
    a, b = _eval(node[2], state), _eval(node[3], state)
    if op == "cmp":
        sym = node[1]
        if sym in ("==", "!="):
            return _equal(a, b) == (sym == "==")
        x, y = _number(a), _number(b)
        return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[sym]
    x, y = _number(a), _number(b)
    if node[1] == "/" and y == 0:
        raise Missing("division by zero")
    r = {"+": x + y, "-": x - y, "*": x * y, "/": x / y if y else 0.0}[node[1]]
    if not math.isfinite(r) and math.isfinite(x) and math.isfinite(y):
        raise Missing("overflow")
    return r


def _safe(node: Node, state: Mapping[str, Any]) -> Any:
    """The value, or None when missing: one missing side of an 'or' does not sink the other."""
    try:
        return _eval(node, state)
    except Missing:
        return None
