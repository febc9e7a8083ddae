"""Hover and selection: the item under the mouse or picked, and the connections of a
hovered unit (its strongest incoming and outgoing weights, everything else dimmed)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from nnviz.ui.common.selection import Selection
from nnviz.ui.netview.layout import Camera
from nnviz.ui.netview.state import NetState
from nnviz.ui.netview.theme import Theme, lut_color

N_LINKS = 24  # strongest incoming / outgoing weights drawn for a hovered unit
N_PIXEL_LINKS = 10


def strongest(w: np.ndarray, n: int) -> list[tuple[int, float]]:
    """(index, value) of the n entries of w with the largest |w|."""
    idx = np.argsort(np.abs(w))[-n:]
    return [(int(i), float(w[i])) for i in idx]


class Focus:
    """Owns the hovered and the selected item, and paints them.

    `paint_links` goes under the units (dims the edges, draws the hovered unit's
    strongest links); `paint_highlights` goes over them (rings, the picked weight).
    """

    def __init__(self, state: NetState, camera: Camera) -> None:
        self._state, self._camera = state, camera
        self.hover: Selection | None = None
        self.selection: Selection | None = None

    def clear(self) -> None:
        self.hover = self.selection = None

    def set_hover(self, sel: Selection | None) -> bool:
        """Hover `sel`; True when that changed what is hovered."""
        if sel == self.hover:
            return False
        self.hover = sel
        return True

    # ------------------------------------------------------------ painting

    def paint_links(self, p: QPainter, theme: Theme, height: float) -> None:
        """Under the units: dim the edges and draw the hovered unit's strongest links."""
        sel = self.hover
        if sel is None or sel.unit is None or sel.weight is not None:
            return
        st, cam = self._state, self._camera
        cols = cam.column_x()
        dim = QColor(theme.bg)
        dim.setAlpha(200)
        p.fillRect(QRectF(cols[0][0] - 4, 0, cols[-1][2] - cols[0][0] + 8, height), dim)
        if sel.layer == -1 and st.input_shape is not None:
            return  # a pixel's links are drawn over the tile, in _paint_pixel
        geo = cam.columns()
        c = sel.layer + 1
        try:
            centre = geo[c][0][sel.unit]
        except IndexError:
            return
        links = []
        W_in = st.W(sel.layer) if sel.layer >= 0 else None
        if W_in is not None:
            w_in = W_in[sel.unit]
            links += [(geo[c - 1][0][i], centre, w) for i, w in strongest(w_in, N_LINKS)]
        W_out = st.W(c) if c < len(geo) - 1 else None
        if W_out is not None:
            w_out = W_out[:, sel.unit]
            links += [(centre, geo[c + 1][0][j], w) for j, w in strongest(w_out, N_LINKS)]
        self._paint_links(p, links, theme)

    @staticmethod
    def _paint_links(p: QPainter, links: list, theme: Theme) -> None:
        if not links:
            return
        scale = max(abs(w) for _, _, w in links) or 1.0
        pos_c, neg_c = lut_color(theme.weights, 240), lut_color(theme.weights, 15)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for a, b, w in links:
            m = abs(w) / scale
            p.setPen(QPen(pos_c if w > 0 else neg_c, 0.8 + 3.2 * m))
            p.drawLine(QPointF(*a), QPointF(*b))

    def paint_highlights(self, p: QPainter, theme: Theme) -> None:
        """Over the units: the hovered item thin, the selected one bold."""
        if self.hover is not None and self.hover != self.selection:
            self._paint_item(p, self.hover, theme.text, 1.5, theme)
        if self.selection is not None:
            self._paint_item(p, self.selection, theme.highlight, 2.5, theme)

    def _paint_item(
        self, p: QPainter, sel: Selection, color: QColor, width: float, theme: Theme
    ) -> None:
        cols = self._camera.columns()
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
                if sel.layer == -1 and self._state.input_shape is not None:
                    self._paint_pixel(p, sel.unit, color, width, sel == self.hover, theme)
                else:
                    self._ring(p, sel.layer + 1, sel.unit, color, width)
        except IndexError:
            return

    def _ring(self, p: QPainter, column: int, unit: int, color: QColor, width: float) -> None:
        pos, r = self._camera.columns()[column]
        if column == 0 and self._state.input_shape is not None:
            return
        p.setPen(QPen(color, width))
        rr = max(r, 3.0) + 2.0 + width / 2
        p.drawEllipse(QPointF(*pos[unit]), rr, rr)

    def _paint_pixel(
        self, p: QPainter, i: int, color: QColor, width: float, hovered: bool, theme: Theme
    ) -> None:
        """The pixel's cell and, while hovered, its strongest outgoing weights."""
        tile, shape = self._camera.tile(), self._state.input_shape
        if tile is None or shape is None:
            return
        cell = tile[2] / shape[1]
        cols = self._camera.columns()
        c = cols[0][0][i]
        W = self._state.W(0)
        if W is not None and hovered:
            links = [(c, cols[1][0][j], w) for j, w in strongest(W[:, i], N_PIXEL_LINKS)]
            self._paint_links(p, links, theme)
        p.setPen(QPen(color, width))
        p.drawRect(QRectF(c[0] - cell / 2, c[1] - cell / 2, cell, cell))
