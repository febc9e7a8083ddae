"""The window's optional panels, each installed by its module's `install(window)`.

A panel declares what it uses of the window as a `typing.Protocol` next to its
`install` (the step panel's `StepHost`, the draw panel's `DrawHost`, the exporter's
`ExportHost`, the help menu's `HelpHost`); `MainWindow` provides all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nnviz.ui.draw import pad
from nnviz.ui.help import menu as help_menu
from nnviz.ui.shell import export
from nnviz.ui.step import panel as step_panel

if TYPE_CHECKING:
    from nnviz.ui.shell.main_window import MainWindow


def install_all(window: MainWindow) -> None:
    """Backprop step (`window.stepPanel`), draw pad (`window.drawPanel`), the Export
    menu with drops and autosave (`window.exporter`), the Help menu (`window.helpActions`)."""
    step_panel.install(window)
    pad.install(window)
    export.install(window)
    help_menu.install(window)
