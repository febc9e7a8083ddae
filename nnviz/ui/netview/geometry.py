"""Geometry of `NetworkView`: the scene layout mapped through zoom and pan, and the
edges each layer draws."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF

from nnviz.ui.netview.edges import EdgeSet, normalized, select_edges
from nnviz.ui.netview.hover import HOVER_T
from nnviz.ui.netview.layout import Layout, compute_layout

EDGE_LIMIT = 2000  # layers with more edges draw only their strongest ones


class GeometryMixin:
    """Widget coordinates of units, tile and edges (cached per view transform)."""

    def drawnEdges(self, layer: int) -> EdgeSet:
        """The edges of dense layer `layer` the edge layer draws (top-k when large)."""
        self._ensureEdgeData()
        return self._edgeSets[layer]

    def nodeCenter(self, layer: int, unit: int) -> QPointF:
        """Widget position of unit `unit` of dense layer `layer` (-1: input, pixel centre)."""
        pos, _ = self._widgetColumns()[layer + 1]
        return QPointF(float(pos[unit, 0]), float(pos[unit, 1]))

    def edgeMidpoint(self, layer: int, j: int, i: int) -> QPointF:
        """A point in the middle part of edge W_layer[j, i] where hovering finds that edge.

        It sits a little before the exact middle: on evenly spaced columns many edges
        cross exactly at their middles, and there only one of them could be picked.
        Edges from an input tile are measured from where they leave the tile.
        """
        a, b = self.nodeCenter(layer - 1, i), self.nodeCenter(layer, j)
        t0 = 0.0
        tile = self._widgetTile() if layer == 0 else None
        if tile is not None:
            x0, y0, w, h = tile
            exits = [
                (bound - pa) / (pb - pa)
                for pa, pb, lo, hi in ((a.x(), b.x(), x0, x0 + w), (a.y(), b.y(), y0, y0 + h))
                for bound in (lo, hi)
                if pb != pa and 0.0 < (bound - pa) / (pb - pa) <= 1.0
            ]
            t0 = min(exits, default=0.0)
        return a + (b - a) * (t0 + (1.0 - t0) * HOVER_T)

    # ------------------------------------------------------------ geometry

    def _ensureLayout(self) -> Layout:
        w, h = max(self.width(), 1), max(self.height(), 1)
        if self._layout is None or (self._layout.width, self._layout.height) != (w, h):
            self._layout = compute_layout(self._state.sizes, self._state.input_shape, w, h)
        return self._layout

    def _widgetColumns(self) -> list[tuple[np.ndarray, float]]:
        """(centres (n, 2), radius) per column in widget coordinates."""
        lay = self._ensureLayout()
        key = (id(lay), self._zoom, self._pan)
        if key != self._geomKey:
            z, (px, py) = self._zoom, self._pan
            self._geom = [(c.pos * z + (px, py), c.r * z) for c in lay.columns]
            self._geomKey = key
        return self._geom

    def _widgetTile(self) -> tuple[float, float, float, float] | None:
        lay = self._ensureLayout()
        tile = lay.columns[0].tile if lay.columns else None
        if tile is None:
            return None
        z, (px, py) = self._zoom, self._pan
        return (tile[0] * z + px, tile[1] * z + py, tile[2] * z, tile[3] * z)

    def _columnX(self) -> list[tuple[float, float, float]]:
        """(left, centre, right) x of every column in widget coordinates."""
        lay = self._ensureLayout()
        z, px = self._zoom, self._pan[0]
        return [
            ((c.x - c.half_width) * z + px, c.x * z + px, (c.x + c.half_width) * z + px)
            for c in lay.columns
        ]

    def _limit(self, k: int) -> int:
        """How many edges of layer k to draw: top-k from an image tile; for a layer with
        more than EDGE_LIMIT edges its strongest max(k, 2 (n_in + n_out)); else all."""
        n_in, n_out = self._state.sizes[k], self._state.sizes[k + 1]
        if k == 0 and self._state.input_shape is not None:
            return self._topK
        if n_in * n_out <= EDGE_LIMIT:
            return n_in * n_out
        return min(max(self._topK, 2 * (n_in + n_out)), EDGE_LIMIT)

    def _ensureEdgeData(self) -> None:
        if not self._edgeDataDirty:
            return
        self._edgeSets, self._edgeV, self._edgeLut = [], [], []
        for k in range(self._state.n_layers):
            vals, lut = self._state.edge_values(self._mode, k)
            if vals is None:
                es, v = EdgeSet(np.zeros(0, np.intp), np.zeros(0, np.intp)), np.zeros(0)
            else:
                es = select_edges(vals, self._limit(k))
                v = normalized(vals, es)
            self._edgeSets.append(es)
            self._edgeV.append(v)
            self._edgeLut.append(lut)
        self._edgeDataDirty = False

    def _segments(self, sets: list[EdgeSet]) -> list[tuple[np.ndarray, np.ndarray]]:
        cols = self._widgetColumns()
        return [(cols[k][0][es.i], cols[k + 1][0][es.j]) for k, es in enumerate(sets)]

    def _widgetSegments(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        self._ensureEdgeData()
        segs = self._segments(self._edgeSets)
        return [(p0, p1, es.j, es.i) for (p0, p1), es in zip(segs, self._edgeSets, strict=True)]

    def _lut(self, name: str) -> np.ndarray:
        return {"weights": self._theme.weights, "grads": self._theme.grads}.get(
            name, self._theme.acts
        )
