"""Crosshair and value readout of the training plots: the exact numbers of the step
or epoch nearest to the mouse, in the plot and in the header line."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QPointF, Slot
from PySide6.QtGui import QColor

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

if TYPE_CHECKING:
    from nnviz.ui.plots.curves import TrainingPlots

SNAP_PX = 12  # an epoch marker this close (in pixels) joins the step readout


def nearest(xs: np.ndarray, x: float) -> int:
    """Index of the value of the sorted array xs closest to x (xs non-empty)."""
    i = int(np.searchsorted(xs, x))
    if i <= 0:
        return 0
    if i >= len(xs):
        return len(xs) - 1
    return i if xs[i] - x < x - xs[i - 1] else i - 1


def _fmt(v: float) -> str:
    return "-" if not math.isfinite(v) else f"{v:.4g}"


def _pct(v: float) -> str:
    return "-" if not math.isfinite(v) else f"{100.0 * v:.2f}%"


class _Marks:
    """Crosshair lines, dots on the curves and a text label inside one plot."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.vline = pg.InfiniteLine(angle=90, movable=False)
        self.hline = pg.InfiniteLine(angle=0, movable=False)
        self.dots = pg.ScatterPlotItem(size=8)
        self.label = pg.TextItem(anchor=(0, 1))
        for item in (self.vline, self.hline, self.dots):
            plot.addItem(item, ignoreBounds=True)
            item.setZValue(100)
            item.hide()
        # the label lives in view-box pixels, above the legend (a sibling of the data)
        self.label.setParentItem(plot.vb)
        self.label.setZValue(1000)
        self.label.hide()

    def hide(self) -> None:
        for item in (self.vline, self.hline, self.dots, self.label):
            item.hide()

    def show(self, cursor: QPointF, x: float, ys: list[float], text: str) -> None:
        """Vertical line at x, horizontal at ys[-1], dots at (x, ys), label at the cursor."""
        log_y = self.plot.ctrl.logYCheck.isChecked()

        def vy(v: float) -> float:
            if log_y:
                return math.log10(v) if v > 0 else math.nan
            return v

        pts = [(x, vy(v)) for v in ys if math.isfinite(vy(v))]
        self.vline.setPos(x)
        self.vline.show()
        if pts:
            self.hline.setPos(pts[-1][1])
            self.hline.show()
            self.dots.setData(pos=pts)
            self.dots.show()
        else:
            self.hline.hide()
            self.dots.hide()
        vb = self.plot.vb
        if vb.height() < 120 or vb.width() < 260:  # too small: the header readout only
            self.label.hide()
            return
        r = vb.viewRect()
        right = cursor.x() > r.center().x()
        low = cursor.y() < r.center().y()
        self.label.setAnchor((0.0, 1.0 if low else 0.0))
        self.label.setText(text)
        # beside the cursor, on the side with more room, kept inside the plot
        at = vb.mapFromView(cursor)
        w = self.label.boundingRect().width()
        x = at.x() - w - 6 if right else at.x() + 6
        self.label.setPos(max(0.0, min(x, vb.width() - w)), at.y())
        self.label.show()


class HoverReadout(QObject):
    """Follows the mouse over the loss and accuracy plots of a TrainingPlots."""

    def __init__(self, plots: TrainingPlots, glw: pg.GraphicsLayoutWidget) -> None:
        super().__init__(plots)
        self.plots = plots
        self._text = ""
        self.loss = _Marks(plots.lossPlot)
        self.acc = _Marks(plots.accPlot)
        glw.scene().sigMouseMoved.connect(self._moved)

    def text(self) -> str:
        return self._text

    def hide(self) -> None:
        self.loss.hide()
        self.acc.hide()
        self._text = ""
        self.plots.readout.setText("")

    def setColors(self, fg: QColor, bg: QColor, accent: QColor) -> None:
        line = QColor(fg)
        line.setAlpha(110)
        fill = QColor(bg)  # opaque: cheaper to paint than a translucent box
        for m in (self.loss, self.acc):
            m.vline.setPen(pg.mkPen(line, width=1))
            m.hline.setPen(pg.mkPen(line, width=1))
            m.dots.setPen(pg.mkPen(bg, width=1.5))
            m.dots.setBrush(pg.mkBrush(accent))
            m.label.setColor(fg)
            m.label.fill = pg.mkBrush(fill)
            m.label.border = pg.mkPen(line)

    @Slot(object)
    def _moved(self, pos: QPointF) -> None:
        self.update(pos)

    def update(self, scene_pos: QPointF) -> str:
        """Readout for a scene position; '' (and hidden) outside both plots or without data."""
        text = ""
        for marks, fn in ((self.loss, self._lossText), (self.acc, self._accText)):
            vb = marks.plot.vb
            if vb.sceneBoundingRect().contains(scene_pos):
                cursor = vb.mapSceneToView(scene_pos)
                found = fn(cursor.x())
                if found is not None:
                    x, ys, text = found
                    marks.show(cursor, x, ys, text)
                    continue
            marks.hide()
        self._text = text
        self.plots.readout.setText(text.replace("\n", "  ·  "))
        return text

    def _lossText(self, x: float) -> tuple[float, list[float], str] | None:
        h = self.plots.history
        steps = h.step.view()
        ep = {k: a.view() for k, a in h.epochs.items()}
        lines: list[str] = []
        ys: list[float] = []
        at = math.nan
        if len(steps):
            i = nearest(steps, x)
            at = float(steps[i])
            ys = [float(h.loss.view()[i]), float(h.smoothed.view()[i])]
            lines = [f"step {at:.0f}", f"loss {_fmt(ys[0])}", f"smoothed {_fmt(ys[1])}"]
            if self.plots.lossParts:  # the loss is the data loss plus the penalty
                lines[1] += " (data loss + penalty)"
                lines.append(self.plots.lossParts)
        if len(ep["epoch_step"]):
            j = nearest(ep["epoch_step"], x)
            px = self.plots.lossPlot.vb.viewPixelSize()[0]
            if not lines or abs(ep["epoch_step"][j] - x) <= SNAP_PX * px:
                if not lines:
                    at = float(ep["epoch_step"][j])
                    ys = [float(ep["train_loss"][j])]
                lines.append(
                    f"epoch {ep['epoch'][j]:.0f}: train {_fmt(ep['train_loss'][j])}, "
                    f"val {_fmt(ep['val_loss'][j])}"
                )
        if not lines:
            return None
        return at, ys, "\n".join(lines)

    def _accText(self, x: float) -> tuple[float, list[float], str] | None:
        ep = {k: a.view() for k, a in self.plots.history.epochs.items()}
        if not len(ep["epoch"]):
            return None
        j = nearest(ep["epoch"], x)
        tr, va = float(ep["train_acc"][j]), float(ep["val_acc"][j])
        name, scale = self.plots.scoreName, self.plots.scoreScale
        show = _pct if scale == 100.0 else _fmt
        text = (
            f"epoch {ep['epoch'][j]:.0f}\n"
            f"train {name} {show(tr)}   val {name} {show(va)}\n"
            f"train loss {_fmt(ep['train_loss'][j])}   val loss {_fmt(ep['val_loss'][j])}"
        )
        ys = [scale * v for v in (va, tr) if math.isfinite(v)]
        return float(ep["epoch"][j]), ys, text
