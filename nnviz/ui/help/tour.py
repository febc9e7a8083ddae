"""The quick tour: a few pages, each a small picture and a paragraph (Help > Quick tour, F1).

Pictures are painted with QPainter from the palette and the shared data colours, so
they match the light or dark theme and need no image files.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Slot
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QPainterPath, QPen, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nnviz.ui.common import colors

Painter = Callable[[QPainter, QRectF, "TourPicture"], None]


def _c(rgb: tuple[int, int, int]) -> QColor:
    return QColor(*rgb)


def _layers(r: QRectF, sizes: list[int]) -> list[list[QPointF]]:
    """Node centres of a small layered network drawn in `r`."""
    out = []
    for k, n in enumerate(sizes):
        x = r.left() + r.width() * (k + 0.5) / len(sizes)
        out.append([QPointF(x, r.top() + r.height() * (i + 0.5) / n) for i in range(n)])
    return out


def _network(p: QPainter, r: QRectF, w: TourPicture, edge: Callable[[int, int, int], QColor]):
    nodes = _layers(r, [3, 4, 2])
    for k in range(len(nodes) - 1):
        for i, a in enumerate(nodes[k]):
            for j, b in enumerate(nodes[k + 1]):
                p.setPen(QPen(edge(k, i, j), 1.5 + ((i * 7 + j * 3 + k) % 4)))
                p.drawLine(a, b)
    p.setPen(QPen(w.palette().text().color(), 2))
    p.setBrush(w.palette().base())
    for layer in nodes:
        for c in layer:
            p.drawEllipse(c, 11, 11)
    return nodes


def paint_train(p: QPainter, r: QRectF, w: TourPicture) -> None:
    left = QRectF(r.left(), r.top(), r.width() * 0.55, r.height())
    _network(p, left, w, lambda k, i, j: _c(colors.ORANGE if (i + j + k) % 3 else colors.BLUE))
    # A falling loss curve.
    box = QRectF(r.left() + r.width() * 0.62, r.top() + 20, r.width() * 0.36, r.height() - 40)
    p.setPen(QPen(w.palette().mid().color(), 1))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(box)
    path = QPainterPath()
    for s in range(41):
        t = s / 40
        y = 0.1 + 0.8 * math.exp(-4 * t) + 0.04 * math.sin(37 * t) * (1 - t)
        pt = QPointF(box.left() + t * box.width(), box.top() + (1 - y) * box.height())
        path.lineTo(pt) if s else path.moveTo(pt)
    p.setPen(QPen(w.palette().highlight().color(), 2.5))
    p.drawPath(path)
    p.setPen(w.palette().text().color())
    p.drawText(box.adjusted(6, 4, 0, 0), "loss")


def paint_draw(p: QPainter, r: QRectF, w: TourPicture) -> None:
    side = min(r.height() - 20, r.width() * 0.45)
    pad = QRectF(r.left() + 10, r.center().y() - side / 2, side, side)
    p.setPen(QPen(w.palette().mid().color(), 1))
    p.setBrush(w.palette().base())
    p.drawRect(pad)
    stroke = QPainterPath(QPointF(pad.left() + side * 0.3, pad.top() + side * 0.25))
    stroke.cubicTo(
        QPointF(pad.left() + side * 0.8, pad.top() + side * 0.05),
        QPointF(pad.left() + side * 0.8, pad.top() + side * 0.45),
        QPointF(pad.left() + side * 0.45, pad.top() + side * 0.5),
    )
    stroke.cubicTo(
        QPointF(pad.left() + side * 0.9, pad.top() + side * 0.55),
        QPointF(pad.left() + side * 0.8, pad.top() + side * 0.98),
        QPointF(pad.left() + side * 0.25, pad.top() + side * 0.78),
    )
    p.setPen(QPen(w.palette().text().color(), side * 0.07, c=Qt.PenCapStyle.RoundCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(stroke)
    # Probability bars: "3" wins.
    probs = [0.01, 0.0, 0.04, 0.86, 0.0, 0.05, 0.0, 0.01, 0.03, 0.0]
    x0, bar_h = pad.right() + 40, (r.height() - 20) / 10
    for d, pr in enumerate(probs):
        y = r.top() + 10 + d * bar_h
        p.setPen(w.palette().text().color())
        p.drawText(QRectF(x0 - 20, y, 16, bar_h), Qt.AlignmentFlag.AlignCenter, str(d))
        length = (r.right() - x0 - 10) * max(pr, 0.01)
        p.fillRect(QRectF(x0, y + 2, length, bar_h - 4), _c(colors.CLASS_COLORS[d]))


def paint_backprop(p: QPainter, r: QRectF, w: TourPicture) -> None:
    inner = r.adjusted(0, 48, 0, -48)
    nodes = _network(
        p, inner, w, lambda k, i, j: _c(colors.GREEN if (i + j) % 2 else colors.PURPLE)
    )
    font = QFont(w.font())
    font.setBold(True)
    p.setFont(font)
    a, b = nodes[0][0].x(), nodes[-1][0].x()
    for y, x_from, x_to, colour, label, text_y in (
        (r.top() + 30, a, b, colors.ORANGE, "forward: z = W·x + b,  a = f(z)", r.top()),
        (r.bottom() - 30, b, a, colors.GREEN, "backward: δ = (Wᵀδ′) ⊙ f′(z)", r.bottom() - 24),
    ):
        p.setPen(QPen(_c(colour), 3))
        p.drawLine(QPointF(x_from, y), QPointF(x_to, y))
        sign = 1 if x_to > x_from else -1
        p.drawLine(QPointF(x_to, y), QPointF(x_to - 10 * sign, y - 6))
        p.drawLine(QPointF(x_to, y), QPointF(x_to - 10 * sign, y + 6))
        p.setPen(w.palette().text().color())
        p.drawText(QRectF(a, text_y, b - a, 22), Qt.AlignmentFlag.AlignCenter, label)


def paint_keys(p: QPainter, r: QRectF, w: TourPicture) -> None:
    """Key caps with what they do underneath, in up to two rows of four."""
    keys = w.keys or [("F1", "Quick tour"), ("Ctrl+/", "All shortcuts")]
    font = QFont(w.font())
    small = QFont(w.font())
    font.setPointSizeF(font.pointSizeF() * 1.2)
    per_row = 4
    rows = [keys[i : i + per_row] for i in range(0, len(keys), per_row)]
    cell_w, cell_h = r.width() / per_row, min(r.height() / len(rows), 110)
    top = r.center().y() - cell_h * len(rows) / 2
    for ri, row in enumerate(rows):
        x0 = r.center().x() - cell_w * len(row) / 2
        for ci, (key, what) in enumerate(row):
            cx, y = x0 + cell_w * (ci + 0.5), top + ri * cell_h
            p.setFont(font)
            kw = p.fontMetrics().horizontalAdvance(key) + 28
            cap = QRectF(cx - kw / 2, y + 8, kw, 44)
            p.setPen(QPen(w.palette().mid().color(), 1.5))
            p.setBrush(w.palette().button())
            p.drawRoundedRect(cap, 8, 8)
            p.setPen(w.palette().buttonText().color())
            p.drawText(cap, Qt.AlignmentFlag.AlignCenter, key)
            p.setFont(small)
            p.setPen(w.palette().text().color())
            label = QRectF(cx - cell_w / 2 + 4, cap.bottom() + 4, cell_w - 8, 36)
            p.drawText(label, Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap, what)


class TourPicture(QWidget):
    """Paints one page's picture with the current palette."""

    def __init__(
        self,
        paint: Painter,
        keys: list[tuple[str, str]] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.paint, self.keys = paint, keys
        self.setMinimumSize(420, 200)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().window())
        self.paint(p, QRectF(self.rect()).adjusted(16, 10, -16, -10), self)
        p.end()


