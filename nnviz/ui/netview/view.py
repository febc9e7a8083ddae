"""`NetworkView`: every layer a column of units, every weight an edge.

The widget wires the objects listed in the package docstring and keeps the public API;
each object owns its state.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from nnviz.engine.network import Network
from nnviz.engine.record import Step
from nnviz.ui.common.frame_budget import PaintTurn
from nnviz.ui.common.selection import Selection
from nnviz.ui.netview.animation import AnimationClock, AnimationControls
from nnviz.ui.netview.edge_layer import DEFAULT_TOP_K, EDGE_LIMIT, EdgeLayer
from nnviz.ui.netview.edges import EdgeSet
from nnviz.ui.netview.focus import Focus
from nnviz.ui.netview.input_labels import label_width
from nnviz.ui.netview.interaction import Controller, Picker
from nnviz.ui.netview.layout import Camera
from nnviz.ui.netview.overlays import Overlays
from nnviz.ui.netview.scene import NodeLayer, Scene
from nnviz.ui.netview.state import NetState, Segment

__all__ = ["DEFAULT_TOP_K", "EDGE_LIMIT", "NetworkView"]


class NetworkView(AnimationControls, QWidget):
    """The network: units as discs (fill = activation, ring = bias), weights as edges.

    Edge colour = sign (orange +, blue −), width = |value| relative to its layer.
    Signals: `sigSelectionChanged(Selection | None)` on click, `sigHovered(Selection |
    None)` when the item under the mouse changes, `sigAnimationFinished()`.
    """

    sigSelectionChanged = Signal(object)
    sigHovered = Signal(object)
    sigAnimationFinished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._network: Network | None = None
        self._state = NetState()
        size = lambda: (self.width(), self.height())  # noqa: E731
        self._camera = Camera(self._state, size, lambda: self._scene.view_changed())
        self._edges = EdgeLayer(self._state, self._camera, self)
        self._nodes = NodeLayer(self._state, self._camera, self)
        self._overlays = Overlays(self._state, self._camera, self._edges, self)
        self._focus = Focus(self._state, self._camera)
        self._clock = AnimationClock(self)
        self._clock.sigChanged.connect(self._clockChanged)
        self._clock.sigFinished.connect(self.sigAnimationFinished)
        self._scene = Scene(
            self, self._state, self._camera, self._edges, self._nodes, self._overlays, self._focus
        )
        # every paint fills the whole view (opaque); it waits its turn in a busy frame
        self._turn = PaintTurn(self, lambda: self._scene.theme.bg)
        self._picker = picker = Picker(self._state, self._camera, self._edges)
        light = lambda: not self.isDark()  # noqa: E731
        self._input = Controller(
            self, self._camera, self._focus, picker, self._userSelect, self._hovered, light
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Network view")
        self.setWhatsThis(
            "Every layer is a column of units, every weight an edge (orange positive, blue "
            "negative, width = |w|). Hover for values, click to select, wheel or Ctrl+Alt+=/- "
            "to zoom, drag empty space to pan, double-click or Ctrl+Alt+0 to fit."
        )

    def sizeHint(self) -> QSize:
        return QSize(900, 560)

    # ------------------------------------------------------------ what is shown

    def setNetwork(self, net: Network, input_shape: tuple[int, int] | None = None) -> None:
        """Show `net` (its architecture and current parameters); `shownNetwork()` returns
        it until another architecture is shown. Call `setParams(net.params())` after the
        network changes."""
        self.setArchitecture(list(net.sizes), list(net.activations), input_shape)
        self.setParams(net.params())
        self._network = net

    def shownNetwork(self) -> Network | None:
        """The engine `Network` this view draws (the one given to `setNetwork`)."""
        return self._network

    def setArchitecture(
        self, sizes: list[int], activations: list[str], input_shape: tuple[int, int] | None = None
    ) -> None:
        """Rebuild for a network of `sizes`; input_shape=(28, 28) draws the input as a tile."""
        self.stopAnimation()
        self._network = None
        self._state.set_architecture(list(sizes), list(activations), input_shape)
        self._camera.left_text = label_width(self._state.named_inputs(), self._scene.font())
        self._focus.clear()
        self._camera.reset_layout()
        self._edges.invalidate(data=True, now=True)
        self._nodes.touch()

    def setParams(self, params: list[tuple[np.ndarray, np.ndarray]], now: bool = False) -> None:
        """New weights and biases (the edge layer follows at most ~5 times a second, or
        at the next paint when `now`, e.g. while scrubbing through a run's history: then
        that paint shows everything new at once, units and edges)."""
        self._state.set_params(params)
        self._edges.invalidate(data=True, now=now)
        self._nodes.touch()
        if now:
            self._scene.complete_next = True

    def setDifference(self, dW: list[np.ndarray] | None) -> None:
        """Edges show dW[k] = W_k(B) - W_k(A) of two moments (gradient colours); None:
        back to the edge mode."""
        self._state.difference = None if dW is None else [np.asarray(d) for d in dW]
        self._edges.invalidate(data=True, now=True)

    def showForward(self, x: np.ndarray, activations: list, z: list | None = None) -> None:
        """Light the units for one input x (n_in,), activations/z per dense layer (n_out,)."""
        self.stopAnimation()
        self._state.set_forward(x, list(activations), None if z is None else list(z))
        self._clock.hold(None)
        self._nodes.touch()
        if self._edges.mode == "flows":
            self._edges.invalidate(data=True)  # throttled: at most ~5 redraws a second

    def showStep(self, step: Step) -> None:
        """Animate forward -> backward -> update of `step` (replacing any running one)."""
        self._acceptStep(step)
        if not self._clock.enabled or self._state.n_layers == 0:
            self._clock.hold(None)
        else:
            self._clock.play(self._state.n_layers)

    def showFrame(self, step: Step, phase: str, layer: int | None) -> None:
        """A still of one step-by-step frame: phase "forward"|"loss"|"backward"|"update"."""
        if phase not in ("forward", "loss", "backward", "update"):
            raise ValueError(f"unknown phase {phase!r}")
        self.stopAnimation()
        self._acceptStep(step)
        if phase in ("forward", "backward") and layer is None:
            layer = 0 if phase == "forward" else self._state.n_layers - 1
        layered = phase in ("forward", "backward")
        # a still shows a layer's values fully arrived, and the update flash at full strength
        s = 0.0 if phase == "update" else 1.0
        self._clock.hold(Segment(phase, layer if layered else None, s))

    def setInputNames(self, names: list[str] | None) -> None:
        """Names of the input units (e.g. words), left of the inputs: as many as fit, those on
        in the sample shown, then the most strongly connected (sum_j |W1[j, i]|), first."""
        self._state.input_names = None if names is None else [str(n) for n in names]
        self._camera.set_left_text(label_width(self._state.named_inputs(), self._scene.font()))
        self._edges.invalidate(now=True)
        self._nodes.touch()

    def inputNames(self) -> list[str] | None:
        return self._state.input_names

    def setClassNames(self, names: list[str] | None) -> None:
        """Labels of the output units (default: their index)."""
        self._nodes.class_names = None if names is None else [str(n) for n in names]
        self._nodes.touch()

    # ------------------------------------------------------------ edges

    def setEdgeMode(self, mode: str) -> None:
        """Edges show "weights" W, the last step's "gradients" dW or its "updates" ΔW, or
        "flows" W[j, i]·x_i: what each weight carries for the sample shown."""
        self._edges.set_mode(mode)

    def edgeMode(self) -> str:
        return self._edges.mode

    def setTopK(self, k: int) -> None:
        """Draw only the k strongest input edges (image inputs), and of any layer with more
        than 2000 edges only its strongest max(k, 2 (n_in + n_out))."""
        self._edges.set_top_k(k)

    def drawnEdges(self, layer: int) -> EdgeSet:
        """The edges of dense layer `layer` the edge layer draws (top-k when large)."""
        return self._edges.drawn(layer)

    def edgeLayerBuilds(self) -> int:
        """How many times the cached edge layer was drawn (for tests and benchmarks)."""
        return self._edges.builds

    # ------------------------------------------------------------ selection and geometry

    def select(self, sel: Selection | None) -> None:
        """Highlight `sel` (does not emit `sigSelectionChanged`)."""
        self._focus.selection = sel
        self.update()

    def selection(self) -> Selection | None:
        return self._focus.selection

    def itemAt(self, pos: QPointF) -> Selection | None:
        """The unit, input pixel or drawn edge at widget position `pos`."""
        return self._picker.item_at(pos)

    def tooltipAt(self, pos: QPointF) -> str:
        """The tooltip text (rich text) for whatever is at `pos`, or ""."""
        return self._picker.tooltip_at(pos, not self.isDark())

    def nodeCenter(self, layer: int, unit: int) -> QPointF:
        """Widget position of unit `unit` of dense layer `layer` (-1: input, pixel centre)."""
        return QPointF(*self._camera.node(layer, unit))

    def edgeMidpoint(self, layer: int, j: int, i: int) -> QPointF:
        """A point of edge W_layer[j, i] where hovering finds that edge."""
        return self._picker.edge_point(layer, j, i)

    # ------------------------------------------------------------ zoom, text size, theme

    def zoomBy(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by `factor` keeping the scene point under `anchor` (default: centre) fixed."""
        self._camera.zoom_by(factor, None if anchor is None else (anchor.x(), anchor.y()))

    def zoomIn(self) -> None:
        self._input.zoom_in()

    def zoomOut(self) -> None:
        self._input.zoom_out()

    def fitView(self) -> None:
        """Show the whole network (zoom 1, no pan)."""
        self._camera.fit()

    def zoom(self) -> float:
        return self._camera.zoom

    def setTextScale(self, f: float) -> None:
        """Draw text at f × the widget's font, with room to match, and units up to f × as
        large (for a text-size setting; 1 is normal, clamped to 0.5..4)."""
        self._scene.set_text_scale(min(max(float(f), 0.5), 4.0))
        self._camera.set_left_text(label_width(self._state.named_inputs(), self._scene.font()))

    def textScale(self) -> float:
        return self._scene.text_scale

    def setTheme(self, dark: bool) -> None:
        """Light or dark data colours; chrome colours follow `palette()`."""
        self._scene.apply_theme(bool(dark))

    def isDark(self) -> bool:
        return self._scene.theme.dark

    def exportImage(self, path: str) -> None:
        """Save the picture: SVG by suffix ".svg", otherwise PNG at twice the screen size."""
        self._scene.export(path, self._clock.segment)

    # ------------------------------------------------------------ internals

    def _acceptStep(self, step: Step) -> None:
        st = self._state
        if not st.sizes or not st.matches(step.params_after):
            sizes = [step.X.shape[1], *(t.a.shape[1] for t in step.layers)]
            shape = st.input_shape or ((28, 28) if sizes[0] == 784 else None)
            self.setArchitecture(sizes, [t.activation for t in step.layers], shape)
        st.set_step(step)
        if self._edges.mode != "weights":
            self._edges.invalidate(data=True)
        self._nodes.touch()

    def _userSelect(self, sel: Selection | None) -> None:
        self.select(sel)
        self.sigSelectionChanged.emit(sel)

    def _hovered(self, sel: Selection | None) -> None:
        self.sigHovered.emit(sel)
        self.update()

    # ------------------------------------------------------------ Qt events

    def paintEvent(self, ev: QPaintEvent) -> None:
        seg = self._clock.segment
        # flows rendered once per cycle while playing; for a still, once per value change
        data_key = (self._clock.cycle, 0 if self._clock.running else self._nodes.version)
        if self._turn.begin():
            self._scene.paint_widget(seg, data_key)
            self._turn.end()

    def resizeEvent(self, ev: QResizeEvent) -> None:
        self._edges.resized()
        self._nodes.touch()
        super().resizeEvent(ev)

    def changeEvent(self, ev: QEvent) -> None:
        if ev.type() == QEvent.Type.PaletteChange:
            self._scene.apply_theme(keep=True)
        elif ev.type() == QEvent.Type.FontChange:
            self._nodes.touch()
        super().changeEvent(ev)
