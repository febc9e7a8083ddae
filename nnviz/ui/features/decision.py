"""Decision regions of a 2-D classifier (or the predicted value of a 2-D regression),
with the data points on top and a picture of every input feature's and hidden
neuron's response beside them.

The class probabilities p_c(x1, x2) come from one forward pass over a 120x120 grid
(`nnviz.analysis.decision`). Two classes: a diverging map of p(class 1) between the two
class colours; more classes: class colours blended by probability, paler where
the network is unsure; "discretize" paints hard classes. Regression: the predicted
value on a diverging map, the points coloured by their target
(`nnviz.ui.features.decision_modes`). Recomputed at most ~10 times a second.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from nnviz.analysis.decision import Bounds, GridEvaluator, GridResult, grid_bounds
from nnviz.app.history import accuracy_text
from nnviz.ui.features import decision_modes as modes
from nnviz.ui.features.decision_plot import (
    draw_points,
    header_row,
    hover_cell,
    region_plot,
    show_rings,
    style_region_plot,
    thumb_column,
)
from nnviz.ui.features.neuron_thumbs import NeuronThumbs
from nnviz.ui.plots.theme import is_palette_change, mix, theme_colors

MIN_INTERVAL_MS = 100
DEFAULT_BOUNDS: Bounds = (-3.0, 3.0, -3.0, 3.0)


class DecisionView(QWidget):
    """Decision regions + data points + per-hidden-neuron thumbnails (2-D inputs)."""

    sigNeuronClicked = Signal(int, int)  # (hidden layer k, unit j); inputs: (-1, i)
    sigDiscretizeToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None, resolution: int = 120, thumb: int = 48):
        super().__init__(parent)
        self.evaluator = GridEvaluator(resolution)  # regions over the visible rectangle
        self.thumbEvaluator = GridEvaluator(thumb)  # neuron pictures over the data box
        self._X = np.zeros((0, 2))
        self._y = np.zeros(0, dtype=np.int64)
        self._Xt: np.ndarray | None = None
        self._yt: np.ndarray | None = None
        self._names: list[str] = []
        self._bounds = DEFAULT_BOUNDS  # square box around the data
        self._viewBounds: Bounds | None = None
        self._pending: tuple[dict[str, Any], list] | None = None
        self._current: tuple[dict[str, Any], list] | None = None
        self._result: GridResult | None = None
        self._thumbResult: GridResult | None = None
        self._heat: np.ndarray | None = None
        self._last = -1e9
        self._scatter: list[pg.ScatterPlotItem] = []
        self._regression = False
        self._yv = np.zeros(0)  # regression targets (standardised)
        self._ytv: np.ndarray | None = None
        self._scale = 1.0
        self._features: list[str] | None = None

        self.title, self.discretize, self.accuracy, head = header_row(modes.BAND)
        self.discretize.toggled.connect(self._discretizeToggled)
        self.plot, self.heatmap, self.testItem = region_plot()
        pi = self.plot.getPlotItem()
        self.status = QLabel("Set a 2-D dataset and a network")
        self.status.setToolTip("The network's prediction under the mouse")

        self.thumbs = NeuronThumbs(size=thumb)
        self.thumbs.sigNeuronClicked.connect(self._thumbClicked)
        self.scroll, right = thumb_column(self.thumbs)

        left = QVBoxLayout()
        left.addLayout(head)
        left.addWidget(self.plot, 1)
        left.addWidget(self.status)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(4, 4, 4, 4)
        self.box.addLayout(left, 3)
        self.box.addLayout(right, 2)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self.plot.scene().sigMouseMoved.connect(self._mouseMoved)
        pi.vb.sigRangeChanged.connect(self._viewChanged)
        self.setTheme(None)

    # ------------------------------------------------------------ data in

    def setData(
        self,
        X: np.ndarray,
        y: np.ndarray,
        class_names: list[str] | None = None,
        regression: bool = False,
    ) -> None:
        """Training points (n, 2) (standardised) and integer labels (n,), or with
        `regression` real-valued (standardised) targets."""
        self._X = np.asarray(X, dtype=np.float64).reshape(-1, 2)
        self._regression = bool(regression)
        self._yv = np.asarray(y, dtype=np.float64).ravel()
        self._scale = modes.value_scale(self._yv) if regression else 1.0
        self._y = np.zeros(len(self._X), np.int64) if regression else self._yv.astype(np.int64)
        n_cls = int(self._y.max()) + 1 if self._y.size and not regression else 0
        names = [str(c) for c in class_names] if class_names else []
        self._names = [] if regression else names + [f"class {c}" for c in range(len(names), n_cls)]
        self.title.setText(f"<b>{'Predicted value' if regression else 'Decision regions'}</b>")
        self._bounds = grid_bounds(self._X) if len(self._X) else DEFAULT_BOUNDS
        self._drawPoints()
        self.plot.getPlotItem().vb.setRange(
            xRange=self._bounds[:2], yRange=self._bounds[2:], padding=0
        )
        if self._current is not None:
            self._pending = self._pending or self._current
            self._schedule()

    def setTestPoints(self, X: np.ndarray | None, y: np.ndarray | None) -> None:
        """Held-out (val) points drawn as rings in their class colour (None hides them)."""
        self._Xt = None if X is None else np.asarray(X, dtype=np.float64).reshape(-1, 2)
        self._ytv = None if y is None else np.asarray(y, dtype=np.float64).ravel()
        self._yt = None if self._ytv is None else self._ytv.astype(np.int64)
        self._drawTestPoints()

    def setFeatures(self, names: list[str] | None) -> None:
        """The input features computed from each point of the plane (None: x1, x2)."""
        self._features = list(names) if names else None
        self.evaluator.features = self.thumbEvaluator.features = self._features
        self._result = None

    def setDiscretize(self, on: bool) -> None:
        """Hard classes (or value bands) instead of a gradient (no signal)."""
        self.discretize.blockSignals(True)
        self.discretize.setChecked(bool(on))
        self.discretize.blockSignals(False)
        self._paintResult()

    @Slot(bool)
    def _discretizeToggled(self, on: bool) -> None:
        self._paintResult()
        self.sigDiscretizeToggled.emit(on)

    @Slot(int, int)
    def _thumbClicked(self, k: int, j: int) -> None:
        """Tile row 0 holds the inputs (layer -1), then the hidden layers."""
        self.sigNeuronClicked.emit(k - 1, j)

    def setNetwork(self, net_config: dict[str, Any], params: list) -> None:
        """New architecture/parameters (from Network.config() / Network.params());
        the grid is recomputed shortly, at most ~10 times a second."""
        self._pending = (net_config, params)
        self._schedule()

    def _schedule(self) -> None:
        if not self._timer.isActive():
            wait = MIN_INTERVAL_MS - (time.monotonic() - self._last) * 1e3
            self._timer.start(int(max(0.0, wait)))

    @Slot()
    def flush(self) -> None:
        """Recompute now from the latest network (otherwise done by the timer)."""
        self._timer.stop()
        if self._pending is None:
            return
        config, params = self._current = self._pending
        self._pending = None
        self._last = time.monotonic()
        if config["sizes"][0] != (len(self._features) if self._features else 2):
            self._result = self._thumbResult = self._heat = None
            self.heatmap.clear()
            self.thumbs.setLayers([], [])
            self.thumbs.setEmptyText("Neuron pictures are drawn for networks with 2 inputs.")
            self.status.setText(
                f"Decision regions are drawn for 2-D datasets; this network has "
                f"{config['sizes'][0]} inputs."
            )
            return
        first = self._result is None
        try:
            self._result = self.evaluator.evaluate(config, params, self._viewBounds or self._bounds)
            self._thumbResult = self.thumbEvaluator.evaluate(config, params, self._bounds)
        except ValueError as e:  # parameters that do not fit the architecture
            self._current = None
            self.status.setText(f"Cannot draw this network: {e}")
            return
        if first:
            self.status.setText("Hover the plane to see the network's prediction there")
        self._paintResult()

    # ------------------------------------------------------------ results out

    def result(self) -> GridResult | None:
        return self._result

    def heatmapImage(self) -> np.ndarray | None:
        """The (n, n, 3) uint8 region image shown (row 0 = bottom edge)."""
        return self._heat

    def thumbnailCount(self) -> int:
        return self.thumbs.count()

    # ------------------------------------------------------------ drawing

    def _paintResult(self) -> None:
        res, small = self._result, self._thumbResult
        if res is None or small is None:
            return
        bg = (self._bg.red(), self._bg.green(), self._bg.blue())
        hard, light = self.discretize.isChecked(), not self._dark
        self._heat = modes.heat_rgb(res, self._regression, self._scale, bg, light, hard)
        self.heatmap.setImage(self._heat, autoLevels=False, levels=(0, 255))
        x0, x1, y0, y1 = res.bounds
        self.heatmap.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.thumbs.setEmptyText("This network has no hidden layer.")
        self.thumbs.setLayers(*modes.thumb_layers(small, self._features, light))

    def _drawPoints(self) -> None:
        y = self._yv if self._regression else self._y
        light = not self._dark
        groups = modes.point_groups(self._X, y, self._names, self._regression, self._scale, light)
        columns = len(self._names) + 1
        self._scatter = draw_points(self.plot, self._scatter, groups, self._outline, columns)

    def _drawTestPoints(self) -> None:
        X, y, light = self._Xt, self._ytv, not self._dark
        known = X is not None and y is not None and len(X) > 0
        cols = modes.ring_colors(y, self._regression, self._scale, light) if known else None
        show_rings(self.plot, self.testItem, X, cols)

    def setAccuracy(self, train_acc: float, val_acc: float) -> None:
        """The last epoch's evaluation, as the status bar shows it (accuracy, or R² for
        regression; NaN: not known yet), written by `accuracy_text`."""
        text = accuracy_text(train_acc, val_acc, self._regression)
        label = "R²" if self._regression else "accuracy"
        self.accuracy.setText(f"{label}: {text}" if text else "")

    def setTheme(self, dark: bool | None = None) -> None:
        """Light or dark colours (None: follow the palette)."""
        self._dark, self._bg, fg = theme_colors(self, dark)
        self._outline = style_region_plot(self.plot, self._bg, fg, self._dark)
        self.thumbs.setColors(fg, mix((fg.red(), fg.green(), fg.blue()), self._bg, 0.35))
        self._drawPoints()
        self._paintResult()

    def changeEvent(self, event: QEvent) -> None:
        if is_palette_change(event):
            self.setTheme(None)
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        wide = self.width() >= 1.2 * self.height()
        self.box.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )

    @Slot()
    def _viewChanged(self) -> None:
        """Regions cover what is visible (plus a margin for panning): recompute."""
        (x0, x1), (y0, y1) = self.plot.getPlotItem().vb.viewRange()
        mx, my = 0.04 * (x1 - x0), 0.04 * (y1 - y0)
        self._viewBounds = (x0 - mx, x1 + mx, y0 - my, y1 + my)
        if self._current is not None and self._pending is None:
            self._pending = self._current
        if self._pending is not None:
            self._schedule()

    @Slot(object)
    def _mouseMoved(self, pos: QPointF) -> None:
        res = self._result
        cell = hover_cell(self.plot, res, pos) if res is not None else None
        if res is None or cell is None:
            return
        x, y, i, j = cell
        if not (0 <= i < res.n and 0 <= j < res.n):
            self.status.setText(f"x₁ = {x:.2f}, x₂ = {y:.2f}: outside the computed grid")
            return
        what = modes.hover_text(res, i, j, self._names, self._regression)
        self.status.setText(f"x₁ = {x:.2f}, x₂ = {y:.2f} → {what}")