@dataclass(frozen=True)
class Page:
    title: str
    text: str
    paint: Painter


def pages(shortcuts: dict[str, str]) -> list[Page]:
    """The tour; `shortcuts` maps a few action names to their current key sequences."""

    def key(name: str, fallback: str) -> str:
        return f"<b>{shortcuts.get(name) or fallback}</b>"

    return [
        Page(
            "Train and watch",
            "Pick a data set and a network, then start training "
            f"({key('train', 'Train menu')}). Every edge is a weight: "
            "<span style='color:#e66101'>orange</span> positive, "
            "<span style='color:#2166ac'>blue</span> negative, thicker is stronger. "
            "Watch activations flow forward, gradients flow back and the loss curve fall.",
            paint_train,
        ),
        Page(
            "Draw a digit",
            "Open the <b>Draw a digit</b> panel (View menu) and write a digit with the mouse. "
            "The network classifies it as you draw: the bars are its probabilities for 0 to 9, "
            "and the network view lights up the neurons that fired.",
            paint_draw,
        ),
        Page(
            "Step through backpropagation",
            "The <b>Backprop step</b> panel replays one training step phase by phase: "
            "forward, loss, backward, update, with the real numbers of every neuron. "
            "Click a neuron or a weight to see its value, its gradient and its update.",
            paint_backprop,
        ),
        Page(
            "Keyboard",
            f"{key('tour', 'F1')} opens this tour, {key('shortcuts', 'Ctrl+/')} lists every "
            "shortcut. Panels can be shown, hidden and rearranged from the <b>View</b> menu; "
            "the layout is remembered. The <b>Export</b> menu saves pictures, curves and "
            "animated GIFs.",
            paint_keys,
        ),
    ]


