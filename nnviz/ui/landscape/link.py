"""The loss landscape, the optimizer race and the step profile in the main window.

- "Loss landscape" (Train workspace, behind the decision regions): the loss over a slice
  through the current weights, the optimizer's path on it; two weights clicked in the
  network view span the slice.
- "Optimizer race" (Train workspace, behind the curves): racers from the current
  weights; Adopt makes a racer's network the main one.
- "Step profile" (Step workspace): the loss along the gradient of the shown step, with
  the optimizer's actual step marked.
Hidden docks do no work (the views wait until shown).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, SignalInstance, Slot
from PySide6.QtWidgets import QStatusBar

from nnviz.app.session import Session
from nnviz.engine import Network, Step
from nnviz.ui.common.host import PanelHost
from nnviz.ui.common.scroll import scrolled
from nnviz.ui.common.selection import Selection
from nnviz.ui.landscape.profile import StepProfileView
from nnviz.ui.landscape.race_view import RaceView
from nnviz.ui.landscape.view import LandscapeView

Area = Qt.DockWidgetArea


class SessionSignals(Protocol):
    @property
    def sigNetworkChanged(self) -> SignalInstance: ...
    @property
    def sigParamsChanged(self) -> SignalInstance: ...
    @property
    def sigDatasetChanged(self) -> SignalInstance: ...
    def setDataset(self, ds: object, settings: object, params: object = None) -> None: ...


class StepSignals(Protocol):
    @property
    def sigFrameChanged(self) -> SignalInstance: ...


class DockSizes(Protocol):
    def growBottomFor(self, name: str, fraction: float = ...) -> None: ...


class LandscapeHost(PanelHost, Protocol):
    """What the landscape views use of the window."""

    landscape: LandscapeLink | None  # set by `install`
    docks: DockSizes

    @property
    def session(self) -> Session: ...
    @property
    def sessionQt(self) -> SessionSignals: ...
    @property
    def sigSelection(self) -> SignalInstance: ...
    @property
    def stepPanel(self) -> StepSignals | None: ...
    def statusBar(self) -> QStatusBar: ...


class LandscapeLink(QObject):
    """Feeds the three views from the session and the shared selection."""

    def __init__(self, window: LandscapeHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.landscapeView = LandscapeView()
        self.raceView = RaceView()
        self.profileView = StepProfileView()
        landscape = window.addPanel(
            "landscape", "Loss landscape", scrolled(self.landscapeView),
            Area.RightDockWidgetArea, tabify_with="decision",
        )  # fmt: skip
        if landscape is not None:  # its tab to the front: catch up with what it skipped
            landscape.visibilityChanged.connect(lambda shown: shown and self._landscapeShown())
        race = window.addPanel(
            "race", "Optimizer race", scrolled(self.raceView), Area.BottomDockWidgetArea,
            tabify_with="plots",
        )  # fmt: skip
        if race is not None:  # curves, table and slice need height: take half the window
            race.visibilityChanged.connect(self._raceShown)
        profile = window.addPanel(
            "profile", "Step profile", self.profileView, Area.RightDockWidgetArea
        )
        if profile is not None:
            profile.hide()  # shown by the Step workspace
        sq = window.sessionQt
        sq.sigNetworkChanged.connect(self.networkChanged)
        sq.sigParamsChanged.connect(self.paramsChanged)
        sq.sigDatasetChanged.connect(self.datasetChanged)
        window.sigSelection.connect(self.selectionChanged)
        self.raceView.sigAdopt.connect(self.adopt)
        if window.stepPanel is not None:
            window.stepPanel.sigFrameChanged.connect(self.frameChanged)
        self.datasetChanged()
        self.networkChanged()

    def _landscapeShown(self) -> None:
        QTimer.singleShot(0, self.landscapeView.catchUp)

    @Slot(bool)
    def _raceShown(self, shown: bool) -> None:
        if shown:
            QTimer.singleShot(0, lambda: self.window.docks.growBottomFor("race", 0.5))

    @Slot()
    def datasetChanged(self) -> None:
        ds = self.window.session.dataset
        if ds is not None:
            self.landscapeView.setData(ds.X_train, ds.y_train)
            self.raceView.setData(ds.X_train, ds.y_train)

    @Slot()
    def networkChanged(self) -> None:
        net = self.window.session.network
        if net is not None:
            self.landscapeView.setNetwork(net)
            self.raceView.setNetwork(net)

    @Slot()
    def paramsChanged(self) -> None:
        s = self.window.session
        if s.network is None:
            return
        try:
            self.landscapeView.appendParams(s.network.theta, s.step)
        except ValueError:  # a new architecture whose sigNetworkChanged comes next
            return
        self.raceView.setNetwork(s.network)

    @Slot(object)
    def selectionChanged(self, sel: Selection | None) -> None:
        if sel is not None and sel.weight is not None:
            self.landscapeView.pickWeight((sel.layer, *sel.weight))

    @Slot(object)
    def frameChanged(self, step_frame: tuple) -> None:
        step, _frame = step_frame
        net = self.window.session.network
        if isinstance(step, Step) and net is not None and list(net.sizes) == list(step.sizes):
            self.profileView.setStep(step, net)

    @Slot(object)
    def adopt(self, net: Network) -> None:
        """A racer's network becomes the main one (same architecture, new weights)."""
        s = self.window.session
        if s.dataset is None or s.network is None or list(net.sizes) != list(s.network.sizes):
            return
        self.window.sessionQt.setDataset(s.dataset, s.settings, params=net.params())
        self.window.statusBar().showMessage("Adopted the racer's weights as the network.", 5000)

    def shutdown(self) -> None:
        for view in (self.landscapeView, self.raceView, self.profileView):
            view.shutdown()


def install(window: LandscapeHost) -> LandscapeLink:
    """Add the three docks and wire them (sets `window.landscape`)."""
    window.landscape = LandscapeLink(window)
    return window.landscape
