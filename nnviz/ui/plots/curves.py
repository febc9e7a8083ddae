"""Loss and accuracy curves of a training run (pyqtgraph).

The loss plot shows every step's minibatch loss (faint), its exponential moving
average, and the per-epoch training / validation loss; the accuracy plot shows the
per-epoch accuracies. Data lives in growing NumPy arrays (`nnviz.ui.plots.data.CurveData`);
curves get views of them, redrawn at most ~30 times a second (less when painting is slow),
with peak downsampling and clip-to-view so a million steps stay cheap to draw.
"""

from __future__ import annotations

import os

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QTimer, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from nnviz.ui.common import frame_budget
from nnviz.ui.common.on_screen import on_screen
from nnviz.ui.plots import curve_bar
from nnviz.ui.plots.data import CurveData
from nnviz.ui.plots.hover import HoverReadout
from nnviz.ui.plots.items import (
    GridAxis,
    LossAxis,
    TimedLayout,
    make_plot,
    place_second,
    save_png,
    set_finite,
    style_plot,
)
from nnviz.ui.plots.theme import is_palette_change, theme_colors

REFRESH_MS = 33
PAINT_DUTY = 0.12  # at most this share of the GUI thread's time painting the curves
ACC_TOP = 104.0  # top of the accuracy axis (%)
EMPTY_TEXT = "Train the network\nto see its loss here"
MAX_MARKERS = 40  # epochs drawn with markers; beyond that, lines only


