"""A tiny network to experiment with: presets, editable inputs, targets, weights and
learning rate. Every edit recomputes the training step (on copies) at once; `advance()`
applies the update and moves on to the next sample, so repeated steps show learning."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QTableWidget, QTableWidgetItem, QWidget

from nnviz.app.stepper import step_on_copy
from nnviz.engine import Network, Optimizer, make_optimizer
from nnviz.engine.record import Step
from nnviz.teach.tiny_nets import textbook, xor
from nnviz.ui.step.editors import fit_table, param_table, setup_workbench, spin, with_output


class Workbench(QWidget):
    """Emits `sigStepChanged(step, net)` whenever an edit changes the step."""

    sigStepChanged = Signal(object, object)
    sigUseTraining = Signal()
    sigAdvance = Signal()
    sigAdvanced = Signal()  # an update was applied (button, N key or `advance()`)
    xSpins: list[QDoubleSpinBox]  # the widgets are built by `setup_workbench`
    ySpins: list[QDoubleSpinBox]
    paramTables: list[QTableWidget]
    paramLabels: list[QLabel]

    def __init__(self, training: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        setup_workbench(self, training)
        self.presetCombo.activated.connect(
            lambda _i: self.loadPreset(self.presetCombo.currentIndex())
        )
        self.randomButton.clicked.connect(self.randomise)
        self.resetButton.clicked.connect(self.reset)
        self.trainingButton.clicked.connect(self.sigUseTraining)
        self.advanceButton.clicked.connect(self.sigAdvance)
        self.optCombo.activated.connect(lambda _i: self._newOptimizer())
        self.outputCombo.activated.connect(lambda _i: self._outputChosen())
        self.lossCombo.activated.connect(lambda _i: self._outputChosen())
        self.lrSpin.valueChanged.connect(self._lrChanged)
        self.sampleCombo.activated.connect(self._sampleChosen)
        self._seed = 0
        self.resetTo: Callable[[], None] | None = None  # Reset loads this instead (a lesson)
        self.training = False
        self.loadPreset(0)

    # ------------------------------------------------------------ model

    def loadPreset(self, n: int) -> None:
        self.net, self.samples, lr = (textbook, xor)[n]()
        self.presetCombo.setCurrentIndex(n)
        self.sampleIndex = 0
        self.lrSpin.blockSignals(True)
        self.lrSpin.setValue(lr)
        self.lrSpin.blockSignals(False)
        self.optCombo.setCurrentText("sgd")
        self.opt: Optimizer = make_optimizer("sgd", lr)
        self.setTraining(False, emit=False)
        self._rebuild()
        self._changed()

    def load(self, net: Network, samples: list, lr: float, optimizer: str = "sgd") -> None:
        """Show another network and its samples [(x, y), ...] (e.g. a lesson's), stepped
        with `optimizer` at rate `lr`."""
        self.net, self.samples, self.sampleIndex = net, [tuple(s) for s in samples], 0
        self.lrSpin.blockSignals(True)
        self.lrSpin.setValue(lr)
        self.lrSpin.blockSignals(False)
        self.optCombo.setCurrentText(optimizer)
        self.setTraining(False, emit=False)
        self._rebuild()
        self._newOptimizer()

    def refresh(self) -> None:
        """After `net` or `samples` were changed in place: fill the editors, new step."""
        self._fillParams()
        self._fillSample()
        self._changed()

    def reset(self) -> None:
        """Back to the preset (or to what `resetTo` sets up, e.g. a lesson's network)."""
        self.resetTo() if self.resetTo is not None else self.loadPreset(
            self.presetCombo.currentIndex()
        )

    def setTraining(self, on: bool, text: str = "", emit: bool = True) -> None:
        """In training mode the steps come from the app; the editors are hidden."""
        self.training = on
        self.editors.setVisible(not on)
        self.randomButton.setEnabled(not on)
        self.advanceButton.setVisible(not on)
        self.info.setText(
            text
            if on
            else "Every change recomputes the step at once. 'Apply the update' keeps the new "
            "weights and moves on to the next sample, so you can watch the loss go down."
        )

    def randomise(self) -> None:
        self._seed += 1
        rng = np.random.default_rng(self._seed)
        self.net.set_params(
            [
                (rng.uniform(-1, 1, W.shape), rng.uniform(-1, 1, b.shape))
                for W, b in self.net.params()
            ]
        )
        self._newOptimizer(emit=False)
        self._fillParams()
        self._changed()

    def current(self) -> tuple[Step, Network]:
        """The step on the current values (computed on copies: nothing changes)."""
        step, _ = self._compute()
        return step, self.net.copy()

    def advance(self) -> tuple[Step, Network]:
        """Apply the current step's update, go to the next sample, return the new step."""
        step, opt = self._compute()
        self.net.set_params(step.params_after)
        self.opt = opt
        self.sampleIndex = (self.sampleIndex + 1) % len(self.samples)
        self._fillParams()
        self._fillSample()
        self.sigAdvanced.emit()
        return self.current()

    def _compute(self) -> tuple[Step, Optimizer]:
        x, y = self.samples[self.sampleIndex]
        rec = step_on_copy(self.net, np.array([x]), np.array([y]), self.opt)
        return rec.step, rec.opt

    def _changed(self) -> None:
        if not self.training:
            self.sigStepChanged.emit(*self.current())

    # ------------------------------------------------------------ editors

    def _rebuild(self) -> None:
        n_in, n_out = self.net.sizes[0], self.net.sizes[-1]
        for row, spins, n in ((self.xRow, self.xSpins, n_in), (self.yRow, self.ySpins, n_out)):
            for s in spins:
                row.removeWidget(s)
                s.deleteLater()
            spins.clear()
            for q in range(n):
                s = spin()
                s.setToolTip(f"{'input x' if row is self.xRow else 'target y'}{q}")
                s.valueChanged.connect(self._sampleEdited)
                row.addWidget(s)
                spins.append(s)
        for w in (*self.paramTables, *self.paramLabels):
            self.paramBox.removeWidget(w)
            w.deleteLater()
        self.paramTables, self.paramLabels = [], []
        for k, L in enumerate(self.net.layers):
            t = param_table(k, L.n_in, L.n_out)
            t.itemChanged.connect(lambda item, k=k: self._paramEdited(k, item))
            label = QLabel(f"Layer {k + 1}: W{k + 1} and b{k + 1}")
            self.paramBox.addWidget(label)
            self.paramBox.addWidget(t)
            self.paramTables.append(t)
            self.paramLabels.append(label)
        self._fitTables()
        self.outputCombo.setCurrentText(self.net.activations[-1])
        self.lossCombo.setCurrentText(self.net.loss_name)
        self.sampleCombo.clear()
        for x, y in self.samples:
            self.sampleCombo.addItem(f"x = {tuple(x)} -> y = {tuple(y)}")
        self.sampleCombo.setEnabled(len(self.samples) > 1)
        self._fillParams()
        self._fillSample()

    def _outputChosen(self) -> None:
        """A new output activation or loss: the same weights, the step recomputed."""
        try:
            self.net = with_output(
                self.net, self.outputCombo.currentText(), self.lossCombo.currentText()
            )
        except ValueError as err:  # e.g. cross-entropy without softmax
            self.info.setText(str(err).splitlines()[0])
            self._rebuild()
            return
        self._changed()

    def _fitTables(self) -> None:
        for t in self.paramTables:
            fit_table(t)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fitTables()
        super().changeEvent(event)

    def _fillParams(self) -> None:
        for t, (W, b) in zip(self.paramTables, self.net.params(), strict=True):
            t.blockSignals(True)
            M = np.column_stack([W, b])
            for j, i in np.ndindex(*M.shape):
                t.setItem(j, i, QTableWidgetItem(f"{M[j, i]:.6g}"))
            t.blockSignals(False)

    def _fillSample(self) -> None:
        x, y = self.samples[self.sampleIndex]
        self.sampleCombo.setCurrentIndex(self.sampleIndex)
        for spins, vals in ((self.xSpins, x), (self.ySpins, y)):
            for s, v in zip(spins, vals, strict=True):
                s.blockSignals(True)
                s.setValue(v)
                s.blockSignals(False)

    def _paramEdited(self, k: int, item: QTableWidgetItem) -> None:
        try:
            v = float(item.text())
        except ValueError:
            self._fillParams()
            return
        params = self.net.params()
        W, b = params[k]
        if item.column() < W.shape[1]:
            W[item.row(), item.column()] = v
        else:
            b[item.row()] = v
        self.net.set_params(params)
        self._changed()

    def _sampleEdited(self) -> None:
        x = [s.value() for s in self.xSpins]
        y = [s.value() for s in self.ySpins]
        self.samples[self.sampleIndex] = (x, y)
        self.sampleCombo.setItemText(self.sampleIndex, f"x = {tuple(x)} -> y = {tuple(y)}")
        self._changed()

    def _sampleChosen(self, n: int) -> None:
        self.sampleIndex = n
        self._fillSample()
        self._changed()

    def _newOptimizer(self, emit: bool = True) -> None:
        kw: dict[str, float] = (
            {"momentum": 0.9} if self.optCombo.currentText() == "momentum" else {}
        )
        self.opt = make_optimizer(self.optCombo.currentText(), self.lrSpin.value(), **kw)
        if emit:
            self._changed()

    def _lrChanged(self, lr: float) -> None:
        self.opt.lr = float(lr)
        self._changed()


StepSource = Callable[[], tuple[Step, Network]]
