"""Scrub back through a run: the timeline under the curves drives every view.

Dragging the timeline pauses training and shows the network as it was at the kept step
everywhere: the network view's edges, biases and units (the last shown sample, run
through the network of then), the decision regions and neuron pictures (2-D data), the
first-layer weight pictures (images), the inspector, and the draw pad's probabilities
when it reads with the training network. "Back to now" (or Play) shows the live
network again. A and B compare two moments (`ComparePanel`); "Step from here" replays a
step from a snapshot in the Step workspace; changing a hyperparameter or pressing Reset
while scrubbed back starts a new branch there (`nnviz.ui.travel.branching`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Slot

from nnviz.analysis.compare import compare
from nnviz.app.stepper import step_on_copy
from nnviz.engine import Network, evaluate
from nnviz.ui.common.on_screen import on_screen
from nnviz.ui.common.throttle import Throttle
from nnviz.ui.plots.timeline import Timeline
from nnviz.ui.travel.compare_panel import ComparePanel, Moment
from nnviz.ui.travel.host import TravelHost

REFRESH_INTERVAL = 0.25  # s between timeline redraws while training
EVAL_SAMPLES = 3000  # validation samples for the loss/accuracy of a compared moment
TRAINING_SOURCE = "the training network"  # the draw pad's source text when it reads ours


class TimeTravel(QObject):
    """The controller behind the timeline; `window.timeTravel`."""

    def __init__(self, window: TravelHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.w = window
        self.timeline = Timeline(window.session.runs)
        item = self.timeline.plot.getPlotItem()
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        self.comparePanel = ComparePanel()
        self._net: Network | None = None  # the scrubbed network (float32, reused)
        self._drawSwitched = False
        self.branching: Any = None  # `Branching`, set by `install`
        self._throttle = Throttle(self, REFRESH_INTERVAL, self.refresh)
        t, q = self.timeline, window.sessionQt
        t.sigScrubbed.connect(self.scrubTo)
        t.sigBackToNow.connect(self.backToNow)
        t.sigCompare.connect(self.compareSteps)
        t.sigStepFromHere.connect(self.stepFromHere)
        self.comparePanel.sigDone.connect(self.stopComparing)
        self.comparePanel.sigSelect.connect(window.setSelection)
        q.sigHistoryAppended.connect(self._throttle.poke)
        q.sigSnapshots.connect(self._throttle.poke)
        q.sigHistoryCleared.connect(self.runsReplaced)
        q.sigRunsReplaced.connect(self.runsReplaced)
        q.sigParamsChanged.connect(self.paramsChanged)
        q.sigStepRecorded.connect(self.liveStep)
        q.sigTrainingStateChanged.connect(self.trainingState)

    # ------------------------------------------------------------ state

    @property
    def scrubbed(self) -> int | None:
        """The kept step shown, or None for the live network."""
        return self.timeline.scrubbed

    @Slot()
    def refresh(self) -> None:
        if self.timeline.history is not self.w.session.runs:
            self.runsReplaced()
            return
        self.timeline.refresh()

    @Slot()
    def runsReplaced(self) -> None:
        """A new or branched run history: show it; the views show the live network."""
        was = self.scrubbed
        self.timeline.setHistory(self.w.session.runs)
        self.timeline.clearMarks()
        self._endCompare()
        if was is not None:
            self._restoreDraw()

    # ------------------------------------------------------------ scrubbing

    @Slot(int)
    def scrubTo(self, step: int) -> None:
        """Pause training and show the network as it was after `step` steps."""
        q = self.w.sessionQt
        if q.requested or q.running:
            q.pause()
        if self.comparePanel.comparison is not None:
            self.w.networkView.setDifference(None)
        self.show(step)

    def show(self, step: int) -> None:
        """Every view shows the parameters of kept `step` (redrawn at the next paint)."""
        w = self.w
        snap = w.session.runs.snapshot(step)
        params = snap.params()
        net = self._network(snap.config)
        net.set_params(params)
        w.networkView.setParams(params, now=True)
        self._forward(net)
        ds = w.session.dataset
        if ds is not None and ds.kind == "image" and self._shown("weights"):
            w.weightGrid.setWeights(params[0][0])
        if net.sizes[0] == 2 and self._shown("decision"):
            w.decisionView.setNetwork(snap.config, params)
            w.decisionView.flush()
        if self._shown("inspector"):
            w.inspector.setParams(params)
        self._readDrawing(net, step)
        loss = snap.metrics.get("loss", math.nan)
        w.statusBar().showMessage(
            f"Showing step {step:,}" + (f" (loss {loss:.4g})" if math.isfinite(loss) else "")
            + " — Back to now (End) returns to the live network", 4000
        )  # fmt: skip

    def _network(self, config: dict) -> Network:
        if self._net is None or self._net.config() != config:
            cfg = dict(config)
            sizes = cfg.pop("sizes")
            self._net = Network(sizes, seed=None, **cfg)
        return self._net

    def _forward(self, net: Network, x: np.ndarray | None = None) -> None:
        """Light the units for the sample shown last, through `net`."""
        if x is None:
            rec = self.w.session.last_step
            if rec is None:
                return
            x = np.asarray(rec.X[:1], dtype=net.dtype)
        x = np.asarray(x, dtype=net.dtype).reshape(1, -1)
        if x.shape[1] != net.sizes[0]:
            return
        layers = net.forward_all(x)
        self.w.networkView.showForward(x[0], [a[0] for _, a in layers], [z[0] for z, _ in layers])

    def _shown(self, name: str) -> bool:
        dock = self.w.panel(name)
        return dock is not None and on_screen(dock)

    def _readDrawing(self, net: Network, step: int) -> None:
        """The draw pad reads with the network of then, if it read with the training one."""
        pad = self.w.drawPanel
        if pad is None or net.sizes[0] != 784 or net.sizes[-1] != 10:
            return
        if not str(getattr(pad, "source", "")).startswith(TRAINING_SOURCE):
            return
        pad.setNetwork(net, f"{TRAINING_SOURCE} at step {step:,}")
        self._drawSwitched = True

    def _restoreDraw(self) -> None:
        if self._drawSwitched and self.w.drawPanel is not None:
            self._drawSwitched = False
            self.w.drawPanel.setNetwork(self.w.currentNetwork(), f"{TRAINING_SOURCE} (a copy)")

    @Slot(object)
    def drawnForward(self, x: np.ndarray) -> None:
        """While scrubbed, a drawing lights the units of the network of then."""
        if self.scrubbed is not None and self._net is not None:
            self._forward(self._net, x)

    @Slot()
    def backToNow(self) -> None:
        """Every view shows the live network again."""
        if self.timeline.scrubbed is not None:
            self.timeline.backToNow()  # emits sigBackToNow, which comes back here
            return
        self._endCompare()
        self.timeline.clearMarks()
        self._restoreDraw()
        self.w.sessionQt.sigParamsChanged.emit()  # every view shows the live weights
        rec = self.w.session.last_step
        net = self.w.session.network
        if rec is not None and net is not None:
            self._forward(net)

    @Slot()
    def paramsChanged(self) -> None:
        """The live weights arrived (e.g. after the pause): keep showing the past."""
        if self.scrubbed is not None:
            self.show(self.scrubbed)

    @Slot(object)
    def liveStep(self, _step: object) -> None:
        if self.scrubbed is not None:
            self.backToNow()

    @Slot(bool)
    def trainingState(self, running: bool) -> None:
        if running and self.scrubbed is not None:
            self.backToNow()

    # ------------------------------------------------------------ compare, replay

    @Slot(int, int)
    def compareSteps(self, a: int, b: int) -> None:
        """Edges show W_B - W_A; the panel lists what changed most and both moments."""
        runs = self.w.session.runs
        pa, pb = runs.params_at(a), runs.params_at(b)
        cmp = compare(pa, pb)
        self.w.networkView.setDifference([dW for dW, _ in cmp.delta])
        self.comparePanel.setComparison(self._moment(a, pa), self._moment(b, pb), cmp)
        dock = self.w.panel("compare")
        if dock is not None:
            dock.show()
            dock.raise_()

    def _moment(self, step: int, params: list) -> Moment:
        """Loss and accuracy at a kept step on (up to) 3,000 validation samples."""
        ds, snap = self.w.session.dataset, self.w.session.runs.snapshot(step)
        loss, acc = snap.metrics.get("val_loss", math.nan), snap.metrics.get("val_acc", math.nan)
        if ds is not None and not math.isfinite(acc) and len(ds.X_test):
            net = self._network(snap.config)
            net.set_params(params)
            X, y = ds.X_test[:EVAL_SAMPLES], ds.y_test[:EVAL_SAMPLES]
            with np.errstate(all="ignore"):
                loss, acc = evaluate(net, np.asarray(X, dtype=net.dtype), y)
            self.w.session.runs.annotate(step, val_loss=loss, val_acc=acc)
        return Moment(step, float(loss), float(acc))

    @Slot()
    def stopComparing(self) -> None:
        self._endCompare()
        self.timeline.clearMarks()
        if self.scrubbed is not None:
            self.show(self.scrubbed)

    def _endCompare(self) -> None:
        if self.comparePanel.comparison is not None:
            self.comparePanel.clear()
            self.w.networkView.setDifference(None)

    @Slot(int)
    def stepFromHere(self, step: int) -> None:
        """A new recorded step from kept `step` (its weights and optimizer state) on the
        next training sample, frame by frame in the Step workspace."""
        snap = self.w.session.runs.snapshot(step)
        net = snap.network(np.float64)
        opt = snap.optimizer(np.float64) if snap.opt_state else None
        if opt is None:
            opt = self.w.makeOptimizer()
        x, y = self.w.nextSample()
        rec = step_on_copy(net, x, y, opt)
        self.w.showStep(rec.step, rec.net)
        self.w.showWorkspace("step")
        self.w.statusBar().showMessage(
            f"A new step from the weights of step {step:,} (loss {rec.step.loss:.4g})", 6000
        )
