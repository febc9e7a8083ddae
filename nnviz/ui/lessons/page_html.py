"""Rich text of a lesson page: Markdown paragraphs and lists, formulas in the Step view's
math font (one formula per line, spacing kept)."""

from __future__ import annotations

import html
import re

from nnviz.teach.lessons import Page
from nnviz.ui.step.html import MATH_FONT

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")


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


def formula_html(lines: str, pt: float, background: str) -> str:
    """Formulas, one a line, in the math font on a soft background; runs of spaces kept
    so that columns stay apart, long lines wrap."""
    rows = "".join(
        f"<div style='white-space:pre-wrap'>{html.escape(ln, quote=False)}</div>"
        for ln in lines.splitlines()
        if ln.strip()
    )
    return (
        f"<table width='100%' cellpadding='6' cellspacing='0' style='margin:2px 0 10px 0'>"
        f"<tr><td bgcolor='{background}' style='font-family:{MATH_FONT}; "
        f"font-size:{pt * 1.12:.1f}pt'>{rows}</td></tr></table>"
    )


def page_html(page: Page, pt: float = 10.0, background: str = "#f4f4f6") -> str:
    """The page's title, text and formulas as one rich-text document."""
    parts = [f"<p style='margin:0 0 8px 0; font-size:{pt * 1.25:.0f}pt'><b>"
             f"{html.escape(page.title, quote=False)}</b></p>"]  # fmt: skip
    for kind, body in page.blocks:
        parts.append(
            formula_html(body, pt, background) if kind == "formula" else markdown_html(body)
        )
    return "\n".join(parts)
