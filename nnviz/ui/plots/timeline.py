"""The timeline under the curves: scrub back through a run's kept snapshots.

The loss curve of the run (`RunHistory.curve()`, abandoned branches dimmed) is the
background; a draggable cursor snaps to the nearest kept step and emits `sigScrubbed`;
"Back to now" returns to the live network; A and B mark two moments to compare; "Step
from here" asks for a recorded step from the cursor's snapshot.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from nnviz.app.history import RunHistory
from nnviz.ui.common.text_line import TextLine
from nnviz.ui.plots.items import TurnPlot
from nnviz.ui.plots.theme import is_palette_change, series_colors, theme_colors

CURSOR_RGB = (230, 97, 1)
MARK_RGB = (118, 42, 131)
VALUES_PX = 48  # the loss axis shows values when at least this tall (else they overlap)


class StripAxis(pg.AxisItem):
    """The strip's loss axis: ticks and values only when there is room for them."""

    def resizeEvent(self, ev: object = None) -> None:
        super().resizeEvent(ev)
        show = self.geometry().height() >= VALUES_PX
        if self.style["showValues"] != show:
            self.setStyle(showValues=show, tickLength=5 if show else 0)


class Timeline(QWidget):
    """A scrubber over a `RunHistory`. `refresh()` after the history grew."""

    sigScrubbed = Signal(int)  # a kept step: show the network as it was then
    sigBackToNow = Signal()
    sigCompare = Signal(int, int)  # (A, B) kept steps
    sigStepFromHere = Signal(int)

    def __init__(self, history: RunHistory | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history or RunHistory()
        self.scrubbed: int | None = None  # the kept step shown, None = now
        self.marks: dict[str, int] = {}
        # takes its turn when the whole window repaints
        self.plot = TurnPlot(axisItems={"left": StripAxis("left")})
        self.plot.setMinimumHeight(36)
        self.plot.setMaximumHeight(90)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.getPlotItem().setLogMode(y=True)
        self.plot.getPlotItem().getAxis("left").setWidth(36)
        self.plot.setToolTip(
            "The run so far (loss per step). Drag the orange line to see the network as it\n"
            "was at that step; kept snapshots: dense at the start, sparser later."
        )
        self.curve = self.plot.plot()
        self.branchCurves: list[pg.PlotDataItem] = []
        self.cursor = pg.InfiniteLine(0, movable=True, pen=pg.mkPen(CURSOR_RGB, width=2))
        self.cursor.setHoverPen(pg.mkPen(CURSOR_RGB, width=4))
        self.cursor.sigPositionChanged.connect(self._cursorMoved)
        self.cursor.sigPositionChangeFinished.connect(self._cursorMoved)
        self.plot.addItem(self.cursor, ignoreBounds=True)
        self.markLines = {
            k: pg.InfiniteLine(0, movable=False, pen=pg.mkPen(MARK_RGB, width=1, style=Qt.DashLine),
                               label=k, labelOpts={"position": 0.85})
            for k in "AB"
        }  # fmt: skip
        for line in self.markLines.values():
            line.setVisible(False)
            self.plot.addItem(line, ignoreBounds=True)

        self.stepLabel = TextLine("Now", elide=True)  # a move repaints it, not the window
        self.stepLabel.setMinimumWidth(50)  # long texts are cut, the bar never widens the dock
        self.stepLabel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.nowButton = QPushButton("Now")
        self.nowButton.setToolTip("Show the live network again and go on training (End)")
        self.nowButton.clicked.connect(self.backToNow)
        self.markA = QPushButton("A")
        self.markB = QPushButton("B")
        for b, k in ((self.markA, "A"), (self.markB, "B")):
            b.setToolTip(f"Mark the cursor's step as moment {k}; with A and B set, the network\n"
                         "view shows W_B − W_A and the weights that changed most")  # fmt: skip
            b.clicked.connect(lambda _c=False, key=k: self.setMark(key))
        self.stepHere = QPushButton("Step here")
        self.stepHere.setToolTip(
            "Open the Step workspace on a new recorded step taken from this snapshot's\n"
            "weights and optimizer state, on the next sample"
        )
        self.stepHere.clicked.connect(self._stepFromHere)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        bar.addWidget(self.stepLabel, 1)
        for b in (self.markA, self.markB, self.stepHere, self.nowButton):
            # tool buttons: compact, so the timeline never widens the curves' dock
            b.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            b.setStyleSheet("padding: 1px 6px;")
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.plot, 1)
        layout.addLayout(bar)
        self.setTheme()
        self._update()

    # ------------------------------------------------------------ data

    def setHistory(self, history: RunHistory) -> None:
        self.history = history
        self.marks.clear()
        self.scrubbed = None
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Redraw the curve (and dimmed branches) from the history."""
        steps, losses = self.history.curve()
        ok = np.isfinite(losses) & (losses > 0)
        self.curve.setData(steps[ok], losses[ok])
        for item in self.branchCurves:
            self.plot.removeItem(item)
        _dark, _bg, fg = theme_colors(self, None)
        dim = pg.mkPen((*fg.getRgb()[:3], 90), width=1)
        self.branchCurves = []
        for br in self.history.branches:
            keep = np.isfinite(br.losses) & (br.losses > 0)
            item = self.plot.plot(br.steps[keep], br.losses[keep], pen=dim)
            self.branchCurves.append(item)
        if self.scrubbed is None and len(steps):
            self._placeCursor(float(steps[-1]))
        self._update()

    # ------------------------------------------------------------ scrubbing

    def _placeCursor(self, x: float) -> None:
        self.cursor.blockSignals(True)
        self.cursor.setValue(x)
        self.cursor.blockSignals(False)

    @Slot()
    def _cursorMoved(self, *_: object) -> None:
        if not self.history.steps():
            return
        self.scrubTo(self.cursor.value())

    def scrubTo(self, step: float) -> int | None:
        """Show the kept step nearest to `step`; emits `sigScrubbed` when it changes."""
        if not self.history.steps():
            return None
        kept = self.history.nearest(step)
        self._placeCursor(float(kept))
        if kept != self.scrubbed:
            self.scrubbed = kept
            self._update()
            self.sigScrubbed.emit(kept)
        return kept

    @Slot()
    def backToNow(self) -> None:
        self.scrubbed = None
        steps, _ = self.history.curve()
        if len(steps):
            self._placeCursor(float(steps[-1]))
        self._update()
        self.sigBackToNow.emit()

    def setMark(self, key: str, step: int | None = None) -> None:
        """Mark a kept step (the cursor's by default) as moment A or B."""
        if step is None:
            step = self.scrubbed if self.scrubbed is not None else self._lastKept()
        if step is None:
            return
        self.marks[key] = step
        self.markLines[key].setValue(step)
        self.markLines[key].setVisible(True)
        self._update()
        if "A" in self.marks and "B" in self.marks and self.marks["A"] != self.marks["B"]:
            self.sigCompare.emit(self.marks["A"], self.marks["B"])

    def clearMarks(self) -> None:
        self.marks.clear()
        for line in self.markLines.values():
            line.setVisible(False)
        self._update()

    def _lastKept(self) -> int | None:
        steps = self.history.steps()
        return steps[-1] if steps else None

    @Slot()
    def _stepFromHere(self) -> None:
        step = self.scrubbed if self.scrubbed is not None else self._lastKept()
        if step is not None:
            self.sigStepFromHere.emit(step)

    def _update(self) -> None:
        has = bool(self.history.steps())
        for b in (self.markA, self.markB, self.stepHere):
            b.setEnabled(has)
        self.nowButton.setEnabled(self.scrubbed is not None)
        if self.scrubbed is None:
            text = "Now" if has else "The timeline fills as the network trains"
        else:
            m = self.history.snapshot(self.scrubbed).metrics
            loss = m.get("loss", math.nan)
            text = f"Step {self.scrubbed:,}" + (
                f" · loss {loss:.4g}" if math.isfinite(loss) else ""
            )
        marks = "  ".join(f"{k} = step {v:,}" for k, v in sorted(self.marks.items()))
        self.stepLabel.setText(text + (f"   ({marks})" if marks else ""))
        self.stepLabel.setToolTip(self.stepLabel.text())  # the whole text when it is cut

    def setTheme(self) -> None:
        """Colours from the palette (call again after a theme change)."""
        dark, bg, fg = theme_colors(self, None)
        self.plot.setBackground(bg)
        for name in ("left", "bottom"):
            ax = self.plot.getPlotItem().getAxis(name)
            ax.setPen(fg)
            ax.setTextPen(fg)
        self.curve.setPen(pg.mkPen(series_colors(dark)[0], width=1))

    def changeEvent(self, event: QEvent) -> None:
        if is_palette_change(event):
            self.setTheme()
            self.refresh()
        super().changeEvent(event)
