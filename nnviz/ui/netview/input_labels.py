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


def place(
    ys: np.ndarray, order: np.ndarray, height: float, top: float, bottom: float
) -> dict[int, float]:
    """Labels without overlaps: the space between `top` and `bottom` is cut into slots
    `height` tall; each slot names the first input in `order` whose unit lies in it, at
    the slot's centre. Returns {input: label y} (vectorised: no loop over inputs)."""
    n_slots = int((bottom - top) // height) if height > 0 else 0
    if n_slots <= 0 or len(order) == 0:
        return {}
    order = np.asarray(order)
    slot = np.floor((np.asarray(ys, dtype=np.float64)[order] - top) / height).astype(np.int64)
    inside = (slot >= 0) & (slot < n_slots)
    slot, order = slot[inside], order[inside]
    taken, first = np.unique(slot, return_index=True)
    centre = top + (taken + 0.5) * height
    return dict(zip(order[first].tolist(), centre.tolist(), strict=True))


_ELIDED: dict[tuple, str] = {}


def elided(fm: QFontMetricsF, key: tuple, text: str, width: float) -> str:
    """`text` cut to `width` (cached: the same names are drawn at every repaint)."""
    got = _ELIDED.get((key, text, width))
    if got is None:
        if len(_ELIDED) > 20_000:
            _ELIDED.clear()
        got = _ELIDED[(key, text, width)] = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
    return got


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
    for i, ly in shown.items():
        px, py = float(pos[i, 0]), float(pos[i, 1])
        if px - r > left + 2 or abs(ly - py) > 1:
            p.drawLine(QPointF(left - 1, ly), QPointF(px - r - 1, py))
    bold = QFont(base)
    bold.setBold(True)
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    fms = {False: (fm, base.key()), True: (QFontMetricsF(bold), bold.key())}
    for i, y in shown.items():
        p.setFont(bold if on[i] else base)
        p.setPen(theme.highlight if on[i] else theme.text)
        text = elided(*fms[bool(on[i])], names[i], width)
        p.drawText(QRectF(left - 3 - width, y - fm.height() / 2, width, fm.height()), right, text)
    p.setFont(base)
    return list(shown)
