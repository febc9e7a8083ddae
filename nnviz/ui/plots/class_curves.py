"""Loss and accuracy per class over time: which classes the network learns first.

An optional row of two plots under the training curves ("Per class" in their bar):
after each epoch, the validation loss and accuracy of every true class k,
L_k = mean loss over the samples of class k and acc_k = their share predicted right,
as the trainer measures them on its validation samples (`Update.classes`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QCheckBox

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from nnviz.app.protocol import ClassRow
from nnviz.ui.common.colors import CLASS_COLORS
from nnviz.ui.plots.curves import ACC_TOP, TrainingPlots
from nnviz.ui.plots.items import GridAxis, LossAxis, make_plot, style_plot
from nnviz.ui.plots.theme import theme_colors

MAX_LEGEND = 10


class ClassCurves(QObject):
    """`setClassNames(names)`, `append(rows)`, `clear()`; shown with its checkbox."""

    def __init__(self, plots: TrainingPlots) -> None:
        super().__init__(plots)
        self.plots = plots
        self.names: list[str] = []
        self.epochs: list[float] = []
        self.loss: list[np.ndarray] = []
        self.acc: list[np.ndarray] = []
        self.check = QCheckBox("Per &class")
        self.check.setToolTip(
            "Also show the validation loss and accuracy of every class after each epoch:\n"
            "which classes the network learns first, and which stay hard"
        )
        plots.bar.insertWidget(plots.bar.count() - 1, self.check)
        self.glw = pg.GraphicsLayoutWidget()
        self.glw.setToolTip(
            "One line per class: its validation loss and accuracy after each epoch\n"
            "(the legend shows when the panel is large enough)"
        )
        self.lossPlot = make_plot("Loss per class (validation)", LossAxis("left"), (-8, 8))
        self.accPlot = make_plot("Accuracy (%) per class", GridAxis("left"), (-8, -8))
        self.accPlot.setLimits(yMin=0, yMax=ACC_TOP)
        for p in (self.lossPlot, self.accPlot):
            p.vb.sigResized.connect(self._fitLegends)
        self.glw.addItem(self.lossPlot, 0, 0)
        self.glw.addItem(self.accPlot, 0, 1)
        self.lossCurves: list[pg.PlotDataItem] = []
        self.accCurves: list[pg.PlotDataItem] = []
        self.glw.hide()
        layout = plots.layout()
        layout.addWidget(self.glw, 1)
        self.check.toggled.connect(self.setShown)

    @Slot(bool)
    def setShown(self, on: bool) -> None:
        self.glw.setVisible(on)
        if on:
            self._theme()
            self.redraw()

    def setClassNames(self, names: Sequence[str]) -> None:
        """New classes: one curve each (cleared)."""
        self.names = [str(n) for n in names]
        for plot, curves in ((self.lossPlot, self.lossCurves), (self.accPlot, self.accCurves)):
            for c in curves:
                plot.removeItem(c)
            curves.clear()
            if plot.legend is not None:
                plot.legend.clear()
            for k, name in enumerate(self.names):
                pen = pg.mkPen(CLASS_COLORS[k % len(CLASS_COLORS)], width=2)
                legend = name if len(self.names) <= MAX_LEGEND else None
                curves.append(plot.plot(name=legend, pen=pen))
        self.clear()

    @Slot()
    def clear(self) -> None:
        self.epochs, self.loss, self.acc = [], [], []
        self.redraw()

    @Slot(object)
    def append(self, rows: list[ClassRow]) -> None:
        """Rows (epoch, step, loss per class, accuracy per class) after epochs."""
        for epoch, _step, loss, acc in rows:
            if len(loss) != len(self.names):
                continue
            self.epochs.append(float(epoch))
            self.loss.append(np.asarray(loss, np.float64))
            self.acc.append(np.asarray(acc, np.float64))
        if self.glw.isVisible():
            self.redraw()

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(epochs (n,), loss (n, k), accuracy (n, k))."""
        k = len(self.names)
        e = np.asarray(self.epochs, np.float64)
        loss = np.array(self.loss).reshape(len(e), k)
        acc = np.array(self.acc).reshape(len(e), k)
        return e, loss, acc

    def redraw(self) -> None:
        e, loss, acc = self.arrays()
        for k in range(len(self.names)):
            for curve, y in (
                (self.lossCurves[k], loss[:, k]),
                (self.accCurves[k], 100 * acc[:, k]),
            ):
                ok = np.isfinite(y)
                curve.setData(e[ok], y[ok])

    @Slot()
    def _fitLegends(self) -> None:
        """Legends only where they leave room for the curves (colours follow the classes)."""
        for p in (self.lossPlot, self.accPlot):
            if p.legend is not None:
                p.legend.setVisible(p.vb.width() >= 360 and p.vb.height() >= 200)

    def _theme(self) -> None:
        _, bg, fg = theme_colors(self.plots, None)
        self.glw.setBackground(bg)
        for p in (self.lossPlot, self.accPlot):
            style_plot(p, fg, bg)
