"""Number tables of the step view: a coloured array model, a highlight delegate and a
titled table box whose columns are as wide as their numbers (from the font metrics)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nnviz.teach.formula import fmt
from nnviz.ui.common import colors

HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 1
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
MANY = 60  # columns above which all share one width


def is_light(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() >= 128


def max_chars(values: np.ndarray, digits: int) -> np.ndarray:
    """Per column, an upper bound of len(fmt(v, digits)): sign + digits + point, plus
    "0." and leading zeros (0.000ddd, |v| < 1) or an exponent ("e-05") when
    |v| < 1e-4 or |v| >= 10^digits; "0" for zero, 4 for nan/inf."""
    v = np.atleast_2d(np.asarray(values, dtype=np.float64))
    finite = np.isfinite(v)
    a = np.abs(np.where(finite, v, 0.0))
    e = np.floor(np.log10(np.where(a > 0, a, 1.0)))
    sci = (a > 0) & ((e < -4) | (e >= digits))
    n = np.where(e < 0, digits + 1 - e, digits + 1)
    n = np.where(sci, digits + 5 + (np.abs(e) >= 100), n)
    n = np.where(a == 0, 1, n) + (v < 0)
    n = np.where(finite, n, 4)
    return n.max(axis=0) if n.size else np.zeros(v.shape[1], dtype=int)


def _column_rgb(v: np.ndarray, kind: str, light: bool) -> np.ndarray | None:
    """RGB (n, 3) for one column (or block) of values by colour kind."""
    if kind == "plain" or v.size == 0:
        return None
    finite = np.nan_to_num(v)
    if kind == "seq" and finite.min() >= 0 and finite.max() <= 1:
        return colors.sequential(light)[colors.unit_index(finite)]
    lut = colors.gradient_map(light) if kind == "grad" else colors.diverging(light)
    scale = float(np.abs(finite).max())
    return lut[colors.signed_index(finite, scale)]


class ArrayModel(QAbstractTableModel):
    """A read-only 2-D array with labels, colour by value and highlighted cells.

    `kinds` gives each column's colour map ("signed", "grad", "seq", "plain"); columns that
    share a group name in `groups` share one colour scale (e.g. W and its bias column).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values = np.zeros((0, 0))
        self.rows: list[str] = []
        self.cols: list[str] = []
        self.rgb = np.zeros((0, 0, 3), dtype=np.uint8)
        self.colored = np.zeros((0, 0), dtype=bool)
        self.highlight: set[tuple[int, int]] = set()
        self.digits = 6

    def setArray(
        self,
        values: np.ndarray,
        rows: Sequence[str],
        cols: Sequence[str],
        kind: str | Sequence[str] = "signed",
        light: bool = True,
        digits: int = 6,
        shared: bool = False,
    ) -> None:
        """Replace the contents; `shared` colours every column on one scale."""
        self.beginResetModel()
        self.values = np.atleast_2d(np.asarray(values, dtype=np.float64))
        self.rows, self.cols, self.digits = list(rows), list(cols), digits
        kinds = [kind] * self.values.shape[1] if isinstance(kind, str) else list(kind)
        rgb = np.zeros((*self.values.shape, 3), dtype=np.uint8)
        mask = np.zeros(self.values.shape, dtype=bool)
        if shared and kinds:
            block = _column_rgb(self.values.ravel(), kinds[0], light)
            if block is not None:
                rgb[...] = block.reshape(rgb.shape)
                mask[...] = True
        else:
            for c, k in enumerate(kinds):
                col = _column_rgb(self.values[:, c], k, light)
                if col is not None:
                    rgb[:, c] = col
                    mask[:, c] = True
        self.rgb, self.colored = rgb, mask
        n_r, n_c = self.values.shape
        self.highlight = {(r, c) for r, c in self.highlight if r < n_r and c < n_c}
        self.endResetModel()

    def setHighlight(self, cells: set[tuple[int, int]]) -> None:
        """Outline these (row, column) cells; cells outside the table are dropped."""
        n_r, n_c = self.values.shape
        old = self.highlight
        self.highlight = {(r, c) for r, c in cells if 0 <= r < n_r and 0 <= c < n_c}
        for r, c in old ^ self.highlight:
            if 0 <= r < self.rowCount() and 0 <= c < self.columnCount():
                idx = self.index(r, c)
                self.dataChanged.emit(idx, idx)

    def value(self, r: int, c: int) -> float:
        return float(self.values[r, c])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.values.shape[0]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.values.shape[1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        v = self.values[r, c]
        if role == Qt.ItemDataRole.DisplayRole:
            return fmt(v, self.digits)
        if role == VALUE_ROLE:
            return float(v)
        if role == HIGHLIGHT_ROLE:
            return (r, c) in self.highlight
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{self.cols[c]}, {self.rows[r]}: {float(v)!r}"
        if self.colored[r, c] and role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            red, green, blue = (int(x) for x in self.rgb[r, c])
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(red, green, blue)
            dark_bg = 0.299 * red + 0.587 * green + 0.114 * blue < 140
            return QColor(255, 255, 255) if dark_bg else QColor(20, 20, 20)
        if role == Qt.ItemDataRole.FontRole and (r, c) in self.highlight:
            f = QFont()
            f.setBold(True)
            return f
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        labels = self.cols if orientation == Qt.Orientation.Horizontal else self.rows
        return labels[section] if 0 <= section < len(labels) else None


class HighlightDelegate(QStyledItemDelegate):
    """Keeps the value colours when selected; outlines highlighted cells."""

    def paint(self, painter, option: QStyleOptionViewItem, index: Index) -> None:  # type: ignore[override]
        opt = QStyleOptionViewItem(option)
        opt.state &= ~QStyle.StateFlag.State_Selected
        opt.state &= ~QStyle.StateFlag.State_HasFocus
        super().paint(painter, opt, index)
        if index.data(HIGHLIGHT_ROLE):
            pal = option.palette
            painter.save()
            r = option.rect.adjusted(1, 1, -2, -2)
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Text), 3))
            painter.drawRect(r)
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Base), 1))
            painter.drawRect(r.adjusted(2, 2, -2, -2))
            painter.restore()


