"""What the Export menu, drops, autosave and GIF recording use of the window.

`MainWindow` provides all of it; tests give a stand-in with the same members.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDockWidget, QMenu, QStatusBar, QWidget

from nnviz.app.session import Session
from nnviz.engine import Step
from nnviz.ui.common.host import TrainingCopy


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
