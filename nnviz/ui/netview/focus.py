"""Hover and selection: the item under the mouse or picked, and the connections of a
hovered unit (its strongest incoming and outgoing weights, everything else dimmed)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from nnviz.ui.common.selection import Selection
from nnviz.ui.netview.theme import lut_color

N_LINKS = 24  # strongest incoming / outgoing weights drawn for a hovered unit
N_PIXEL_LINKS = 10


class FocusMixin:
    """Hover focus and selection highlights of `NetworkView`."""

    def _paintFocus(self, p: QPainter) -> None:
        """Under the units: dim the edges and draw the hovered unit's strongest links."""
        sel = self._hover
        if sel is None or sel.unit is None or sel.weight is not None:
            return
        st = self._state
        cols = self._columnX()
        dim = QColor(self._theme.bg)
        dim.setAlpha(200)
        p.fillRect(QRectF(cols[0][0] - 4, 0, cols[-1][2] - cols[0][0] + 8, self.height()), dim)
        if sel.layer == -1 and st.input_shape is not None:
            return  # a pixel's links are drawn over the tile, in _paintPixel
        geo = self._widgetColumns()
        c = sel.layer + 1
        try:
            centre = geo[c][0][sel.unit]
        except IndexError:
            return
        links = []
        if sel.layer >= 0 and st.W(sel.layer) is not None:
            w_in = st.W(sel.layer)[sel.unit]
            links += [(geo[c - 1][0][i], centre, w) for i, w in self._strongest(w_in, N_LINKS)]
        if c < len(geo) - 1 and st.W(c) is not None:
            w_out = st.W(c)[:, sel.unit]
            links += [(centre, geo[c + 1][0][j], w) for j, w in self._strongest(w_out, N_LINKS)]
        self._paintLinks(p, links)

    @staticmethod
    def _strongest(w: np.ndarray, n: int) -> list[tuple[int, float]]:
        idx = np.argsort(np.abs(w))[-n:]
        return [(int(i), float(w[i])) for i in idx]

    def _paintLinks(self, p: QPainter, links: list) -> None:
        if not links:
            return
        scale = max(abs(w) for _, _, w in links) or 1.0
        lut = self._theme.weights
        pos_c, neg_c = lut_color(lut, 240), lut_color(lut, 15)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for a, b, w in links:
            m = abs(w) / scale
            p.setPen(QPen(pos_c if w > 0 else neg_c, 0.8 + 3.2 * m))
            p.drawLine(QPointF(*a), QPointF(*b))

    def _paintHighlights(self, p: QPainter) -> None:
        th = self._theme
        if self._hover is not None and self._hover != self._selection:
            self._paintItem(p, self._hover, th.text, 1.5)
        if self._selection is not None:
            self._paintItem(p, self._selection, th.highlight, 2.5)

    def _paintItem(self, p: QPainter, sel: Selection, color: QColor, width: float) -> None:
        st = self._state
        cols = self._widgetColumns()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setBrush(Qt.BrushStyle.NoBrush)
        try:
            if sel.weight is not None:
                j, i = sel.weight
                a, b = cols[sel.layer][0][i], cols[sel.layer + 1][0][j]
                p.setPen(QPen(color, width + 1.0))
                p.drawLine(QPointF(*a), QPointF(*b))
                for c, u in ((sel.layer, i), (sel.layer + 1, j)):
                    self._ring(p, c, u, color, width)
            elif sel.unit is not None:
                if sel.layer == -1 and st.input_shape is not None:
                    self._paintPixel(p, sel.unit, color, width, sel == self._hover)
                else:
                    self._ring(p, sel.layer + 1, sel.unit, color, width)
        except IndexError:
            return

    def _ring(self, p: QPainter, column: int, unit: int, color: QColor, width: float) -> None:
        pos, r = self._widgetColumns()[column]
        if column == 0 and self._state.input_shape is not None:
            return
        p.setPen(QPen(color, width))
        rr = max(r, 3.0) + 2.0 + width / 2
        p.drawEllipse(QPointF(*pos[unit]), rr, rr)

    def _paintPixel(
        self, p: QPainter, i: int, color: QColor, width: float, sel_is_hover: bool
    ) -> None:
        """The pixel's cell and its strongest outgoing weights."""
        tile = self._widgetTile()
        st = self._state
        if tile is None:
            return
        cell = tile[2] / st.input_shape[1]
        cols = self._widgetColumns()
        c = cols[0][0][i]
        W = st.W(0)
        if W is not None and sel_is_hover:
            links = [(c, cols[1][0][j], w) for j, w in self._strongest(W[:, i], N_PIXEL_LINKS)]
            self._paintLinks(p, links)
        p.setPen(QPen(color, width))
        p.drawRect(QRectF(c[0] - cell / 2, c[1] - cell / 2, cell, cell))