class TableBox(QWidget):
    """A caption over a compact table view of an `ArrayModel`; emits clicked cells."""

    sigCellClicked = Signal(int, int)

    def __init__(self, title: str, tooltip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(title)
        self.caption.setToolTip(tooltip)
        self.caption.setWordWrap(True)
        self.model = ArrayModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(HighlightDelegate(self.view))
        self.view.setToolTip(tooltip)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.clicked.connect(lambda idx: self.sigCellClicked.emit(idx.row(), idx.column()))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.caption)
        lay.addWidget(self.view, 1)

    def setTitle(self, title: str) -> None:
        self.caption.setText(title)

    def fitColumns(self) -> None:
        """Columns as wide as their longest number in bold (from the font metrics) and their
        header; many columns share the widest one."""
        m, view = self.model, self.view
        bold = QFont(view.font())
        bold.setBold(True)
        fm = QFontMetrics(bold)
        pad = fm.horizontalAdvance("0") + 8
        view.verticalHeader().setDefaultSectionSize(fm.height() + 6)
        if m.columnCount() == 0:
            return
        digits = [fm.horizontalAdvance("0" * int(n)) + pad for n in max_chars(m.values, m.digits)]
        head = QFontMetrics(view.horizontalHeader().font())
        labels = [head.horizontalAdvance(c) + pad for c in m.cols]
        widths = [max(d, h) for d, h in zip(digits, labels, strict=True)]
        header = view.horizontalHeader()
        if len(widths) > MANY:
            header.setDefaultSectionSize(max(widths))
            for c in range(len(widths)):
                if header.sectionSize(c) != max(widths):
                    header.resizeSection(c, max(widths))
            return
        for c, w in enumerate(widths):
            header.resizeSection(c, w)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.fitColumns()
        super().changeEvent(event)

    def scrollToHighlight(self) -> None:
        if self.model.highlight:
            r, c = min(self.model.highlight)
            self.view.scrollTo(self.model.index(r, c))
