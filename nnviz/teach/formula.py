"""Plain-text formulas with numbers, and their rich-text and LaTeX renderings.

The explanations are written as readable plain text ("delta = dL/da * da/dz =
0.741365*0.186816 = 0.138499"); `to_html` and `to_latex` turn the same text into
typeset math (δ, ∂L/∂a, subscripts, superscripts, a bold result). No Qt here.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

Kind = Literal["title", "note", "math"]


@dataclass(frozen=True)
class Line:
    """One line of an explanation: a frame title, a sentence, or a formula."""

    text: str
    kind: Kind = "math"


# ------------------------------------------------------------------ numbers


def fmt(v: Any, digits: int = 6) -> str:
    """`digits` significant digits. Values that are exact at that precision print short
    (0.15, 0.3775); rounded ones keep their trailing zeros (0.593270)."""
    x = float(v)
    if not math.isfinite(x):
        return str(x)
    if x == 0.0:
        return "0"
    short = f"{x:.{digits}g}"
    tol = float(np.finfo(v.dtype).eps) * 4 if isinstance(v, np.floating) else 1e-12
    if abs(float(short) - x) <= tol * abs(x):
        return short
    s = f"{x:#.{digits}g}"
    s = s.replace(".e", "e")
    return s[:-1] if s.endswith(".") else s


def par(v: Any, digits: int = 6) -> str:
    """A number as a factor: negative values in parentheses."""
    s = fmt(v, digits)
    return f"({s})" if s.startswith("-") else s


def abbreviate(items: Sequence[str], full: bool, keep: int = 3) -> list[str]:
    """Long lists shrink to the first `keep` items, "...", and the last one."""
    if full or len(items) <= keep + 1:
        return list(items)
    return [*items[:keep], "...", items[-1]]


def join_sum(terms: Sequence[str]) -> str:
    """t0 + t1 - t2 ...: a term starting with "-" is written as a subtraction."""
    out = ""
    for n, t in enumerate(terms):
        if n == 0:
            out = t
        elif t.startswith("-"):
            out += " - " + t[1:]
        else:
            out += " + " + t
    return out


# ------------------------------------------------------------------ typesetting

_RESULT = re.compile(r"^(?P<num>-?\d[\d.]*(?:e[+-]?\d+)?)(?P<tail>\s.*)?$")
_TOKEN = re.compile(
    r"(?P<d>\bd(?P<num>[A-Za-z](?:_[A-Za-z0-9]+)?)/d(?P<den>[A-Za-z][A-Za-z0-9]*'?(?:_[A-Za-z0-9]+)?))"
    r"|(?P<sup>\^(?:\((?P<supp>[^()]*)\)|(?P<supw>[-\w.']+)))"
    r"|(?P<word>(?<![\w.])[A-Za-z][A-Za-z0-9]*(?:'(?=\())?(?:_[A-Za-z0-9]+)?)"
    r"|(?P<star>\*)"
    r"|(?P<dots>\.\.\.)"
)
_HTML_WORDS = {
    "delta": "δ",
    "sigma": "σ",
    "mu": "μ",
    "eps": "ε",
    "lr": "η",
    "sum": "Σ",
    "sqrt": "√",
    "beta1": "β<sub>1</sub>",
    "beta2": "β<sub>2</sub>",
    "m_hat": "m̂",
    "v_hat": "v̂",
}
_TEX_WORDS = {
    "delta": r"\delta",
    "sigma": r"\sigma",
    "mu": r"\mu",
    "eps": r"\varepsilon",
    "lr": r"\eta",
    "sum": r"\sum",
    "sqrt": r"\sqrt",
    "log": r"\log",
    "beta1": r"\beta_1",
    "beta2": r"\beta_2",
    "m_hat": r"\hat m",
    "v_hat": r"\hat v",
}


def _split_result(text: str) -> tuple[str, str, str]:
    """(head, result number, tail) when the line ends in "= number [comment]"."""
    head, sep, last = text.rpartition(" = ")
    m = _RESULT.match(last) if sep else None
    if not m:
        return text, "", ""
    return head + " = ", m.group("num"), m.group("tail") or ""


def _html_word(word: str, math_mode: bool) -> str:
    if word in _HTML_WORDS:
        return _HTML_WORDS[word]
    if word == "leaky_relu":
        return word
    prime = "′" if word.endswith("'") else ""
    word = word.rstrip("'")
    name, _, sub = word.partition("_")
    m = re.fullmatch(r"([Wb])(\d+)", name)
    if m:
        out = f"{m.group(1)}<sub>{m.group(2)}</sub>"
    elif name in _HTML_WORDS:
        out = _HTML_WORDS[name]
    elif math_mode and len(name) == 1:
        out = f"<i>{name}</i>"
    else:
        out = name
    out += prime
    if sub:
        out += f"<sub>{html.escape(sub)}</sub>"
    return out


def _html(text: str, math_mode: bool) -> str:
    out, pos = [], 0
    for m in _TOKEN.finditer(text):
        out.append(html.escape(text[pos : m.start()], quote=False))
        pos = m.end()
        if m.group("d"):
            num, den = _html_word(m.group("num"), math_mode), _html_word(m.group("den"), math_mode)
            out.append(f"∂{num}/∂{den}")
        elif m.group("sup"):
            inner = m.group("supp") if m.group("supp") is not None else m.group("supw")
            out.append(f"<sup>{_html(inner, math_mode)}</sup>")
        elif m.group("word"):
            out.append(_html_word(m.group("word"), math_mode))
        elif m.group("star"):
            out.append("·")
        else:
            out.append("…")
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def to_html(line: Line) -> str:
    """Rich text for a QLabel/QTextBrowser: Greek letters, sub/superscripts, bold result."""
    if line.kind != "math":
        return _html(line.text, math_mode=False)
    head, num, tail = _split_result(line.text)
    if not num:
        return _html(head, True)
    note = f"&emsp;{_html(tail.strip(), True)}" if tail.strip() else ""
    return f"{_html(head, True)}<b>{html.escape(num)}</b>{note}"


_FUNCS = ("sigmoid", "tanh", "relu", "leaky_relu", "softmax", "linear", "log", "step", "new")


def _tex_word(word: str) -> str:
    if word in _TEX_WORDS:
        return _TEX_WORDS[word]
    prime = "'" if word.endswith("'") else ""
    if word.rstrip("'") in _FUNCS:
        name = word.rstrip("'").replace("_", r"\_")
        return rf"\mathrm{{{name}}}{prime}"
    name, _, sub = word.rstrip("'").partition("_")
    m = re.fullmatch(r"([Wb])(\d+)", name)
    if m:
        out = f"{m.group(1)}^{{({m.group(2)})}}"
    elif name in _TEX_WORDS:
        out = _TEX_WORDS[name]
    elif len(name) == 1:
        out = name
    else:
        out = rf"\text{{{name}}}"
    out += prime
    if sub:
        sub_tex = sub if len(sub) == 1 or sub.isdigit() else rf"\mathrm{{{sub}}}"
        out += f"_{{{sub_tex}}}"
    return out


def _tex(text: str) -> str:
    out, pos = [], 0
    for m in _TOKEN.finditer(text):
        out.append(text[pos : m.start()].replace("%", r"\%").replace("#", r"\#"))
        pos = m.end()
        if m.group("d"):
            num, den = _tex_word(m.group("num")), _tex_word(m.group("den"))
            out.append(rf"\partial {num}/\partial {den} ")
        elif m.group("sup"):
            inner = m.group("supp") if m.group("supp") is not None else m.group("supw")
            out.append(f"^{{{_tex(inner)}}}")
        elif m.group("word"):
            out.append(_tex_word(m.group("word")))
            prose = out[-1].startswith(r"\text")
            out.append(r"\ " if prose and text[m.end() : m.end() + 1] == " " else " ")
        elif m.group("star"):
            out.append(r" \cdot ")
        else:
            out.append(r"\dots ")
    out.append(text[pos:].replace("%", r"\%").replace("#", r"\#"))
    return re.sub(r" +", " ", "".join(out)).strip()


def tex_math(text: str) -> str:
    """Math-mode LaTeX for a formula fragment (no bold result)."""
    return _tex(text)


def to_latex(line: Line) -> str:
    """LaTeX: math lines as math-mode source (without delimiters), others as text."""
    if line.kind != "math":
        return tex_text(line.text)
    head, num, tail = _split_result(line.text)
    if not num:
        return _tex(head)
    note = rf"\quad {_tex(tail.strip())}" if tail.strip() else ""
    return f"{_tex(head)} \\mathbf{{{num}}}{note}"


def tex_text(text: str) -> str:
    """Escape running text for LaTeX."""
    text = text.replace("->", "\x00")
    repl = {"\\": r"\textbackslash{}", "_": r"\_", "^": r"\^{}", "&": r"\&", "%": r"\%"}
    repl |= {"<": r"\textless{}", ">": r"\textgreater{}", "\x00": r"$\rightarrow$"}
    repl |= {"#": r"\#", "$": r"\$", "{": r"\{", "}": r"\}", "~": r"\~{}"}
    return "".join(repl.get(c, c) for c in text)


def split_equation(text: str) -> tuple[str, str, str]:
    """ "lhs = formula ... = value" -> (lhs, middle formula, value); missing parts are ""."""
    parts = text.split(" = ")
    if len(parts) == 1:
        return text, "", ""
    _head, num, tail = _split_result(text)
    if not num:
        return parts[0], " = ".join(parts[1:]), ""
    middle = " = ".join(parts[1:-1])
    return parts[0], middle, num + tail
