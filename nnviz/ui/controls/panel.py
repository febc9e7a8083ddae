"""The Controls dock: data, architecture, optimizer and training buttons.

Edits are collected into a new `Settings` and emitted (debounced) as
`sigSettingsEdited(settings)`; the window decides whether that means new data,
a rebuilt network or just a new hyperparameter. `setSettings` shows settings
without emitting anything.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.app.settings import OPTIMIZER_CHOICES, SPEED_CHOICES, Settings
from nnviz.data.dataset import input_size
from nnviz.ui.controls.arch_editor import ArchitectureEditor
from nnviz.ui.controls.choices import (
    OPEN_CSV,
    OPEN_CSV_REGRESSION,
    OPTIMIZER_LABELS,
    OPTIMIZER_TIPS,
    OUTPUTS,
    OWN_DEFAULTS,
    SPIN_TIPS,
    dataset_combo,
    show_dataset,
    speed_label,
)
from nnviz.ui.controls.hyper_widgets import CompactSpinBox, LearningRateEdit
from nnviz.ui.controls.playground import FeaturePicker, RateCombo, RatioSlider
from nnviz.ui.controls.schedule import ScheduleEditor

SpinT = TypeVar("SpinT", QSpinBox, QDoubleSpinBox)
DEBOUNCE_MS = 300
__all__ = ["OPEN_CSV", "OPEN_CSV_REGRESSION", "ControlsPanel", "speed_label"]


class ControlsPanel(QScrollArea):
    """Every training setting plus Play/Step/Reset (bound to the window's actions)."""

    sigSettingsEdited = Signal(object)  # Settings
    sigOpenCsv = Signal()
    sigOpenCsvRegression = Signal()

    def __init__(self, actions: dict[str, QAction] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._settings = Settings()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._trainingBox(actions or {}))
        layout.addWidget(self._dataBox())
        layout.addWidget(self._networkBox())
        layout.addWidget(self._optimizerBox())
        layout.addStretch(1)
        self.setWidget(body)
        # Never clip the form sideways: as wide as its content plus the scroll bar.
        bar = self.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(body.sizeHint().width() + bar + 2)
        self.setSettings(self._settings)

    # ------------------------------------------------------------ sections

    def _trainingBox(self, actions: dict[str, QAction]) -> QGroupBox:
        box = QGroupBox("Training")
        row = QHBoxLayout()
        self.buttons: dict[str, QToolButton] = {}
        for name in ("play", "step", "reset"):
            b = QToolButton()
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            if name in actions:
                b.setDefaultAction(actions[name])
            self.buttons[name] = b
            row.addWidget(b)
        self.speedCombo = QComboBox()
        for sps in SPEED_CHOICES:
            self.speedCombo.addItem(speed_label(sps), sps)
        self.speedCombo.setToolTip(
            "Training speed: a few steps per second to follow each update, or as fast as possible"
        )
        self.speedCombo.currentIndexChanged.connect(self._edited)
        form = QFormLayout(box)
        form.addRow(row)
        form.addRow("Speed", self.speedCombo)
        return box

    def _dataBox(self) -> QGroupBox:
        box = QGroupBox("Data")
        self.datasetCombo = dataset_combo()
        self.datasetCombo.activated.connect(self._datasetPicked)
        self.noiseSpin = self._spin(QDoubleSpinBox(), 0.0, 1.0, SPIN_TIPS["noise"], 0.01)
        self.samplesSpin = self._spin(QSpinBox(), 20, 5000, SPIN_TIPS["samples"], 50)
        self.seedSpin = self._spin(QSpinBox(), 0, 2**31 - 1, SPIN_TIPS["seed"])
        self.ratioSlider, self.featurePicker = RatioSlider(), FeaturePicker()
        self.ratioSlider.sigChanged.connect(self._edited)
        self.featurePicker.sigChanged.connect(self._edited)
        form = QFormLayout(box)
        form.addRow("Dataset", self.datasetCombo)
        form.addRow("Noise", self.noiseSpin)
        form.addRow("Samples", self.samplesSpin)
        form.addRow("Train/test", self.ratioSlider)
        form.addRow("Features", self.featurePicker)
        form.addRow("Seed", self.seedSpin)
        self._dataForm = form
        return box

    def _networkBox(self) -> QGroupBox:
        box = QGroupBox("Network")
        self.archEditor = ArchitectureEditor()
        self.archEditor.sigChanged.connect(self._edited)
        QVBoxLayout(box).addWidget(self.archEditor)
        return box

    def _optimizerBox(self) -> QGroupBox:
        box = QGroupBox("Optimizer")
        self.optimizerCombo = QComboBox()
        for name in OPTIMIZER_CHOICES:
            self.optimizerCombo.addItem(OPTIMIZER_LABELS[name], name)
            i = self.optimizerCombo.count() - 1
            self.optimizerCombo.setItemData(i, OPTIMIZER_TIPS[name], Qt.ItemDataRole.ToolTipRole)
        self.optimizerCombo.setToolTip("How the gradient turns into a weight update")
        self.optimizerCombo.currentIndexChanged.connect(self._edited)
        self.lrEdit = LearningRateEdit()
        self.lrEdit.sigChanged.connect(self._edited)
        self.momentumSpin = self._spin(CompactSpinBox(), 0.0, 0.999, SPIN_TIPS["momentum"], 0.05)
        self.beta1Spin = self._spin(CompactSpinBox(), 0.0, 0.9999, SPIN_TIPS["beta1"], 0.01)
        self.beta2Spin = self._spin(CompactSpinBox(), 0.0, 0.99999, SPIN_TIPS["beta2"], 0.001)
        self.batchSpin = self._spin(QSpinBox(), 1, 4096, SPIN_TIPS["batch"])
        self.decaySpin = self._spin(CompactSpinBox(log_step=0.5), 0.0, 1.0, SPIN_TIPS["decay"])
        self.l1Combo, self.l2Combo = RateCombo(SPIN_TIPS["l1"]), RateCombo(SPIN_TIPS["l2"])
        self.l1Combo.sigChanged.connect(self._edited)
        self.l2Combo.sigChanged.connect(self._edited)
        self.scheduleEdit = ScheduleEditor()
        self.scheduleEdit.sigChanged.connect(self._edited)
        form = QFormLayout(box)
        form.addRow("Method", self.optimizerCombo)
        form.addRow("Learning rate", self.lrEdit)
        form.addRow("Schedule", self.scheduleEdit)
        form.addRow("Momentum", self.momentumSpin)
        form.addRow("β1", self.beta1Spin)
        form.addRow("β2", self.beta2Spin)
        form.addRow("Batch size", self.batchSpin)
        form.addRow("L1 rate", self.l1Combo)
        form.addRow("L2 rate", self.l2Combo)
        form.addRow("Weight decay", self.decaySpin)
        self._optForm = form
        return box

    def _spin(
        self, spin: SpinT, lo: float, hi: float, tip: str, step: float | None = None
    ) -> SpinT:
        """`spin` over [lo, hi] with `tip`; a finished edit counts as a settings edit."""
        spin.setRange(lo, hi)
        if step is not None:
            spin.setSingleStep(step)
        spin.setToolTip(tip)
        spin.setKeyboardTracking(False)
        spin.valueChanged.connect(self._edited)
        return spin

    # ------------------------------------------------------------ settings in / out

    def settings(self) -> Settings:
        """The settings the widgets show now."""
        s = self._settings
        return s.replace(
            steps_per_second=int(self.speedCombo.currentData()),
            noise=self.noiseSpin.value(),
            n_samples=self.samplesSpin.value(),
            seed=self.seedSpin.value(),
            hidden=self.archEditor.hidden(),
            activations=self.archEditor.activations(),
            optimizer=self.optimizerCombo.currentData(),
            lr=self.lrEdit.value(),
            momentum=self.momentumSpin.value(),
            beta1=self.beta1Spin.value(),
            beta2=self.beta2Spin.value(),
            batch_size=self.batchSpin.value(),
            weight_decay=self.decaySpin.value(),
            l1=self.l1Combo.value(),
            l2=self.l2Combo.value(),
            train_fraction=self.ratioSlider.value(),
            features=self.featurePicker.features(),
            **self.scheduleEdit.values(),
        )

    def setSettings(self, s: Settings, n_in: int | None = None, n_out: int | None = None) -> None:
        """Show `s` (no signal); n_in/n_out label the input and output layers."""
        self._debounce.stop()
        self._settings = s
        widgets = [self.speedCombo, self.noiseSpin, self.samplesSpin, self.seedSpin,
                   self.archEditor, self.optimizerCombo, self.lrEdit, self.momentumSpin,
                   self.beta1Spin, self.beta2Spin, self.batchSpin, self.decaySpin]  # fmt: skip
        for w in widgets:
            w.blockSignals(True)
        self._showDataset(s.dataset)
        self.speedCombo.setCurrentIndex(max(self.speedCombo.findData(s.steps_per_second), 0))
        self.noiseSpin.setValue(s.noise)
        self.samplesSpin.setValue(s.n_samples)
        self.seedSpin.setValue(s.seed)
        self.archEditor.setLayers(s.hidden, s.activations)
        self.archEditor.setIO(n_in, n_out, s.output, s.loss)
        self.optimizerCombo.setCurrentIndex(max(self.optimizerCombo.findData(s.optimizer), 0))
        self.lrEdit.setValue(s.lr)
        self.momentumSpin.setValue(s.momentum)
        self.beta1Spin.setValue(s.beta1)
        self.beta2Spin.setValue(s.beta2)
        self.batchSpin.setValue(s.batch_size)
        self.decaySpin.setValue(s.weight_decay)
        self.l1Combo.setValue(s.l1)
        self.l2Combo.setValue(s.l2)
        self.ratioSlider.setValue(s.train_fraction)
        self.featurePicker.setFeatures(s, n_in)
        self.scheduleEdit.setSettings(s)
        for w in widgets:
            w.blockSignals(False)
        self._updateVisibility()

    def _showDataset(self, spec: str) -> None:
        show_dataset(self.datasetCombo, spec)

    def _updateVisibility(self) -> None:
        s = self._settings
        toy = s.kind == "toy"
        for w in (self.noiseSpin, self.samplesSpin):
            self._dataForm.setRowVisible(w, toy)
        for w in (self.ratioSlider, self.featurePicker):
            self._dataForm.setRowVisible(w, toy or s.kind == "csv")
        opt = self.optimizerCombo.currentData()
        self._optForm.setRowVisible(self.momentumSpin, opt == "momentum")
        self._optForm.setRowVisible(self.beta1Spin, opt == "adam")
        self._optForm.setRowVisible(self.beta2Spin, opt == "adam")

    # ------------------------------------------------------------ edits

    @Slot()
    def _edited(self) -> None:
        self._settings = self.settings()
        self._updateVisibility()
        self._debounce.start()

    @Slot(int)
    def _datasetPicked(self, index: int) -> None:
        spec = self.datasetCombo.itemData(index)
        if spec in (OPEN_CSV, OPEN_CSV_REGRESSION):
            self._showDataset(self._settings.dataset)
            (self.sigOpenCsv if spec == OPEN_CSV else self.sigOpenCsvRegression).emit()
            return
        if spec == self._settings.dataset:
            return
        self.chooseDataset(spec)

    def chooseDataset(self, spec: str) -> None:
        """Switch data; MNIST, the spam filter and 2-D data have their own default networks."""
        old = self.settings()
        new_kind = Settings.defaults_for(spec).kind
        if new_kind in OWN_DEFAULTS or old.kind in OWN_DEFAULTS:
            new = Settings.defaults_for(spec, seed=old.seed)
        else:
            task = Settings.defaults_for(spec).task
            new = old.replace(
                dataset=spec, noise=Settings.defaults_for(spec).noise, task=task
            ).for_task()
        n_out = OUTPUTS.get(spec, 1 if new.regression else None)
        self.setSettings(new, input_size(spec), n_out)
        self.sigSettingsEdited.emit(new)

    @Slot()
    def flush(self) -> None:
        """Emit pending edits now."""
        self._debounce.stop()
        self.sigSettingsEdited.emit(self.settings())

    def hasPendingEdits(self) -> bool:
        return self._debounce.isActive()
