"""Names of the input units (the words of a bag of words, the features of a table),
written left of the input column.

When not every name fits, the inputs with the strongest connections are named first:
strength_i = sum_j |W1[j, i]|, the total weight leaving input i. The inputs that are on in
the sample shown (x_i != 0) come before all others and are drawn bold in the highlight
colour, so a forward pass lights up the words of the message.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen

from nnviz.ui.netview.theme import Theme

MAX_LABEL_WIDTH = 120.0  # px: longer names are elided


def label_width(names: list[str] | None, font: QFont) -> float:
    """Room for the names left of the input column (0 without names)."""
    if not names:
        return 0.0
    fm = QFontMetricsF(font)
    return min(max(fm.horizontalAdvance(s) for s in names), MAX_LABEL_WIDTH) + 14.0


def label_order(strength: np.ndarray | None, x: np.ndarray | None, n: int) -> np.ndarray:
    """Inputs in the order they get a label: those on in x first, each group by falling
    strength (ties and no weights: by index)."""
    s = np.zeros(n) if strength is None else np.asarray(strength, dtype=np.float64)
    on = np.zeros(n, bool) if x is None or len(x) != n else np.asarray(x) != 0
    return np.lexsort((np.arange(n), -s, ~on))


def place(ys: np.ndarray, order: np.ndarray, height: float, top: float, bottom: float) -> list[int]:
    """Greedily the inputs (in `order`) whose labels, `height` tall and centred on their
    unit's y, overlap no label placed before and stay within [top, bottom]."""
    taken: list[tuple[float, float]] = []
    out = []
    half = height / 2.0
    for i in order.tolist():
        y0, y1 = ys[i] - half, ys[i] + half
        if y0 < top or y1 > bottom:
            continue
        if any(y0 < b and a < y1 for a, b in taken):
            continue
        taken.append((y0, y1))
        out.append(i)
    return out


def paint_input_labels(
    p: QPainter,
    pos: np.ndarray,
    r: float,
    left: float,
    names: list[str],
    strength: np.ndarray | None,
    x: np.ndarray | None,
    theme: Theme,
    bounds: tuple[float, float],
) -> list[int]:
    """Names right-aligned against `left` (the column's left edge), a faint leader to each
    named unit; returns the inputs named."""
    n = len(pos)
    if n == 0 or len(names) != n:
        return []
    base = QFont(p.font())
    fm = QFontMetricsF(base)
    width = min(left - 4.0, MAX_LABEL_WIDTH)
    if width < 12:
        return []
    order = label_order(strength, x, n)
    shown = place(pos[:, 1], order, fm.height(), *bounds)
    on = np.zeros(n, bool) if x is None or len(x) != n else np.asarray(x) != 0
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.setPen(QPen(theme.faint, 1.0))
    for i in shown:
        px, py = float(pos[i, 0]), float(pos[i, 1])
        if px - r > left + 2:
            p.drawLine(QPointF(left - 1, py), QPointF(px - r - 1, py))
    bold = QFont(base)
    bold.setBold(True)
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for i in shown:
        p.setFont(bold if on[i] else base)
        p.setPen(theme.highlight if on[i] else theme.text)
        text = QFontMetricsF(p.font()).elidedText(names[i], Qt.TextElideMode.ElideRight, width)
        y = float(pos[i, 1])
        p.drawText(QRectF(left - 3 - width, y - fm.height() / 2, width, fm.height()), right, text)
    p.setFont(base)
    return shown
