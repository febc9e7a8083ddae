"""Word highlights of a message: red where a word pushes towards spam, blue towards ham."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from nnviz.analysis.words import WordSpan

SPAM_RGB = (215, 48, 39)  # towards spam
HAM_RGB = (33, 102, 172)  # towards ham
MAX_ALPHA = 150  # the strongest word's tint (of 255): the text stays readable


def tint(score: float, scale: float) -> QColor:
    """A translucent red (score > 0) or blue (score < 0), opaque in proportion to
    |score| / scale."""
    rgb = SPAM_RGB if score > 0 else HAM_RGB
    alpha = 0 if scale <= 0 else round(MAX_ALPHA * min(abs(score) / scale, 1.0))
    return QColor(*rgb, alpha)


def utf16_offsets(text: str) -> list[int] | None:
    """Qt counts positions in UTF-16 units: the offset of each Python index, or None when
    they are the same (no character beyond U+FFFF)."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return None
    out, n = [0], 0
    for ch in text:
        n += 2 if ord(ch) > 0xFFFF else 1
        out.append(n)
    return out


def selections(editor: QPlainTextEdit, spans: Sequence[WordSpan]) -> list[QTextEdit.ExtraSelection]:
    """One extra selection per highlighted word (spans index the editor's plain text)."""
    scale = max((abs(s.score) for s in spans), default=0.0)
    doc = editor.document()
    pos = utf16_offsets(editor.toPlainText())
    out = []
    for s in spans:
        if s.score == 0.0:
            continue
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(doc)
        start, end = (s.start, s.end) if pos is None else (pos[s.start], pos[s.end])
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(tint(s.score, scale))
        fmt.setToolTip(f"“{s.word}”: {s.score:+.3f} to the spam log-odds")
        sel.cursor, sel.format = cursor, fmt
        out.append(sel)
    return out
