"""`NetworkView`: every layer a column of units, every weight an edge.

Painting is layered so that an animation frame stays cheap at any size:
  1. the edge layer (thousands of lines) lives in a cached pixmap, redrawn only when
     weights, edge mode, top-k, theme or view change, and at most ~5 times a second;
  2. the unit layer (discs, input tile, output labels) lives in a second cached
     pixmap, redrawn when the shown values change;
  3. overlays (active-layer band, flowing values, pulses, update flash, hover and
     selection, captions, legend) are drawn on top every frame by the view's clock.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from nnviz.engine.record import Step
from nnviz.ui.common.selection import Selection
from nnviz.ui.netview.animation import AnimationMixin
from nnviz.ui.netview.edges import EdgeSet
from nnviz.ui.netview.focus import FocusMixin
from nnviz.ui.netview.geometry import EDGE_LIMIT, GeometryMixin
from nnviz.ui.netview.interaction import InteractionMixin
from nnviz.ui.netview.layers import EDGE_INTERVAL, LayersMixin
from nnviz.ui.netview.layout import Layout
from nnviz.ui.netview.overlays import OverlayMixin
from nnviz.ui.netview.state import EDGE_MODES, NetState, Segment
from nnviz.ui.netview.theme import Theme

DEFAULT_TOP_K = 300

__all__ = ["DEFAULT_TOP_K", "EDGE_LIMIT", "NetworkView"]


class NetworkView(
    InteractionMixin,
    AnimationMixin,
    OverlayMixin,
    FocusMixin,
    LayersMixin,
    GeometryMixin,
    QWidget,
):
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
        self._state = NetState()
        self._layout: Layout | None = None
        self._zoom = 1.0
        self._pan = (0.0, 0.0)
        self._mode = "weights"
        self._topK = DEFAULT_TOP_K
        self._selection: Selection | None = None
        self._hover: Selection | None = None
        self._classNames: list[str] | None = None
        self._darkOverride: bool | None = None
        self._theme = Theme.from_palette(self.palette())
        self._themeVersion = 0
        self._edgeSets: list[EdgeSet] = []
        self._edgeV: list[np.ndarray] = []
        self._edgeLut: list[str] = []
        self._edgeDataDirty = True
        self._edgeCache: QPixmap | None = None
        self._edgeCacheView: tuple[float, tuple[float, float], QSize] | None = None
        self._lastEdgeBuild = 0.0
        self._edgeStale = True
        self._edgeBuilds = 0
        self._edgeTimer = QTimer(self)
        self._edgeTimer.setSingleShot(True)
        self._edgeTimer.timeout.connect(self.update)
        self._nodeCache: QPixmap | None = None
        self._nodeKey: tuple | None = None
        self._nodeVersion = 0
        self._geomKey: tuple | None = None
        self._geom: list[tuple[np.ndarray, float]] = []
        self._initAnimation()
        self._initInteraction()
        self._initOverlays()
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Network view")
        self.setWhatsThis(
            "Every layer is a column of units, every weight an edge (orange positive, blue "
            "negative, width = |w|). Hover for values, click to select, wheel or Ctrl+=/Ctrl+- "
            "to zoom, drag empty space to pan, double-click or Ctrl+0 to fit."
        )

    def sizeHint(self) -> QSize:
        return QSize(900, 560)

    # ------------------------------------------------------------ public API

    def setArchitecture(
        self,
        sizes: list[int],
        activations: list[str],
        input_shape: tuple[int, int] | None = None,
    ) -> None:
        """Rebuild for a network of `sizes`; input_shape=(28, 28) draws the input as a tile."""
        self.stopAnimation()
        self._state.set_architecture(list(sizes), list(activations), input_shape)
        self._selection = self._hover = None
        self._layout = None
        self._invalidateEdges(data=True, now=True)
        self._touchNodes()

    def setParams(self, params: list[tuple[np.ndarray, np.ndarray]]) -> None:
        """New weights and biases (the edge layer follows at most ~5 times a second)."""
        self._state.set_params(params)
        self._invalidateEdges(data=True)
        self._touchNodes()

    def showForward(
        self,
        x: np.ndarray,
        activations: list[np.ndarray],
        z: list[np.ndarray] | None = None,
    ) -> None:
        """Light the units for one input x (n_in,), activations/z per dense layer (n_out,)."""
        self.stopAnimation()
        self._state.set_forward(x, list(activations), None if z is None else list(z))
        self._setSegment(None)
        self._touchNodes()
        if self._mode == "flows":
            self._invalidateEdges(data=True)  # throttled: at most ~5 redraws a second

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
        self._setSegment(Segment(phase, layer if layered else None, s))

    def setEdgeMode(self, mode: str) -> None:
        """Edges show "weights" W, the last step's "gradients" dW or its "updates" ΔW, or
        "flows" W[j, i]·x_i: what each weight carries for the sample shown."""
        if mode not in EDGE_MODES:
            raise ValueError(f"edge mode must be one of {EDGE_MODES}, got {mode!r}")
        if mode != self._mode:
            self._mode = mode
            self._invalidateEdges(data=True, now=True)

    def edgeMode(self) -> str:
        return self._mode

    def setTopK(self, k: int) -> None:
        """Draw only the k strongest input edges (image inputs), and of any layer with more
        than 2000 edges only its strongest max(k, 2 (n_in + n_out))."""
        k = max(int(k), 1)
        if k != self._topK:
            self._topK = k
            self._invalidateEdges(data=True, now=True)

    def topK(self) -> int:
        return self._topK

    def select(self, sel: Selection | None) -> None:
        """Highlight `sel` (does not emit `sigSelectionChanged`)."""
        self._selection = sel
        self.update()

    def selection(self) -> Selection | None:
        return self._selection

    def setClassNames(self, names: list[str] | None) -> None:
        """Labels of the output units (default: their index)."""
        self._classNames = None if names is None else [str(n) for n in names]
        self._touchNodes()

    def setTheme(self, dark: bool) -> None:
        """Light or dark data colours; chrome colours follow `palette()`."""
        self._darkOverride = bool(dark)
        self._applyTheme()

    def isDark(self) -> bool:
        return self._theme.dark

    # ------------------------------------------------------------ state changes

    def _acceptStep(self, step: Step) -> None:
        if not self._state.sizes or not self._state.matches(step.params_after):
            sizes = [step.X.shape[1], *(t.a.shape[1] for t in step.layers)]
            shape = self._state.input_shape or ((28, 28) if sizes[0] == 784 else None)
            self.setArchitecture(sizes, [t.activation for t in step.layers], shape)
        self._state.set_step(step)
        if self._mode != "weights":
            self._invalidateEdges(data=True)
        self._touchNodes()

    def _touchNodes(self) -> None:
        self._nodeVersion += 1
        self.update()

    def _invalidateEdges(self, data: bool = False, now: bool = False) -> None:
        if data:
            self._edgeDataDirty = True
        self._edgeCacheView = None if now else self._edgeCacheView
        self._edgeStale = True
        wait = EDGE_INTERVAL - (time.monotonic() - self._lastEdgeBuild)
        if now or wait <= 0:
            self.update()
        elif not self._edgeTimer.isActive():
            self._edgeTimer.start(int(wait * 1000) + 1)

    def _viewChanged(self) -> None:
        self._invalidateEdges()
        self._touchNodes()

    def _applyTheme(self) -> None:
        self._theme = Theme.from_palette(self.palette(), self._darkOverride)
        self._themeVersion += 1
        self._overlayCache.clear()
        self._invalidateEdges(now=True)
        self._touchNodes()

    def changeEvent(self, ev: QEvent) -> None:
        if ev.type() == QEvent.Type.PaletteChange:
            self._applyTheme()
        super().changeEvent(ev)

    def resizeEvent(self, ev: QResizeEvent) -> None:
        self._layout = None
        self._invalidateEdges(now=True)
        self._touchNodes()
        super().resizeEvent(ev)
