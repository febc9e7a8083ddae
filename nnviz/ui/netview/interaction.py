"""Mouse and keyboard of the network view: hover, tooltips, click to select, zoom, pan."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QToolTip

from nnviz.ui.common.selection import Selection
from nnviz.ui.netview.hover import hit_test, tip_for

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.5, 40.0
DRAG_START = 4.0  # pixels before a press becomes a pan


class InteractionMixin:
    """Event handlers of `NetworkView`; the view provides geometry and state."""

    def _initInteraction(self) -> None:
        self._press: QPointF | None = None
        self._panStart: tuple[float, float] | None = None
        self._dragging = False

    # ------------------------------------------------------------ queries

    def itemAt(self, pos: QPointF) -> Selection | None:
        """The unit, input pixel or drawn edge at widget position `pos`."""
        if not self._state.sizes:
            return None
        self._ensureEdgeData()
        return hit_test(
            (pos.x(), pos.y()),
            self._widgetColumns(),
            self._widgetTile(),
            self._state.input_shape,
            self._widgetSegments(),
        )

    def tooltipAt(self, pos: QPointF) -> str:
        """The tooltip text (rich text) for whatever is at `pos`, or ""."""
        return tip_for(self._state, self.itemAt(pos), not self._theme.dark)

    # ------------------------------------------------------------ zoom and pan

    def zoomBy(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by `factor` keeping the scene point under `anchor` (default: centre) fixed."""
        a = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        z = min(max(self._zoom * factor, MIN_ZOOM), MAX_ZOOM)
        f = z / self._zoom
        self._pan = (a.x() - (a.x() - self._pan[0]) * f, a.y() - (a.y() - self._pan[1]) * f)
        self._zoom = z
        self._viewChanged()

    def zoomIn(self) -> None:
        self.zoomBy(ZOOM_STEP)

    def zoomOut(self) -> None:
        self.zoomBy(1.0 / ZOOM_STEP)

    def fitView(self) -> None:
        """Show the whole network (zoom 1, no pan)."""
        self._zoom, self._pan = 1.0, (0.0, 0.0)
        self._viewChanged()

    def zoom(self) -> float:
        return self._zoom

    # ------------------------------------------------------------ events

    def wheelEvent(self, ev: QWheelEvent) -> None:
        steps = ev.angleDelta().y() / 120.0
        if steps:
            self.zoomBy(ZOOM_STEP**steps, ev.position())
        ev.accept()

    def mouseDoubleClickEvent(self, ev: QMouseEvent) -> None:
        if self.itemAt(ev.position()) is None:
            self.fitView()
        ev.accept()

    def mousePressEvent(self, ev: QMouseEvent) -> None:
        if ev.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
            self._press = ev.position()
            self._panStart = self._pan
            self._dragging = ev.button() == Qt.MouseButton.MiddleButton
        ev.accept()

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:
        pos = ev.position()
        if self._press is not None and self._panStart is not None:
            d = pos - self._press
            if not self._dragging and max(abs(d.x()), abs(d.y())) > DRAG_START:
                self._dragging = self.itemAt(self._press) is None or bool(
                    ev.buttons() & Qt.MouseButton.MiddleButton
                )
            if self._dragging:
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self._pan = (self._panStart[0] + d.x(), self._panStart[1] + d.y())
                self._viewChanged()
                return
        self._setHover(self.itemAt(pos))

    def mouseReleaseEvent(self, ev: QMouseEvent) -> None:
        if (
            self._press is not None
            and not self._dragging
            and ev.button() == Qt.MouseButton.LeftButton
        ):
            sel = self.itemAt(ev.position())
            if sel != self._selection:
                self.select(sel)
                self.sigSelectionChanged.emit(sel)
        self._press = None
        self._panStart = None
        self._dragging = False
        self.unsetCursor()
        ev.accept()

    def leaveEvent(self, ev: QEvent) -> None:
        self._setHover(None)

    def keyPressEvent(self, ev: QKeyEvent) -> None:
        ctrl = bool(ev.modifiers() & Qt.KeyboardModifier.ControlModifier)
        key = ev.key()
        if ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoomIn()
        elif ctrl and key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoomOut()
        elif ctrl and key == Qt.Key.Key_0:
            self.fitView()
        elif key == Qt.Key.Key_Escape and self._selection is not None:
            self.select(None)
            self.sigSelectionChanged.emit(None)
        else:
            super().keyPressEvent(ev)
            return
        ev.accept()

    def event(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.ToolTip:
            assert isinstance(ev, QHelpEvent)
            text = self.tooltipAt(QPointF(ev.pos()))
            if text:
                QToolTip.showText(ev.globalPos(), text, self)
            else:
                QToolTip.hideText()
                ev.ignore()
            return True
        return super().event(ev)

    def _setHover(self, sel: Selection | None) -> None:
        if sel != self._hover:
            self._hover = sel
            self.sigHovered.emit(sel)
            self.update()
