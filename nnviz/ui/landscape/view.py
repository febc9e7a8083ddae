"""`LandscapeView`: the loss over a 2-D slice around θ, computed off the GUI thread,
with the current point, the projected descent arrow and projected paths.

Feed it `setNetwork(net)`, `setData(X, Y)` and, while training, `appendParams(θ, step)`;
pick the slice with `setWeights(w1, w2)` (weights as (layer, j, i)) or `setMode("random")`.
The surface is recomputed on request, when the slice settings change, and (with
"Follow training" on) when θ leaves the shown window or moves far off the slice.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from nnviz.engine import Network
from nnviz.ui.common.on_screen import on_screen
from nnviz.ui.common.throttle import Throttle
from nnviz.ui.landscape.compute_bar import ComputeBar, data_text
from nnviz.ui.landscape.controls import SliceControls
from nnviz.ui.landscape.job import LandscapeResult, SliceSpec, Weight
from nnviz.ui.landscape.paths import OWN, LandscapePaths
from nnviz.ui.landscape.plot import LandscapePlot
from nnviz.ui.landscape.runner import SurfaceRunner
from nnviz.ui.landscape.tracks import Tracks
from nnviz.ui.plots.theme import is_palette_change

MAX_SAMPLES = 2000  # larger training sets are evaluated on a fixed subsample this size
PATH_LENGTH = 100  # snapshots of θ kept for the path


class LandscapeView(LandscapePaths, QWidget):
    """Heat map and contours of L(θ + α d1 + β d2) with the optimizer's path on it."""

    sigSurfaceChanged = Signal(object)  # the new LandscapeResult
    sigBusy = Signal(bool)  # a computation started (True) or ended

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        spec: SliceSpec | None = None,
        max_samples: int = MAX_SAMPLES,
        path_length: int = PATH_LENGTH,
        follow: bool = True,
    ) -> None:
        super().__init__(parent)
        self.max_samples = int(max_samples)
        self.path_length = int(path_length)
        self._net: Network | None = None
        self._X: np.ndarray | None = None
        self._Y: np.ndarray | None = None
        self._n_total = 0
        self._current: np.ndarray | None = None  # latest θ from appendParams
        self._tracks = Tracks()
        self._result: LandscapeResult | None = None
        self.runner = SurfaceRunner(self)
        self.runner.sigProgress.connect(self._onProgress)
        self.runner.sigDone.connect(self._onDone)
        self.runner.sigFailed.connect(self._onFailed)
        self._last_auto = -np.inf
        self._dirty = False  # a recompute is due but the view was hidden
        self._pathsDue = False

        self.controls = SliceControls(spec=spec)
        self.controls.sigChanged.connect(self.scheduleRecompute)
        self.bar = ComputeBar(follow)
        self.recomputeButton, self.followCheck = self.bar.recomputeButton, self.bar.followCheck
        self.progress, self.cancelButton = self.bar.progress, self.bar.cancelButton
        self.info = self.bar.info
        self.recomputeButton.clicked.connect(self.recompute)
        self.followCheck.toggled.connect(self._checkStale)
        self.cancelButton.clicked.connect(self.cancel)
        self.readout = QLabel()
        self.readout.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.plot = LandscapePlot()
        self.plot.sigReadout.connect(self.readout.setText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        top = QHBoxLayout()
        top.setContentsMargins(4, 0, 4, 0)
        top.addWidget(self.controls, 1)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.readout)
        self._showBusy(False)
        self._autoTimer = QTimer(self, singleShot=True, timeout=self._autoRecompute)
        self._refresher = Throttle(self, 0.1, self._refresh)
        self._describeData()
        self.plot.clearSurface("Set a network and data to see the loss landscape")

    # ------------------------------------------------------------ inputs

    def setNetwork(self, net: Network | None) -> None:
        """A new network: its path is forgotten, the weight lists refilled."""
        self.cancel()
        old = self._net
        self._net = None if net is None else net.copy()
        self._current = None
        self._tracks.pop(OWN, None)
        if old is None or net is None or old.n_params != net.n_params:
            self._result = None  # a surface of another network: never project onto it
        self.controls.setNetwork(self._net)
        self.scheduleRecompute()

    def network(self) -> Network | None:
        return self._net

    def setData(self, X: Any, Y: Any) -> None:
        """The training set; above `max_samples` samples, a fixed random subsample."""
        X, Y = np.asarray(X), np.asarray(Y)
        if len(X) != len(Y):
            raise ValueError(f"got {len(X)} inputs but {len(Y)} targets")
        self._n_total = len(X)
        if len(X) > self.max_samples:
            pick = np.sort(np.random.default_rng(0).permutation(len(X))[: self.max_samples])
            X, Y = X[pick], Y[pick]
        self._X, self._Y = X, Y
        self._describeData()
        self.scheduleRecompute()

    @Slot(object, object)
    def setWeights(self, sel1: Weight, sel2: Weight) -> None:
        """Slice through two weights, each (layer, j, i): W_layer[j, i] (the edge i -> j),
        or b_layer[j] when i is None."""
        self.controls.modeBox.setCurrentIndex(self.controls.modeBox.findData("weights"))
        self.controls.setWeights(tuple(sel1), tuple(sel2))  # type: ignore[arg-type]

    @Slot(object)
    def pickWeight(self, sel: Weight) -> None:
        """One more clicked weight: it becomes weight 2, the old weight 2 weight 1."""
        w = self.controls.weights()
        sel = tuple(sel)  # type: ignore[assignment]
        first = w[1] if w is not None and w[1] != sel else (w[0] if w else sel)
        self.setWeights(first, sel)

    def setMode(self, mode: str, seed: int | None = None) -> None:
        """ "weights" or "random" (with its seed)."""
        s = self.controls.spec()
        seed = s.seed if seed is None else seed
        self.controls.setSpec(SliceSpec(mode, s.weights, seed, s.points, s.span))
        self.scheduleRecompute()

    def setPointName(self, text: str) -> None:
        """The legend's name for the slice's centre ("θ now" by default)."""
        self.plot.setPointName(text)

    def setGridPoints(self, n: int) -> None:
        self.controls.gridBox.setValue(int(n))

    # ------------------------------------------------------------ computing

    @Slot()
    def scheduleRecompute(self) -> None:
        """Recompute soon (settings arrive in bursts)."""
        self._autoTimer.start(60)

    @Slot()
    def _autoRecompute(self) -> None:
        if not on_screen(self):
            self._dirty = True
            return
        self.recompute()

    @Slot()
    def recompute(self) -> None:
        """Start computing the surface around the current θ (cancels a running one)."""
        self._autoTimer.stop()
        self._dirty = False
        self.cancel()
        if self._net is None or self._X is None:
            self.plot.clearSurface("Set a network and data to see the loss landscape")
            return
        spec = self.controls.spec()
        try:
            spec.check()
        except ValueError as e:
            self._result = None
            self.plot.clearSurface(str(e))
            return
        net = self._net.copy()
        if self._current is not None:
            net.theta[...] = self._current
        self.runner.start(net, self._X, self._Y, spec, *self._tracks.snapshot())
        self._showBusy(True)

    @Slot()
    def cancel(self) -> None:
        """Stop a running computation (its result is dropped)."""
        if self.runner.isRunning():
            self.runner.cancel()
            self._showBusy(False)

    def isComputing(self) -> bool:
        return self.runner.isRunning()

    def result(self) -> LandscapeResult | None:
        return self._result

    def shutdown(self, timeout: float = 5.0) -> None:
        """Cancel and wait for the worker thread (call before the app quits)."""
        self._autoTimer.stop()
        self.runner.shutdown(timeout)
        self._showBusy(False)

    @Slot(str, int, int)
    def _onProgress(self, text: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    @Slot(object)
    def _onDone(self, res: LandscapeResult) -> None:
        self._showBusy(False)
        self._result = res
        self._last_auto = time.perf_counter()
        self._tracks.adopt(res, res.extra.get("steps", {}))
        self.plot.setResult(res)
        self._describeData()
        self._refresh()
        self.sigSurfaceChanged.emit(res)

    @Slot(str)
    def _onFailed(self, message: str) -> None:
        self._showBusy(False)
        self._result = None
        self.plot.clearSurface(f"Could not compute the surface: {message}")

    def _showBusy(self, busy: bool) -> None:
        self.bar.showBusy(busy)
        self.sigBusy.emit(busy)

    # ------------------------------------------------------------ text

    def _describeData(self) -> None:
        n = 0 if self._X is None else len(self._X)
        self.bar.setInfo(data_text(n, self._n_total, self._result))

    # ------------------------------------------------------------ Qt events

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.catchUp()

    @Slot()
    def catchUp(self) -> None:
        """Shown again (also when its tab comes to the front): the recompute and the
        paths it skipped while not on screen."""
        if self._dirty:
            self.scheduleRecompute()
        if self._pathsDue:
            self._refresh()

    def closeEvent(self, event: Any) -> None:
        self.shutdown()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if is_palette_change(event):
            self.plot.setTheme(None)
        super().changeEvent(event)
