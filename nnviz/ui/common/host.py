"""The small interfaces panels use of the main window, as `typing.Protocol`s.

A panel's `install(window)` declares the members it uses by combining these (the step
panel's `StepHost`, the draw pad's `DrawHost`, the Export menu's `ExportHost`);
`MainWindow` provides all of them and tests pass stand-ins with the same members.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDockWidget, QMenu, QStatusBar, QWidget

from nnviz.app.session import Session
from nnviz.engine import Network, Optimizer, Step


class NetworkHolder(Protocol):
    """The session as panels see it: the network the window shows (None before data)."""

    @property
    def network(self) -> Network | None: ...


class PanelHost(Protocol):
    """A window that takes panels as docks."""

    def addPanel(
        self,
        name: str,
        title: str,
        widget: QWidget,
        area: Qt.DockWidgetArea,
        shortcut: str | None = None,
        tabify_with: str | None = None,
    ) -> QDockWidget | None: ...


class TrainingCopy(Protocol):
    """What a teaching step of the training network needs."""

    def currentNetwork(self) -> Network: ...  # a float64 copy with the latest weights
    def makeOptimizer(self) -> Optimizer: ...  # a fresh optimizer per the settings


class PictureView(Protocol):
    """The network view as exports use it."""

    def exportImage(self, path: str) -> Any: ...
    def showFrame(self, step: Step, phase: str, layer: int | None) -> None: ...
    def setParams(self, params: list) -> None: ...
    def grab(self) -> QPixmap: ...


class CurvesView(Protocol):
    def exportPNG(self, path: str) -> Any: ...
    def exportCSV(self, path: str) -> Any: ...


class Pausable(Protocol):
    def pause(self) -> None: ...


class ExportHost(TrainingCopy, Protocol):
    """The window seen by `Exporter`, `GifRecorder`, `DropHandler` and `AutoSaver`."""

    drawPanel: Any  # the draw panel (dropped images go to its canvas), or None
    exporter: Any  # set by `export.install`
    dropHandler: Any
    autoSaver: Any

    @property
    def session(self) -> Session: ...
    @property
    def sessionQt(self) -> Pausable: ...
    @property
    def networkView(self) -> PictureView: ...
    @property
    def plots(self) -> CurvesView: ...
    @property
    def exportMenu(self) -> QMenu: ...
    @property
    def qsettings(self) -> QSettings: ...
    def window(self) -> QWidget: ...  # the top-level widget: parent of dialogs
    def statusBar(self) -> QStatusBar: ...
    def showError(self, text: str) -> None: ...
    def openPath(self, path: str | Path) -> bool: ...
    def panel(self, name: str) -> QDockWidget | None: ...
    def nextSample(self) -> tuple[np.ndarray, np.ndarray]: ...
