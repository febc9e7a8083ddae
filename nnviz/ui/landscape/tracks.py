"""Paths on a landscape slice: flat θ snapshots at some steps, and their slice
coordinates, projected once per slice (NumPy only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnviz.ui.landscape.job import LandscapeResult


@dataclass
class Track:
    """Flat θ snapshots at some steps, and their slice coordinates once projected."""

    label: str | None
    color: tuple[int, int, int]
    steps: list[int] = field(default_factory=list)
    thetas: list[np.ndarray] = field(default_factory=list)
    coords: dict[int, np.ndarray] = field(default_factory=dict)

    def append(self, step: int, theta: np.ndarray, keep: int) -> None:
        """Add θ after `step`, keeping the last `keep`; an older step starts afresh."""
        if self.steps and step <= self.steps[-1]:  # a restart: the old path is history
            self.steps.clear()
            self.thetas.clear()
            self.coords.clear()
        self.steps.append(int(step))
        self.thetas.append(theta)
        del self.steps[:-keep], self.thetas[:-keep]

    def points(self) -> np.ndarray:
        """(k, 2) coordinates of the projected snapshots, oldest first."""
        pts = [self.coords[s] for s in self.steps if s in self.coords]
        return np.array(pts).reshape(-1, 2)

    def project(self, res: LandscapeResult) -> None:
        """Project the snapshots not yet on the slice of `res`."""
        new = [k for k, s in enumerate(self.steps) if s not in self.coords]
        if new:
            P = res.project([self.thetas[k] for k in new])
            self.coords.update({self.steps[k]: c for k, c in zip(new, P, strict=True)})


class Tracks(dict[Any, Track]):
    """Every path of a view by key."""

    def snapshot(self) -> tuple[dict[Any, list[np.ndarray]], dict[Any, list[int]]]:
        """Copies of the snapshot lists and steps (for a computation on another thread)."""
        return (
            {k: list(t.thetas) for k, t in self.items()},
            {k: list(t.steps) for k, t in self.items()},
        )

    def adopt(self, res: LandscapeResult, steps: dict[Any, list[int]]) -> None:
        """Take the coordinates a computation projected for the snapshots it was given."""
        for key, tr in self.items():
            tr.coords = {}
            if key in res.tracks and key in steps:
                tr.coords = dict(zip(steps[key], res.tracks[key], strict=False))

    def points(self, key: Any) -> np.ndarray:
        tr = self.get(key)
        return np.empty((0, 2)) if tr is None else tr.points()

    def outside(self, res: LandscapeResult) -> bool:
        """Whether any path's newest point has left the window of `res`."""
        return any(len(c) and not res.contains(c[-1]) for c in map(self.points, self))
