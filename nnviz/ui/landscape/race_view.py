"""`RaceView`: 2-4 optimizers trained from the same weights on the same batches, their
loss curves overlaid, accuracies side by side, paths on one landscape slice.

The race runs in worker processes (`nnviz.app.race`; on a 2-core machine one process
interleaves every racer) and is polled from a ~30 Hz timer. The slice is centred on
the shared starting point; each racer's path is projected onto it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.race import Race, RacerConfig
from nnviz.engine import Network
from nnviz.ui.landscape.job import SliceSpec
from nnviz.ui.landscape.race_curves import RaceCurves
from nnviz.ui.landscape.race_table import RACER_COLORS, RacerTable, racer_name
from nnviz.ui.landscape.view import LandscapeView
from nnviz.ui.plots.items import style_plot
from nnviz.ui.plots.theme import is_palette_change, theme_colors

# isort: split
import pyqtgraph as pg

POLL_MS = 33
IN_PROCESS_BUDGET = 0.01  # s of training per poll when the racers run in this process
PATHS_EVERY = 6  # polls between path updates on the landscape (~5 Hz)


class RaceView(QWidget):
    """Configure, run and compare racers; `sigAdopt(Network)` hands one over."""

    sigAdopt = Signal(object)  # a Network: the adopted racer's copy
    sigRunning = Signal(bool)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        workers: int | None = None,
        max_samples: int = 2000,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self.workers = workers
        self.race: Race | None = None
        self._net: Network | None = None
        self._X: np.ndarray | None = None
        self._Y: np.ndarray | None = None
        self._polls = 0

        self.table = RacerTable()
        self.table.sigAdopt.connect(self.adopt)
        self.startButton = QPushButton("&Start")
        self.startButton.setCheckable(True)
        self.startButton.setToolTip("Start or pause every racer together")
        self.startButton.toggled.connect(self._startToggled)
        self.resetButton = QPushButton("&Reset")
        self.resetButton.setToolTip("End this race; the next one starts from the main network")
        self.resetButton.clicked.connect(self.reset)
        self.addButton = QToolButton()
        self.addButton.setText("+")
        self.addButton.setToolTip("Add a racer (up to 4)")
        self.addButton.clicked.connect(self.table.addRacer)
        self.removeButton = QToolButton()
        self.removeButton.setText("−")
        self.removeButton.setToolTip("Remove the last racer (at least 2 race)")
        self.removeButton.clicked.connect(self.table.removeRacer)
        self.logCheck = QCheckBox("Log scale")
        self.logCheck.setChecked(True)
        self.logCheck.toggled.connect(self._logToggled)
        self.status = QLabel()
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar = QHBoxLayout()
        for w in (self.startButton, self.resetButton, self.addButton, self.removeButton):
            bar.addWidget(w)
        bar.addWidget(self.logCheck)
        bar.addWidget(self.status, 1)

        self.loss = RaceCurves()
        self.glw, self.lossPlot = self.loss.glw, self.loss.plot
        self.landscape = LandscapeView(spec=SliceSpec("random"), max_samples=max_samples)
        self.landscape.followCheck.setToolTip(
            "Recompute by itself when a racer's path leaves the window"
        )
        self.landscape.setPointName("start (every racer)")
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(bar)
        column.addWidget(self.glw, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.landscape)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        self._timer = QTimer(self, interval=poll_ms, timeout=self.poll)
        self.table.sigChanged.connect(self._syncCurves)
        self._syncCurves()
        self.setTheme()
        self._showState()

    # ------------------------------------------------------------ inputs

    def setNetwork(self, net: Network | None) -> None:
        """The network the next race starts from (a race in progress keeps going).
        Cheap: call it whenever the main network's weights change."""
        self._net = None if net is None else net.copy()
        shown = self.landscape.network()
        if self.race is None and (net is None or shown is None or shown.sizes != net.sizes):
            self.landscape.setNetwork(self._net)  # else at Start: no recompute per update
        self._showState()

    def setData(self, X: Any, Y: Any) -> None:
        """The training data every racer uses (a new race begins with the next Start)."""
        self.reset()
        self._X, self._Y = np.asarray(X), np.asarray(Y)
        self.landscape.setData(X, Y)
        self._showState()

    def setConfigs(self, configs: list[RacerConfig]) -> None:
        self.reset()
        self.table.setConfigs(configs)

    # ------------------------------------------------------------ control

    @Slot()
    def start(self) -> None:
        self.startButton.setChecked(True)

    @Slot()
    def pause(self) -> None:
        self.startButton.setChecked(False)

    def isRunning(self) -> bool:
        return self.race is not None and self.race.running

    @Slot(bool)
    def _startToggled(self, on: bool) -> None:
        if on:
            if self.race is None and not self._newRace():
                self.startButton.setChecked(False)
                return
            assert self.race is not None
            self.race.start()
            self._timer.start()
        elif self.race is not None:
            self.race.pause()
            self.poll()
        self._showState()
        self.sigRunning.emit(on)

    def _newRace(self) -> bool:
        if self._net is None or self._X is None:
            self.status.setText("Needs a network and data")
            return False
        try:
            self.race = Race(
                self._net, self._X, self._Y, self.table.configs(), workers=self.workers
            )
        except (ValueError, RuntimeError, OSError) as e:  # bad settings, no processes
            self.status.setText(str(e).strip().splitlines()[0])
            return False
        self.landscape.setNetwork(self._net)  # the slice through the common start
        self._syncCurves()
        self.table.setEditable(False)
        return True

    @Slot()
    def reset(self) -> None:
        """End the race (its processes stop); the table can be edited again."""
        self._timer.stop()
        if self.race is not None:
            self.race.close()
            self.race = None
            self.landscape.setNetwork(self._net)  # the next race starts from here
        self.startButton.blockSignals(True)
        self.startButton.setChecked(False)
        self.startButton.blockSignals(False)
        for i in range(4):
            self.landscape.removeTrack(i)
        self.table.setEditable(True)
        self.table.clearResults()
        self._syncCurves()
        self._showState()

    @Slot(int)
    def adopt(self, i: int) -> Network | None:
        """Pause, and emit a copy of racer i's network as sigAdopt."""
        if self.race is None or not 0 <= i < len(self.race.racers):
            return None
        self.pause()
        net = self.race.adopt(i)
        self.poll()
        self.status.setText(f"Adopted racer {racer_name(i)} at step {self.race.racers[i].step:,}")
        self.sigAdopt.emit(net)
        return net

    def shutdown(self) -> None:
        """Stop the race's processes and the landscape's thread (call before quitting)."""
        self.reset()
        self.landscape.shutdown()

    # ------------------------------------------------------------ polling

    @Slot()
    def poll(self) -> bool:
        """Take the race's news into the curves, table and (every few polls) paths."""
        race = self.race
        if race is None:
            return False
        try:
            news = race.poll(budget=IN_PROCESS_BUDGET)
        except RuntimeError as e:  # a worker died: say so and stop
            self.status.setText(str(e))
            self.reset()
            return False
        if not news:
            return False
        for i, r in enumerate(race.racers):
            self.loss.update(i, r.losses)
            self.table.showRacer(i, r)
        self._polls += 1
        if self._polls % PATHS_EVERY == 1 or not race.busy:
            self._updatePaths()
        if not race.busy and not race.running:
            self._timer.stop()
        self._showState()
        return True

    def _updatePaths(self) -> None:
        race = self.race
        assert race is not None
        live = race.workers == 0 or race.specs[0]["theta_every_message"]  # θ is current
        for i, r in enumerate(race.racers):
            steps, thetas = list(r.path.steps), list(r.path.thetas)
            if live and steps and steps[-1] < r.step:
                steps.append(r.step)
                thetas.append(np.array(r.theta, copy=True))
            self.landscape.setTrack(i, racer_name(i), RACER_COLORS[i], steps, thetas)

    # ------------------------------------------------------------ drawing

    @Slot()
    def _syncCurves(self) -> None:
        """One curve per racer row, labelled with its settings; data cleared."""
        self.loss.sync(self.table.configs())

    @property
    def curves(self) -> list[pg.PlotDataItem]:
        """The loss curves, one per racer."""
        return self.loss.items

    @Slot(bool)
    def _logToggled(self, on: bool) -> None:
        self.lossPlot.setLogMode(y=on)

    def _showState(self) -> None:
        running = self.isRunning()
        self.startButton.setText("&Pause" if running else "&Start")
        editable = self.race is None
        self.addButton.setEnabled(editable)
        self.removeButton.setEnabled(editable)
        if self.race is not None:
            step = min(r.step for r in self.race.racers)
            self.status.setText(f"{'Running' if running else 'Paused'} at step {step:,}")
        elif self._net is not None and self._X is not None:
            where = "in this process" if self.workers == 0 else "in a worker process"
            self.status.setText(f"Ready: every racer starts from the main network ({where})")

    def setTheme(self, dark: bool | None = None) -> None:
        _, bg, fg = theme_colors(self, dark)
        self.glw.setBackground(bg)
        style_plot(self.lossPlot, fg, bg)

    def changeEvent(self, event: QEvent) -> None:
        if is_palette_change(event):
            self.setTheme(None)
        super().changeEvent(event)

    def closeEvent(self, event: Any) -> None:
        self.shutdown()
        super().closeEvent(event)
