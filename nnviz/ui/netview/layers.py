"""Painting of `NetworkView`: the cached edge and unit layers, the scene, the export."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPixmap

from nnviz.ui.netview.edges import max_width_for, paint_edges
from nnviz.ui.netview.labels import caption_lines, paint_captions, paint_legend, paint_output_labels
from nnviz.ui.netview.paint import paint_nodes, paint_tile, tile_image
from nnviz.ui.netview.state import node_kinds

EDGE_INTERVAL = 0.2  # seconds between two rebuilds of the edge layer


class LayersMixin:
    """Cached layers and the full scene, drawn on screen or into a file."""

    def edgeLayerBuilds(self) -> int:
        """How many times the cached edge layer was drawn (for tests and benchmarks)."""
        return self._edgeBuilds

    def exportImage(self, path: str) -> None:
        """Save the picture: SVG by suffix ".svg", otherwise PNG at twice the screen size."""
        size = self.size()
        if Path(path).suffix.lower() == ".svg":
            from PySide6.QtSvg import QSvgGenerator

            gen = QSvgGenerator()
            gen.setFileName(str(path))
            gen.setSize(size)
            gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
            gen.setTitle("nnviz network")
            p = QPainter(gen)
            self._paintScene(p, direct=True, vector=True)
            p.end()
            return
        img = QImage(size * 2, QImage.Format.Format_ARGB32_Premultiplied)
        img.setDevicePixelRatio(2.0)
        p = QPainter(img)
        self._paintScene(p, direct=True)
        p.end()
        if not img.save(str(path)):
            raise OSError(f"could not write {path}")

    # ------------------------------------------------------------ layers

    def _paintEdgeLayer(self, p: QPainter, antialias: bool = False) -> None:
        self._ensureEdgeData()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, antialias)
        for (p0, p1), v, lut, es in zip(
            self._segments(self._edgeSets), self._edgeV, self._edgeLut, self._edgeSets, strict=True
        ):
            paint_edges(
                p, p0, p1, v, self._lut(lut), max_width_for(len(es), self._zoom), self._theme.rgb_bg
            )

    def _paintNodeLayer(self, p: QPainter, kinds: list[str], vector: bool = False) -> None:
        st, th = self._state, self._theme
        tile = self._widgetTile()
        for c, (pos, r) in enumerate(self._widgetColumns()):
            nc = st.node_colors(c, kinds[c])
            if c == 0 and tile is not None and st.input_shape is not None:
                x = st.x if kinds[0] != "none" else None
                paint_tile(p, QRectF(*tile), tile_image(x, st.input_shape, th), th)
                continue
            ring = st.bias_colors(c - 1) if c >= 1 else None
            paint_nodes(p, pos, r, self._lut(nc.lut), nc.idx, ring, th, batched=not vector)
        pos, r = self._widgetColumns()[-1]
        names = self._classNames or [str(u) for u in range(len(pos))]
        if len(names) < len(pos):
            names = names + [str(u) for u in range(len(names), len(pos))]
        probs = None
        if st.a is not None and kinds[-1] == "act" and st.activations[-1] in ("softmax", "sigmoid"):
            probs = st.a[-1]
        paint_output_labels(p, pos, r, names, probs, th, self.width())

    def _blank(self) -> QPixmap:
        dpr = self.devicePixelRatioF()
        pm = QPixmap(self.size() * dpr)
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.GlobalColor.transparent)
        return pm

    def _edgeLayer(self) -> QPixmap:
        fresh = time.monotonic() - self._lastEdgeBuild >= 0.9 * EDGE_INTERVAL
        if self._edgeCache is None or self._edgeCacheView is None or (self._edgeStale and fresh):
            pm = self._blank()
            p = QPainter(pm)
            self._paintEdgeLayer(p)
            p.end()
            self._edgeCache = pm
            self._edgeCacheView = (self._zoom, self._pan, self.size())
            self._lastEdgeBuild = time.monotonic()
            self._edgeBuilds += 1
            self._edgeStale = False
        return self._edgeCache

    def _nodeLayer(self, kinds: list[str]) -> QPixmap:
        key = (
            tuple(kinds),
            self._nodeVersion,
            self._zoom,
            self._pan,
            self.size(),
            self._themeVersion,
        )
        if self._nodeCache is None or key != self._nodeKey:
            pm = self._blank()
            p = QPainter(pm)
            p.setFont(self.font())
            self._paintNodeLayer(p, kinds)
            p.end()
            self._nodeCache, self._nodeKey = pm, key
        return self._nodeCache

    # ------------------------------------------------------------ painting

    def paintEvent(self, ev: QPaintEvent) -> None:
        p = QPainter(self)
        self._paintScene(p, direct=False)
        p.end()

    def _paintScene(self, p: QPainter, direct: bool, vector: bool = False) -> None:
        """Everything; `direct` paints without the cached pixmaps (export), `vector` also
        avoids raster tricks (SVG)."""
        th = self._theme
        boxed = self._zoom != 1.0 or self._pan != (0.0, 0.0)
        if th.boxed != boxed:
            th = self._theme = dataclasses.replace(th, boxed=boxed)
        p.fillRect(QRectF(0, 0, self.width(), self.height()), th.bg)
        if not self._state.sizes:
            p.setPen(th.faint)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No network yet")
            return
        seg = self._seg
        kinds = node_kinds(seg, self._state.n_layers)
        self._paintBand(p, seg)
        if direct:
            p.save()
            self._paintEdgeLayer(p, antialias=True)
            p.restore()
        else:
            self._blitEdgeLayer(p)
        if seg is not None:
            self._paintSegment(p, seg, direct)
        self._paintFocus(p)
        if direct:
            p.save()
            self._paintNodeLayer(p, kinds, vector)
            p.restore()
        else:
            p.drawPixmap(0, 0, self._nodeLayer(kinds))
        self._paintHighlights(p)
        cols = self._columnX()
        lay = self._ensureLayout()
        active = None
        if seg is not None:
            active = len(cols) - 1 if seg.layer is None else seg.layer + 1
        lines = caption_lines(self._state.sizes, self._state.activations, self._state.input_shape)
        paint_captions(
            p,
            [c[1] for c in cols],
            lines,
            max(lay.gap * self._zoom * 0.92, 60),
            th,
            active if seg is not None and seg.phase != "update" else None,
            lay.margins.caption_lines,
        )
        m = lay.margins
        status = self._statusText(seg)
        paint_legend(p, self.width(), self.height(), th, status, m.legend, m.status)

    def _blitEdgeLayer(self, p: QPainter) -> None:
        pm = self._edgeLayer()
        assert self._edgeCacheView is not None
        z0, (x0, y0), _ = self._edgeCacheView
        f = self._zoom / z0
        if f == 1.0 and (x0, y0) == self._pan:
            p.drawPixmap(0, 0, pm)
            return
        p.save()
        p.translate(self._pan[0] - x0 * f, self._pan[1] - y0 * f)
        p.scale(f, f)
        p.drawPixmap(0, 0, pm)
        p.restore()
