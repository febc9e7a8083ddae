"""The paths on the landscape view (`LandscapePaths`, mixed into `LandscapeView`): the
network's own path of θ snapshots and other tracks (a racer's), projected onto the
slice, and the check whether θ has left the shown surface ("Follow training")."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QCheckBox

from nnviz.analysis.landscape import flatten
from nnviz.analysis.slice_path import off_slice_distance
from nnviz.engine import Network
from nnviz.ui.common.on_screen import on_screen
from nnviz.ui.common.throttle import Throttle
from nnviz.ui.landscape.job import LandscapeResult
from nnviz.ui.landscape.plot import PATH, LandscapePlot
from nnviz.ui.landscape.runner import SurfaceRunner
from nnviz.ui.landscape.tracks import Track, Tracks

PATH_BYTES = 8 << 20  # memory cap for the path's snapshots (the last ~18 for MNIST-sized nets)
STALE_OFF_SLICE = 0.5  # recompute when θ is this fraction of the window's radius off it
AUTO_MIN_S = 1.0  # at least this long (and twice the last computation) between auto runs
OWN = "path"  # track key of the network's own path


class LandscapePaths:
    """Tracks of θ snapshots drawn on the plot; the view provides the attributes below."""

    path_length: int
    plot: LandscapePlot
    runner: SurfaceRunner
    followCheck: QCheckBox
    _net: Network | None
    _current: np.ndarray | None
    _tracks: Tracks
    _result: LandscapeResult | None
    _refresher: Throttle
    _pathsDue: bool  # paths changed while the view was not on screen
    _autoTimer: QTimer
    _last_auto: float

    def appendParams(self, theta_or_params: Any, step: int) -> None:
        """θ after `step` (a flat vector or a list of (W, b)): the path's newest point
        and the new current point. Keeps the last `path_length` snapshots."""
        if self._net is None:
            return
        v = flatten(theta_or_params).astype(self._net.dtype)
        if v.size != self._net.n_params:
            raise ValueError(f"expected {self._net.n_params} parameters, got {v.size}")
        self._current = v
        tr = self._tracks.setdefault(OWN, Track(f"path (last {self.path_length} steps)", PATH))
        tr.append(step, v, max(2, min(self.path_length, PATH_BYTES // max(v.nbytes, 1))))
        self._refresher.poke()

    def clearPath(self) -> None:
        self._tracks.pop(OWN, None)
        self.plot.removeTrack(OWN)

    def setTrack(
        self, key: Any, label: str | None, color: tuple[int, int, int], steps: Any, thetas: Any
    ) -> None:
        """Another path (e.g. a racer's): flat θ snapshots at `steps`, drawn in `color`."""
        tr = self._tracks.get(key)
        if tr is None or tr.label != label or tr.color != color:
            self.plot.removeTrack(key)
            tr = self._tracks[key] = Track(label, color)
        tr.steps, tr.thetas = [int(s) for s in steps], list(thetas)
        self._refresher.poke()

    def removeTrack(self, key: Any) -> None:
        self._tracks.pop(key, None)
        self.plot.removeTrack(key)

    def trackCoords(self, key: Any) -> np.ndarray:
        """(k, 2) slice coordinates of a track's projected snapshots, oldest first."""
        return self._tracks.points(key)

    def _refresh(self) -> None:
        """Project the snapshots not yet on the slice, draw every path, check staleness
        (later, in `catchUp`, while the view is not on screen)."""
        res = self._result
        if res is None:
            return
        if not on_screen(self):  # type: ignore[arg-type]
            self._pathsDue = True
            return
        self._pathsDue = False
        for key, tr in self._tracks.items():
            tr.project(res)
            self.plot.setTrack(key, self.trackCoords(key), tr.color, tr.label)
        if self._current is not None:
            c = self.trackCoords(OWN)
            if len(c):
                self.plot.point.setData([res.origin[0] + c[-1, 0]], [res.origin[1] + c[-1, 1]])
        self._checkStale()

    @Slot()
    def _checkStale(self) -> None:
        res = self._result
        if res is None or self.runner.isRunning() or not self.followCheck.isChecked():
            return
        stale = self._tracks.outside(res)
        if not stale and self._current is not None:
            d = off_slice_distance([self._current], res.theta0, res.d1, res.d2)[0]
            stale = d > STALE_OFF_SLICE * res.radius()
        if stale:
            wait = max(AUTO_MIN_S, 2 * res.seconds) - (time.perf_counter() - self._last_auto)
            self._autoTimer.start(max(60, round(wait * 1000)))
