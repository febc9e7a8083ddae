"""Rich text of a lesson page: Markdown paragraphs and lists, formulas in the Step view's
math font (one formula per line, spacing kept)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from nnviz.teach.lessons import Page
from nnviz.ui.step.html import MATH_FONT

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")
GAP = 16  # pixels between formula columns
MATH_SCALE = 1.12  # formulas a little larger than the text


def inline(text: str) -> str:
    """Escaped text with **bold**, *emphasis* and `code`."""
    out = html.escape(text, quote=False)
    out = _CODE.sub(r"<code>\1</code>", out)
    out = _BOLD.sub(r"<b>\1</b>", out)
    return _EM.sub(r"<i>\1</i>", out)


def markdown_html(text: str) -> str:
    """Paragraphs (blank lines between them) and `- ` / `* ` / `1. ` lists."""
    out: list[str] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            out.append(f"<p style='margin:0 0 8px 0'>{inline(' '.join(para))}</p>")
            para.clear()
        if items:
            lis = "".join(f"<li>{inline(i)}</li>" for i in items)
            out.append(f"<ul style='margin:0 0 8px 0'>{lis}</ul>")
            items.clear()

    for raw in text.splitlines():
        line = raw.strip()
        m = re.match(r"^(?:[-*]|\d+\.)\s+(.*)$", line)
        if not line:
            flush()
        elif m:
            if para:
                flush()
            items.append(m.group(1))
        elif items and raw.startswith((" ", "\t")):
            items[-1] += " " + line
        else:
            if items:
                flush()
            para.append(line)
    flush()
    return "\n".join(out)


def _label(part: str) -> bool:
    """A column that names what follows rather than being a formula itself."""
    return not any(c in part for c in "=←<>≤≥")


def formula_html(
    lines: str,
    pt: float,
    background: str,
    width: Callable[[str], float] | None = None,
    room: float = 0.0,
) -> str:
    """Formulas, one a line, in the math font on a soft background. Parts of a line set
    apart by three or more spaces are columns (a table); when `width(text)` (pixels) says
    the columns need more than `room` pixels, each part gets its own line instead."""
    rows = [re.split(r"\s{3,}", ln.strip()) for ln in lines.splitlines() if ln.strip()]
    n = max((len(r) for r in rows), default=1)
    stacked = False
    if width is not None and n > 1:
        cols = [max((width(r[c]) for r in rows if c < len(r)), default=0) for c in range(n)]
        stacked = sum(cols) + GAP * (n - 1) > room
    if stacked:  # each part on its own line, indented under a row's label ("sigmoid")
        body = "".join(
            f'<tr><td style="padding:{3 if c == 0 and k and _label(r[0]) else 0}px 0 0 '
            f'{GAP * bool(c and _label(r[0]))}px">{html.escape(part, quote=False)}</td></tr>'
            for k, r in enumerate(rows)
            for c, part in enumerate(r)
        )
    else:
        body = "".join(
            "<tr>"
            + "".join(
                f'<td style="padding:1px {GAP}px 1px 0"'
                + (f' colspan="{n - len(r) + 1}"' if c == len(r) - 1 and len(r) < n else "")
                + f">{html.escape(part, quote=False)}</td>"
                for c, part in enumerate(r)
            )
            + "</tr>"
            for r in rows
        )
    style = f"font-family:{MATH_FONT}; font-size:{pt * MATH_SCALE:.1f}pt"
    return (
        '<table width="100%" cellpadding="7" cellspacing="0" style="margin:2px 0 10px 0">'
        f'<tr><td bgcolor="{background}" style="{style}">'
        f'<table cellspacing="0" cellpadding="1">{body}</table></td></tr></table>'
    )


def page_html(
    page: Page,
    pt: float = 10.0,
    background: str = "#f4f4f6",
    width: Callable[[str], float] | None = None,
    room: float = 0.0,
) -> str:
    """The page's title, text and formulas as one rich-text document (see `formula_html`
    for `width` and `room`)."""
    title = html.escape(page.title, quote=False)
    parts = [f'<p style="margin:0 0 8px 0; font-size:{pt * 1.25:.0f}pt"><b>{title}</b></p>']
    for kind, body in page.blocks:
        if kind == "formula":
            parts.append(formula_html(body, pt, background, width, room))
        else:
            parts.append(markdown_html(body))
    return "\n".join(parts)
