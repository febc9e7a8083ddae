"""The edge layer: which edges each dense layer draws, and their cached picture.

Thousands of lines are drawn into a pixmap that is reused for every animation frame,
and redrawn only when what it shows changes (weights, edge mode, top-k, theme, view),
at most once every EDGE_INTERVAL seconds (longer when a rebuild is slow, so rebuilding
takes at most EDGE_DUTY of the time): a change inside that interval starts a timer whose
repaint catches up. New values are chosen in one frame and drawn in the next; a slow
picture is drawn a layer per frame while the old one stays on screen.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from nnviz.ui.common import frame_budget
from nnviz.ui.netview.edges import EdgeSet, max_width_for, normalized, paint_edges, select_edges
from nnviz.ui.netview.layout import Camera
from nnviz.ui.netview.paint import blank_pixmap
from nnviz.ui.netview.state import EDGE_MODES, NetState
from nnviz.ui.netview.theme import Theme

EDGE_INTERVAL = 0.2  # seconds between two rebuilds of the edge layer, at least
EDGE_DUTY = 0.1  # ... and at most this share of the GUI thread's time spent rebuilding
EDGE_LIMIT = 2000  # layers with more edges draw only their strongest ones
DEFAULT_TOP_K = 300
SPLIT_S = 0.004  # choosing the edges takes longer than this: they are drawn a frame later
SPLIT_BUILD_S = 0.008  # drawing them takes longer than this: a layer per frame

Segments = list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]


class EdgeLayer:
    """Edge selection (mode, top-k), the values drawn and the cached pixmap of `widget`.

    `widget` is where the picture goes: its size, pixel ratio and `update()` are used.
    """

    def __init__(self, state: NetState, camera: Camera, widget: QWidget) -> None:
        self._state, self._camera, self._widget = state, camera, widget
        self.mode = "weights"
        self.top_k = DEFAULT_TOP_K
        self.builds = 0  # how many times the pixmap was drawn (tests, benchmarks)
        self.stale = True  # the pixmap is older than the data or view
        self._sets: list[EdgeSet] = []
        self._v: list[np.ndarray] = []
        self._lut: list[str] = []
        self._data_dirty = True
        self._cache: QPixmap | None = None
        self._cache_view: tuple | None = None  # (zoom, pan, size) the pixmap was drawn at
        self._last_build = 0.0
        self._build_s = 0.0  # how long the last rebuilds took (smoothed)
        self._data_s = 0.0  # how long choosing the edges took, last time
        self._data_version = 0  # counts the choices of edges
        self._part: tuple[QPixmap, tuple, list] | None = None  # a picture being drawn
        self._timer = QTimer(widget)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: frame_budget.resume(widget))

    # ------------------------------------------------------------ settings

    def set_mode(self, mode: str) -> None:
        """ "weights" W, "gradients" dW, "updates" ΔW or "flows" W[j, i]·x_i."""
        if mode not in EDGE_MODES:
            raise ValueError(f"edge mode must be one of {EDGE_MODES}, got {mode!r}")
        if mode != self.mode:
            self.mode = mode
            self.invalidate(data=True, now=True)

    def set_top_k(self, k: int) -> None:
        k = max(int(k), 1)
        if k != self.top_k:
            self.top_k = k
            self.invalidate(data=True, now=True)

    def limit(self, k: int) -> int:
        """How many edges of layer k to draw: top-k from an image tile; for a layer with
        more than EDGE_LIMIT edges its strongest max(top_k, 2 (n_in + n_out)); else all."""
        n_in, n_out = self._state.sizes[k], self._state.sizes[k + 1]
        if k == 0 and self._state.input_shape is not None:
            return self.top_k
        if n_in * n_out <= EDGE_LIMIT:
            return n_in * n_out
        return min(max(self.top_k, 2 * (n_in + n_out)), EDGE_LIMIT)

    # ------------------------------------------------------------ data

    def invalidate(self, data: bool = False, now: bool = False) -> None:
        """Something shown changed: `data` (the values) or only the view; `now` skips the
        throttle (architecture, mode, theme, size)."""
        if data:
            self._data_dirty = True
        if now:
            self._cache_view = None
        self.stale = True
        if now:
            self._widget.update()
        else:
            self._catch_up()

    def resized(self) -> None:
        """The widget changed size (a dock moved, a workspace switched): keep showing the
        old picture stretched to the new size, and rebuild once the size has stayed put
        for an interval, so a burst of resizes costs one rebuild, not one each."""
        if self._cache is None:
            self.invalidate(now=True)
            return
        self.stale = True
        self._last_build = time.monotonic()  # wait for the resizing to settle
        self._catch_up()

    def interval(self) -> float:
        """Seconds between two rebuilds: EDGE_INTERVAL, or more when rebuilds are slow
        (a big network, a busy machine): build time / EDGE_DUTY."""
        return max(EDGE_INTERVAL, self._build_s / EDGE_DUTY)

    def _catch_up(self) -> None:
        """Repaint now, or when `interval()` has passed since the last rebuild."""
        wait = self.interval() - (time.monotonic() - self._last_build)
        if wait <= 0:
            self._widget.update()
        elif not self._timer.isActive():
            self._timer.start(int(wait * 1000) + 1)

    def _ensure_data(self) -> None:
        if not self._data_dirty:
            return
        t0 = time.perf_counter()
        self._sets, self._v, self._lut = [], [], []
        for k in range(self._state.n_layers):
            vals, lut = self._state.edge_values(self.mode, k)
            if vals is None:
                es, v = EdgeSet(np.zeros(0, np.intp), np.zeros(0, np.intp)), np.zeros(0)
            else:
                es = select_edges(vals, self.limit(k))
                v = normalized(vals, es)
            self._sets.append(es)
            self._v.append(v)
            self._lut.append(lut)
        self._data_dirty = False
        self._data_version += 1
        self._data_s = time.perf_counter() - t0

    def drawn(self, layer: int) -> EdgeSet:
        """The edges of dense layer `layer` that are drawn (top-k when large)."""
        self._ensure_data()
        return self._sets[layer]

    def segments(self) -> Segments:
        """(p0, p1, j, i) of the drawn edges of every dense layer, in widget coordinates."""
        self._ensure_data()
        cols = self._camera.columns()
        return [
            (cols[k][0][es.i], cols[k + 1][0][es.j], es.j, es.i) for k, es in enumerate(self._sets)
        ]

    # ------------------------------------------------------------ painting

    def paint(
        self, p: QPainter, theme: Theme, antialias: bool = False, layers: range | None = None
    ) -> None:
        """Every drawn edge (of `layers`, all by default), straight onto `p` (export and
        the cached pixmap)."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing, antialias)
        zoom, segments = self._camera.zoom, self.segments()
        for k in layers if layers is not None else range(len(segments)):
            (p0, p1, _, _), v = segments[k], self._v[k]
            paint_edges(p, p0, p1, v, theme.lut(self._lut[k]), max_width_for(len(v), zoom),
                        theme.rgb_bg)  # fmt: skip

    def due(self) -> bool | None:
        """Whether the next blit rebuilds the picture: None no, True must (nothing to
        show otherwise), False could wait a frame."""
        if self._cache is None or self._cache_view is None:
            return True
        fresh = time.monotonic() - self._last_build >= 0.9 * self.interval()
        return False if self.stale and fresh else None

    def blit(self, p: QPainter, theme: Theme, rebuild: bool = True) -> None:
        """The cached picture, rebuilt when stale (throttled; `rebuild` False, when `due()`
        said it could wait, keeps the old one), shifted and scaled to the current view."""
        if not rebuild and (self._cache is None or self._cache_view is None):
            return  # a new network's edges, drawn in the next frame
        pm = self._pixmap(theme) if rebuild else self._cache  # not: `due()` was False
        assert pm is not None
        assert self._cache_view is not None
        z0, (x0, y0), (w0, h0) = self._cache_view
        cam = self._camera
        f = cam.zoom / z0
        sx, sy = self._widget.width() / w0, self._widget.height() / h0  # after a resize
        if f == 1.0 and (x0, y0) == cam.pan and sx == sy == 1.0:
            p.drawPixmap(0, 0, pm)
            return
        p.save()
        p.scale(sx, sy)
        p.translate(cam.pan[0] - x0 * f, cam.pan[1] - y0 * f)
        p.scale(f, f)
        p.drawPixmap(0, 0, pm)
        p.restore()

    def _pixmap(self, theme: Theme) -> QPixmap:
        fresh = time.monotonic() - self._last_build >= 0.9 * self.interval()
        if self._cache is None or self._cache_view is None or (self.stale and fresh):
            old = self._cache is not None and self._cache_view is not None
            if self._data_dirty and old and self._data_s > SPLIT_S:
                # many new values: chosen now, drawn in the next frame (two short pauses)
                self._ensure_data()
                self._timer.start(1)
                return self._cache
            if not self._build(theme, by_layer=old and self._build_s > SPLIT_BUILD_S):
                self._timer.start(1)  # the next layer in the next frame
        elif self.stale:
            self._catch_up()  # too soon after the last rebuild: make sure one follows
        assert self._cache is not None
        return self._cache

    @property
    def step_s(self) -> float:
        """How long the next step of a rebuild takes: one layer of a slow picture."""
        n = max(self._state.n_layers, 1)
        return self._build_s / n if self._build_s > SPLIT_BUILD_S else self._build_s

    def _build(self, theme: Theme, by_layer: bool) -> bool:
        """Draw the picture; `by_layer`: one more layer of it (the old picture stays until
        the last one is drawn). True when the new picture is in place."""
        t0 = time.perf_counter()
        self._ensure_data()
        size = (max(self._widget.width(), 1), max(self._widget.height(), 1))
        view = (self._camera.zoom, self._camera.pan, size, self._data_version, id(theme))
        if self._part is None or self._part[1] != view:  # a new start: nothing drawn yet
            self._part = (blank_pixmap(self._widget), view, [0, 0.0])
        pm, _, progress = self._part
        n, k = len(self._v), progress[0]
        p = QPainter(pm)
        self.paint(p, theme, layers=range(k, k + 1 if by_layer else n))
        p.end()
        progress[0] = k + 1 if by_layer else n
        progress[1] += time.perf_counter() - t0
        if progress[0] < n:
            return False
        self._build_s = 0.5 * self._build_s + 0.5 * progress[1]
        self._cache, self._part = pm, None
        self._cache_view = view[:3]
        self._last_build = time.monotonic()
        self.builds += 1
        self.stale = False
        return True
