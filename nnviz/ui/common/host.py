"""The small interfaces panels use of the main window, as `typing.Protocol`s.

A panel's `install(window)` declares the members it uses by combining these (the step
panel's `StepHost`, the draw pad's `DrawHost`); `MainWindow` provides all of them and
tests pass stand-ins with the same members.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QWidget

from nnviz.engine import Network, Optimizer


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
