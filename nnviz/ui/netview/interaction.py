"""Mouse and keyboard of the network view: hover, tooltips, click to select, zoom, pan."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QToolTip, QWidget

from nnviz.ui.common.selection import Selection
from nnviz.ui.netview.edge_layer import EdgeLayer
from nnviz.ui.netview.focus import Focus
from nnviz.ui.netview.hover import HOVER_T, hit_test, tip_for
from nnviz.ui.netview.layout import Camera
from nnviz.ui.netview.state import NetState

ZOOM_STEP = 1.25
DRAG_START = 4.0  # pixels before a press becomes a pan


class Picker:
    """What is at a widget position, and its tooltip."""

    def __init__(self, state: NetState, camera: Camera, edges: EdgeLayer) -> None:
        self._state, self._camera, self._edges = state, camera, edges

    def item_at(self, pos: QPointF) -> Selection | None:
        """The unit, input pixel or drawn edge at widget position `pos`."""
        if not self._state.sizes:
            return None
        cam = self._camera
        segments = self._edges.segments()
        return hit_test(
            (pos.x(), pos.y()), cam.columns(), cam.tile(), self._state.input_shape, segments
        )

    def tooltip_at(self, pos: QPointF, light: bool) -> str:
        """Rich text for whatever is at `pos`, or ""."""
        return tip_for(self._state, self.item_at(pos), light)

    def edge_point(self, layer: int, j: int, i: int) -> QPointF:
        """A point in the middle part of edge W_layer[j, i] where `item_at` finds that edge.

        It sits a little before the exact middle: on evenly spaced columns many edges
        cross exactly at their middles, and there only one of them could be picked.
        Edges from an input tile are measured from where they leave the tile.
        """
        a = QPointF(*self._camera.node(layer - 1, i))
        b = QPointF(*self._camera.node(layer, j))
        t0 = 0.0
        tile = self._camera.tile() if layer == 0 else None
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


class Controller(QObject):
    """Turns the events of `widget` into camera moves, hover and selection (an event
    filter on the widget).

    `select(sel)` is called when a click or Escape changes the selection, `hovered(sel)`
    when the item under the mouse changes; `light()` tells the tooltips' colours.
    """

    def __init__(
        self,
        widget: QWidget,
        camera: Camera,
        focus: Focus,
        picker: Picker,
        select: Callable[[Selection | None], None],
        hovered: Callable[[Selection | None], None],
        light: Callable[[], bool],
    ) -> None:
        super().__init__(widget)
        self._widget, self._camera, self._focus, self._picker = widget, camera, focus, picker
        self._select, self._hovered, self._light = select, hovered, light
        self._press: QPointF | None = None
        self._pan_start: tuple[float, float] | None = None
        self._dragging = False
        widget.setMouseTracking(True)
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        T = QEvent.Type
        kind = ev.type()
        handlers = {
            T.Wheel: self.wheel,
            T.MouseButtonDblClick: self.double_click,
            T.MouseButtonPress: self.press,
            T.MouseMove: self.move,
            T.MouseButtonRelease: self.release,
            T.ToolTip: self.tooltip,
        }
        if obj is not self._widget:
            return False
        if kind in handlers:
            handlers[kind](ev)  # type: ignore[operator]
            return True
        if kind == T.Leave:
            self.hover(None)
        elif kind == T.KeyPress:
            return self.key(ev)  # type: ignore[arg-type]
        return False

    def zoom_in(self) -> None:
        self._camera.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._camera.zoom_by(1.0 / ZOOM_STEP)

    # ------------------------------------------------------------ events

    def wheel(self, ev: QWheelEvent) -> None:
        steps = ev.angleDelta().y() / 120.0
        if steps:
            pos = ev.position()
            self._camera.zoom_by(ZOOM_STEP**steps, (pos.x(), pos.y()))
        ev.accept()

    def double_click(self, ev: QMouseEvent) -> None:
        if self._picker.item_at(ev.position()) is None:
            self._camera.fit()
        ev.accept()

    def press(self, ev: QMouseEvent) -> None:
        if ev.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
            self._press = ev.position()
            self._pan_start = self._camera.pan
            self._dragging = ev.button() == Qt.MouseButton.MiddleButton
        ev.accept()

    def move(self, ev: QMouseEvent) -> None:
        pos = ev.position()
        if self._press is not None and self._pan_start is not None:
            d = pos - self._press
            if not self._dragging and max(abs(d.x()), abs(d.y())) > DRAG_START:
                self._dragging = self._picker.item_at(self._press) is None or bool(
                    ev.buttons() & Qt.MouseButton.MiddleButton
                )
            if self._dragging:
                self._widget.setCursor(Qt.CursorShape.ClosedHandCursor)
                self._camera.set_pan((self._pan_start[0] + d.x(), self._pan_start[1] + d.y()))
                return
        self.hover(self._picker.item_at(pos))

    def release(self, ev: QMouseEvent) -> None:
        if (
            self._press is not None
            and not self._dragging
            and ev.button() == Qt.MouseButton.LeftButton
        ):
            sel = self._picker.item_at(ev.position())
            if sel != self._focus.selection:
                self._select(sel)
        self._press = None
        self._pan_start = None
        self._dragging = False
        self._widget.unsetCursor()
        ev.accept()

    def key(self, ev: QKeyEvent) -> bool:
        """Ctrl+= / Ctrl+- zoom, Ctrl+0 fits, Escape clears the selection; False when the
        key is not ours."""
        ctrl = bool(ev.modifiers() & Qt.KeyboardModifier.ControlModifier)
        key = ev.key()
        if ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif ctrl and key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif ctrl and key == Qt.Key.Key_0:
            self._camera.fit()
        elif key == Qt.Key.Key_Escape and self._focus.selection is not None:
            self._select(None)
        else:
            return False
        ev.accept()
        return True

    def tooltip(self, ev: QEvent) -> None:
        assert isinstance(ev, QHelpEvent)
        text = self._picker.tooltip_at(QPointF(ev.pos()), self._light())
        if text:
            QToolTip.showText(ev.globalPos(), text, self._widget)
        else:
            QToolTip.hideText()
            ev.ignore()

    def hover(self, sel: Selection | None) -> None:
        if self._focus.set_hover(sel):
            self._hovered(sel)