class TrainingPlots(QWidget):
    """Loss per step (+ smoothed, + per-epoch train/val) and accuracy per epoch."""

    def __init__(self, parent: QWidget | None = None, smoothing: float = 0.95) -> None:
        super().__init__(parent)
        self._hist = CurveData(smoothing)
        self._dark: bool | None = None
        self._horizontal = True
        self._lod = False
        self.bar = bar = curve_bar.build(self, smoothing)

        self.glw = TimedLayout()
        self.glw.setToolTip(
            "Light line: loss of each minibatch; dark line: its moving average; markers: "
            "loss and accuracy on the whole training and validation sets after each epoch.\n"
            "Hover for exact values; scroll to zoom, drag to pan, 'A' (bottom left) to fit."
        )
        self.lossPlot = make_plot("Loss per step", LossAxis("left"), legend_at=(-8, 8))
        self.accPlot = make_plot("Accuracy (%) per epoch", GridAxis("left"), legend_at=(-8, -8))
        for p in (self.lossPlot, self.accPlot):
            p.vb.sigResized.connect(self._fitLegends)
        # Room above 100 % so a perfect run is drawn inside the plot, not on its edge.
        self.accPlot.setLimits(yMin=0, yMax=ACC_TOP)
        self.glw.addItem(self.lossPlot, 0, 0)
        self.glw.addItem(self.accPlot, 0, 1)

        self.rawCurve = self.lossPlot.plot(name="per step", antialias=False)  # faint, noisy
        self.smoothCurve = self.lossPlot.plot(name="smoothed")
        self.trainLossCurve = self.lossPlot.plot(name="train (epoch)", symbol="o", symbolSize=6)
        self.valLossCurve = self.lossPlot.plot(name="val (epoch)", symbol="s", symbolSize=6)
        self.trainAccCurve = self.accPlot.plot(name="train", symbol="o", symbolSize=6)
        self.valAccCurve = self.accPlot.plot(name="validation", symbol="s", symbolSize=6)
        for c in (self.rawCurve, self.smoothCurve):
            c.opts["autoDownsampleFactor"] = 0.75  # a min/max pair per ~1.3 px (default 5)
        self.emptyText = pg.TextItem(EMPTY_TEXT, anchor=(0.5, 0.5))
        self.lossPlot.addItem(self.emptyText, ignoreBounds=True)
        self.emptyText.setPos(0.5, 0.5)

        self.scoreName, self.scoreScale = "acc", 100.0  # accuracy in %, or R² as it is
        self.lossParts = ""  # "data loss + penalty" of the last step, when penalised
        self.hover = HoverReadout(self, self.glw)
        self.lossPlot.vb.sigXRangeChanged.connect(self._xRangeChanged)

        self._timer = QTimer(self, singleShot=True, timeout=self._refresh)
        self._behind = False  # data came while the curves were not on screen

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.glw, 1)
        self.glw.installEventFilter(self)
        self.glw.viewport().installEventFilter(self)  # painted: on screen again
        self.setTheme(None)
        self._arrange(True)
        self._resetRanges()

    # ------------------------------------------------------------ data in

    def appendSteps(self, steps: np.ndarray, losses: np.ndarray) -> None:
        """Add per-step minibatch losses (arrays of equal length; steps increasing)."""
        self._hist.append_steps(steps, losses)
        self._schedule()

    def appendEpoch(
        self, epoch: int, train_loss: float, train_acc: float, val_loss: float, val_acc: float
    ) -> None:
        """Add one epoch's metrics (accuracies in [0, 1]; NaN validation values are skipped).
        On the loss plot the epoch sits at the last step received so far."""
        row = dict(train_loss=train_loss, train_acc=train_acc, val_loss=val_loss, val_acc=val_acc)
        self._hist.append_epoch(int(epoch), {k: float(v) for k, v in row.items()})
        self._schedule()

    def setScore(self, regression: bool) -> None:
        """The right plot shows accuracy (%) per epoch, or for regression R² per epoch."""
        self.scoreName, self.scoreScale = ("R²", 1.0) if regression else ("acc", 100.0)
        self.accPlot.setTitle("R² per epoch" if regression else "Accuracy (%) per epoch")
        top = ACC_TOP * self.scoreScale / 100.0
        self.accPlot.setLimits(yMin=-top if regression else 0, yMax=top)
        self._resetRanges()
        self._schedule()

    def setLossParts(self, data_loss: float, penalty: float) -> None:
        """The last step's loss = data loss + penalty (shown on hover when penalised)."""
        parts = f"last step: data loss {data_loss:.4g} + penalty {penalty:.4g}"
        self.lossParts = parts if penalty else ""

    def clear(self) -> None:
        """Forget the whole history."""
        self._hist.clear()
        self.hover.hide()
        self.flush()
        self._resetRanges()

    def _resetRanges(self) -> None:
        """Empty plots show a unit square (auto-range keeps the last range when there is
        nothing to fit, so a run's old axes would stay), then fit the next data again."""
        self.lossPlot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0.02)
        self.lossPlot.enableAutoRange()
        top = ACC_TOP * self.scoreScale / 100.0
        self.accPlot.setRange(xRange=(0, 1), yRange=(0, top), padding=0)
        self.accPlot.enableAutoRange()

    def historyArrays(self) -> dict[str, np.ndarray]:
        """Copies of step, loss, smoothed, epoch, epoch_step, train_loss, train_acc,
        val_loss, val_acc."""
        return self._hist.arrays()

    def setSmoothing(self, beta: float) -> None:
        """Moving-average weight beta in [0, 0.99] (recomputed over the whole history)."""
        self.smoothSlider.setValue(round(min(max(beta, 0.0), 0.99) * 100))

    def smoothing(self) -> float:
        return self._hist.ema.beta

    # ------------------------------------------------------------ drawing

    def _schedule(self) -> None:
        if not self._timer.isActive():
            ms = max(REFRESH_MS, 1000 * self.glw.paint_s / PAINT_DUTY)
            self._timer.start(round(ms))

    def _refresh(self) -> None:
        """Flush, or while the curves cannot be seen, catch up when next painted."""
        if frame_budget.crowded():  # a long pause (a workspace switch) is under way
            self._timer.start(REFRESH_MS)
        elif on_screen(self.glw.viewport()):
            self.flush()
        else:
            self._behind = True

    @Slot()
    @frame_budget.shares_pause
    def flush(self) -> None:
        """Push the stored history to the curves now (otherwise done on a timer)."""
        self._timer.stop()
        frame_budget.claim(max(2 * self.glw.paint_s, 0.02))  # the network view waits
        h = self._hist
        steps = h.step.view()
        self._lod = self._wantEnvelope()
        x, y, xs, ys = h.curves(self._lod)
        self.rawCurve.setData(x, y)
        self.smoothCurve.setData(xs, ys)
        ep = {k: a.view() for k, a in h.epochs.items()}
        many = len(ep["epoch"]) > MAX_MARKERS  # then lines only: markers would clutter
        curves = (self.trainLossCurve, self.valLossCurve, self.trainAccCurve, self.valAccCurve)
        for curve, symbol in zip(curves, "osos", strict=True):
            if (curve.opts["symbol"] is None) != many:
                curve.setSymbol(None if many else symbol)
        set_finite(self.trainLossCurve, ep["epoch_step"], ep["train_loss"])
        set_finite(self.valLossCurve, ep["epoch_step"], ep["val_loss"])
        set_finite(self.trainAccCurve, ep["epoch"], ep["train_acc"] * self.scoreScale)
        set_finite(self.valAccCurve, ep["epoch"], ep["val_acc"] * self.scoreScale)
        self.emptyText.setVisible(len(steps) == 0 and len(ep["epoch"]) == 0)
        # ranges and axes follow the data now, not in the paint (which would paint twice)
        self.glw.scene().prepareForPaint()

    def _wantEnvelope(self) -> bool:
        vb = self.lossPlot.vb
        shown = None if vb.autoRangeEnabled()[0] else tuple(vb.viewRange()[0])
        return self._hist.wants_envelope(shown, vb.width())

    @Slot()
    def _xRangeChanged(self) -> None:
        if self._wantEnvelope() != self._lod:
            self._schedule()

    @Slot(bool)
    def setLogScale(self, on: bool) -> None:
        """Logarithmic loss axis on/off (the checkbox follows)."""
        on = bool(on)
        curve_bar.check_quietly(self.logCheck, on)
        self.lossPlot.setLogMode(x=False, y=on)
        self.lossPlot.enableAutoRange()
        self.hover.hide()

    def logScale(self) -> bool:
        return self.logCheck.isChecked()

    @Slot(int)
    def _smoothingChanged(self, value: int) -> None:
        self._hist.set_beta(value / 100.0)
        curve_bar.show_smoothing(self)
        self._schedule()

    def setTheme(self, dark: bool | None = None) -> None:
        """Light or dark colours (None: follow the widget palette)."""
        dark, bg, fg = theme_colors(self, dark)
        self._dark = dark
        self.glw.setBackground(bg)
        for p in (self.lossPlot, self.accPlot):
            style_plot(p, fg, bg)
        curve_bar.color_curves(self, dark, bg, fg)

    def isDark(self) -> bool:
        return bool(self._dark)

    def changeEvent(self, event: QEvent) -> None:
        if is_palette_change(event):
            self.setTheme(None)
        super().changeEvent(event)

    @Slot()
    def _fitLegends(self) -> None:
        """Legends only where they leave room for the data (tooltips explain the rest)."""
        for p in (self.lossPlot, self.accPlot):
            p.legend.setVisible(p.vb.width() >= 280 and p.vb.height() >= 120)

    def _arrange(self, horizontal: bool) -> None:
        """Side by side in a wide panel, stacked otherwise (loss gets 3/5)."""
        self._horizontal = horizontal
        place_second(self.glw.ci, self.accPlot, horizontal, (3, 2))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        horizontal = self.width() >= 1.8 * self.height()
        if horizontal != self._horizontal:
            self._arrange(horizontal)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.glw and event.type() == QEvent.Type.Leave:
            self.hover.hide()
        elif self._behind and event.type() == QEvent.Type.Paint:
            self._behind = False
            self._timer.start(0)
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------ hover

    def hoverText(self) -> str:
        """The readout currently shown under the mouse ('' when none)."""
        return self.hover.text()

    def hoverAt(self, scene_pos: QPointF) -> str:
        """Show the readout for a scene position (what a mouse move does)."""
        return self.hover.update(scene_pos)

    # ------------------------------------------------------------ export

    def exportPNG(self, path: str | os.PathLike[str]) -> None:
        """Save both plots as a PNG image (atomic write)."""
        self.flush()
        save_png(self.glw, path)

    def exportCSV(self, path: str | os.PathLike[str]) -> None:
        """`step,loss,smoothed` rows, a blank line, then
        `epoch,step,train_loss,train_acc,val_loss,val_acc` (atomic write)."""
        self._hist.write_csv(path)

    @property
    def history(self) -> CurveData:
        return self._hist
