"""The race's loss plot: one curve per racer of its minibatch losses, smoothed by an
exponential moving average m ← β m + (1 − β) L (bias-corrected, `nnviz.ui.plots.data.EMA`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtGui import QColor

from nnviz.app.race import RacerConfig
from nnviz.ui.landscape.race_table import RACER_COLORS, racer_name
from nnviz.ui.plots.data import EMA, GrowingArray
from nnviz.ui.plots.items import LossAxis, make_plot

# isort: split
import pyqtgraph as pg

SMOOTHING = 0.9  # moving average of the minibatch losses drawn


class RaceCurves:
    """`glw` holds `plot`; `items[i]` is racer i's curve."""

    def __init__(self) -> None:
        self.glw = pg.GraphicsLayoutWidget()
        self.plot = make_plot(
            f"Minibatch loss (moving average, β = {SMOOTHING:g})", LossAxis("left"), (8, -8)
        )
        self.plot.setLabel("bottom", "step")
        self.plot.setLogMode(y=True)
        self.glw.addItem(self.plot)
        self.items: list[pg.PlotDataItem] = []
        self._state: list[tuple[EMA, GrowingArray, int]] = []

    def sync(self, configs: Sequence[RacerConfig]) -> None:
        """One curve per racer, labelled with its settings; data cleared."""
        for c in self.items:
            self.plot.removeItem(c)
        self.items = []
        self._state = []
        for i, cfg in enumerate(configs):
            pen = pg.mkPen(QColor(*RACER_COLORS[i]), width=2)
            self.items.append(self.plot.plot(name=f"{racer_name(i)}: {cfg.label}", pen=pen))
            self._state.append((EMA(SMOOTHING), GrowingArray(), 0))

    def update(self, i: int, losses: Sequence[float]) -> None:
        """Racer i's losses so far: the new ones are smoothed onto its curve."""
        ema, ys, n = self._state[i]
        if len(losses) > n:
            ys.extend(ema.update(losses[n:]))
            self._state[i] = (ema, ys, len(losses))
            self.items[i].setData(np.arange(1, len(ys) + 1), ys.view())
