"""Wiring of the Evaluation panel into the main window.

The panel evaluates the session's network after epochs (throttled), when training
pauses and on demand; a chosen sample lights the network view with its forward pass;
"Step on this sample" records `nnviz.app.stepper.step_on_sample` on the evaluated
network with a fresh optimizer and opens it in the Step workspace; the points of a
chosen cell of 2-D data are ringed on the decision-regions plot. Export › Confusion
matrix writes the matrix as CSV or PNG (atomically).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, SignalInstance, Slot
from PySide6.QtGui import QAction, QColor, QImage, QPainter
from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from nnviz.analysis.evaluate import matrix_csv
from nnviz.app.stepper import RecordedStep, step_on_sample
from nnviz.data.dataset import Dataset
from nnviz.engine import Network, Step
from nnviz.ui.common import file_dialogs
from nnviz.ui.common.host import PanelHost, TrainingCopy
from nnviz.ui.common.on_screen import on_screen
from nnviz.ui.common.scroll import scrolled
from nnviz.ui.common.throttle import Throttle
from nnviz.ui.evaluation.panel import EvaluationPanel
from nnviz.ui.plots.class_curves import ClassCurves
from nnviz.ui.plots.curves import TrainingPlots
from nnviz.util.atomic import atomic_path, atomic_write

EPOCH_REFRESH_S = 3.0  # at most one evaluation after epochs per this many seconds
HIGHLIGHT = (255, 215, 0)
GROW_TO = 0.45  # share of the window's height the panel gets when brought forward


class ForwardView(Protocol):
    def showForward(self, x: np.ndarray, activations: list, z: list) -> None: ...


class PlotHolder(Protocol):
    @property
    def plot(self) -> pg.PlotWidget: ...


class DataHolder(Protocol):
    @property
    def network(self) -> Network | None: ...
    @property
    def dataset(self) -> Dataset | None: ...


class EvaluationSignals(Protocol):
    @property
    def sigNetworkChanged(self) -> SignalInstance: ...
    @property
    def sigDatasetChanged(self) -> SignalInstance: ...
    @property
    def sigEpochs(self) -> SignalInstance: ...
    @property
    def sigTrainingStateChanged(self) -> SignalInstance: ...
    @property
    def sigHistoryCleared(self) -> SignalInstance: ...
    @property
    def sigClassEpochs(self) -> SignalInstance: ...


class EvaluationHost(PanelHost, TrainingCopy, Protocol):
    """What the Evaluation panel uses of the window (`MainWindow` provides it)."""

    evaluationPanel: EvaluationPanel | None  # set by `install`

    @property
    def session(self) -> DataHolder: ...
    @property
    def sessionQt(self) -> EvaluationSignals: ...
    @property
    def networkView(self) -> ForwardView: ...
    @property
    def decisionView(self) -> PlotHolder: ...
    @property
    def plots(self) -> TrainingPlots: ...
    @property
    def exportMenu(self) -> QMenu: ...
    def statusBar(self) -> QStatusBar: ...
    def window(self) -> QWidget: ...
    def height(self) -> int: ...
    def resizeDocks(self, docks: list, sizes: list[int], orientation: Qt.Orientation) -> None: ...
    def showStep(self, step: Step, net: Network) -> None: ...
    def showWorkspace(self, name: str) -> None: ...


class EvaluationLink(QObject):
    """Keeps the panel's evaluation current and carries its clicks to the window."""

    def __init__(self, window: EvaluationHost, panel: EvaluationPanel) -> None:
        super().__init__(panel)
        self.window = window
        self.panel = panel
        self.lastStep: RecordedStep | None = None
        self.stale = True  # the network changed since the last evaluation
        self.epochs = Throttle(self, EPOCH_REFRESH_S, self.refreshIfShown)
        self.rings = pg.ScatterPlotItem(
            size=15, symbol="o", brush=None, pen=pg.mkPen(QColor(*HIGHLIGHT), width=2.5)
        )
        self.rings.setZValue(20)
        self.classCurves = ClassCurves(window.plots)  # per-class curves under the plots
        window.decisionView.plot.getPlotItem().addItem(self.rings)
        sq = window.sessionQt
        sq.sigDatasetChanged.connect(self.dataChanged)
        sq.sigNetworkChanged.connect(self.networkChanged)
        sq.sigHistoryCleared.connect(self.networkChanged)
        sq.sigEpochs.connect(self.epochsDone)
        sq.sigClassEpochs.connect(self.classCurves.append)
        sq.sigTrainingStateChanged.connect(self.trainingState)
        panel.refreshButton.clicked.connect(self.refresh)
        panel.sigForward.connect(self.forward)
        panel.sigStep.connect(self.step)
        panel.sigHighlight.connect(self.highlight)
        panel.csvAction.triggered.connect(lambda: self.askExport("csv"))
        panel.pngAction.triggered.connect(lambda: self.askExport("png"))
        self.dataChanged()

    # ------------------------------------------------------------ when to evaluate

    @Slot()
    def refresh(self) -> bool:
        """Evaluate the session's network now (on the panel's thread)."""
        self.stale = False
        return self.panel.evaluate(self.window.session.network)

    @Slot()
    def refreshIfShown(self) -> None:
        if on_screen(self.panel):
            self.refresh()

    @Slot()
    def dataChanged(self) -> None:
        ds = self.window.session.dataset
        self.panel.setData(ds)
        self.classCurves.setClassNames(
            ds.class_names if ds is not None and not ds.regression else []
        )
        self.networkChanged()

    @Slot()
    def networkChanged(self) -> None:
        self.stale = True
        self.classCurves.clear()
        self.epochs.poke()

    @Slot(object)
    def epochsDone(self, rows: object) -> None:
        self.stale = True
        if self.panel.autoCheck.isChecked():
            self.epochs.poke()

    @Slot(bool)
    def trainingState(self, running: bool) -> None:
        if not running and self.stale:
            self.refreshIfShown()

    def panelShown(self, shown: bool) -> None:
        if shown and (self.stale or self.panel.evaluation is None):
            self.refresh()

    # ------------------------------------------------------------ clicks

    @Slot(object)
    def forward(self, x: np.ndarray) -> None:
        """Light the network view with x's forward pass through the network it shows."""
        net = self.window.session.network
        if net is None or net.sizes[0] != np.asarray(x).size:
            return
        layers = net.forward_all(np.asarray(x).reshape(1, -1))
        self.window.networkView.showForward(
            np.asarray(x).ravel(), [a[0] for _, a in layers], [z[0] for z, _ in layers]
        )

    @Slot(int)
    def step(self, i: int) -> None:
        """One recorded step on sample i and its true label, shown in the Step workspace."""
        target = self.panel.stepTarget()
        if target is None:
            return
        net, X, y, i = target
        rec = step_on_sample(net, X, y, i, self.window.makeOptimizer())
        self.lastStep = rec
        self.window.showWorkspace("step")
        self.window.showStep(rec.step, rec.net)
        self.window.statusBar().showMessage(
            f"One step on sample {i} (true class {int(np.asarray(y)[i])}): "
            f"loss {rec.step.loss:.4f}",
            8000,
        )

    @Slot(object)
    def highlight(self, X: np.ndarray | None) -> None:
        if X is None or len(X) == 0:
            self.rings.setData([], [])
        else:
            X = np.asarray(X)
            self.rings.setData(X[:, 0], X[:, 1])

    # ------------------------------------------------------------ export

    def askExport(self, fmt: str) -> None:
        if self.panel.evaluation is None:
            return
        name = "Image (*.png)" if fmt == "png" else "CSV (*.csv)"
        path = file_dialogs.save_path(
            self.window.window(), "Export the confusion matrix", f"confusion.{fmt}", name
        )
        if path:
            try:
                export_matrix(self.panel, path)
            except OSError as e:
                self.window.statusBar().showMessage(f"Could not write {path}: {e}", 8000)
            else:
                self.window.statusBar().showMessage(f"Saved {path}", 5000)