class QuickTour(QDialog):
    """A paged dialog: Back / Next (Left / Right arrow keys), Close.

    `shortcuts` names the keys of "tour", "shortcuts" and "train" for the text; `keys`
    lists (key sequence, what it does) for the keyboard page.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        shortcuts: dict[str, str] | None = None,
        keys: list[tuple[str, str]] | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("nnviz quick tour")
        self.pages = pages(shortcuts or {})
        self.stack = QStackedWidget()
        for page in self.pages:
            w = QWidget()
            v = QVBoxLayout(w)
            title = QLabel(f"<h2>{page.title}</h2>")
            text = QLabel(page.text)
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            v.addWidget(title)
            v.addWidget(TourPicture(page.paint, keys if page.paint is paint_keys else None), 1)
            v.addWidget(text)
            self.stack.addWidget(w)
        self.counter = QLabel()
        self.back = QPushButton("← &Back")
        self.back.setToolTip("Previous page (Left arrow)")
        self.next = QPushButton("&Next →")
        self.next.setToolTip("Next page (Right arrow)")
        self.next.setDefault(True)
        close = QPushButton("&Close")
        close.setToolTip("Close the tour (Esc); F1 opens it again")
        self.back.clicked.connect(self.previousPage)
        self.next.clicked.connect(self.nextPage)
        close.clicked.connect(self.accept)
        # Shortcuts, not keyPressEvent: the focused push button would take the arrow keys.
        QShortcut(QKeySequence(Qt.Key.Key_Right), self, self.nextPage)
        QShortcut(QKeySequence(Qt.Key.Key_Left), self, self.previousPage)
        row = QHBoxLayout()
        row.addWidget(self.counter)
        row.addStretch(1)
        for b in (self.back, self.next, close):
            row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(row)
        self.resize(620, 480)
        self.setPage(0)

    def setPage(self, i: int) -> None:
        i = max(0, min(i, self.stack.count() - 1))
        self.stack.setCurrentIndex(i)
        last = i == self.stack.count() - 1
        self.counter.setText(f"{i + 1} of {self.stack.count()}")
        self.back.setEnabled(i > 0)
        self.next.setText("&Done" if last else "&Next →")

    @Slot()
    def nextPage(self) -> None:
        if self.stack.currentIndex() == self.stack.count() - 1:
            self.accept()
        else:
            self.setPage(self.stack.currentIndex() + 1)

    @Slot()
    def previousPage(self) -> None:
        self.setPage(self.stack.currentIndex() - 1)
