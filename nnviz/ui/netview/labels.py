"""Text of the network view: layer captions, output labels, legend and status line."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from nnviz.ui.netview.theme import Theme, lut_bar, lut_color, mix


def caption_lines(
    sizes: list[int], activations: list[str], input_shape: tuple[int, int] | None
) -> list[tuple[str, str]]:
    """(title, detail) per column, e.g. ("hidden 1", "128 · relu")."""
    out = []
    for c, n in enumerate(sizes):
        if c == 0:
            shape = f" ({input_shape[0]}×{input_shape[1]})" if input_shape else ""
            out.append(("input", f"{n}{shape}"))
        elif c == len(sizes) - 1:
            out.append(("output", f"{n} · {activations[c - 1]}"))
        else:
            title = "hidden" if len(sizes) == 3 else f"hidden {c}"
            out.append((title, f"{n} · {activations[c - 1]}"))
    return out


def backdrop(p: QPainter, rect: QRectF, theme: Theme, alpha: int = 215) -> None:
    """A translucent patch of background under text, so it reads over edges (only when
    the view is zoomed or panned: at rest the layout keeps text and drawing apart)."""
    if not theme.boxed:
        return
    c = QColor(theme.bg)
    c.setAlpha(alpha)
    p.fillRect(rect, c)


def paint_captions(
    p: QPainter,
    xs: list[float],
    lines: list[tuple[str, str]],
    max_w: float,
    theme: Theme,
    active: int | None = None,
    n_lines: int = 2,
) -> None:
    """Captions pinned to the top: "hidden 1" over "128 · relu", or on one line."""
    base = QFont(p.font())
    bold = QFont(base)
    bold.setBold(True)
    fm, fm2 = QFontMetricsF(bold), QFontMetricsF(base)
    center = Qt.AlignmentFlag.AlignCenter
    for c, (x, (title, detail)) in enumerate(zip(xs, lines, strict=True)):
        room = min(max_w, 2 * x - 4)  # centred on x and not cut at the view's left edge
        if n_lines == 1:
            both = f"{title} · {detail}"
            title = both if fm.horizontalAdvance(both) <= room else title
            detail = ""
        title = fm.elidedText(title, Qt.TextElideMode.ElideRight, room)
        detail = fm2.elidedText(detail, Qt.TextElideMode.ElideRight, room)
        w = max(fm.horizontalAdvance(title), fm2.horizontalAdvance(detail)) + 10
        h = fm.height() + (fm2.height() if detail else 0) + 4
        backdrop(p, QRectF(x - w / 2, 2, w, h), theme)
        p.setFont(bold)
        p.setPen(theme.highlight if c == active else theme.text)
        p.drawText(QRectF(x - max_w / 2, 4, max_w, fm.height()), center, title)
        if detail:
            p.setFont(base)
            p.setPen(theme.faint)
            p.drawText(QRectF(x - max_w / 2, 4 + fm.height(), max_w, fm2.height()), center, detail)
    p.setFont(base)


def paint_output_labels(
    p: QPainter,
    pos: np.ndarray,
    r: float,
    names: list[str],
    probs: np.ndarray | None,
    theme: Theme,
    width: float = 1e9,
) -> None:
    """Class names right of the output units; with probabilities, a bar and a percentage
    (the bar, then the percentage, are left out when the view is too narrow)."""
    n = len(pos)
    if n == 0 or n > 40:
        return
    spacing = float(np.min(np.diff(pos[:, 1]))) if n > 1 else 40.0
    if spacing < 9.0:
        return
    base = QFont(p.font())
    fm = QFontMetricsF(base)
    name_w = max(fm.horizontalAdvance(s) for s in names) + 6
    best = int(np.argmax(probs)) if probs is not None else -1
    bar_h = float(min(8.0, max(3.0, spacing * 0.35)))
    room = width - (float(pos[:, 0].max()) + r + 6) - name_w
    pct_w = fm.horizontalAdvance("100%") + 2
    show_bar, show_pct = room >= 38 + pct_w, room >= pct_w
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    for u, (x, y) in enumerate(pos.tolist()):
        x0 = x + r + 6
        font = QFont(base)
        font.setBold(u == best)
        p.setFont(font)
        p.setPen(theme.text if probs is None or u == best else theme.faint)
        p.drawText(
            QRectF(x0, y - fm.height() / 2, name_w, fm.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            names[u],
        )
        if probs is None or not show_pct:
            continue
        pr = float(np.clip(probs[u], 0.0, 1.0))
        bx = x0 + name_w
        if show_bar:
            p.fillRect(QRectF(bx, y - bar_h / 2, 34, bar_h), mix(theme.bg, theme.text, 0.08))
            color = lut_color(theme.acts, 64 + round(pr * 191))
            p.fillRect(QRectF(bx, y - bar_h / 2, 34 * pr, bar_h), color)
            bx += 38
        p.drawText(
            QRectF(bx, y - fm.height() / 2, pct_w + 4, fm.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            f"{100 * pr:.0f}%",
        )
    p.setFont(base)


_BARS: dict[bytes, QImage] = {}


def _bar(lut: np.ndarray) -> QImage:
    key = lut[::16].tobytes()
    img = _BARS.get(key)
    if img is None:
        img = _BARS[key] = lut_bar(lut)
    return img


def paint_legend(
    p: QPainter,
    width: float,
    height: float,
    theme: Theme,
    status: str,
    legend: bool = True,
    show_status: bool = True,
) -> None:
    """Colour keys in the bottom-right corner, a status line in the bottom-left.

    When both do not fit on one line the keys move up a line (and the hint goes).
    """
    base = QFont(p.font())
    small = QFont(base)
    small.setPointSizeF(max(base.pointSizeF() * 0.9, 7.0))
    fm, fb = QFontMetricsF(small), QFontMetricsF(base)
    line = max(16.0, fb.height() + 1.0)  # one line of text, as the font grows
    status_right = 12.0 + fb.horizontalAdvance(status) if status and show_status else 0.0
    if legend:
        compact = width < 640
        items = [
            ("weight" if compact else "weight, w·a", theme.weights, "−", "+"),
            ("activation", theme.acts, "0", "1"),
            ("gradient", theme.grads, "−", "+"),
        ]
        bar_w, bar_h = (36.0 if compact else 64.0), 8.0

        def extent(its) -> float:
            return sum(
                fm.horizontalAdvance(a + lo + hi) + bar_w + 12 + (12 if compact else 18)
                for a, _, lo, hi in its
            )

        while len(items) > 1 and extent(items) > width - 18:
            items.pop()
        x = width - 12.0
        placed = []  # (kind, x, payload)
        for label, lut, lo, hi in reversed(items):
            x -= fm.horizontalAdvance(hi)
            placed.append(("faint", x, hi))
            x -= bar_w + 3
            placed.append(("bar", x, lut))
            x -= fm.horizontalAdvance(lo) + 3
            placed.append(("faint", x, lo))
            x -= fm.horizontalAdvance(label) + 6
            placed.append(("text", x, label))
            x -= 12 if compact else 18
        left = x + (12 if compact else 18) - 6
        y = height - 14.0
        hint = "ring = bias b · edge width = |value|"
        hint_x = width - 12.0 - fm.horizontalAdvance(hint)
        if compact or left < status_right + 16:
            y -= line  # share the bottom with the status line: keys one line up, no hint
            hint = ""
        top = y - (line - 2 if hint else 0) - fm.ascent() - 3
        backdrop(
            p, QRectF(min(left, hint_x) - 6, top, width - min(left, hint_x) + 6, y + 8 - top), theme
        )
        p.setFont(small)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for kind, px, payload in placed:
            if kind == "bar":
                p.drawImage(QRectF(px, y - bar_h / 2, bar_w, bar_h), _bar(payload))
            else:
                p.setPen(theme.text if kind == "text" else theme.faint)
                p.drawText(QPointF(px, y + 4), payload)
        if hint:
            p.setPen(theme.faint)
            p.drawText(QPointF(hint_x, y - line + 2), hint)
    if status and show_status:
        p.setFont(base)
        rect = QRectF(
            6, height - 10 - fb.ascent() - 3, fb.horizontalAdvance(status) + 12, fb.height() + 4
        )
        backdrop(p, rect, theme)
        p.setPen(theme.text)
        p.drawText(
            QPointF(12.0, height - 10.0),
            fb.elidedText(status, Qt.TextElideMode.ElideRight, width - 24),
        )
    p.setFont(base)
