"""The tables of one playback frame: the layer's inputs x, its neurons (z, a / dL/da, da/dz,
delta / b update) and its weight matrix (W, dW, W new or the change), with the selection
outlined. Clicking a cell selects that neuron, input or weight."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from nnviz.engine.record import Step
from nnviz.teach.frames import Frame
from nnviz.ui.common.selection import Selection
from nnviz.ui.step.tables import TableBox, is_light

MATRICES = ("W", "dW", "W new", "change")
DEFAULT_MATRIX = {"forward": "W", "loss": "W", "backward": "dW", "update": "W new"}


class FrameTables(QWidget):
    """`show(step, frame, sel, sample, digits)`; emits `sigSelect(Selection)` on clicks."""

    sigSelect = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.xBox = TableBox(
            "Inputs x", "The values this layer receives (the previous layer's activations)."
        )
        self.unitBox = TableBox("Neurons", "One row per neuron j of the layer. Click to select.")
        self.matrixBox = TableBox(
            "Weights",
            "Row j = the neuron the weight feeds (to), column i = the input it comes from; "
            "the last column is the bias b. Click a cell to select that weight.",
        )
        self.matrixCombo = QComboBox()
        self.matrixCombo.addItems(MATRICES)
        self.matrixCombo.setToolTip(
            "Which matrix to show: the weights before the step (W), their gradients (dW), "
            "the weights after the update (W new), or the change W new - W."
        )
        self.matrixCombo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.layerCombo = QComboBox()
        self.layerCombo.setToolTip("The layer shown in the update frame.")
        self.layerCombo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.matrixCombo.currentTextChanged.connect(lambda _t: self._refresh())
        self.layerCombo.currentIndexChanged.connect(lambda _i: self._refresh())
        self.xBox.sigCellClicked.connect(lambda r, _c: self._clicked("x", r, 0))
        self.unitBox.sigCellClicked.connect(lambda r, c: self._clicked("unit", r, c))
        self.matrixBox.sigCellClicked.connect(lambda r, c: self._clicked("matrix", r, c))

        top = QWidget()
        row = QHBoxLayout(top)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.xBox, 2)
        row.addWidget(self.unitBox, 5)
        bottom = QWidget()
        col = QVBoxLayout(bottom)
        col.setContentsMargins(0, 0, 0, 0)
        pick = QHBoxLayout()
        pick.addWidget(self.matrixCombo)
        pick.addWidget(self.layerCombo)
        pick.addStretch(1)
        col.addLayout(pick)
        col.addWidget(self.matrixBox, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self.step: Step | None = None
        self.frame: Frame | None = None
        self.sel: Selection | None = None
        self.sample = 0
        self.digits = 6
        self.inputNames: list[str] | None = None
        self._phase: str | None = None

    # ------------------------------------------------------------ public

    def layer(self) -> int:
        """The dense layer k the tables show."""
        if self.step is None or self.frame is None:
            return 0
        if self.frame.phase == "loss":
            return len(self.step.layers) - 1
        if self.frame.phase == "update":
            return max(0, self.layerCombo.currentIndex())
        return int(self.frame.layer or 0)

    def show(
        self, step: Step, frame: Frame, sel: Selection | None, sample: int = 0, digits: int = 6
    ) -> None:
        n = len(step.layers)
        if self.layerCombo.count() != n:
            self.layerCombo.blockSignals(True)
            self.layerCombo.clear()
            self.layerCombo.addItems([f"layer {k + 1}" for k in range(n)])
            self.layerCombo.setCurrentIndex(n - 1)
            self.layerCombo.blockSignals(False)
        if frame.phase == "update" and sel is not None and 0 <= sel.layer < n:
            self.layerCombo.blockSignals(True)
            self.layerCombo.setCurrentIndex(sel.layer)
            self.layerCombo.blockSignals(False)
        if frame.phase != self._phase:
            self.matrixCombo.blockSignals(True)
            self.matrixCombo.setCurrentText(DEFAULT_MATRIX[frame.phase])
            self.matrixCombo.blockSignals(False)
            self._phase = frame.phase
        self.step, self.frame, self.sel = step, frame, sel
        self.sample, self.digits = sample, digits
        self._refresh()

    def setInputNames(self, names: list[str] | None) -> None:
        """Names of the network's inputs (e.g. words): they label the first layer's input
        rows and weight columns."""
        self.inputNames = None if names is None else [str(n) for n in names]
        self._refresh()

    def setSelection(self, sel: Selection | None) -> None:
        self.sel = sel
        self._highlight()

    # ------------------------------------------------------------ contents

    def _refresh(self) -> None:
        st, fr = self.step, self.frame
        if st is None or fr is None:
            return
        k, s, light, d = self.layer(), self.sample, is_light(self.palette()), self.digits
        T = st.layers[k]
        n_out, n_in = T.dW.shape
        units = [f"{j}" for j in range(n_out)]
        inputs = [f"{i}" for i in range(n_in)]
        names = self.inputNames
        if k == 0 and names is not None and len(names) == n_in:
            inputs = [f"{i} {w}" for i, w in enumerate(names)]
        xname = "x" if k == 0 else f"a (layer {k})"
        self.xBox.setTitle("Inputs x" if k == 0 else f"Inputs (a of layer {k})")
        self.xBox.model.setArray(T.x[s][:, None], inputs, [xname], "seq", light, d)
        self.layerCombo.setVisible(fr.phase == "update")
        self.xBox.setVisible(fr.phase in ("forward", "backward"))
        self.matrixBox.parentWidget().setVisible(fr.phase != "loss")
        fused = k == len(st.layers) - 1 and st.loss_name == "cross_entropy"
        if fr.phase == "forward":
            cols, vals, kinds = ["z", "a"], [T.z[s], T.a[s]], ["signed", "seq"]
        elif fr.phase == "loss":
            a, y = T.a[s], st.Y[s]
            term = -y * np.log(np.where(y > 0, a, 1.0)) if fused else (a - y) ** 2 / a.size
            cols, vals, kinds = ["a", "y", "loss term"], [a, y, term], ["seq", "seq", "plain"]
        elif fr.phase == "backward" and fused:
            cols, vals = ["a", "y", "delta"], [T.a[s], st.Y[s], T.delta[s]]
            kinds = ["seq", "seq", "grad"]
        elif fr.phase == "backward" and T.activation != "softmax":
            cols = ["dL/da", "da/dz", "delta"]
            vals = [T.dL_da[s], T.da_dz[s], T.delta[s]]
            kinds = ["grad", "plain", "grad"]
        elif fr.phase == "backward":
            cols, vals, kinds = (
                ["dL/da", "a", "delta"],
                [T.dL_da[s], T.a[s], T.delta[s]],
                [
                    "grad",
                    "seq",
                    "grad",
                ],
            )
        else:
            (_, b0), (_, b1) = st.params_before[k], st.params_after[k]
            cols, vals, kinds = (
                ["b", "dL/db", "b new"],
                [b0, T.db, b1],
                ["signed", "grad", "signed"],
            )
        what = {"update": "Biases", "loss": "Outputs"}.get(fr.phase, "Neurons")
        self.unitBox.setTitle(f"{what} of layer {k + 1}")
        self.unitBox.model.setArray(np.stack(vals, axis=1), units, cols, kinds, light, d)
        which = self.matrixCombo.currentText()
        (W0, b0), (W1, b1) = st.params_before[k], st.params_after[k]
        mats = {
            "W": (W0, b0, "signed"),
            "dW": (T.dW, T.db, "grad"),
            "W new": (W1, b1, "signed"),
            "change": (W1 - W0, b1 - b0, "signed"),
        }
        M, bias, kind = mats[which]
        bname = {"W": "b", "dW": "db", "W new": "b new", "change": "b change"}[which]
        self.matrixBox.setTitle(f"{which} of layer {k + 1} (rows: to neuron j, columns: from i)")
        self.matrixBox.model.setArray(
            np.column_stack([M, bias]), units, [*inputs, bname], kind, light, d, shared=True
        )
        self._highlight()

    def _highlight(self) -> None:
        st, sel = self.step, self.sel
        if st is None:
            return
        k = self.layer()
        n_in = st.layers[k].dW.shape[1]
        x_cells: set[tuple[int, int]] = set()
        unit_cells: set[tuple[int, int]] = set()
        m_cells: set[tuple[int, int]] = set()
        if sel is not None:
            if sel.layer == k and sel.weight is not None:
                j, i = sel.weight
                m_cells = {(j, i)}
                if self.frame is None or self.frame.phase != "update":  # there: biases
                    unit_cells = {(j, c) for c in range(3)}
                x_cells = {(i, 0)}
            elif sel.layer == k and sel.unit is not None:
                unit_cells = {(sel.unit, c) for c in range(3)}
                m_cells = {(sel.unit, i) for i in range(n_in + 1)}  # its weights and bias
            elif sel.layer == k - 1 and sel.unit is not None:
                x_cells = {(sel.unit, 0)}
        self.xBox.model.setHighlight(x_cells)
        self.unitBox.model.setHighlight(unit_cells)
        self.matrixBox.model.setHighlight(m_cells)
        for box in (self.xBox, self.unitBox, self.matrixBox):
            box.fitColumns()  # after the highlight: bold numbers are wider
            box.scrollToHighlight()

    def _clicked(self, where: str, r: int, c: int) -> None:
        if self.step is None:
            return
        k = self.layer()
        n_in = self.step.layers[k].dW.shape[1]
        if where == "x":
            sel = Selection(k - 1, unit=r)
        elif where == "unit" or c >= n_in:
            sel = Selection(k, unit=r)
        else:
            sel = Selection(k, weight=(r, c))
        self.sel = sel
        self._highlight()
        self.sigSelect.emit(sel)
