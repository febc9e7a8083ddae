"""The window's frame: dock options, the central area (banner over the network) and the
panels every workspace starts from (controls, curves, decision regions, weights, inspector).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from nnviz.ui.common import frame_budget
from nnviz.ui.common.scroll import scrolled
from nnviz.ui.controls.panel import ControlsPanel
from nnviz.ui.features.decision import DecisionView
from nnviz.ui.features.inspector import Inspector
from nnviz.ui.features.weight_grid import WeightGrid
from nnviz.ui.netview.view import NetworkView
from nnviz.ui.plots.curves import TrainingPlots
from nnviz.ui.shell.banner import MessageBanner
from nnviz.ui.shell.state import DEFAULT_SIZE

if TYPE_CHECKING:
    from nnviz.ui.shell.main_window import MainWindow

Area = Qt.DockWidgetArea


def configure(w: MainWindow) -> None:
    """Name, title, default size and how docks nest, tab and animate."""
    w.setObjectName("nnvizMainWindow")
    w.setWindowTitle("nnviz")
    w.resize(*DEFAULT_SIZE)
    w.setDockOptions(
        QMainWindow.DockOption.AnimatedDocks
        | QMainWindow.DockOption.AllowTabbedDocks
        | QMainWindow.DockOption.AllowNestedDocks
    )
    # The side columns (controls; pictures, draw pad, inspector) run the full height.
    w.setCorner(Qt.Corner.BottomLeftCorner, Area.LeftDockWidgetArea)
    w.setCorner(Qt.Corner.BottomRightCorner, Area.RightDockWidgetArea)
    frame_budget.watch(w)  # heavy panels take turns when the window repaints many


def build_central(w: MainWindow) -> QWidget:
    """`w.banner` over `w.networkView` as the central widget; returns it."""
    w.banner = MessageBanner()
    w.networkView = NetworkView()
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(w.banner)
    layout.addWidget(w.networkView, 1)
    w.setCentralWidget(central)
    return central


def add_core_panels(w: MainWindow, central: QWidget) -> None:
    """Controls, training curves, decision regions, first-layer weights and inspector."""
    w.controls = ControlsPanel(w.actions)
    w.plots = TrainingPlots()
    w.decisionView = DecisionView()
    w.weightGrid = WeightGrid()
    w.inspector = Inspector()
    w.addPanel("controls", "Controls", w.controls, Area.LeftDockWidgetArea)
    w.addPanel("plots", "Training curves", w.plots, Area.BottomDockWidgetArea)
    w.addPanel("decision", "Decision regions", w.decisionView, Area.RightDockWidgetArea)
    w.addPanel("weights", "First-layer weights", w.weightGrid, Area.RightDockWidgetArea)
    # scrolled: its rows change with every step, and must not re-lay out the window
    w.addPanel("inspector", "Inspector", scrolled(w.inspector), Area.RightDockWidgetArea)
    # Space / Right / R train while focus is in these (not in panels with own keys).
    train = [w.actions[k] for k in ("play", "step", "reset")]
    for widget in (central, *w.docks.widgets()):
        widget.addActions(train)


def grow_for_step(w: MainWindow) -> None:
    """Give the Backprop step dock room at the bottom whenever it is shown."""
    if "step" in w.docks:
        w.docks["step"].visibilityChanged.connect(
            lambda shown: shown and QTimer.singleShot(0, lambda: w.docks.growBottomFor("step"))
        )
