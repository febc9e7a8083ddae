"""What is drawn over the cached layers: the active layer, flowing values, pulses,
the update flash, hover and selection, and the status line."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from nnviz.ui.netview.edges import max_width_for, normalized, paint_edges, select_edges
from nnviz.ui.netview.state import Segment
from nnviz.ui.netview.theme import lut_color

N_PULSES = 28
REVEAL = 0.85  # fraction of a layer's segment spent moving the front across


class OverlayMixin:
    """Animated and interactive overlays of `NetworkView`."""

    def _initOverlays(self) -> None:
        self._overlayCache: dict[tuple, tuple] = {}

    def _setSegment(self, seg: Segment | None) -> None:
        self._seg = seg
        self.update()

    # ------------------------------------------------------------ texts

    def _statusText(self, seg: Segment | None) -> str:
        st = self._state
        if seg is None:
            if self._mode == "flows" and st.x is not None:
                return "Edges: flows w·a for the input shown"
            if self._mode in ("weights", "flows") or st.step is None:
                return "Edges: weights W"
            if self._mode == "gradients":
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

    def _bandRect(self, seg: Segment | None) -> QRectF | None:
        if seg is None or seg.phase == "update":
            return None
        cols = self._columnX()
        h = self.height()
        if seg.phase == "loss":
            left, _, right = cols[-1]
            return QRectF(left - 14, 0, right - left + 28 + 80, h)
        k = seg.layer or 0
        left, right = cols[k][0], cols[k + 1][2]
        return QRectF(left - 14, 0, right - left + 28, h)

    def _paintBand(self, p: QPainter, seg: Segment | None) -> None:
        rect = self._bandRect(seg)
        if rect is not None:
            p.fillRect(rect, self._theme.band)

    def _flowData(self, seg: Segment) -> tuple[np.ndarray, np.ndarray, np.ndarray, str] | None:
        """(p0, p1, v) of the edges flowing in this segment, and the LUT name."""
        st = self._state
        cols = self._widgetColumns()
        if seg.phase == "update":
            if st.step is None:
                return None
            parts = []
            for k in range(st.n_layers):
                dW = np.asarray(st.step.params_after[k][0], float) - st.step.params_before[k][0]
                es = select_edges(dW, self._limit(k))
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
        es = select_edges(vals, self._limit(k))
        return cols[k][0][es.i], cols[k + 1][0][es.j], normalized(vals, es), lut

    def _fade(self, seg: Segment) -> tuple[int, int, int]:
        """The colour weak overlay edges fade into: the band (flows) or the background."""
        c = self._theme.bg if seg.phase == "update" else self._theme.band
        return (c.red(), c.green(), c.blue())

    def _flowLayer(self, seg: Segment):
        key = (
            seg.phase,
            seg.layer,
            self._cycle,
            self._nodeVersion if not self._timer.isActive() else 0,
            self._zoom,
            self._pan,
            self.size(),
            self._themeVersion,
        )
        hit = self._overlayCache.get(key)
        if hit is not None:
            return hit
        data = self._flowData(seg)
        if data is None:
            return None
        p0, p1, v, lut = data
        pm = self._blank()
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        paint_edges(
            p, p0, p1, v, self._lut(lut), max_width_for(len(v), self._zoom), self._fade(seg)
        )
        p.end()
        top = np.argsort(np.abs(v))[-N_PULSES:]
        self._overlayCache.clear()
        hit = self._overlayCache[key] = (pm, p0[top], p1[top], np.sign(v[top]), lut)
        return hit

    def _paintSegment(self, p: QPainter, seg: Segment, direct: bool) -> None:
        """Dim the active region, then draw its values (revealed up to the moving front)."""
        th = self._theme
        if seg.phase == "loss":
            self._paintTarget(p, seg)
            return
        w, h = self.width(), self.height()
        cols = self._columnX()
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
            data = self._flowData(seg)
            if data is not None:
                p0, p1, v, lut = data
                p.save()
                p.setClipRect(rect)
                p.setOpacity(op)
                p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                width = max_width_for(len(v), self._zoom)
                paint_edges(p, p0, p1, v, self._lut(lut), width, self._fade(seg))
                p.restore()
            return
        hit = self._flowLayer(seg)
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
        lut_arr = self._lut(lut)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(th.bg, 1.0))
        rad = 3.2
        for sgn, idx in ((1.0, 250), (-1.0, 5)):
            p.setBrush(lut_color(lut_arr, idx))
            for x, y in pts[sign == sgn].tolist():
                p.drawEllipse(QPointF(x, y), rad, rad)

    def _paintTarget(self, p: QPainter, seg: Segment) -> None:
        st = self._state
        if st.step is None:
            return
        y = np.asarray(st.step.Y[0])
        if y.ndim != 1 or len(y) != st.sizes[-1]:
            return
        pos, r = self._widgetColumns()[-1]
        grow = 2.0 + 3.0 * math.sin(math.pi * min(seg.s, 1.0))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(self._theme.highlight, 2.0, Qt.PenStyle.DashLine))
        for u in np.flatnonzero(y > 0.5)[:3].tolist():
            p.drawEllipse(QPointF(*pos[u]), r + grow, r + grow)
