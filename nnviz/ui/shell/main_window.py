"""The main window: the network in the middle, controls, curves and feature views in docks.

It is put together from small objects, each with one job: `Menus` (actions and menus),
`Docks` (named panels and their default arrangement), `Workspaces` (Train / Draw / Step,
each with its own layout), `WindowState` (what is remembered between runs), `Wiring`
(session -> views) and `Commands` (actions -> session). Panels (step, draw, export,
help) receive the window through the small interface they declare (a `typing.Protocol`,
see `nnviz.ui.common.host`): `networkView`, `plots`, `session` (Qt-free), `sessionQt`
(signals), `currentNetwork()`, `makeOptimizer()`, `nextSample()`, `addPanel(...)`,
`panel(name)`, `showStep(step, net)`, the menus `fileMenu`, `trainMenu`, `viewMenu`,
`exportMenu`, `helpMenu`, `setSelection(sel)` / `sigSelection`, `showWorkspace(name)` /
`currentWorkspace()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QWidget,
)

from nnviz.app.session import Session
from nnviz.app.settings import Settings
from nnviz.engine import Network, Optimizer, Step
from nnviz.ui.common import file_dialogs
from nnviz.ui.common.selection import Selection
from nnviz.ui.common.session_qt import SessionQt
from nnviz.ui.common.theme import apply_theme
from nnviz.ui.controls.panel import ControlsPanel
from nnviz.ui.draw import pad as draw_pad
from nnviz.ui.draw import reader as draw_reader
from nnviz.ui.evaluation import link as evaluation
from nnviz.ui.features.decision import DecisionView
from nnviz.ui.features.inspector import Inspector
from nnviz.ui.features.weight_grid import WeightGrid
from nnviz.ui.files import export
from nnviz.ui.files import open_save as window_files
from nnviz.ui.help import menu as help_menu
from nnviz.ui.landscape import link as landscape_link
from nnviz.ui.lessons.window import dock as lessons
from nnviz.ui.netview.view import NetworkView
from nnviz.ui.plots.curves import TrainingPlots
from nnviz.ui.read import link as read_link
from nnviz.ui.share import setup_share
from nnviz.ui.shell import frame
from nnviz.ui.shell.banner import MessageBanner
from nnviz.ui.shell.commands import Commands
from nnviz.ui.shell.data_setup import MnistSetup, mnist_available
from nnviz.ui.shell.docks import Docks
from nnviz.ui.shell.menus import Menus
from nnviz.ui.shell.state import WindowState, saved_settings
from nnviz.ui.shell.status import TrainingStatus
from nnviz.ui.shell.wiring import Wiring
from nnviz.ui.shell.workspaces import Workspaces
from nnviz.ui.step import panel as step_panel
from nnviz.ui.travel import install as time_travel
from nnviz.ui.viewing import presentation, slow_motion

if TYPE_CHECKING:
    from nnviz.ui.draw.pad import DrawPanel
    from nnviz.ui.evaluation.panel import EvaluationPanel
    from nnviz.ui.files.export import Exporter
    from nnviz.ui.help.menu import Help
    from nnviz.ui.landscape.link import LandscapeLink
    from nnviz.ui.read.panel import ReadPanel
    from nnviz.ui.share.setup_share import SetupSharing
    from nnviz.ui.step.panel import StepPanel
    from nnviz.ui.viewing.slow_motion import SlowMotion

Area = Qt.DockWidgetArea


class MainWindow(QMainWindow):
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
        frame.configure(self)
        self.qsettings = qsettings or QSettings("nnviz", "nnviz")
        file_dialogs.use_settings(self.qsettings)  # every file dialog opens where you last were
        self.themeMode = "system"
        self._confirmOnClose = True
        self._selection: Selection | None = None
        start = settings or (saved_settings(self.qsettings) if restore else Settings())
        self.session = Session(start)
        self.sessionQt = SessionQt(self.session, self)
        self.mnistSetup = MnistSetup(self)

        self.menus = Menus(self)
        self.actions = self.menus.actions
        self.fileMenu, self.recentMenu = self.menus.file, self.menus.recent
        self.trainMenu, self.viewMenu = self.menus.train, self.menus.view
        self.panelsMenu, self.exportMenu = self.menus.panels, self.menus.export
        self.helpMenu = self.menus.help
        self.banner: MessageBanner
        self.networkView: NetworkView
        central = frame.build_central(self)
        self.docks = Docks(self, self.menus.panels)
        self.workspaces = Workspaces(self, self.docks, self.qsettings)
        self.menus.workspaces.addActions(list(self.workspaces.actions.values()))
        self.windowState = WindowState(self, self.docks, self.workspaces, self.qsettings)
        self.menus.addViewActions(self.networkView, self.workspaces.resetCurrent)
        QTimer.singleShot(0, self.networkView.fitView)

        self.controls: ControlsPanel
        self.plots: TrainingPlots
        self.decisionView: DecisionView
        self.weightGrid: WeightGrid
        self.inspector: Inspector
        frame.add_core_panels(self, central)
        self.statusInfo = TrainingStatus(self.statusBar())

        self.wiring = Wiring(self)
        self.commands = Commands(self)
        self.stepPanel: StepPanel | None = None
        self.drawPanel: DrawPanel | None = None
        self.readPanel: ReadPanel | None = None
        self.exporter: Exporter | None = None
        self.helpActions: Help | None = None
        self.landscape: LandscapeLink | None = None
        self.evaluationPanel: EvaluationPanel | None = None
        self.setupSharing: SetupSharing | None = None
        self.slowMotion: SlowMotion | None = None
        self.lessonPanel: Any = None
        step_panel.install(self)  # sets self.stepPanel
        draw_pad.install(self)  # self.drawPanel
        draw_reader.install(self)  # the Draw workspace shows the drawing's reader
        export.install(self)  # self.exporter, drops and autosave
        help_menu.install(self)  # self.helpActions
        landscape_link.install(self)  # self.landscape: landscape, race, step profile
        evaluation.install(self)  # self.evaluationPanel
        setup_share.install(self)  # self.setupSharing
        presentation.install(self)  # View › Text size, View › Presentation
        slow_motion.install(self)  # self.slowMotion: how a single step plays
        read_link.install(self)  # self.readPanel
        lessons.install(self)  # self.lessonPanel
        self.timeTravel = time_travel.install(self)  # the timeline under the curves
        frame.grow_for_step(self)
        self.menus.dedupeHelp()
        window_files.update_recent_menu(self)
        self.docks.arrangeDefault()
        if restore:
            self.setTheme(self.windowState.restore())
        self.workspaces.showFeatures(start.kind == "toy", start.kind == "mnist")  # until loaded
        self.controls.setSettings(start, None, None)  # what loads, while it loads
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
        """Add `widget` as a dock (remembered in each workspace's layout) with a
        View › Panels toggle; `tabify_with` names a panel to share a tab group with."""
        return self.docks.add(name, title, widget, area, shortcut, tabify_with)

    def panel(self, name: str) -> QDockWidget | None:
        return self.docks.get(name)

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

    def showStep(self, step: Step, net: Network) -> None:
        """Show `step` (of `net`) frame by frame in the Backprop step panel, in front."""
        if self.stepPanel is not None:
            self.stepPanel.setStep(step, net)
            self.docks.bringForward("step")

    def showWorkspace(self, name: str) -> None:
        """Switch to the "train", "draw" or "step" workspace (training goes on)."""
        self.workspaces.show(name)

    def currentWorkspace(self) -> str:
        return self.workspaces.current()

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
                self.controls.setSettings(self.session.settings, *self.dataShape())
            return
        self.sessionQt.applySettings(settings)

    def ensureData(self, settings: Settings, then: Callable[[], None]) -> bool:
        """True if the data of `settings` is available now; otherwise offer to fetch
        MNIST and call `then` once it is there."""
        if settings.kind != "mnist" or mnist_available():
            return True
        self.commands.afterMnist = then
        if self.mnistSetup.busy or self.mnistSetup.ask() != "cancel":
            self.statusBar().showMessage("Getting MNIST…")
        return False

    def dataShape(self) -> tuple[int | None, int | None]:
        """(features, classes) of the loaded data, or (None, None)."""
        ds = self.session.dataset
        return (ds.n_features, ds.n_classes) if ds is not None else (None, None)

    def setTheme(self, mode: str) -> None:
        """ "light", "dark" or "system"; remembered."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, mode)
        self.themeMode = mode
        self.qsettings.setValue("theme", mode)
        for act in self.menus.themeGroup.actions():
            act.setChecked(act.data() == mode)

    def wantsMaximized(self) -> bool:
        """True when the screen is smaller than the default window (e.g. 1280x720)."""
        return self.windowState.wantsMaximized()

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

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.docks.applyPendingSizes()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._confirmOnClose and self.session.dirty and not window_files.ask_save(self):
            event.ignore()
            return
        self.windowState.save(self.session.settings, self.themeMode)
        self.mnistSetup.cancel()
        self.sessionQt.shutdown()
        if self.landscape is not None:
            self.landscape.shutdown()
        super().closeEvent(event)
