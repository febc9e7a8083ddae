"""Task conditions: the tokenizer and parser (the grammar; evaluation is in `conditions`).

Grammar (lowest precedence first; nothing here ever evaluates text as Python)::

    cond    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum [("<" | "<=" | ">" | ">=" | "==" | "!=") sum | "within" sum "of" sum]
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "·" | "×" | "/") unary)*
    unary   := "-" unary | atom
    atom    := number ["%"] | "string" | true | false | quantity | abs(cond) | "(" cond ")"
    quantity := name ("[" integer "]")*      (a name of the registry, with its indices)

``a within t of c`` means |a − c| ≤ t. ``95%`` is 0.95. Text compares case-insensitively;
text that reads as a number compares as that number. A quantity missing from the state,
an index out of range or a failed operation makes the condition false, never an error.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Any

from nnviz.teach.lessons.quantities import QUANTITIES, Kind

MAX_LENGTH = 500
MAX_DEPTH = 40
_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?%?)"
    r"|(?P<str>\"[^\"\n]*\"|'[^'\n]*')"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|[<>≤≥≠=+\-−*·×/()\[\],]))"
)
_OP_ALIAS = {"≤": "<=", "≥": ">=", "≠": "!=", "−": "-", "·": "*", "×": "*"}
KEYWORDS = ("and", "or", "not", "within", "of", "true", "false", "abs")
COMPARE = ("<", "<=", ">", ">=", "==", "!=")


class ConditionError(ValueError):
    """A malformed condition or expression; `col` is the 1-based column of the problem."""

    def __init__(self, message: str, col: int = 1) -> None:
        super().__init__(message)
        self.col = col


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "str", "name", "op" or "end"
    text: str
    col: int
    value: Any = None


def tokenize(text: str) -> list[Token]:
    """Tokens of `text`, ending with an "end" token."""
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"longer than {MAX_LENGTH} characters")
    out: list[Token] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return [*out, Token("end", "", pos + 1)]
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ConditionError(f"unexpected character {text[pos]!r}", pos + 1)
        kind = m.lastgroup or "op"
        raw = m.group(kind)
        col = m.start(kind) + 1
        if kind == "num":
            value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
            if not math.isfinite(value):
                raise ConditionError(f"number {raw[:20]} is too large", pos + 1)
            out.append(Token("num", raw, col, value))
        elif kind == "str":
            out.append(Token("str", raw, col, raw[1:-1]))
        elif kind == "op":
            out.append(Token("op", _OP_ALIAS.get(raw, raw), col))
        else:
            out.append(Token("name", raw, col))
        pos = m.end()


# An expression node is a tuple: ("num", v) ("str", s) ("bool", b) ("ref", name, idx)
# ("neg", x) ("abs", x) ("arith", op, l, r) ("cmp", op, l, r) ("within", x, tol, c)
# ("and", l, r) ("or", l, r) ("not", x). Each parse method returns (node, kind).
Node = tuple


class Parser:
    """Recursive descent over a token list; `pos` is left after what was parsed."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def take(self, kind: str, text: str | None = None) -> Token | None:
        t = self.tok
        if t.kind == kind and (text is None or t.text == text):
            self.pos += 1
            return t
        return None

    def expect(self, kind: str, text: str, what: str) -> Token:
        t = self.take(kind, text)
        if t is None:
            raise ConditionError(f"expected {what}, found {describe(self.tok)}", self.tok.col)
        return t

    def cond(self) -> tuple[Node, Kind]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError("nested too deeply", self.tok.col)
        node, kind = self._logic("or", self._and)
        self.depth -= 1
        return node, kind

    def _and(self) -> tuple[Node, Kind]:
        return self._logic("and", self._not)

    def _logic(self, word: str, sub: Any) -> tuple[Node, Kind]:
        col = self.tok.col
        node, kind = sub()
        while self.take("name", word):
            right, rkind = sub()
            _need(kind, rkind, ("bool",), f"'{word}' joins conditions", col)
            node, kind = (word, node, right), "bool"
        return node, kind

    def _not(self) -> tuple[Node, Kind]:
        col = self.tok.col
        if self.take("name", "not"):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ConditionError("nested too deeply", col)
            node, kind = self._not()
            self.depth -= 1
            _need(kind, kind, ("bool",), "'not' applies to a condition", col)
            return ("not", node), "bool"
        return self._compare()

    def _compare(self) -> tuple[Node, Kind]:
        col = self.tok.col
        left, lk = self._sum()
        t = self.tok
        if t.kind == "op" and t.text in COMPARE:
            self.pos += 1
            right, rk = self._sum()
            if t.text in ("==", "!="):
                if "any" not in (lk, rk) and lk != rk:
                    raise ConditionError(f"cannot compare a {lk} with a {rk}", t.col)
            else:
                _need(lk, rk, ("number",), f"'{t.text}' compares numbers", t.col)
            return ("cmp", t.text, left, right), "bool"
        if self.take("name", "within"):
            tol, tk = self._sum()
            self.expect("name", "of", "'of' after 'within ...'")
            centre, ck = self._sum()
            _need(lk, tk, ("number",), "'within' compares numbers", col)
            _need(ck, ck, ("number",), "'within' compares numbers", col)
            return ("within", left, tol, centre), "bool"
        return left, lk

    def _sum(self) -> tuple[Node, Kind]:
        return self._arith(("+", "-"), self._product)

    def _product(self) -> tuple[Node, Kind]:
        return self._arith(("*", "/"), self._unary)

    def _arith(self, ops: tuple[str, ...], sub: Any) -> tuple[Node, Kind]:
        node, kind = sub()
        while self.tok.kind == "op" and self.tok.text in ops:
            t = self.tokens[self.pos]
            self.pos += 1
            right, rkind = sub()
            _need(kind, rkind, ("number",), f"'{t.text}' works on numbers", t.col)
            node, kind = ("arith", t.text, node, right), "number"
        return node, kind

    def _unary(self) -> tuple[Node, Kind]:
        t = self.tok
        if self.take("op", "-"):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ConditionError("nested too deeply", t.col)
            node, kind = self._unary()
            self.depth -= 1
            _need(kind, kind, ("number",), "'-' works on numbers", t.col)
            return ("neg", node), "number"
        return self._atom()

    def _atom(self) -> tuple[Node, Kind]:
        t = self.tok
        if self.take("num"):
            return ("num", t.value), "number"
        if self.take("str"):
            return ("str", t.value), "string"
        if self.take("op", "("):
            node, kind = self.cond()
            self.expect("op", ")", "')'")
            return node, kind
        if t.kind == "name":
            if t.text in ("true", "false"):
                self.pos += 1
                return ("bool", t.text == "true"), "bool"
            if t.text == "abs":
                self.pos += 1
                self.expect("op", "(", "'(' after abs")
                node, kind = self.cond()
                self.expect("op", ")", "')'")
                _need(kind, kind, ("number",), "abs() takes a number", t.col)
                return ("abs", node), "number"
            return self.ref()
        raise ConditionError(f"expected a value, found {describe(t)}", t.col)

    def ref(self) -> tuple[Node, Kind]:
        """A quantity of the registry with exactly its number of integer indices."""
        t = self.tok
        q = QUANTITIES.get(t.text) if t.kind == "name" else None
        if q is None:
            what = f"unknown quantity '{t.text}'" if t.kind == "name" else describe(t)
            close = difflib.get_close_matches(t.text, list(QUANTITIES), n=1)
            hint = f" (did you mean {close[0]}?)" if close and t.kind == "name" else ""
            raise ConditionError(f"expected a quantity, found {what}{hint}", t.col)
        self.pos += 1
        idx: list[int] = []
        while self.take("op", "["):
            n = self.tok
            if n.kind != "num" or not n.text.isdigit():
                raise ConditionError("an index is a whole number such as 0 or 1", n.col)
            self.pos += 1
            idx.append(int(n.text))
            self.expect("op", "]", "']'")
        if len(idx) != q.n_index:
            raise ConditionError(f"'{q.name}' needs {q.n_index} index(es): {q.pattern}", t.col)
        return ("ref", q.name, tuple(idx)), q.kind


def describe(t: Token) -> str:
    return "the end" if t.kind == "end" else f"'{t.text}'"


def _need(a: Kind, b: Kind, allowed: tuple[str, ...], what: str, col: int) -> None:
    for k in (a, b):
        if k != "any" and k not in allowed:
            raise ConditionError(what, col)
