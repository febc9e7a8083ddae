"""Reading the lesson file format (Markdown) into raw parts that keep their line numbers.

Front matter between ``---`` lines (``nnviz-lesson: 1``, ``title: ...``), then pages
(``## Page title`` and Markdown text), fenced ``formula`` blocks inside the text, one
fenced ``preset`` block and fenced ``task`` blocks. Blocks hold ``key: value`` lines;
an indented line continues the value above it, ``- item`` lines make a list.
Everything is data: this module only splits text. See docs/lessons.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

FORMAT_KEY = "nnviz-lesson"
FORMAT_VERSION = "1"
MAX_BYTES = 1_000_000
FRONT_KEYS = (FORMAT_KEY, "title", "summary", "id")
_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*(?:\[\d+\])?)\s*:(.*)$")


class LessonFileError(ValueError):
    """A lesson file that cannot be read or is not a valid lesson (one line: file, line, why)."""


def fail(name: str, line: int | None, message: str) -> LessonFileError:
    """The one-line error: ``name, line N: message``."""
    message = " ".join(str(message).split())
    where = f"{name}, line {line}" if line else name
    return LessonFileError(f"{where}: {message}")


@dataclass
class Field:
    """A ``key: value`` of a block; `items` holds ``- item`` lines with their numbers."""

    key: str
    value: str
    line: int
    items: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class RawPage:
    title: str
    line: int
    text: list[str] = field(default_factory=list)
    tasks: list[tuple[int, list[Field]]] = field(default_factory=list)


@dataclass
class RawLesson:
    name: str
    front: dict[str, Field]
    preset: tuple[int, list[Field]] | None = None
    pages: list[RawPage] = field(default_factory=list)


def read_text(path: Path) -> str:
    """The file's text (UTF-8); a clear error for missing, huge or binary files."""
    name = path.name
    try:
        if path.is_dir():
            raise fail(name, None, "is a folder, not a lesson file")
        data = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as err:
        raise fail(name, None, f"cannot read ({err.strerror or err})") from None
    if len(data) > MAX_BYTES:
        raise fail(name, None, f"not a lesson file (larger than {MAX_BYTES // 1000} kB)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise fail(name, line, "not a lesson file (not UTF-8 text)") from None
    if "\x00" in text:
        raise fail(name, text[: text.index("\x00")].count("\n") + 1, "not a lesson file (binary)")
    return text


def fields(name: str, body: list[tuple[int, str]]) -> list[Field]:
    """The ``key: value`` fields of a block's lines (numbered)."""
    out: list[Field] = []
    for n, raw in body:
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indented = line[0] in " \t"
        item = line.strip()
        if indented and out and item.startswith("- "):
            out[-1].items.append((item[2:].strip(), n))
        elif indented and out and not out[-1].items:
            out[-1].value = f"{out[-1].value} {item}".strip()
        elif indented:
            raise fail(name, n, "an indented line must continue a 'key: value' line")
        else:
            m = _KEY.match(line)
            if m is None:
                raise fail(name, n, f"expected 'key: value', found {_quote(line)}")
            key = m.group(1)
            if any(f.key == key for f in out):
                raise fail(name, n, f"'{key}' is given twice")
            out.append(Field(key, m.group(2).strip(), n))
    return out


def _quote(s: str) -> str:
    s = s.strip()
    return repr(s if len(s) <= 40 else s[:37] + "...")


def _front(name: str, lines: list[str]) -> tuple[dict[str, Field], int]:
    """The front matter's fields and the index of the first line after it."""
    if not lines or lines[0].strip() != "---":
        raise fail(name, 1, f"not a lesson file: it must start with '---' and '{FORMAT_KEY}: 1'")
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        raise fail(name, 1, "the front matter has no closing '---'")
    found = fields(name, [(i + 1, lines[i]) for i in range(1, end)])
    front = {f.key: f for f in found}
    if FORMAT_KEY not in front:
        raise fail(name, 1, f"not a lesson file: the front matter lacks '{FORMAT_KEY}: 1'")
    for f in found:
        if f.key not in FRONT_KEYS:
            raise fail(name, f.line, f"unknown front matter key '{f.key}'")
        if f.items:
            raise fail(name, f.items[0][1], f"'{f.key}' takes one line, not a list")
    if front[FORMAT_KEY].value != FORMAT_VERSION:
        raise fail(name, front[FORMAT_KEY].line, "unsupported format version; use 1")
    if not front.get("title") or not front["title"].value:
        raise fail(name, 1, "the front matter needs a 'title: ...'")
    return front, end + 1


def split(name: str, text: str) -> RawLesson:
    """Split a lesson file's text into front matter, preset, pages and task fields."""
    lines = text.splitlines()
    front, i = _front(name, lines)
    lesson = RawLesson(name, front)
    while i < len(lines):
        line, n = lines[i], i + 1
        stripped = line.strip()
        if stripped.startswith("```"):
            info = stripped[3:].strip()
            close = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == "```"), None)
            if close is None:
                raise fail(name, n, "this ``` block is never closed")
            body = [(j + 1, lines[j]) for j in range(i + 1, close)]
            _block(lesson, info, n, body, stripped)
            i = close + 1
            continue
        if line.startswith("## "):
            title = line[3:].strip()
            if not title:
                raise fail(name, n, "a page heading needs a title: '## Title'")
            lesson.pages.append(RawPage(title, n))
        elif line.startswith("# ") or stripped == "#":
            raise fail(name, n, "pages start with '## ' (the title is in the front matter)")
        elif lesson.pages:
            lesson.pages[-1].text.append(line)
        elif stripped:
            raise fail(name, n, "text before the first '## ' page heading")
        i += 1
    if not lesson.pages:
        raise fail(name, None, "no pages: a lesson needs at least one '## ' page")
    if lesson.preset is None:
        raise fail(name, None, "no ```preset block")
    return lesson


def _block(lesson: RawLesson, info: str, n: int, body: list[tuple[int, str]], fence: str) -> None:
    name = lesson.name
    if info in ("", "formula"):
        if not lesson.pages:
            raise fail(name, n, "a formula block must be inside a '## ' page")
        lesson.pages[-1].text.extend(["```formula", *(t for _, t in body), "```"])
    elif info == "preset":
        if lesson.preset is not None:
            raise fail(
                name, n, f"a second ```preset block (the first is on line {lesson.preset[0]})"
            )
        lesson.preset = (n, fields(name, body))
    elif info == "task":
        if not lesson.pages:
            raise fail(name, n, "a ```task block must be inside a '## ' page")
        lesson.pages[-1].tasks.append((n, fields(name, body)))
    else:
        raise fail(name, n, f"unknown block {_quote(fence)}; use preset, task or formula")
