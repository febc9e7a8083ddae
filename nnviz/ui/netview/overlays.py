"""What is drawn over the cached layers during a step: the active layer, flowing
values and their pulses, the loss target and the update flash; and the status line."""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from nnviz.ui.netview.edge_layer import EdgeLayer
from nnviz.ui.netview.edges import max_width_for, normalized, paint_edges, select_edges
from nnviz.ui.netview.layout import Camera
from nnviz.ui.netview.paint import blank_pixmap
from nnviz.ui.netview.state import NetState, Segment
from nnviz.ui.netview.theme import Theme, lut_color

N_PULSES = 28
REVEAL = 0.85  # fraction of a layer's segment spent moving the front across


class Overlays:
    """Paints the segment of a step being shown over the cached layers.

    The values flowing through one segment are rendered once into a pixmap (kept
    while the segment, the data or the view stay the same) and revealed up to a moving
    front, with pulses riding the strongest edges.
    """

    def __init__(self, state: NetState, camera: Camera, edges: EdgeLayer, widget: QWidget):
        self._state, self._camera, self._edges, self._widget = state, camera, edges, widget
        self._cache: dict[tuple, tuple | None] = {}
        self.render_s = 0.0  # how long rendering a segment's flows takes (smoothed)

    def clear(self) -> None:
        """Forget the rendered flows (the theme changed)."""
        self._cache.clear()

    # ------------------------------------------------------------ texts

    def status_text(self, seg: Segment | None) -> str:
        """The status line: what the edges show, or the formula of the segment."""
        st, mode = self._state, self._edges.mode
        if seg is None:
            if mode == "flows" and st.x is not None:
                return "Edges: flows w·a for the input shown"
            if mode in ("weights", "flows") or st.step is None:
                return "Edges: weights W"
            if mode == "gradients":
                return "Edges: gradients dW of the last step"
            return "Edges: updates ΔW = W_after − W_before of the last step"
        if seg.phase == "forward":
            return f"Forward · layer {seg.layer + 1}:  z = W·x + b,  a = f(z)   (edges: w·a)"
        if seg.phase == "loss":
            loss = f"{st.step.loss:.4g}" if st.step is not None else "?"
            return f"Loss:  L = {loss}"
        if seg.phase == "backward":
            return f"Backward · layer {seg.layer + 1}:  δ = ∂L/∂z,  dW = δ·xᵀ   (edges: dW)"
        name = st.step.optimizer.name if st.step is not None else ""
        return f"Update ({name}):  W ← W + ΔW   (edges: ΔW)"

    # ------------------------------------------------------------ band and flows

    def _band_rect(self, seg: Segment | None) -> QRectF | None:
        if seg is None or seg.phase == "update":
            return None
        cols = self._camera.column_x()
        h = self._widget.height()
        if seg.phase == "loss":
            left, _, right = cols[-1]
            return QRectF(left - 14, 0, right - left + 28 + 80, h)
        k = seg.layer or 0
        left, right = cols[k][0], cols[k + 1][2]
        return QRectF(left - 14, 0, right - left + 28, h)

    def paint_band(self, p: QPainter, seg: Segment | None, theme: Theme) -> None:
        """The background band of the active layer (under everything)."""
        rect = self._band_rect(seg)
        if rect is not None:
            p.fillRect(rect, theme.band)

    def _flow_data(self, seg: Segment) -> tuple[np.ndarray, np.ndarray, np.ndarray, str] | None:
        """(p0, p1, v) of the edges flowing in this segment, and the LUT name."""
        st, limit = self._state, self._edges.limit
        cols = self._camera.columns()
        if seg.phase == "update":
            if st.step is None:
                return None
            parts = []
            for k in range(st.n_layers):
                dW = np.asarray(st.step.params_after[k][0], float) - st.step.params_before[k][0]
                es = select_edges(dW, limit(k))
                parts.append((cols[k][0][es.i], cols[k + 1][0][es.j], normalized(dW, es)))
            p0, p1, v = (np.concatenate([q[m] for q in parts]) for m in range(3))
            return p0, p1, v, "weights"
        k = seg.layer
        if k is None:
            return None
        if seg.phase == "forward":
            vals, lut = st.flow_values(k), "weights"
        else:
            vals = None if st.step is None else np.asarray(st.step.layers[k].dW, float)
            lut = "grads"
        if vals is None:
            return None
        es = select_edges(vals, limit(k))
        return cols[k][0][es.i], cols[k + 1][0][es.j], normalized(vals, es), lut

    @staticmethod
    def _fade(seg: Segment, theme: Theme) -> tuple[int, int, int]:
        """The colour weak overlay edges fade into: the band (flows) or the background."""
        c = theme.bg if seg.phase == "update" else theme.band
        return (c.red(), c.green(), c.blue())

    def due(self, seg: Segment, data_key: object) -> bool | None:
        """Whether painting `seg` renders its flows anew: None no (cached, or nothing
        flows), False yes but it could wait a frame (the dim band shows meanwhile)."""
        if seg.phase == "loss" or (seg.phase, seg.layer, data_key, self._camera.key) in self._cache:
            return None
        return False

    def _flow_layer(self, seg: Segment, theme: Theme, data_key: object):
        key = (seg.phase, seg.layer, data_key, self._camera.key)
        if key in self._cache:
            return self._cache[key]
        data = self._flow_data(seg)
        if data is None:
            self._cache.clear()
            self._cache[key] = None  # nothing flows here: known, not due again
            return None
        p0, p1, v, lut = data
        t0 = time.perf_counter()
        pm = blank_pixmap(self._widget)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        width = max_width_for(len(v), self._camera.zoom)
        paint_edges(p, p0, p1, v, theme.lut(lut), width, self._fade(seg, theme))
        p.end()
        self.render_s = 0.5 * (self.render_s + time.perf_counter() - t0)
        top = np.argsort(np.abs(v))[-N_PULSES:]
        self._cache.clear()
        hit = self._cache[key] = (pm, p0[top], p1[top], np.sign(v[top]), lut)
        return hit

    def paint_segment(
        self,
        p: QPainter,
        seg: Segment,
        theme: Theme,
        direct: bool,
        data_key: object,
        render: bool = True,
    ) -> None:
        """Dim the active region, then draw its values (revealed up to the moving front).

        `direct` paints the edges as vectors (export); otherwise the rendered flows are
        reused while `data_key` (what the values depend on) stays the same, and new ones
        are rendered only if `render` (else this frame shows the dimmed band alone).
        """
        th = theme
        if seg.phase == "loss":
            self._paint_target(p, seg, theme)
            return
        w, h = self._widget.width(), self._widget.height()
        cols = self._camera.column_x()
        op = 1.0
        if seg.phase == "update":
            op = 1.0 if seg.s < 0.35 else max(0.0, (1.0 - seg.s) / 0.65)
            left, right, dim = cols[0][0], cols[-1][2], QColor(th.bg)
        else:
            k = seg.layer or 0
            left, right, dim = cols[k][0], cols[k + 1][2], QColor(th.band)
        dim.setAlpha(round(215 * op))
        p.fillRect(QRectF(left, 0, right - left, h), dim)
        s = 1.0 if seg.phase == "update" else min(seg.s / REVEAL, 1.0)
        front = left + (right - left) * s if seg.phase != "backward" else right - (right - left) * s
        rect = QRectF(front, 0, w - front, h) if seg.phase == "backward" else QRectF(0, 0, front, h)
        if direct:
            data = self._flow_data(seg)
            if data is not None:
                p0, p1, v, lut = data
                p.save()
                p.setClipRect(rect)
                p.setOpacity(op)
                p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                width = max_width_for(len(v), self._camera.zoom)
                paint_edges(p, p0, p1, v, th.lut(lut), width, self._fade(seg, th))
                p.restore()
            return
        if not render:  # new flows, postponed a frame (`due()` was False)
            return
        hit = self._flow_layer(seg, theme, data_key)
        if hit is None:
            return
        pm, q0, q1, sign, lut = hit
        p.setOpacity(op)
        dpr = pm.devicePixelRatio()
        src = QRectF(rect.x() * dpr, rect.y() * dpr, rect.width() * dpr, rect.height() * dpr)
        p.drawPixmap(rect, pm, src)
        p.setOpacity(1.0)
        if seg.phase == "update":
            return
        if s >= 1.0 or len(q0) == 0:
            return
        t = s if seg.phase == "forward" else 1.0 - s
        pts = q0 + (q1 - q0) * t
        lut_arr = th.lut(lut)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(th.bg, 1.0))
        rad = 3.2
        for sgn, idx in ((1.0, 250), (-1.0, 5)):
            p.setBrush(lut_color(lut_arr, idx))
            for x, y in pts[sign == sgn].tolist():
                p.drawEllipse(QPointF(x, y), rad, rad)

    def _paint_target(self, p: QPainter, seg: Segment, theme: Theme) -> None:
        """The loss: dashed rings on the target units, breathing."""
        st = self._state
        if st.step is None:
            return
        y = np.asarray(st.step.Y[0])
        if y.ndim != 1 or len(y) != st.sizes[-1]:
            return
        pos, r = self._camera.columns()[-1]
        grow = 2.0 + 3.0 * math.sin(math.pi * min(seg.s, 1.0))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(theme.highlight, 2.0, Qt.PenStyle.DashLine))
        for u in np.flatnonzero(y > 0.5)[:3].tolist():
            p.drawEllipse(QPointF(*pos[u]), r + grow, r + grow)
