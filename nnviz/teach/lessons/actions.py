"""The "show me" vocabulary: declarative actions a lesson asks the app to perform.

One action per line; parsed here, performed by the lesson panel (`Action.verb` says
what to do). Values and conditions use the grammar of `condition_parser`.

    set <quantity> = <expression>   change a settable quantity (lr, w[k][j][i], answer ...)
    step [N]                        N teaching steps in the Step workspace (default 1)
    forward                         play the forward pass of the sample shown (→)
    train steps = N                 train N steps, then pause
    train epochs = N                train N epochs, then pause
    train until <condition> [limit N]   train until the condition holds (at most N steps)
    reset                           apply the lesson's preset again (new start, same seed)
    select weight k j i             select W_{k+1}[j, i] in the network view
    select neuron k j               select unit j of layer k (as in a[k][j]; k = 0: first layer)
    select input i                  select input unit i
    select none                     clear the selection
    draw mistake                    put a test digit the network gets wrong on the draw pad
    teach                           "Learn this digit" with the drawing's true label
    write message "<text>"          type a message into the spam filter's message box
    write spam message              let the app write a spam-like message avoiding its top-5 words
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz.teach.lessons.condition_parser import ConditionError, Parser, Token, describe, tokenize
from nnviz.teach.lessons.conditions import Condition, Expression
from nnviz.teach.lessons.quantities import QUANTITIES

MAX_COUNT = 1_000_000
VERBS = ("set", "step", "forward", "train", "reset", "select", "draw", "teach", "write")


@dataclass(frozen=True)
class Action:
    """One parsed action. Which fields are used depends on `verb` (see the module doc).

    set: `target` (name, indices) and `value`; step/train: `count` and `unit` ("steps" or
    "epochs"); train until: `until` and `count` (the limit, None = the app's default);
    select: `unit` ("weight", "neuron", "input" or "none") and `index`; write: `text` (None for
    "write spam message").
    """

    verb: str
    source: str
    target: tuple[str, tuple[int, ...]] | None = None
    value: Expression | None = None
    count: int | None = None
    unit: str = ""
    until: Condition | None = None
    index: tuple[int, ...] = ()
    text: str | None = None


def _count(p: Parser) -> int:
    t = p.tok
    if t.kind != "num" or not t.text.isdigit() or not 1 <= int(t.text) <= MAX_COUNT:
        raise ConditionError(f"expected a whole number 1..{MAX_COUNT}, found {describe(t)}", t.col)
    p.pos += 1
    return int(t.text)


def _ints(p: Parser, n: int) -> tuple[int, ...]:
    out = []
    for _ in range(n):
        t = p.tok
        if t.kind != "num" or not t.text.isdigit():
            raise ConditionError(f"expected an index, found {describe(t)}", t.col)
        p.pos += 1
        out.append(int(t.text))
    return tuple(out)


def _word(p: Parser, *words: str) -> str:
    t = p.tok
    if t.kind == "name" and t.text in words:
        p.pos += 1
        return t.text
    raise ConditionError(f"expected {' or '.join(words)}, found {describe(t)}", t.col)


def _set(p: Parser, source: str) -> Action:
    col = p.tok.col
    (_, name, idx), kind = p.ref()
    if not QUANTITIES[name].settable:
        raise ConditionError(f"'{name}' cannot be set", col)
    p.expect("op", "=", "'='")
    start = p.tok.col - 1
    node, vkind = p.cond()
    if "any" not in (kind, vkind) and kind != vkind:
        raise ConditionError(f"'{name}' takes a {kind}, not a {vkind}", col)
    text = _rest(p.tokens, start, p.pos, source)
    return Action("set", source, target=(name, idx), value=Expression(text, node, vkind))


def _rest(tokens: list[Token], start: int, end_pos: int, source: str) -> str:
    end = tokens[end_pos].col - 1 if tokens[end_pos].kind != "end" else len(source)
    return source[start:end].strip()


def _train(p: Parser, source: str) -> Action:
    how = _word(p, "steps", "epochs", "until")
    if how != "until":
        p.expect("op", "=", "'='")
        return Action("train", source, count=_count(p), unit=how)
    start = p.tok.col - 1
    node, kind = p.cond()
    if kind not in ("bool", "any"):
        raise ConditionError("'train until' needs a condition, e.g. 'loss < 0.1'", start + 1)
    until = Condition(_rest(p.tokens, start, p.pos, source), node)
    limit = None
    if p.take("name", "limit"):
        limit = _count(p)
    return Action("train", source, until=until, count=limit, unit="steps")


def parse_action(source: str) -> Action:
    """Parse one action line; raises `ConditionError` (with a column) when malformed."""
    p = Parser(tokenize(source))
    verb = _word(p, *VERBS)
    if verb == "set":
        action = _set(p, source)
    elif verb == "step":
        action = Action("step", source, count=1 if p.tok.kind == "end" else _count(p))
    elif verb == "train":
        action = _train(p, source)
    elif verb == "select":
        unit = _word(p, "weight", "neuron", "input", "none")
        n = {"weight": 3, "neuron": 2, "input": 1, "none": 0}[unit]
        action = Action("select", source, unit=unit, index=_ints(p, n))
    elif verb == "draw":
        _word(p, "mistake")
        action = Action("draw", source, unit="mistake")
    elif verb == "write":
        if p.take("name", "spam"):
            _word(p, "message")
            action = Action("write", source)
        else:
            _word(p, "message")
            t = p.tok
            if t.kind != "str":
                raise ConditionError(f"expected a quoted message, found {describe(t)}", t.col)
            p.pos += 1
            action = Action("write", source, text=t.value)
    else:  # forward, reset, teach
        action = Action(verb, source)
    if p.tok.kind != "end":
        raise ConditionError(f"unexpected {describe(p.tok)}", p.tok.col)
    return action
