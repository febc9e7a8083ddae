"""The whole picture, layer over layer, on screen or into a file.

1. the active-layer band;
2. the edge layer (cached pixmap, `EdgeLayer`);
3. the segment being animated (`Overlays`), the hover focus (`Focus`);
4. the unit layer: discs, input tile, output labels (cached pixmap, `NodeLayer`),
   redrawn when the shown values change;
5. highlights, captions, legend and status line, drawn every frame.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QFont, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from nnviz.ui.common import frame_budget
from nnviz.ui.netview.edge_layer import EdgeLayer
from nnviz.ui.netview.focus import Focus
from nnviz.ui.netview.input_labels import paint_input_labels
from nnviz.ui.netview.labels import caption_lines, paint_captions, paint_legend, paint_output_labels
from nnviz.ui.netview.layout import Camera
from nnviz.ui.netview.overlays import Overlays
from nnviz.ui.netview.paint import blank_pixmap, paint_nodes, paint_tile, tile_image
from nnviz.ui.netview.state import NetState, Segment, node_kinds
from nnviz.ui.netview.theme import Theme
from nnviz.util import atomic_path


class NodeLayer:
    """Units, input tile and output labels, cached until the values shown change."""

    def __init__(self, state: NetState, camera: Camera, widget: QWidget) -> None:
        self._state, self._camera, self._widget = state, camera, widget
        self.version = 0  # bumped by `touch`
        self.class_names: list[str] | None = None
        self._cache: QPixmap | None = None
        self._key: tuple | None = None

    def touch(self) -> None:
        """The values, names, theme or view changed: redraw at the next paint."""
        self.version += 1
        self._widget.update()

    def due(self, kinds: list[str]) -> bool | None:
        """None: the cached picture is current; True: it must be drawn (none yet, or the
        view moved); False: only the values changed, so it could wait a frame."""
        key = (tuple(kinds), self.version, self._camera.key)
        if self._cache is None or self._key is None or self._key[2] != key[2]:
            return True
        return None if key == self._key else False

    def pixmap(self, kinds: list[str], theme: Theme, font: QFont, rebuild: bool = True) -> QPixmap:
        key = (tuple(kinds), self.version, self._camera.key)
        if self._cache is None or (key != self._key and rebuild):  # not: `due()` said wait
            pm = blank_pixmap(self._widget)
            p = QPainter(pm)
            p.setFont(font)
            self.paint(p, kinds, theme)
            p.end()
            self._cache, self._key = pm, key
        return self._cache

    def paint(self, p: QPainter, kinds: list[str], theme: Theme, vector: bool = False) -> None:
        """Column c shows kinds[c]: "act" (activations), "grad" (deltas) or "none"."""
        st, cam = self._state, self._camera
        tile = cam.tile()
        for c, (pos, r) in enumerate(cam.columns()):
            nc = st.node_colors(c, kinds[c])
            if c == 0 and tile is not None and st.input_shape is not None:
                x = st.x if kinds[0] != "none" else None
                paint_tile(p, QRectF(*tile), tile_image(x, st.input_shape, theme), theme)
                continue
            ring = st.bias_colors(c - 1) if c >= 1 else None
            paint_nodes(p, pos, r, theme.lut(nc.lut), nc.idx, ring, theme, batched=not vector)
        named = st.named_inputs()
        if named is not None and kinds:
            pos0, r0 = cam.columns()[0]
            left = cam.column_x()[0][0]
            lay = cam.layout()
            z, py = cam.zoom, cam.pan[1]
            bounds = (lay.margins.top * z + py, (lay.height - lay.margins.bottom) * z + py)
            x = st.x if kinds[0] != "none" else None
            paint_input_labels(p, pos0, r0, left, named, st.input_strength(), x, theme, bounds)
        pos, r = cam.columns()[-1]
        names = self.class_names or [str(u) for u in range(len(pos))]
        if len(names) < len(pos):
            names = names + [str(u) for u in range(len(names), len(pos))]
        probs = None
        if st.a is not None and kinds[-1] == "act" and st.activations[-1] in ("softmax", "sigmoid"):
            probs = st.a[-1]
        paint_output_labels(p, pos, r, names, probs, theme, self._widget.width())


class Scene:
    """Composes the layers of `widget` into one picture (see the module docstring), in
    its theme and text size."""

    def __init__(
        self,
        widget: QWidget,
        state: NetState,
        camera: Camera,
        edges: EdgeLayer,
        nodes: NodeLayer,
        overlays: Overlays,
        focus: Focus,
    ) -> None:
        self._widget, self._state, self._camera = widget, state, camera
        self._edges, self._nodes, self._overlays, self._focus = edges, nodes, overlays, focus
        self._dark: bool | None = None  # None: follow the palette
        self._theme = Theme.from_palette(widget.palette())
        self.text_scale = 1.0
        self._waited = [0, 0, 0]  # frames the flows, units and edges have waited to redraw
        self.complete_next = False  # the next paint redraws all that changed (a scrub)
        self._later = QTimer(widget, singleShot=True)
        self._later.timeout.connect(lambda: frame_budget.resume(widget))

    @property
    def theme(self) -> Theme:
        """The colours, with text on backdrops while zoomed or panned."""
        if self._theme.boxed != self._camera.moved:
            self._theme = dataclasses.replace(self._theme, boxed=self._camera.moved)
        return self._theme

    def apply_theme(self, dark: bool | None = None, keep: bool = False) -> None:
        """Colours from the widget's palette; `dark` forces light or dark data colours
        (`keep`: the last forced choice)."""
        if not keep:
            self._dark = dark
        self._theme = Theme.from_palette(self._widget.palette(), self._dark)
        self._overlays.clear()
        self._edges.invalidate(now=True)
        self._nodes.touch()

    def set_text_scale(self, f: float) -> None:
        """Text at f × the widget's font; the camera makes room and enlarges units."""
        if f != self.text_scale:
            self.text_scale = f
            self._camera.set_scale(f)

    def font(self) -> QFont:
        font = QFont(self._widget.font())
        if self.text_scale != 1.0:
            font.setPointSizeF(font.pointSizeF() * self.text_scale)
        return font

    def view_changed(self) -> None:
        """Zoom or pan moved: the cached layers follow."""
        self._edges.invalidate()
        self._nodes.touch()

    def paint_widget(self, seg: Segment | None, data_key: object) -> None:
        """The widget's paint event."""
        p = QPainter(self._widget)
        self.paint(p, self.theme, self.font(), seg, data_key)
        p.end()

    def paint(
        self,
        p: QPainter,
        theme: Theme,
        font: QFont,
        seg: Segment | None,
        data_key: object,
        direct: bool = False,
        vector: bool = False,
    ) -> None:
        """Everything, in `font`. `direct` paints without the cached pixmaps (export),
        `vector` also avoids raster tricks (SVG); `data_key` names the values the
        segment's flows come from (see `Overlays.paint_segment`)."""
        w, h = self._widget.width(), self._widget.height()
        p.setFont(font)
        p.fillRect(QRectF(0, 0, w, h), theme.bg)
        if not self._state.sizes:
            p.setPen(theme.faint)
            p.drawText(QRectF(0, 0, w, h), Qt.AlignmentFlag.AlignCenter, "No network yet")
            return
        kinds = node_kinds(seg, self._state.n_layers)
        flows, nodes, edges = self._rebuilds(seg, data_key, kinds, direct)
        self._overlays.paint_band(p, seg, theme)
        if direct:
            p.save()
            self._edges.paint(p, theme, antialias=True)
            p.restore()
        else:
            self._edges.blit(p, theme, edges)
        if seg is not None:
            self._overlays.paint_segment(p, seg, theme, direct, data_key, flows)
        self._focus.paint_links(p, theme, h)
        if direct:
            p.save()
            self._nodes.paint(p, kinds, theme, vector)
            p.restore()
        else:
            p.drawPixmap(0, 0, self._nodes.pixmap(kinds, theme, font, nodes))
        self._focus.paint_highlights(p, theme)
        self._paint_text(p, theme, seg)

    def _rebuilds(
        self, seg: Segment | None, data_key: object, kinds: list[str], direct: bool
    ) -> tuple[bool, bool, bool]:
        """Which cached pictures this paint may redraw: (flows, nodes, edges). One that
        could wait is redrawn only if nothing else must be, no other view claimed the
        frame and it fits in the event loop's current pause (`frame_budget`; it waits at
        most MAX_WAITS frames): the one kept waiting longest, flows first; the rest follow
        in the next frames, so a frame costs at most one rebuild plus what cannot wait."""
        if direct:
            return True, True, True
        if self.complete_next:
            self.complete_next = False
            self._waited = [0, 0, 0]
            return True, True, True
        due = [
            None if seg is None else self._overlays.due(seg, data_key),
            self._nodes.due(kinds),
            self._edges.due(),
        ]
        if due[1] is True and due[2] is True and frame_budget.pause_elapsed() is not None:
            due[2] = False  # a whole new picture: units now, edges in the next frame
        waiting = [k for k, d in enumerate(due) if d is False]
        pick = None
        free = not any(d is True for d in due) and not frame_budget.claimed()
        if waiting and free:  # the one kept waiting longest, if it fits in this pause
            pick = max(waiting, key=lambda k: (self._waited[k], -k))
            flows = self._overlays.render_s or self._edges.step_s  # similar, before known
            cost = (flows, 0.0, self._edges.step_s)[pick]
            if self._waited[pick] < frame_budget.MAX_WAITS and not frame_budget.fits(cost):
                pick = None
        # None: nothing to redraw now (an edge layer still inside its interval is asked
        # anyway, so it schedules its own catch-up)
        allow = [d is not False or k == pick for k, d in enumerate(due)]
        for k in range(3):
            self._waited[k] = self._waited[k] + 1 if due[k] is False and not allow[k] else 0
        if any(self._waited):  # the deferred ones next frame, after another view's claim
            self._later.start(round(1000 * frame_budget.remaining()) + 1)
        return allow[0], allow[1], allow[2]

    def _paint_text(self, p: QPainter, theme: Theme, seg: Segment | None) -> None:
        st, cam = self._state, self._camera
        cols = cam.column_x()
        lay = cam.layout()
        active = None
        if seg is not None and seg.phase != "update":
            active = len(cols) - 1 if seg.layer is None else seg.layer + 1
        lines = caption_lines(st.sizes, st.activations, st.input_shape)
        max_w = max(lay.gap * cam.zoom * 0.92, 60)
        m = lay.margins
        paint_captions(p, [c[1] for c in cols], lines, max_w, theme, active, m.caption_lines)
        status = self._overlays.status_text(seg)
        w, h = self._widget.width(), self._widget.height()
        paint_legend(p, w, h, theme, status, m.legend, m.status)

    def export(self, path: str, seg: Segment | None) -> None:
        """Save the picture: SVG by suffix ".svg", otherwise PNG at twice the screen size."""
        suffix = Path(path).suffix.lower()
        with atomic_path(path, suffix=suffix or ".png") as tmp:  # the writers go by suffix
            self._export(str(tmp), seg, suffix == ".svg")

    def _export(self, path: str, seg: Segment | None, svg: bool) -> None:
        size = self._widget.size()
        theme, font = self.theme, self.font()
        if svg:
            from PySide6.QtSvg import QSvgGenerator

            gen = QSvgGenerator()
            gen.setFileName(str(path))
            gen.setSize(size)
            gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
            gen.setTitle("nnviz network")
            p = QPainter(gen)
            self.paint(p, theme, font, seg, None, direct=True, vector=True)
            p.end()
            return
        img = QImage(size * 2, QImage.Format.Format_ARGB32_Premultiplied)
        img.setDevicePixelRatio(2.0)
        p = QPainter(img)
        self.paint(p, theme, font, seg, None, direct=True)
        p.end()
        if not img.save(str(path)):
            raise OSError(f"could not write {path}")
