"""Signal connections inside the step view: toolbar and timeline to navigation, options to
re-rendering, tables and picture to the selection, workbench to steps, plain keys."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from nnviz.ui.step.keys import KEY_NAMES, KeyRouter

EXPORTS = (
    ("csv", "Parameters as CSV…"),
    ("md", "Formulas as Markdown…"),
    ("tex", "Formulas as LaTeX…"),
)


def wire(panel: Any) -> tuple[list[QAction], dict[str, str], KeyRouter]:
    """Connect the view's widgets to its methods; (export actions, key names, key router)."""
    c = panel.controls
    c.newButton.clicked.connect(panel.newStep)
    c.firstButton.clicked.connect(panel.firstFrame)
    c.prevButton.clicked.connect(panel.prevFrame)
    c.playButton.clicked.connect(panel.togglePlay)
    c.nextButton.clicked.connect(panel.nextFrame)
    c.lastButton.clicked.connect(panel.lastFrame)
    c.sigPaceChanged.connect(panel._paceChanged)
    c.allTerms.toggled.connect(lambda _on: panel._render())
    c.sampleSpin.valueChanged.connect(lambda _v: panel._render())
    c.digitsSpin.valueChanged.connect(lambda _v: panel._render())
    c.checkButton.clicked.connect(panel.gradientCheck)
    c.timeline.sigFrameClicked.connect(panel.setFrame)
    exports = [
        c.exportMenu.addAction(text, lambda kind=kind: panel.exportDialog(kind))
        for kind, text in EXPORTS
    ]
    panel.tables.sigSelect.connect(panel._userSelect)
    panel.miniView.sigSelectionChanged.connect(panel._userSelect)
    panel.workbench.sigStepChanged.connect(panel._workbenchStep)
    panel.workbench.sigUseTraining.connect(panel.useTraining)
    panel.workbench.sigAdvance.connect(panel.advanceWorkbench)
    keys = {
        Qt.Key.Key_Right: panel.nextFrame,
        Qt.Key.Key_Left: panel.prevFrame,
        Qt.Key.Key_Space: panel.togglePlay,
        Qt.Key.Key_Home: panel.firstFrame,
        Qt.Key.Key_End: panel.lastFrame,
        Qt.Key.Key_N: panel.newStep,
    }
    clicks = (panel.formulas.viewport(), panel.tables, c)
    router = KeyRouter(panel, keys, clicks, editors=(panel.workbench,))
    return exports, dict(KEY_NAMES), router
