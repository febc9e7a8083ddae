"""Graphics helpers of the training plots: axes with opaque grid lines and a readable
log scale, plot setup and theming, layout and PNG export."""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QWidget

from nnviz.ui.common import frame_budget
from nnviz.util import atomic_path

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it


class TakesTurns:
    """For a pyqtgraph view: it takes its turn when the window repaints many panels at
    once (`frame_budget.PaintTurn`); `turn.cost` is how long a paint takes, smoothed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.turn = frame_budget.PaintTurn(self.viewport(), self.backgroundBrush)  # type: ignore[attr-defined]

    def paintEvent(self, event: Any) -> None:
        if self.turn.begin():
            super().paintEvent(event)  # type: ignore[misc]
            self.turn.end()


class TimedLayout(TakesTurns, pg.GraphicsLayoutWidget):
    """A GraphicsLayoutWidget that knows how long it takes to paint (`paint_s`), so its
    owner can redraw it less often when painting is slow."""

    @property
    def paint_s(self) -> float:
        return self.turn.cost


class TurnPlot(TakesTurns, pg.PlotWidget):
    """A PlotWidget that takes its turn when the window repaints many panels at once."""


class GridAxis(pg.AxisItem):
    """Axis whose grid lines are drawn with opaque pens (their colour pre-blended with
    the background): translucent lines across the plot made each repaint ~10x slower."""

    background = QColor(255, 255, 255)

    def setBackground(self, bg: QColor) -> None:
        self.background = QColor(bg)
        self.picture = None
        self.update()

    def generateDrawSpecs(self, p):
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return None
        axis_spec, tick_specs, text_specs = specs
        bg = self.background
        opaque = []
        for pen, p1, p2 in tick_specs:
            c = pen.color()
            t = c.alphaF()
            if t < 1.0:
                pen = QPen(pen)
                pen.setColor(
                    QColor(
                        round(bg.red() + (c.red() - bg.red()) * t),
                        round(bg.green() + (c.green() - bg.green()) * t),
                        round(bg.blue() + (c.blue() - bg.blue()) * t),
                    )
                )
            opaque.append((pen, p1, p2))
        return axis_spec, opaque, text_specs


class LossAxis(GridAxis):
    """Value axis whose log mode labels only 1, 2 and 5 times powers of ten (all
    mantissas when the view spans less than ~half a decade), so labels never collide."""

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        v = np.asarray(values, dtype=np.float64)
        if v.size == 0:
            return []
        span = float(v.max() - v.min())
        keep = (1,) if span > 2.5 else (1, 2, 5) if span > 0.6 else tuple(range(1, 10))
        out = []
        for x in v:
            m = round(10.0 ** (x - math.floor(x)))
            out.append(f"{10.0**x * scale:g}" if m in keep or m == 10 else "")
        return out


def make_plot(title: str, left: pg.AxisItem, legend_at: tuple[int, int]) -> pg.PlotItem:
    """A PlotItem set up for long curves: peak downsampling and clip-to-view on the
    PlotItem (on a data item they are ignored), grid behind the data, compact title
    and a two-column legend at `legend_at`."""
    p = pg.PlotItem(title=title, axisItems={"left": left, "bottom": GridAxis("bottom")})
    p.setDownsampling(auto=True, mode="peak")
    p.setClipToView(True)
    p.showGrid(x=True, y=True, alpha=0.12)
    for name in ("left", "bottom"):  # grid behind the curves, legend and readout
        p.getAxis(name).setZValue(-0.5)
    p.setMenuEnabled(False)
    p.titleLabel.setText(title, size="9pt")
    p.addLegend(offset=legend_at, labelTextSize="8pt", colCount=2)
    return p


def style_plot(p: pg.PlotItem, fg: QColor, bg: QColor) -> None:
    """Axis, title and legend colours for a theme (opaque legend: cheaper to paint)."""
    for name in ("left", "bottom"):
        ax = p.getAxis(name)
        ax.setPen(fg)
        ax.setTextPen(fg)
        if isinstance(ax, GridAxis):
            ax.setBackground(bg)
    p.titleLabel.setText(p.titleLabel.text, color=fg.name())
    legend = p.legend
    legend.setLabelTextColor(fg)
    for _, label in legend.items:  # re-render with the new colour
        label.setText(label.text)
    legend.setBrush(bg)
    edge = QColor(
        round(bg.red() + (fg.red() - bg.red()) * 0.3),
        round(bg.green() + (fg.green() - bg.green()) * 0.3),
        round(bg.blue() + (fg.blue() - bg.blue()) * 0.3),
    )
    legend.setPen(edge)


def place_second(layout: pg.GraphicsLayout, item: pg.PlotItem, beside: bool, ratio) -> None:
    """Put the second plot of a 2-plot layout beside (column 1) or below (row 1) the
    first, sharing the space ratio[0] : ratio[1]."""
    grid = layout.layout
    layout.removeItem(item)
    layout.addItem(item, *((0, 1) if beside else (1, 0)))
    a, b = ratio
    if beside:
        grid.setColumnStretchFactor(0, a)
        grid.setColumnStretchFactor(1, b)
        grid.setRowStretchFactor(0, 1)
    else:
        grid.setRowStretchFactor(0, a)
        grid.setRowStretchFactor(1, b)
        grid.setColumnStretchFactor(0, 1)


def save_png(widget: QWidget, path: str | os.PathLike[str]) -> None:
    """Render `widget` to a PNG file: written to a temporary name, then renamed."""
    with atomic_path(path, suffix=".png") as tmp:
        if not widget.grab().save(str(tmp), "PNG"):
            raise OSError(f"could not write the image {path}")


def set_finite(curve: pg.PlotDataItem, x: np.ndarray, y: np.ndarray) -> None:
    """The curve's data without its non-finite points."""
    ok = np.isfinite(y)
    curve.setData(x[ok], y[ok])
