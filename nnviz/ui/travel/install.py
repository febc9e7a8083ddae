"""`install(window)`: the timeline inside the Training curves dock, the Compare panel,
the Train and File menu entries of time travel."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnviz.ui.travel.branching import Branching
from nnviz.ui.travel.controller import TimeTravel
from nnviz.ui.travel.host import TravelHost


def install(window: TravelHost) -> TimeTravel:
    """Put the timeline under the loss curves and wire time travel; sets
    `window.timeTravel` (with `.branching`)."""
    parent = window if isinstance(window, QObject) else None
    travel = TimeTravel(window, parent)
    travel.branching = Branching(window, travel)
    window.sessionQt.sigRunsReplaced.connect(travel.branching.refill)
    dock = window.panel("plots")
    if dock is not None:  # the timeline runs under the curves, in the same dock
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(dock.widget(), 4)  # the curves keep most of a low dock
        layout.addWidget(travel.timeline, 1)
        dock.setWidget(box)
    compare = window.addPanel(
        "compare", "Compare", travel.comparePanel, Qt.DockWidgetArea.RightDockWidgetArea,
        tabify_with="inspector",
    )  # fmt: skip
    if compare is not None:
        compare.hide()  # shown when A and B are set
    if window.drawPanel is not None:
        window.drawPanel.sigForward.connect(travel.drawnForward)
    now = QAction("Back to &now", travel)
    now.setShortcut(QKeySequence("End"))
    now.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # Step keeps End
    now.setToolTip("Show the live network again after scrubbing back (End in the network)")
    now.triggered.connect(travel.backToNow)
    window.trainMenu.addAction(now)
    travel.timeline.addAction(now)
    view = window.networkView
    if isinstance(view, QWidget):
        view.addAction(now)
    window.timeTravel = travel
    return travel
