"""The bar over the training curves (log scale, smoothing, the hover readout) and the
colours of the curves themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QSlider

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from nnviz.ui.plots.theme import mix, series_colors

if TYPE_CHECKING:
    from nnviz.ui.plots.curves import TrainingPlots


def build(p: TrainingPlots, smoothing: float) -> QHBoxLayout:
    """`p.logCheck`, `p.smoothSlider` (beta of the moving average), `p.smoothLabel` and
    `p.readout` in one row; returns the row."""
    p.logCheck = QCheckBox("&Log scale")
    p.logCheck.setToolTip("Show the loss on a logarithmic axis (Alt+L)")
    p.logCheck.toggled.connect(p.setLogScale)
    p.smoothSlider = QSlider(Qt.Orientation.Horizontal)
    p.smoothSlider.setRange(0, 99)
    p.smoothSlider.setValue(round(smoothing * 100))
    p.smoothSlider.setMaximumWidth(140)
    p.smoothSlider.setToolTip(
        "Smoothing of the loss curve: weight beta of the moving average "
        "s_t = beta s_(t-1) + (1 - beta) loss_t"
    )
    p.smoothSlider.valueChanged.connect(p._smoothingChanged)
    p.smoothLabel = QLabel()
    p.smoothLabel.setToolTip(p.smoothSlider.toolTip())
    show_smoothing(p)
    bar = QHBoxLayout()
    bar.setContentsMargins(4, 2, 4, 0)
    bar.addWidget(p.logCheck)
    bar.addSpacing(12)
    bar.addWidget(p.smoothLabel)
    bar.addWidget(p.smoothSlider)
    p.readout = QLabel()
    p.readout.setToolTip("Exact values at the mouse (hover a plot)")
    p.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    p.readout.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    bar.addWidget(p.readout, 1)
    return bar


def color_curves(p: TrainingPlots, dark: bool, bg: QColor, fg: QColor) -> None:
    """Pens and markers of every curve: training blue, validation orange, epochs dashed."""
    train, val = series_colors(dark)
    p.rawCurve.setPen(pg.mkPen(mix(train, bg, 0.3), width=1))
    p.smoothCurve.setPen(pg.mkPen(QColor(*train), width=2))
    edge = pg.mkPen(bg, width=1)
    for curve, c in (
        (p.trainLossCurve, mix(train, QColor(0, 0, 0), 0.8 if not dark else 1.0)),
        (p.valLossCurve, QColor(*val)),
        (p.trainAccCurve, QColor(*train)),
        (p.valAccCurve, QColor(*val)),
    ):
        curve.setPen(pg.mkPen(c, width=1.5, style=Qt.PenStyle.DashLine))
        curve.setSymbolBrush(c)
        curve.setSymbolPen(edge)
    p.emptyText.setColor(mix((fg.red(), fg.green(), fg.blue()), bg, 0.6))
    p.hover.setColors(fg, bg, QColor(*train))


def check_quietly(box: QCheckBox, on: bool) -> None:
    """Tick or untick `box` without emitting its signals."""
    if box.isChecked() != on:
        box.blockSignals(True)
        box.setChecked(on)
        box.blockSignals(False)


def show_smoothing(p: TrainingPlots) -> None:
    """The smoothing label follows the slider."""
    p.smoothLabel.setText(f"Smoothing {p.smoothSlider.value() / 100:.2f}")
