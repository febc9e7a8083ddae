"""The confusion matrix as a clickable grid (rows the true class, columns the predicted
one), and the per-class recall, precision and support beside it.

Cell (t, p) shows the count C[t, p] or the row percent 100 · C[t, p] / sum_p C[t, p];
its colour follows the row percent: green on the diagonal (right answers), orange off
it (mistakes), paler for fewer. Clicking a cell emits (t, p).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHeaderView, QSizePolicy, QTableWidget, QTableWidgetItem, QWidget

from nnviz.analysis.evaluate import Evaluation
from nnviz.ui.common.colors import GREEN, ORANGE
from nnviz.ui.plots.theme import mix, theme_colors

MIN_CELL = 14  # px: smaller cells show colour only
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ConfusionMatrixView(QWidget):
    """`setMatrix(C, names)`; `showPercent(on)`; `select(t, p)`; emits sigCellClicked(t, p)."""

    sigCellClicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.C = np.zeros((0, 0), np.int64)
        self.names: tuple[str, ...] = ()
        self.percent = False
        self.selected: tuple[int, int] | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 140)
        self.setToolTip(
            "Rows: the true class; columns: what the network predicted.\n"
            "The diagonal holds the right answers. Click a cell to see its samples."
        )

    def setMatrix(self, C: np.ndarray, names: tuple[str, ...] | list[str]) -> None:
        self.C = np.asarray(C, np.int64)
        self.names = tuple(names)
        if self.selected is not None and max(self.selected) >= len(self.names):
            self.selected = None
        self.update()

    def showPercent(self, on: bool) -> None:
        self.percent = bool(on)
        self.update()

    def select(self, t: int | None, p: int | None = None) -> None:
        self.selected = None if t is None or p is None else (int(t), int(p))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 300)

    def rowPercent(self) -> np.ndarray:
        rows = self.C.sum(axis=1, keepdims=True).astype(np.float64)
        return np.divide(100.0 * self.C, rows, out=np.zeros(self.C.shape), where=rows > 0)

    # ------------------------------------------------------------ geometry

    def _label_width(self) -> int:
        fm = QFontMetrics(self.font())
        widths = [fm.horizontalAdvance(n) for n in (*self.names, "true")]
        return max(widths) + 10

    def grid(self) -> tuple[QRectF, float]:
        """(rectangle of the cells, cell side)."""
        n = max(len(self.names), 1)
        fm = QFontMetrics(self.font())
        left = self._label_width() + fm.height() + 4
        top = 2 * fm.height() + 6
        side = max(min((self.width() - left - 4) / n, (self.height() - top - 4) / n), 1.0)
        return QRectF(left, top, side * n, side * n), side

    def cellAt(self, pos: QPointF) -> tuple[int, int] | None:
        rect, side = self.grid()
        if not rect.contains(pos) or not len(self.names):
            return None
        n = len(self.names)
        p = min(int((pos.x() - rect.left()) / side), n - 1)
        t = min(int((pos.y() - rect.top()) / side), n - 1)
        return t, p

    def cellCenter(self, t: int, p: int) -> QPointF:
        rect, side = self.grid()
        return QPointF(rect.left() + (p + 0.5) * side, rect.top() + (t + 0.5) * side)

    # ------------------------------------------------------------ events

    def mousePressEvent(self, e: QMouseEvent) -> None:
        cell = self.cellAt(e.position())
        if cell is not None and e.button() == Qt.MouseButton.LeftButton:
            self.select(*cell)
            self.sigCellClicked.emit(*cell)
        super().mousePressEvent(e)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        cell = self.cellAt(e.position())
        if cell is None:
            self.setToolTip(self.toolTip())
        else:
            t, p = cell
            pct = self.rowPercent()[t, p]
            what = "right" if t == p else "mistaken"
            self.setToolTip(
                f"true {self.names[t]}, predicted {self.names[p]}: {int(self.C[t, p])} "
                f"samples ({pct:.1f} % of the {self.names[t]}s, {what})"
            )
        super().mouseMoveEvent(e)

    def paintEvent(self, e: QPaintEvent) -> None:
        p = QPainter(self)
        self.paint(p)
        p.end()

    def paint(self, painter: QPainter) -> None:
        """Draw the matrix (also used for the PNG export)."""
        _, bg, fg = theme_colors(self, None)
        painter.fillRect(self.rect(), bg)
        n = len(self.names)
        if n == 0:
            painter.setPen(fg)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No evaluation yet")
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect, side = self.grid()
        pct = self.rowPercent()
        font = QFont(self.font())
        fm = QFontMetrics(font)
        small = QFont(font)  # the widest number fits in 85 % of a cell
        widest = "100" if self.percent else str(int(self.C.max(initial=0)))
        width = max(fm.horizontalAdvance(widest), 1)
        small.setPointSizeF(
            max(min(font.pointSizeF(), font.pointSizeF() * 0.85 * side / width), 5.0)
        )
        for t in range(n):
            for q in range(n):
                cell = QRectF(rect.left() + q * side, rect.top() + t * side, side, side)
                share = pct[t, q] / 100.0
                base = GREEN if t == q else ORANGE
                strength = share if t == q else min(1.0, share * 3.0)  # mistakes show early
                color = mix(base, bg, 0.08 + 0.85 * strength) if self.C[t, q] else bg
                painter.fillRect(cell, color)
                painter.setPen(QPen(mix((fg.red(), fg.green(), fg.blue()), bg, 0.15), 1))
                painter.drawRect(cell)
                if side >= MIN_CELL:
                    text = f"{pct[t, q]:.0f}" if self.percent else str(int(self.C[t, q]))
                    dark_cell = color.lightnessF() < 0.5
                    painter.setPen(QColor(255, 255, 255) if dark_cell else QColor(20, 20, 20))
                    painter.setFont(small)
                    painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, text)
        painter.setFont(font)
        painter.setPen(fg)
        for k, name in enumerate(self.names):  # predicted (top), true (left)
            col = QRectF(rect.left() + k * side, rect.top() - fm.height() - 2, side, fm.height())
            painter.drawText(col, Qt.AlignmentFlag.AlignCenter, _elide(fm, name, side))
            row = QRectF(fm.height() + 2, rect.top() + k * side, self._label_width() - 6, side)
            painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
        painter.drawText(
            QRectF(rect.left(), 0, rect.width(), fm.height() + 2),
            Qt.AlignmentFlag.AlignCenter,
            "predicted" + (" (row %)" if self.percent else ""),
        )
        painter.save()
        painter.translate(fm.height(), rect.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-rect.height() / 2, -fm.height(), rect.height(), fm.height()),
                         Qt.AlignmentFlag.AlignCenter, "true")  # fmt: skip
        painter.restore()
        if self.selected is not None:
            t, q = self.selected
            if t < n and q < n:
                painter.setPen(QPen(fg, 2.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(QRectF(rect.left() + q * side, rect.top() + t * side, side, side))


def _elide(fm: QFontMetrics, text: str, width: float) -> str:
    return fm.elidedText(text, Qt.TextElideMode.ElideRight, max(int(width), 8))


class MetricsTable(QTableWidget):
    """One row per class: recall (= accuracy on the class), precision, support."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(["class", "recall", "prec.", "n"])
        head = self.horizontalHeaderItem
        head(1).setToolTip("Recall = accuracy on the class: right answers among its samples")
        head(2).setToolTip("Precision: right answers among the samples predicted as the class")
        head(3).setToolTip("Samples of the class")
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 4)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def setEvaluation(self, ev: Evaluation) -> None:
        self.setRowCount(ev.n_classes)
        rec, prec, sup = ev.recall, ev.precision, ev.support
        for k, name in enumerate(ev.classes):
            cells = [name, _pct(rec[k]), _pct(prec[k]), str(int(sup[k]))]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(RIGHT)
                self.setItem(k, c, item)
        self.resizeColumnsToContents()
        w = self.horizontalHeader().length() + 2 * self.frameWidth()
        self.setMaximumWidth(w + self.verticalScrollBar().sizeHint().width())


def _pct(v: float) -> str:
    return "–" if not np.isfinite(v) else f"{v:.1%}"
