"""The graphics of a loss landscape: heat map of log10 loss with contour lines and a
colour bar, the current point, the projected descent arrow, and paths (pyqtgraph).

Displayed coordinates are `origin + (α, β)` of the result (the two weights' values,
or α, β for random directions). Every pen is opaque; paths have a dark outline so they
read on every colour of the map.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Signal, Slot
from PySide6.QtGui import QColor

from nnviz.ui.landscape.job import LandscapeResult
from nnviz.ui.plots.items import LossAxis, style_plot
from nnviz.ui.plots.theme import mix, theme_colors

# isort: split
import pyqtgraph as pg

CMAP = "viridis"  # sequential, perceptually uniform, colour-blind safe
POINT = (255, 255, 255)
ARROW = (255, 255, 255)
PATH = (240, 60, 160)
OUTLINE = (15, 15, 18)
CONTOUR = (235, 235, 235)
ARROW_FRACTION = 0.3  # the arrow spans this fraction of the window's half-width


class OutlinedSample(pg.ItemSample):
    """A legend sample that draws a line's dark outline under it (items with an
    `outline` pen); clicks do not hide items."""

    def paint(self, p: Any, *args: Any) -> None:
        outline = getattr(self.item, "outline", None)
        if outline is not None:
            p.setPen(outline)
            p.drawLine(0, 11, 20, 11)
        super().paint(p, *args)

    def mouseClickEvent(self, event: Any) -> None:
        event.ignore()


class LandscapePlot(pg.GraphicsLayoutWidget):
    """A plot of one `LandscapeResult` plus any number of projected paths."""

    sigReadout = Signal(str)  # the value under the mouse ("" off the surface)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.result: LandscapeResult | None = None
        self.plot = self.addPlot(row=0, col=0)
        self.plot.setMenuEnabled(False)
        self.plot.setAspectLocked(True)
        self.legend = pg.LegendItem(colCount=4, labelTextSize="8pt", sampleType=OutlinedSample)
        self.addItem(self.legend, row=1, col=0, colspan=2)
        self.plot.legend = self.legend  # themed with the plot
        self.image = pg.ImageItem()
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.cmap = pg.colormap.get(CMAP)
        self.colorBar = pg.ColorBarItem(colorMap=self.cmap, interactive=False, width=14)
        self.colorBar.setImageItem(self.image)
        self.colorBar.setMenuEnabled(False)
        axis = LossAxis("right")
        self.colorBar.setAxisItems({"right": axis})
        self.colorBar.axis = axis
        axis.unlinkFromView()
        axis.enableAutoSIPrefix(False)
        self.addItem(self.colorBar, row=0, col=1)
        self.contours = pg.PlotDataItem(connect="finite")  # every level, NaN between lines
        self.contours.setZValue(-5)
        self.plot.addItem(self.contours)
        self.tracks: dict[Any, tuple[pg.PlotDataItem, pg.PlotDataItem, pg.ScatterPlotItem]] = {}
        self.arrowLine = self._outlined(ARROW, 2.5, "−∇L (direction, projected)")
        self.arrowHead = pg.ArrowItem(
            headLen=14, tipAngle=32, brush=pg.mkBrush(*ARROW), pen=pg.mkPen(OUTLINE, width=1)
        )
        self.arrowHead.setZValue(6)
        self.plot.addItem(self.arrowHead)
        self.point = pg.ScatterPlotItem(
            size=12, brush=pg.mkBrush(*POINT), pen=pg.mkPen(OUTLINE, width=1.5), name="θ now"
        )
        self.point.setZValue(8)
        self.plot.addItem(self.point)
        self.message = pg.TextItem("", anchor=(0.5, 0.5))
        self.plot.addItem(self.message, ignoreBounds=True)
        self.plot.vb.sigRangeChanged.connect(self._placeArrowHead)
        self.plot.vb.sigResized.connect(self._placeArrowHead)
        self.scene().sigMouseMoved.connect(self._hover)
        self.setTheme()
        self.clearSurface()

    def _outlined(self, color: tuple[int, int, int], width: float, name: str | None):
        """A line drawn twice: dark and wider below, coloured above (legend: the top one)."""
        under = pg.PlotDataItem(pen=pg.mkPen(OUTLINE, width=width + 2), connect="finite")
        over = pg.PlotDataItem(pen=pg.mkPen(color, width=width), connect="finite", name=name)
        under.setZValue(4)
        over.setZValue(5)
        self.plot.addItem(under)
        self.plot.addItem(over)
        over.outline = under.opts["pen"]  # for the legend sample (the plot adds named items)
        return under, over

    # ------------------------------------------------------------ content

    def clearSurface(self, text: str = "") -> None:
        """No surface; `text` in the middle instead."""
        self.result = None
        self.image.clear()
        self.contours.setData([], [])
        for under, over in (self.arrowLine,):
            under.setData([], [])
            over.setData([], [])
        self.arrowHead.hide()
        self.point.setData([], [])
        for key in list(self.tracks):
            self.removeTrack(key)
        self.showMessage(text)

    def showMessage(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        if text:
            (x0, x1), (y0, y1) = self.plot.vb.viewRange()
            self.message.setPos((x0 + x1) / 2, (y0 + y1) / 2)

    def setResult(self, res: LandscapeResult) -> None:
        """Draw a computed surface (paths keep their own calls)."""
        self.result = res
        self.showMessage("")
        Z = res.Z
        lo, hi = float(Z.min()), float(Z.max())
        if not hi > lo:
            lo, hi = lo - 0.5, hi + 0.5
        ox, oy = res.origin
        a, b = res.alphas, res.betas
        da = (a[-1] - a[0]) / max(len(a) - 1, 1)
        db = (b[-1] - b[0]) / max(len(b) - 1, 1)
        self.image.setImage(Z, levels=(lo, hi), autoLevels=False)
        rect = QRectF(ox + a[0] - da / 2, oy + b[0] - db / 2, a[-1] - a[0] + da, b[-1] - b[0] + db)
        self.image.setRect(rect)
        self.colorBar.setLevels((lo, hi))
        self.colorBar.axis.setLogMode(res.log)
        self._labelColorBar()
        if res.contours:
            x = np.concatenate([c[0] for c in res.contours])
            y = np.concatenate([c[1] for c in res.contours])
            self.contours.setData(ox + x, oy + y)
        else:
            self.contours.setData([], [])
        self.point.setData([ox], [oy])
        self.point.setToolTip(f"θ now: loss {res.loss0:.5g}")
        self.plot.setLabel("bottom", res.labels[0])
        self.plot.setLabel("left", res.labels[1])
        self._setArrow()
        self.plot.vb.setRange(
            xRange=(ox + a[0] - da / 2, ox + a[-1] + da / 2),
            yRange=(oy + b[0] - db / 2, oy + b[-1] + db / 2),
            padding=0,
        )
        self._placeArrowHead()

    def _setArrow(self) -> None:
        res = self.result
        assert res is not None
        c = res.arrow
        n = float(np.hypot(*c))
        under, over = self.arrowLine
        if not n > 0 or not math.isfinite(n):
            under.setData([], [])
            over.setData([], [])
            self.arrowHead.hide()
            return
        half = min(res.alphas[-1] - res.alphas[0], res.betas[-1] - res.betas[0]) / 2
        tip = c / n * half * ARROW_FRACTION
        ox, oy = res.origin
        xs, ys = [ox, ox + tip[0]], [oy, oy + tip[1]]
        under.setData(xs, ys)
        over.setData(xs, ys)
        self.arrowHead.setPos(ox + tip[0], oy + tip[1])
        self.arrowHead.show()

    @Slot()
    def _placeArrowHead(self) -> None:
        """Point the head along the shaft in screen space (the head ignores the view's
        scaling, so its angle is taken from the mapped shaft)."""
        x, y = self.arrowLine[1].getData()
        if x is None or len(x) < 2:
            return
        vb = self.plot.vb
        p0 = vb.mapViewToScene(QPointF(x[0], y[0]))
        p1 = vb.mapViewToScene(QPointF(x[1], y[1]))
        dx, dy = p1.x() - p0.x(), p1.y() - p0.y()
        if dx == 0 and dy == 0:
            return
        self.arrowHead.setStyle(angle=math.degrees(math.atan2(-dy, -dx)))

    def setTrack(
        self, key: Any, coords: np.ndarray, color: tuple[int, int, int], label: str | None
    ) -> None:
        """A path through `coords` ((k, 2) slice coordinates) ending in a dot."""
        if key not in self.tracks:
            under, over = self._outlined(color, 2.0, label)
            head = pg.ScatterPlotItem(size=8, brush=pg.mkBrush(*color), pen=pg.mkPen(OUTLINE))
            head.setZValue(7)
            self.plot.addItem(head)
            self.tracks[key] = (under, over, head)
        under, over, head = self.tracks[key]
        if self.result is None or len(coords) == 0:
            for item in (under, over, head):
                item.setData([], [])
            return
        x = coords[:, 0] + self.result.origin[0]
        y = coords[:, 1] + self.result.origin[1]
        under.setData(x, y)
        over.setData(x, y)
        head.setData(x[-1:], y[-1:])

    def setPointName(self, text: str) -> None:
        self.legend.removeItem(self.point)
        self.legend.addItem(self.point, text)

    def removeTrack(self, key: Any) -> None:
        items = self.tracks.pop(key, None)
        for item in items or ():
            self.plot.removeItem(item)

    def _labelColorBar(self) -> None:
        log = self.result is not None and self.result.log
        self.colorBar.axis.setLabel("loss (log scale)" if log else "loss", color=self._fg.name())

    # ------------------------------------------------------------ readout

    def valueAt(self, x: float, y: float) -> tuple[float, float, float] | None:
        """(α, β, loss) of the grid point nearest to the displayed point (x, y)."""
        res = self.result
        if res is None:
            return None
        a, b = x - res.origin[0], y - res.origin[1]
        if not (res.alphas[0] <= a <= res.alphas[-1] and res.betas[0] <= b <= res.betas[-1]):
            return None
        i = int(np.argmin(np.abs(res.alphas - a)))
        j = int(np.argmin(np.abs(res.betas - b)))
        return float(res.alphas[i]), float(res.betas[j]), float(res.S[i, j])

    def readoutAt(self, scene_pos: QPointF) -> str:
        """'W1[0, 0] = 0.3, W1[0, 1] = -0.2: loss 0.25' at a scene position ('' off it)."""
        vb, res = self.plot.vb, self.result
        if res is None or not vb.sceneBoundingRect().contains(scene_pos):
            return ""
        p = vb.mapSceneToView(scene_pos)
        v = self.valueAt(p.x(), p.y())
        if v is None:
            return ""
        (a, b), (ox, oy) = res.labels, res.origin
        return f"{a} = {ox + v[0]:.4g}, {b} = {oy + v[1]:.4g}: loss {v[2]:.5g}"

    @Slot(object)
    def _hover(self, scene_pos: QPointF) -> None:
        self.sigReadout.emit(self.readoutAt(scene_pos))

    # ------------------------------------------------------------ theme

    def setTheme(self, dark: bool | None = None) -> None:
        dark, bg, fg = theme_colors(self, dark)
        self.setBackground(bg)
        style_plot(self.plot, fg, bg)
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setTextPen(fg)
        ax = self.colorBar.axis
        ax.setPen(fg)
        ax.setTextPen(fg)
        self._fg = fg
        self._labelColorBar()
        self.legend.setPen(None)
        self.message.setColor(mix((fg.red(), fg.green(), fg.blue()), bg, 0.8))
        self.contours.setPen(pg.mkPen(QColor(*CONTOUR), width=1))
