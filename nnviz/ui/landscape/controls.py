"""The slice controls of a landscape view: mode (two weights / random directions), the
two weights, the seed, grid size and range; `spec()` gives the `SliceSpec`."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from nnviz.engine import Network
from nnviz.ui.landscape.job import SliceSpec, Weight, all_weights, weight_name

MODE_TEXT = {"weights": "Two weights", "random": "Random directions (filter-normalised)"}
MAX_LISTED = 400  # nets with more parameters pick their weights in the network view


class SliceControls(QWidget):
    """Editors for a `SliceSpec`; emits sigChanged when any of them changes."""

    sigChanged = Signal()

    def __init__(self, parent: QWidget | None = None, spec: SliceSpec | None = None) -> None:
        super().__init__(parent)
        spec = spec or SliceSpec()
        self._weights: list[Weight] = []
        self.modeBox = QComboBox()
        for key, text in MODE_TEXT.items():
            self.modeBox.addItem(text, key)
        self.modeBox.setToolTip(
            "Two weights: the loss as two chosen weights vary, every other weight fixed.\n"
            "Random directions: two random directions through all weights, each neuron's "
            "part scaled to that neuron's weights (Li et al. 2018)."
        )
        self.weight1 = QComboBox()
        self.weight2 = QComboBox()
        for box, k in ((self.weight1, 1), (self.weight2, 2)):
            box.setToolTip(
                f"Weight {k} of the slice (horizontal axis for 1, vertical for 2); "
                "or click two edges in the network view"
            )
            box.setMinimumContentsLength(8)
        self.seedBox = QSpinBox()
        self.seedBox.setRange(0, 1_000_000)
        self.seedBox.setPrefix("seed ")
        self.seedBox.setToolTip("Seed of the two random directions (seed and seed + 1)")
        self.gridBox = QSpinBox()
        self.gridBox.setRange(11, 61)
        self.gridBox.setSingleStep(10)
        self.gridBox.setSuffix(" points")
        self.gridBox.setToolTip("Grid points per axis (the surface costs points² evaluations)")
        self.spanBox = QDoubleSpinBox()
        self.spanBox.setRange(0.01, 100.0)
        self.spanBox.setDecimals(2)
        self.spanBox.setSingleStep(0.25)
        self.spanBox.setPrefix("± ")
        self.spanBox.setToolTip(
            "Smallest half-width of the window (in weight units for two weights, in units "
            "of the directions for random ones); it grows to hold the path"
        )
        # Two short rows, so the panel fits a side dock: what the slice is, then its axes.
        self.modeBox.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.modeBox.setMinimumContentsLength(12)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.modeBox, 0, 0, 1, 2)
        grid.addWidget(self.gridBox, 0, 2)
        grid.addWidget(self.spanBox, 0, 3)
        self.weightLabel = QLabel("weights")
        grid.addWidget(self.weightLabel, 1, 0)
        grid.addWidget(self.weight1, 1, 1)
        grid.addWidget(self.weight2, 1, 2)
        grid.addWidget(self.seedBox, 1, 1)
        grid.setColumnStretch(4, 1)
        self.setSpec(spec)
        for sig in (
            self.modeBox.currentIndexChanged,
            self.weight1.currentIndexChanged,
            self.weight2.currentIndexChanged,
            self.seedBox.valueChanged,
            self.gridBox.valueChanged,
            self.spanBox.valueChanged,
        ):
            sig.connect(self._changed)

    @Slot()
    def _changed(self) -> None:
        self._showMode()
        self.sigChanged.emit()

    def _showMode(self) -> None:
        weights = self.mode() == "weights"
        for w in (self.weightLabel, self.weight1, self.weight2):
            w.setVisible(weights)
        self.seedBox.setVisible(not weights)

    def mode(self) -> str:
        return str(self.modeBox.currentData())

    def setNetwork(self, net: Network | None) -> None:
        """List the weights of `net` (all of them for small nets)."""
        keep = self.weights()
        listed = all_weights(net) if net is not None and net.n_params <= MAX_LISTED else []
        self._weights = listed
        for box in (self.weight1, self.weight2):
            box.blockSignals(True)
            box.clear()
            for w in listed:
                box.addItem(weight_name(w), w)
            box.setEnabled(bool(listed) or net is None)
            box.blockSignals(False)
        if keep is not None and all(w in listed for w in keep):
            self.setWeights(*keep, notify=False)
        elif len(listed) >= 2:
            self.setWeights(listed[0], listed[1], notify=False)

    def setWeights(self, w1: Weight, w2: Weight, notify: bool = True) -> None:
        """Pick two weights (added to the lists when those do not hold them)."""
        for box, w in ((self.weight1, w1), (self.weight2, w2)):
            box.blockSignals(True)
            k = box.findData(w)
            if k < 0:
                box.addItem(weight_name(w), w)
                k = box.count() - 1
            box.setCurrentIndex(k)
            box.blockSignals(False)
        if notify:
            self._changed()

    def weights(self) -> tuple[Weight, Weight] | None:
        w1, w2 = self.weight1.currentData(), self.weight2.currentData()
        if w1 is None or w2 is None:
            return None
        return tuple(w1), tuple(w2)  # type: ignore[return-value]

    def setSpec(self, spec: SliceSpec) -> None:
        """Show `spec` in the editors (no sigChanged)."""
        widgets = (self.modeBox, self.seedBox, self.gridBox, self.spanBox)
        for w in widgets:
            w.blockSignals(True)
        self.modeBox.setCurrentIndex(max(0, self.modeBox.findData(spec.mode)))
        self.seedBox.setValue(spec.seed)
        self.gridBox.setValue(spec.points)
        self.spanBox.setValue(spec.span)
        for w in widgets:
            w.blockSignals(False)
        if spec.weights is not None:
            self.setWeights(*spec.weights, notify=False)
        self._showMode()

    def spec(self) -> SliceSpec:
        return SliceSpec(
            mode=self.mode(),
            weights=self.weights(),
            seed=self.seedBox.value(),
            points=self.gridBox.value(),
            span=self.spanBox.value(),
        )
