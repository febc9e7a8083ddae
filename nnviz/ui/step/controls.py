"""The step panel's controls: new step, frame navigation, play with a pace, options,
the frame timeline, gradient check and export buttons. Widgets only; the panel wires them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSlider,
    QSpinBox,
    QSplitter,
    QStyle,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.ui.step.tables import Timeline

SP = QStyle.StandardPixmap


class StepControls(QWidget):
    """Two rows: navigation + pace + options, then the timeline + check + export."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.newButton = self._tool(SP.SP_BrowserReload, "A fresh training step (N)", "New step")
        self.firstButton = self._tool(SP.SP_MediaSkipBackward, "First frame (Home)")
        self.prevButton = self._tool(SP.SP_MediaSeekBackward, "Previous frame (Left)")
        self.playButton = self._tool(SP.SP_MediaPlay, "Play / pause (Space)")
        self.nextButton = self._tool(SP.SP_MediaSeekForward, "Next frame (Right)")
        self.lastButton = self._tool(SP.SP_MediaSkipForward, "Last frame (End)")
        self.paceSlider = QSlider(Qt.Orientation.Horizontal)
        self.paceSlider.setRange(3, 40)  # tenths of a second per frame
        self.paceSlider.setValue(15)
        self.paceSlider.setFixedWidth(100)
        self.paceSlider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.paceSlider.setToolTip("Playback pace: seconds per frame")
        self.paceLabel = QLabel()
        self.paceLabel.setToolTip("Seconds per frame while playing")
        self.paceSlider.valueChanged.connect(self._paceText)
        self._paceText(self.paceSlider.value())
        self.allTerms = QCheckBox("Show all terms")
        self.allTerms.setToolTip("Write out every term of long sums instead of 'first 3 ... last'.")
        self.allTerms.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sampleSpin = QSpinBox()
        self.sampleSpin.setPrefix("sample ")
        self.sampleSpin.setToolTip("Which sample of the batch the formulas and tables show.")
        self.sampleSpin.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.digitsSpin = QSpinBox()
        self.digitsSpin.setRange(3, 12)
        self.digitsSpin.setValue(6)
        self.digitsSpin.setSuffix(" digits")
        self.digitsSpin.setToolTip("Significant digits of the numbers.")
        self.digitsSpin.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.checkButton = QPushButton("Gradient check")
        self.checkButton.setToolTip(
            "Compare backprop's dL/dw for the selected weight (or neuron, or the whole layer) "
            "with the central finite difference (L(w+h) - L(w-h)) / 2h."
        )
        self.checkButton.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.exportButton = QToolButton()
        self.exportButton.setText("Export")
        self.exportButton.setToolTip(
            "Save this step: parameters as CSV, formulas as Markdown/LaTeX."
        )
        self.exportButton.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.exportButton.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.exportMenu = QMenu("Export step", self.exportButton)
        self.exportButton.setMenu(self.exportMenu)
        self.timeline = Timeline()

        row1 = QHBoxLayout()
        row1.setContentsMargins(0, 0, 0, 0)
        for w in (self.newButton, self.firstButton, self.prevButton, self.playButton):
            row1.addWidget(w)
        for w in (self.nextButton, self.lastButton, QLabel("Pace"), self.paceSlider):
            row1.addWidget(w)
        row1.addWidget(self.paceLabel)
        row1.addStretch(1)
        for w in (self.allTerms, self.sampleSpin, self.digitsSpin):
            row1.addWidget(w)
        row2 = QHBoxLayout()
        row2.setContentsMargins(0, 0, 0, 0)
        row2.addWidget(self.timeline, 1)
        row2.addWidget(self.checkButton)
        row2.addWidget(self.exportButton)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row1)
        lay.addLayout(row2)

    def _tool(self, icon: QStyle.StandardPixmap, tip: str, text: str = "") -> QToolButton:
        b = QToolButton()
        b.setIcon(self.style().standardIcon(icon))
        b.setToolTip(tip)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if text:
            b.setText(text)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return b

    def _paceText(self, tenths: int) -> None:
        self.paceLabel.setText(f"{tenths / 10:.1f} s")

    def paceMs(self) -> int:
        return self.paceSlider.value() * 100

    def setPlaying(self, on: bool) -> None:
        icon = SP.SP_MediaPause if on else SP.SP_MediaPlay
        self.playButton.setIcon(self.style().standardIcon(icon))


