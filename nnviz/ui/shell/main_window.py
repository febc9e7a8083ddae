"""The main window: the network in the middle, controls, curves and feature views in docks.

Public attributes panels rely on: `networkView`, `plots`, `session` (Qt-free),
`sessionQt` (signals), `currentNetwork()`, `makeOptimizer()`, `nextSample()`,
`addPanel(...)`, `panel(name)`, the menus `fileMenu`, `trainMenu`, `viewMenu`,
`exportMenu`, `helpMenu`, `setSelection(sel)` / `sigSelection`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from nnviz.app.session import Session
from nnviz.app.settings import Settings
from nnviz.engine import Network, Optimizer
from nnviz.ui.common.selection import Selection
from nnviz.ui.common.session_qt import SessionQt
from nnviz.ui.controls.panel import ControlsPanel
from nnviz.ui.features.decision import DecisionView
from nnviz.ui.features.inspector import Inspector
from nnviz.ui.features.weight_grid import WeightGrid
from nnviz.ui.netview.view import NetworkView
from nnviz.ui.plots.curves import TrainingPlots
from nnviz.ui.shell import files as window_files
from nnviz.ui.shell.banner import MessageBanner
from nnviz.ui.shell.data_setup import MnistSetup, mnist_available
from nnviz.ui.shell.menus import build_menus, create_actions
from nnviz.ui.shell.panels import install_all
from nnviz.ui.shell.state import WindowStateMixin
from nnviz.ui.shell.status import TrainingStatus
from nnviz.ui.shell.wiring import WiringMixin

DEFAULT_SIZE = (1400, 850)
Area = Qt.DockWidgetArea


class MainWindow(WiringMixin, WindowStateMixin, QMainWindow):
    """nnviz's window. `MainWindow(settings=None, qsettings=None, restore=True)`."""

    sigSelection = Signal(object)  # Selection or None: the one shared selection

    def __init__(
        self,
        settings: Settings | None = None,
        qsettings: QSettings | None = None,
        restore: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("nnvizMainWindow")
        self.setWindowTitle("nnviz")
        self.resize(*DEFAULT_SIZE)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )
        # The side columns (controls; pictures, draw pad, inspector) run the full height.
        self.setCorner(Qt.Corner.BottomLeftCorner, Area.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Area.RightDockWidgetArea)
        self.qsettings = qsettings or QSettings("nnviz", "nnviz")
        self._confirmOnClose = True
        self._docks: dict[str, QDockWidget] = {}
        self._selection: Selection | None = None
        start = settings or (self.savedSettings() if restore else Settings())
        self.session = Session(start)
        self.sessionQt = SessionQt(self.session, self)
        self.mnistSetup = MnistSetup(self)
        self.helpText = HELP_TEXT

        self.actions = create_actions(self)
        self.banner = MessageBanner()
        self.networkView = NetworkView()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.networkView, 1)
        self.setCentralWidget(central)
        build_menus(self)
        self._viewActions()

        self.controls = ControlsPanel(self.actions)
        self.plots = TrainingPlots()
        self.decisionView = DecisionView()
        self.weightGrid = WeightGrid()
        self.inspector = Inspector()
        self.addPanel("controls", "Controls", self.controls, Area.LeftDockWidgetArea, "Ctrl+1")
        self.addPanel("plots", "Training curves", self.plots, Area.BottomDockWidgetArea, "Ctrl+2")
        self.addPanel(
            "decision", "Decision regions", self.decisionView, Area.RightDockWidgetArea, "Ctrl+3"
        )
        self.addPanel(
            "weights", "First-layer weights", self.weightGrid, Area.RightDockWidgetArea, "Ctrl+4"
        )
        self.addPanel("inspector", "Inspector", self.inspector, Area.RightDockWidgetArea, "Ctrl+5")
        # Space / Right / R train while focus is in these (not in panels with own keys).
        train = [self.actions[k] for k in ("play", "step", "reset")]
        for w in (central, *self._docks.values()):
            w.addActions(train)
        self.statusInfo = TrainingStatus(self.statusBar())

        self._wire()
        install_all(self)
        if "step" in self._docks:
            self._docks["step"].visibilityChanged.connect(
                lambda shown: shown and QTimer.singleShot(0, lambda: self.growBottomFor("step"))
            )
        self._dedupeHelpMenu()
        window_files.update_recent_menu(self)
        self.arrangeDefaultLayout()
        if restore:
            self.restoreWindowState()
        self.showFeatureDocks(start.kind == "toy", start.kind == "mnist")  # until data loads
        self.applySettings(start, startup=True)
        self.networkView.setFocus()

    # ------------------------------------------------------------ the contract

    def currentNetwork(self) -> Network:
        """A float64 copy of the network with the latest parameters."""
        return self.session.current_network()

    def makeOptimizer(self) -> Optimizer:
        """A fresh optimizer per the current settings."""
        return self.session.make_optimizer()

    def nextSample(self) -> tuple[np.ndarray, np.ndarray]:
        """The next training sample: (x (1, n_in), y (1,))."""
        return self.session.next_sample()

    def addPanel(
        self,
        name: str,
        title: str,
        widget: QWidget,
        area: Qt.DockWidgetArea,
        shortcut: str | None = None,
        tabify_with: str | None = None,
    ) -> QDockWidget:
        """Add `widget` as a dock (remembered in the saved window state) with a View menu
        toggle; `tabify_with` names a panel to share a tab group with."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        other = self._docks.get(tabify_with or "")
        if other is not None:
            self.tabifyDockWidget(other, dock)
        toggle = dock.toggleViewAction()
        toggle.setText(title)
        toggle.setToolTip(f"Show or hide the {title} panel")
        toggle.setStatusTip(toggle.toolTip())
        if shortcut:
            toggle.setShortcut(QKeySequence(shortcut))
        self.panelsMenu.addAction(toggle)
        self._docks[name] = dock
        return dock

    def panel(self, name: str) -> QDockWidget | None:
        return self._docks.get(name)

    def selection(self) -> Selection | None:
        return self._selection

    @Slot(object)
    def setSelection(self, sel: Selection | None) -> None:
        """Make `sel` the shared selection: highlight it and tell every panel."""
        if sel == self._selection:
            return
        self._selection = sel
        self.networkView.select(sel)
        self.inspector.setSelection(sel)
        self.weightGrid.setSelectedNeuron(
            sel.unit if sel and sel.layer == 0 and not sel.is_weight else None
        )
        self.sigSelection.emit(sel)

    selectionChanged = setSelection

    def openPath(self, path: str) -> bool:
        """Open a model (.npz) or a CSV data file."""
        return window_files.open_path(self, path)

    # ------------------------------------------------------------ settings and data

    @Slot(object)
    def applySettings(self, settings: Settings, startup: bool = False) -> None:
        """Apply settings from the controls (getting MNIST first when it is missing)."""
        if not self.ensureData(settings, lambda: self.applySettings(settings)):
            if startup:
                self.applySettings(Settings(), startup=True)
            else:
                self.controls.setSettings(self.session.settings, *self._io())
            return
        self.sessionQt.applySettings(settings)

    def ensureData(self, settings: Settings, then: Callable[[], None]) -> bool:
        """True if the data of `settings` is available now; otherwise offer to fetch
        MNIST and call `then` once it is there."""
        if settings.kind != "mnist" or mnist_available():
            return True
        self._afterMnist = then
        if self.mnistSetup.busy or self.mnistSetup.ask() != "cancel":
            self.statusBar().showMessage("Getting MNIST…")
        return False

    def _io(self) -> tuple[int | None, int | None]:
        ds = self.session.dataset
        return (ds.n_features, ds.n_classes) if ds is not None else (None, None)

    # ------------------------------------------------------------ messages and closing

    def showError(self, text: str) -> None:
        self.banner.showMessage(text, "error")

    def setConfirmOnClose(self, on: bool) -> None:
        """Ask about unsaved trained weights when closing (off in tests)."""
        self._confirmOnClose = bool(on)

    def updateTitle(self) -> None:
        s = self.session
        name = s.path.name if s.path else s.settings.dataset_label
        self.setWindowTitle(f"nnviz — {name}{' •' if s.dirty else ''}")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._confirmOnClose and self.session.dirty and not self._askSave():
            event.ignore()
            return
        self.saveWindowState()
        self.mnistSetup.cancel()
        self.sessionQt.shutdown()
        super().closeEvent(event)

    def _askSave(self) -> bool:
        """Save / Discard / Cancel for trained weights; False means keep the window open."""
        answer = QMessageBox.question(
            self,
            "Save the trained network?",
            "The network has trained since it was last saved. Save it before closing?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            self.sessionQt.pause()
            return window_files.save(self)
        return True

    def _viewActions(self) -> None:
        """Zoom actions for the network view in the View menu."""
        menu = self.viewMenu
        menu.addSeparator()
        for text, key, slot in (
            ("Zoom &in", QKeySequence.StandardKey.ZoomIn, self.networkView.zoomIn),
            ("Zoom &out", QKeySequence.StandardKey.ZoomOut, self.networkView.zoomOut),
            ("&Fit the network", "Ctrl+0", self.networkView.fitView),
        ):
            act = QAction(text, self)
            act.setShortcut(QKeySequence(key))
            act.setToolTip(f"{text.replace('&', '')} (network view)")
            act.triggered.connect(slot)
            menu.addAction(act)
        reset = QAction("&Reset layout", self)
        reset.setToolTip("Put every panel back where it was on first start")
        reset.triggered.connect(self.arrangeDefaultLayout)
        menu.addAction(reset)
        QTimer.singleShot(0, self.networkView.fitView)


HELP_TEXT = """<h3>nnviz</h3>
<p>Pick data and a network on the left, press <b>Space</b> to train and watch the
network learn: edges are weights (orange positive, blue negative), the moving
highlight is one training sample going forward, its error flowing back, and the
update.</p>
<ul>
<li><b>Space</b> play/pause, <b>→</b> one step, <b>R</b> reset the weights</li>
<li>Click a neuron or weight to inspect it; wheel to zoom, Ctrl+0 to fit</li>
<li>File › Open… loads a saved model or your own CSV data</li>
</ul>"""
