"""Why this answer: the saliency of the explained class, laid over the drawing.

g = dp_c/dx (`nnviz.analysis.saliency`) for the class c in the "Explain" box (the
network's answer by default), shown on the 28x28 digit and mapped back onto the canvas.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Slot

from nnviz.analysis.saliency import preprocess_geometry, saliency, saliency_on_canvas, saliency_rgba
from nnviz.engine import Network
from nnviz.ui.common.throttle import Throttle
from nnviz.ui.draw.controls import DrawControls

OVERLAY_GRID = (140, 140)  # the overlay is sampled at half the canvas resolution


class DrawExplain(DrawControls):
    """The draw panel's saliency overlay; `DrawPanel` sets x, probs, the network and the
    overlay throttle."""

    x: np.ndarray
    probs: np.ndarray | None
    _net: Network
    overlayThrottle: Throttle

    def explainedClass(self) -> int | None:
        i = self.explainCombo.currentIndex()
        if i > 0:
            return i - 1
        return None if self.probs is None else int(np.argmax(self.probs))

    def saliencyMaps(
        self, out_shape: tuple[int, int] | None = None
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """(g (784,), g on the canvas (side, side) or `out_shape`) for the explained class."""
        cls = self.explainedClass()
        if cls is None or not self.x.any():
            return None
        g = saliency(self._net, self.x, cls)
        ink = self.canvas.inkArray()
        return g, saliency_on_canvas(g, preprocess_geometry(ink), ink.shape, out_shape)

    @Slot()
    def _updateSaliency(self) -> None:
        self.overlayThrottle.timer.stop()
        maps = self.saliencyMaps(OVERLAY_GRID) if self.explainCheck.isChecked() else None
        self._setOverlay(*(maps or (None, None)))

    def _setOverlay(self, g: np.ndarray | None, on_canvas: np.ndarray | None) -> None:
        self.canvas.setOverlay(None if on_canvas is None else saliency_rgba(on_canvas, 0.7))
        rgba28 = None if g is None else saliency_rgba(g.reshape(28, 28), 0.8)
        self.prediction.digitView.setOverlay(rgba28)