def setup_ui(panel: Any, training: bool) -> None:
    """Create the step panel's widgets as attributes of `panel` and lay them out: controls
    on top, formulas (+ gradient check) on the left, tables / workbench tabs on the right."""
    from nnviz.ui.netview.view import NetworkView
    from nnviz.ui.step.frame_tables import FrameTables
    from nnviz.ui.step.workbench import Workbench

    panel.controls = StepControls()
    panel.formulas = QTextBrowser()
    panel.formulas.setOpenLinks(False)
    panel.formulas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    panel.formulas.setToolTip("The arithmetic of this frame with the step's real numbers.")
    panel.miniView = NetworkView()
    panel.miniView.setMinimumSize(200, 110)
    panel.miniView.setToolTip(
        "The network of this step: the active layer of the frame is highlighted. "
        "Click a neuron or a weight to select it."
    )
    left = QSplitter(Qt.Orientation.Vertical)
    left.addWidget(panel.miniView)
    left.addWidget(panel.formulas)
    left.setSizes([200, 400])  # scaled to the panel's height: a third for the picture
    left.setChildrenCollapsible(False)
    panel.leftSplit = left
    panel.tables = FrameTables()
    panel.workbench = Workbench(training)
    panel.tabs = QTabWidget()
    panel.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    panel.tabs.addTab(panel.tables, "Numbers")
    panel.tabs.addTab(panel.workbench, "Tiny network")
    panel.tabs.setTabToolTip(0, "The layer's vectors and matrices; click to select.")
    panel.tabs.setTabToolTip(1, "Edit a small network and see the step change at once.")
    split = QSplitter(Qt.Orientation.Horizontal)
    split.addWidget(left)
    split.addWidget(panel.tabs)
    split.setStretchFactor(0, 5)
    split.setStretchFactor(1, 4)
    split.setChildrenCollapsible(False)
    panel.status = QLabel()
    panel.status.setWordWrap(True)
    lay = QVBoxLayout(panel)
    lay.setContentsMargins(4, 4, 4, 4)
    lay.addWidget(panel.controls)
    lay.addWidget(split, 1)
    lay.addWidget(panel.status)


def fit_to_height(panel: Any) -> None:
    """Picture above the formulas when the panel is tall, beside them when it is low (e.g.
    docked under the network), so the formulas always get room."""
    low = panel.height() < 440
    want = Qt.Orientation.Horizontal if low else Qt.Orientation.Vertical
    if panel.leftSplit.orientation() != want:
        panel.leftSplit.setOrientation(want)
        total = panel.leftSplit.width() if low else panel.leftSplit.height()
        panel.leftSplit.setSizes([total * 2 // 5, total * 3 // 5] if low else [total // 3, total])


class KeyRouter(QObject):
    """Plain keys (no modifier) reaching `panel` call `actions[key]` unless an editor (a spin
    box, a line edit, anything inside `editors`) has focus; the panel claims them from
    window-wide shortcuts (e.g. Space = train). A click on any of `click_focus` gives the
    panel the keyboard focus."""

    def __init__(
        self,
        panel: QWidget,
        actions: dict[Qt.Key, Callable[[], None]],
        click_focus: Iterable[QWidget] = (),
        editors: Iterable[QWidget] = (),
    ) -> None:
        super().__init__(panel)
        self.panel = panel
        self.actions = actions
        self.editors = list(editors)
        panel.installEventFilter(self)
        for w in click_focus:
            w.installEventFilter(self)

    def editing(self) -> bool:
        w = QApplication.focusWidget()
        if w is None:
            return False
        return isinstance(w, QAbstractSpinBox | QLineEdit) or any(
            e.isAncestorOf(w) for e in self.editors
        )

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        kind = e.type()
        if kind == QEvent.Type.MouseButtonPress and obj is not self.panel:
            self.panel.setFocus(Qt.FocusReason.MouseFocusReason)
            return False
        if obj is not self.panel or kind not in (
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
        ):
            return False
        assert isinstance(e, QKeyEvent)
        act = self.actions.get(Qt.Key(e.key()))
        if act is None or e.modifiers() != Qt.KeyboardModifier.NoModifier or self.editing():
            return False
        if kind == QEvent.Type.KeyPress:
            act()
        e.accept()
        return True
