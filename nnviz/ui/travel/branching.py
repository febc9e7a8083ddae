"""Branches of a run, and the training history saved with the model.

Changing a hyperparameter (not the speed) or pressing Reset while scrubbed back goes on
training from the step shown: its weights and optimizer state go to the trainer and the
abandoned continuation's loss curve stays on the timeline, dimmed, until Train › Clear
old branches. Train › Restart from the same initial weights branches from step 0.
File › Save with the training history puts the kept snapshots into the model file.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction

from nnviz.app.history.file import history_file_bytes
from nnviz.app.settings import Settings
from nnviz.ui.common.session_qt import settings_change
from nnviz.ui.travel.controller import TimeTravel
from nnviz.ui.travel.host import TravelHost

PACE_FIELDS = {"steps_per_second"}  # how fast, not how: never a new branch


class Branching(QObject):
    """Train menu actions and the branch-on-change rule; File › Save's history option."""

    def __init__(self, window: TravelHost, travel: TimeTravel) -> None:
        super().__init__(travel)
        self.w, self.travel = window, travel
        self._settings: Settings = window.session.settings
        window.sessionQt.sigSettingsChanged.connect(self.settingsChanged)
        menu = window.trainMenu
        menu.addSeparator()
        self.restartAction = QAction("Restart from the same &initial weights", self)
        self.restartAction.setToolTip(
            "Train again from step 0's weights; this run's curve stays on the timeline, dimmed"
        )
        self.restartAction.triggered.connect(self.restartFromStart)
        self.clearAction = QAction("Clear old &branches", self)
        self.clearAction.setToolTip("Forget the dimmed curves of abandoned branches")
        self.clearAction.triggered.connect(self.clearBranches)
        menu.addAction(self.restartAction)
        menu.addAction(self.clearAction)
        self.saveHistory = QAction("Save with the training &history", self)
        self.saveHistory.setCheckable(True)
        self.saveHistory.toggled.connect(self.setSaveHistory)
        on = str(window.qsettings.value("saveHistory", "false")).lower() == "true"
        self.saveHistory.setChecked(on)
        self.setSaveHistory(on)
        window.fileMenu.aboutToShow.connect(self.updateSize)
        save_as = next((a for a in window.fileMenu.actions() if "As" in a.text()), None)
        after = window.fileMenu.actions()
        nxt = after[after.index(save_as) + 1] if save_as in after[:-1] else None
        window.fileMenu.insertAction(nxt, self.saveHistory)  # right after Save As
        self.updateSize()

    # ------------------------------------------------------------ branching

    @Slot(object)
    def settingsChanged(self, settings: Settings) -> None:
        """A new hyperparameter while scrubbed back: a branch from the step shown."""
        old, self._settings = self._settings, settings
        step = self.travel.scrubbed
        if step is None or settings_change(old, settings) != "hyper":
            return
        differs = {f for f in old.to_dict() if getattr(old, f) != getattr(settings, f)}
        if differs <= PACE_FIELDS:
            return
        self.branchFrom(step, f"changed {', '.join(sorted(differs))}")

    def resetHere(self) -> bool:
        """Reset while scrubbed back: go on from the step shown (True if it did)."""
        step = self.travel.scrubbed
        if step is None:
            return False
        self.branchFrom(step, "reset")
        return True

    @Slot()
    def restartFromStart(self) -> None:
        steps = self.w.session.runs.steps()
        if not steps or steps[0] != 0:
            self.w.showError("The initial weights of this run were not kept; Reset instead.")
            return
        self.branchFrom(0, "restart")

    def branchFrom(self, step: int, why: str) -> None:
        self.w.sessionQt.branchFrom(step)
        self.w.statusBar().showMessage(
            f"A new branch from step {step:,} ({why}); the old curve stays dimmed", 8000
        )

    def refill(self) -> None:
        """The Training curves show the current branch (after a branch or an opened file)."""
        h, plots = self.w.session.history, self.w.plots
        plots.clear()
        if len(h):
            plots.appendSteps(h.steps.copy(), h.losses.copy())
        for epoch, _step, tl, ta, vl, va in h.epochs:
            plots.appendEpoch(int(epoch), tl, ta, vl, va)

    @Slot()
    def clearBranches(self) -> None:
        self.w.session.runs.clear_branches()
        self.travel.timeline.refresh()

    # ------------------------------------------------------------ saving

    @Slot(bool)
    def setSaveHistory(self, on: bool) -> None:
        self.w.session.save_runs = bool(on)
        self.w.qsettings.setValue("saveHistory", "true" if on else "false")

    @Slot()
    def updateSize(self) -> None:
        n = history_file_bytes(self.w.session.runs)
        size = f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 2**10:.0f} KB"
        self.saveHistory.setText(f"Save with the training &history ({size})")
        self.saveHistory.setToolTip(
            f"Save and Save As also write the run's {len(self.w.session.runs)} kept snapshots "
            f"and its loss curve into the model file (+{size}); opening it restores the timeline"
        )