def export_matrix(panel: EvaluationPanel, path: str | Path, scale: float = 2.0) -> Path:
    """Write the shown confusion matrix as CSV (counts) or PNG, by the file's suffix."""
    ev = panel.evaluation
    if ev is None:
        raise ValueError("nothing evaluated yet")
    path = Path(path)
    if path.suffix.lower() == ".png":
        view = panel.matrix
        img = QImage(
            int(view.width() * scale), int(view.height() * scale), QImage.Format.Format_ARGB32
        )
        img.fill(Qt.GlobalColor.white)
        p = QPainter(img)
        p.scale(scale, scale)
        view.paint(p)
        p.end()
        with atomic_path(path) as tmp:
            if not img.save(str(tmp), "PNG"):
                raise OSError("the image could not be encoded")
    else:
        atomic_write(path, matrix_csv(ev))
    return path


def install(window: EvaluationHost) -> EvaluationPanel:
    """Add the Evaluation panel (bottom, tabbed with the training curves) and its
    Export › Confusion matrix actions."""
    panel = EvaluationPanel()
    dock = window.addPanel(
        "evaluation", "Evaluation", scrolled(panel), Qt.DockWidgetArea.BottomDockWidgetArea,
        tabify_with="plots",
    )  # fmt: skip
    link = EvaluationLink(window, panel)
    panel.link = link
    if dock is not None:
        dock.visibilityChanged.connect(link.panelShown)

        def grow(shown: bool) -> None:  # room for the matrix's numbers while in front
            want = int(window.height() * GROW_TO)
            if shown and not dock.isFloating() and dock.height() < want:
                window.resizeDocks([dock], [want], Qt.Orientation.Vertical)

        dock.visibilityChanged.connect(lambda shown: QTimer.singleShot(0, lambda: grow(shown)))
    for fmt, text in (("csv", "Confusion matrix as &CSV…"), ("png", "Confusion matrix as P&NG…")):
        act = QAction(text, window.exportMenu)
        act.setStatusTip("Export the Evaluation panel's confusion matrix")
        act.triggered.connect(lambda _c=False, fmt=fmt: link.askExport(fmt))
        window.exportMenu.addAction(act)
    window.evaluationPanel = panel
    return panel
