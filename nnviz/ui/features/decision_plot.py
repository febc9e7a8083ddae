"""The pieces of `DecisionView`: its header row, the region plot (heat map under the
points, rings for the test points), its colours, the dots, the grid cell under the mouse
and the column of neuron pictures."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
)

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from nnviz.analysis.decision import GridResult
from nnviz.app.history import ACCURACY_TIP
from nnviz.ui.features.neuron_thumbs import NeuronThumbs


def header_row(band: float) -> tuple[QLabel, QCheckBox, QLabel, QBoxLayout]:
    """(title, "Discretize" box, accuracy label, the row holding them)."""
    title = QLabel("<b>Decision regions</b>")
    discretize = QCheckBox("Discretize")
    discretize.setToolTip(
        "Discretize output: paint the predicted class (or the value in steps of "
        f"{band:g}) instead of a gradient"
    )
    accuracy = QLabel()
    accuracy.setToolTip(ACCURACY_TIP)
    accuracy.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    accuracy.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    head = QBoxLayout(QBoxLayout.Direction.LeftToRight)
    head.addWidget(title)
    head.addWidget(discretize)
    head.addStretch(1)
    head.addWidget(accuracy)
    return title, discretize, accuracy, head


def region_plot() -> tuple[pg.PlotWidget, pg.ImageItem, pg.ScatterPlotItem]:
    """(plot, heat map, test rings): x₁ across, x₂ up, equal scales, a legend."""
    plot = pg.PlotWidget()
    plot.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    plot.setToolTip(
        "Background: the class the network predicts at each point of the plane. "
        "Dots: training points; rings: test points. Scroll to zoom, drag to pan."
    )
    pi = plot.getPlotItem()
    pi.setAspectLocked(True)
    pi.setMenuEnabled(False)
    pi.setLabel("bottom", "x₁")
    pi.setLabel("left", "x₂")
    pi.addLegend(offset=(8, 8), labelTextSize="8pt")
    heatmap = pg.ImageItem(axisOrder="row-major")
    heatmap.setZValue(-10)
    pi.addItem(heatmap)
    rings = pg.ScatterPlotItem(size=9, brush=None, symbol="o")
    pi.addItem(rings)
    return plot, heatmap, rings


def style_region_plot(plot: pg.PlotWidget, bg: QColor, fg: QColor, dark: bool) -> QPen:
    """Background, axes and legend in the theme's colours; returns the dots' outline."""
    plot.setBackground(bg)
    pi = plot.getPlotItem()
    for name in ("left", "bottom"):
        pi.getAxis(name).setPen(fg)
        pi.getAxis(name).setTextPen(fg)
    pi.legend.setLabelTextColor(fg)
    pi.legend.setBrush(QColor(bg.red(), bg.green(), bg.blue(), 200))
    for _, label in pi.legend.items:
        label.setText(label.text)
    return pg.mkPen(QColor(255, 255, 255) if dark else QColor(40, 40, 40), width=1)


def hover_cell(
    plot: pg.PlotWidget, res: GridResult, pos: QPointF
) -> tuple[float, float, int, int] | None:
    """(x₁, x₂, row i, column j) of the grid under scene point `pos` (i, j may fall
    outside the grid); None off the plot."""
    vb = plot.getPlotItem().vb
    if not vb.sceneBoundingRect().contains(pos):
        return None
    p = vb.mapSceneToView(pos)
    x0, x1, y0, y1 = res.bounds
    j = int((p.x() - x0) / (x1 - x0) * res.n)
    i = int((p.y() - y0) / (y1 - y0) * res.n)
    return p.x(), p.y(), i, j


def thumb_column(thumbs: NeuronThumbs) -> tuple[QScrollArea, QVBoxLayout]:
    """The neuron pictures in a scroll area under their heading."""
    scroll = QScrollArea()
    scroll.setWidget(thumbs)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    head = QLabel("<b>What each input and hidden neuron responds to</b>")
    head.setWordWrap(True)  # never widens a narrow side dock
    head.setToolTip(thumbs.toolTip())
    column = QVBoxLayout()
    column.addWidget(head)
    column.addWidget(scroll, 1)
    return scroll, column


def draw_points(
    plot: pg.PlotWidget, old: list[pg.ScatterPlotItem], groups: list, outline: object, columns: int
) -> list[pg.ScatterPlotItem]:
    """Replace the `old` dots by one item per (points, brush, name) group."""
    pi = plot.getPlotItem()
    for item in old:
        pi.removeItem(item)
    items = []
    for P, brush, name in groups:
        item = pg.ScatterPlotItem(P[:, 0], P[:, 1], size=7, pen=outline, brush=brush, name=name)
        pi.addItem(item)
        items.append(item)
    pi.legend.setColumnCount(max(1, columns))
    return items


def show_rings(
    plot: pg.PlotWidget, rings: pg.ScatterPlotItem, X: np.ndarray | None, colors: list | None
) -> None:
    """Test points X (n, 2) as rings of the given colours (None or no points: hidden)."""
    legend = plot.getPlotItem().legend
    legend.removeItem(rings)
    if X is None or colors is None or len(X) == 0:
        rings.setData([], [])
        rings.hide()
        return
    pens = [pg.mkPen(c, width=2) for c in colors]
    rings.setData(X[:, 0], X[:, 1], pen=pens, brush=None)
    rings.show()
    legend.addItem(rings, "val (rings)")
