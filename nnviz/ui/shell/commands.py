"""Actions -> session: what the window's menu entries and keys do.

`Commands(window)` connects the actions of `Menus` (play, step, reset, open, save,
speed, theme, edges, full screen, help) and the MNIST download's progress.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from nnviz.ui.common import file_dialogs
from nnviz.ui.files import open_save as window_files
from nnviz.ui.shell.data_setup import IMPORT

if TYPE_CHECKING:
    from nnviz.ui.shell.main_window import MainWindow


class Commands(QObject):
    """The slots behind the window's actions."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.afterMnist: Callable[[], None] | None = None  # what waits for MNIST
        a, m = window.actions, window.menus
        a["play"].triggered.connect(self.togglePlay)
        a["step"].triggered.connect(self.stepOnce)
        a["reset"].triggered.connect(self.reset)
        a["open"].triggered.connect(self.open)
        a["save"].triggered.connect(self.save)
        a["saveAs"].triggered.connect(self.saveAs)
        a["quit"].triggered.connect(window.close)
        a["help"].triggered.connect(self.showHelp)
        a["about"].triggered.connect(self.showAbout)
        a["fullScreen"].toggled.connect(self.fullScreen)
        m.speedGroup.triggered.connect(self.speed)
        m.themeGroup.triggered.connect(self.theme)
        m.edgeGroup.triggered.connect(self.edges)
        window.controls.sigSettingsEdited.connect(window.applySettings)
        window.controls.sigOpenCsv.connect(self.openCsv)
        window.controls.sigOpenCsvRegression.connect(self.openCsvRegression)
        window.mnistSetup.sigReady.connect(self.mnistReady)
        window.mnistSetup.sigFailed.connect(self.mnistFailed)
        window.mnistSetup.sigProgress.connect(self.mnistProgress)

    # ------------------------------------------------------------ training

    @Slot()
    def togglePlay(self) -> None:
        if self.w.controls.hasPendingEdits():
            self.w.controls.flush()
        if self.w.slowMotion is not None:
            self.w.slowMotion.fast()
        self.w.sessionQt.togglePlay()

    @Slot()
    def stepOnce(self) -> None:
        """One step, played in slow motion (or the next phase of a manual one)."""
        slow = self.w.slowMotion
        if slow is not None:
            if slow.advance():
                return
            slow.singleStep()
        self.w.sessionQt.stepOnce(1)

    @Slot()
    def reset(self) -> None:
        if self.w.timeTravel.branching.resetHere():  # scrubbed back: a branch from there
            return
        self.w.sessionQt.reset()

    @Slot(QAction)
    def speed(self, act: QAction) -> None:
        self.w.applySettings(self.w.session.settings.replace(steps_per_second=int(act.data())))

    # ------------------------------------------------------------ files

    @Slot()
    def open(self) -> None:
        window_files.open_dialog(self.w)

    @Slot()
    def save(self) -> None:
        self.w.sessionQt.pause()
        window_files.save(self.w)

    @Slot()
    def saveAs(self) -> None:
        self.w.sessionQt.pause()
        window_files.save_as(self.w)

    @Slot()
    def openCsv(self) -> None:
        path = file_dialogs.open_path(self.w, "Open CSV data", "CSV data (*.csv *.txt)")
        if path:
            window_files.open_path(self.w, path)

    @Slot()
    def openCsvRegression(self) -> None:
        title = "Open CSV data: the last column is a number to predict"
        path = file_dialogs.open_path(self.w, title, "CSV data (*.csv *.txt)")
        if path:
            window_files.open_path(self.w, path, regression=True)

    @Slot()
    def openRecent(self) -> None:
        act = self.sender()
        if isinstance(act, QAction) and act.data():
            window_files.open_path(self.w, str(act.data()))

    @Slot()
    def clearRecent(self) -> None:
        self.w.qsettings.setValue("recentFiles", [])
        window_files.update_recent_menu(self.w)

    # ------------------------------------------------------------ view and help

    @Slot(QAction)
    def theme(self, act: QAction) -> None:
        self.w.setTheme(str(act.data()))

    @Slot(QAction)
    def edges(self, act: QAction) -> None:
        self.w.networkView.setEdgeMode(str(act.data()))

    @Slot(bool)
    def fullScreen(self, on: bool) -> None:
        if on:
            self.w.showFullScreen()
        else:
            self.w.showNormal()

    @Slot()
    def showHelp(self) -> None:
        QMessageBox.about(self.w, "nnviz help", HELP_TEXT)

    @Slot()
    def showAbout(self) -> None:
        from nnviz import __version__

        text = f"<h3>nnviz {__version__}</h3><p>Watch neural networks learn.</p><p>MIT licence.</p>"
        QMessageBox.about(self.w, "About nnviz", text)

    # ------------------------------------------------------------ MNIST setup

    @Slot()
    def mnistReady(self) -> None:
        self.w.statusInfo.setProgress(-1, 0)
        self.w.statusBar().showMessage("MNIST is ready", 5000)
        then, self.afterMnist = self.afterMnist, None
        if then is not None:
            then()

    @Slot(str)
    def mnistFailed(self, message: str) -> None:
        """Say why in plain words; offer the import (or another try) right there."""
        w, then = self.w, self.afterMnist
        w.statusInfo.setProgress(-1, 0)
        w.statusBar().clearMessage()  # no "Getting MNIST…" once it failed
        self.afterMnist = None
        setup = w.mnistSetup

        def retry(start: Callable[[], object]) -> None:
            self.afterMnist = then
            if start() is False:
                self.afterMnist = None
            else:
                w.statusBar().showMessage("Getting MNIST…")

        w.banner.showMessage(
            f"<b>Could not get MNIST.</b> {html.escape(message)}",
            "error",
            [
                (IMPORT, "Pick a folder that holds the four MNIST .gz files",
                 lambda: retry(setup.importFolder)),
                ("Try again", "Download from the mirrors again",
                 lambda: retry(lambda: setup.start(None))),
            ],
        )  # fmt: skip
        w.controls.setSettings(w.session.settings, *w.dataShape())

    @Slot(str, int, int)
    def mnistProgress(self, name: str, done: int, total: int) -> None:
        self.w.statusInfo.setProgress(done, total)
        self.w.statusBar().showMessage(f"Getting MNIST: {name} ({done / 1e6:.1f} MB)")


HELP_TEXT = """<h3>nnviz</h3>
<p>Pick data and a network on the left, press <b>Space</b> to train and watch the
network learn: edges are weights (orange positive, blue negative), the moving
highlight is one training sample going forward, its error flowing back, and the
update.</p>
<ul>
<li><b>Space</b> play/pause, <b>→</b> one step, <b>R</b> reset the weights</li>
<li><b>Ctrl+1/2/3</b> the Train, Draw and Step workspaces</li>
<li>Click a neuron or weight to inspect it; wheel to zoom, double-click to fit</li>
<li><b>Ctrl+=</b> / <b>Ctrl+-</b> / <b>Ctrl+0</b> text size, <b>F5</b> presentation,
<b>F11</b> full screen</li>
<li>File › Open… loads a saved model or your own CSV data</li>
</ul>"""
