"""The step view's toolbar: new step, phase navigation, play with a pace, then secondary
controls (gradient check, export, all terms, sample, digits) that fold into a "⋯" menu
when the row is narrow; below it the phase timeline. Widgets only; the view wires them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QActionGroup, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.teach.pace import MAX_SECONDS, MIN_SECONDS, PLAY_SECONDS
from nnviz.ui.step.chips import Timeline
from nnviz.ui.step.icons import transport_icon

PACE_CHOICES = (0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 3.0)  # seconds a phase, in the "⋯" menu
TRANSPORT = (
    ("newButton", "new", "A fresh training step (N)"),
    ("firstButton", "first", "First phase (Home)"),
    ("prevButton", "prev", "Previous phase (Left)"),
    ("playButton", "play", "Play / pause the phases (Space)"),
    ("nextButton", "next", "Next phase (Right)"),
    ("lastButton", "last", "Last phase (End)"),
)


class StepControls(QWidget):
    """Toolbar row + timeline row. `sigPaceChanged(seconds)` when the pace slider moves."""

    sigPaceChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons: dict[QToolButton, str] = {}
        for name, kind, tip in TRANSPORT:
            b = QToolButton()
            b.setToolTip(tip)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setAutoRaise(False)
            self._icons[b] = kind
            setattr(self, name, b)
        self.newButton.setText("New step")
        self.newButton.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.paceSlider = QSlider(Qt.Orientation.Horizontal)
        self.paceSlider.setRange(round(MIN_SECONDS * 10), round(MAX_SECONDS * 10))  # tenths
        self.paceSlider.setValue(round(PLAY_SECONDS * 10))
        self.paceSlider.setMinimumWidth(50)
        self.paceSlider.setMaximumWidth(160)
        self.paceSlider.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.paceSlider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.paceSlider.setToolTip("Playback pace: seconds each phase stays on screen")
        self.paceName = QLabel("Pace")
        self.paceLabel = QLabel()
        self.paceLabel.setToolTip("Seconds per phase while playing")
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
        self.moreButton = QToolButton()
        self.moreButton.setText("⋯")
        self.moreButton.setToolTip("More: the controls that do not fit in this width")
        self.moreButton.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.moreButton.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.moreMenu = QMenu(self.moreButton)
        self.moreMenu.aboutToShow.connect(self._fillMore)
        self.moreButton.setMenu(self.moreMenu)
        self.timeline = Timeline()
        self.sampleCount = 1
        self.paceBox = QWidget()
        pace = QHBoxLayout(self.paceBox)
        pace.setContentsMargins(0, 0, 0, 0)
        for w in (self.paceName, self.paceSlider, self.paceLabel):
            pace.addWidget(w)
        # what folds into "⋯" first comes first; the pace goes last
        self.secondary: list[QWidget] = [
            self.digitsSpin,
            self.sampleSpin,
            self.allTerms,
            self.exportButton,
            self.checkButton,
            self.paceBox,
        ]
        self.primary: list[QWidget] = [getattr(self, name) for name, _k, _t in TRANSPORT]
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for w in (*self.primary, self.paceBox):
            row.addWidget(w)
        row.addStretch(1)
        for w in reversed(self.secondary[:-1]):
            row.addWidget(w)
        row.addWidget(self.moreButton)
        self.row = row
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addLayout(row)
        lay.addWidget(self.timeline)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._refreshIcons()
        self._fit()

    # ------------------------------------------------------------ pace

    def _paceText(self, tenths: int) -> None:
        self.paceLabel.setText(f"{tenths / 10:.1f} s")
        self.sigPaceChanged.emit(tenths / 10)

    def paceMs(self) -> int:
        return self.paceSlider.value() * 100

    def paceSeconds(self) -> float:
        return self.paceSlider.value() / 10

    def setPaceSeconds(self, seconds: float) -> None:
        self.paceSlider.setValue(round(min(max(seconds, MIN_SECONDS), MAX_SECONDS) * 10))

    def setPlaying(self, on: bool) -> None:
        self._icons[self.playButton] = "pause" if on else "play"
        self._refreshIcons()

    # ------------------------------------------------------------ fitting the width

    def setSampleCount(self, n: int) -> None:
        """The batch size: the sample picker only shows for batches of more than one."""
        self.sampleCount = n
        self.sampleSpin.blockSignals(True)
        self.sampleSpin.setRange(0, n - 1)
        self.sampleSpin.blockSignals(False)
        self._fit()

    def _want(self, w: QWidget) -> bool:
        return w is not self.sampleSpin or self.sampleCount > 1

    def _widths(self, widgets: list[QWidget]) -> int:
        sp = self.row.spacing()
        return sum(w.sizeHint().width() + sp for w in widgets)

    def _fit(self) -> None:
        """Show the secondary controls that fit; the rest go to the "⋯" menu."""
        room = self.width() - self._widths(self.primary)
        compact = room < self._widths([self.paceBox, self.moreButton])
        style = Qt.ToolButtonStyle
        self.newButton.setToolButtonStyle(
            style.ToolButtonIconOnly if compact else style.ToolButtonTextBesideIcon
        )
        if compact:
            room = self.width() - self._widths(self.primary)
        wanted = [w for w in self.secondary if self._want(w)]
        shown = list(wanted)
        while shown and self._widths(shown) > room - (
            0 if len(shown) == len(wanted) else self._widths([self.moreButton])
        ):
            shown.pop(0)
        for w in self.secondary:
            w.setVisible(w in shown)
        self.moreButton.setVisible(len(shown) < len(wanted))

    def folded(self) -> list[QWidget]:
        """The secondary controls currently in the "⋯" menu."""
        return [w for w in self.secondary if self._want(w) and not w.isVisibleTo(self)]

    def _fillMore(self) -> None:
        m = self.moreMenu
        m.clear()
        for w in self.folded():
            if w is self.checkButton:
                m.addAction(self.checkButton.text(), self.checkButton.click)
            elif w is self.exportButton:
                m.addMenu(self.exportMenu)
            elif w is self.paceBox:
                sub = m.addMenu(f"Pace ({self.paceLabel.text()} a phase)")
                group = QActionGroup(sub)
                for sec in PACE_CHOICES:
                    act = sub.addAction(f"{sec:.1f} s")
                    act.setCheckable(True)
                    act.setChecked(abs(sec - self.paceSeconds()) < 0.05)
                    act.setActionGroup(group)
                    act.triggered.connect(lambda _c=False, sec=sec: self.setPaceSeconds(sec))
            elif w is self.allTerms:
                act = m.addAction(self.allTerms.text())
                act.setCheckable(True)
                act.setChecked(self.allTerms.isChecked())
                act.toggled.connect(self.allTerms.setChecked)
            else:
                spin = w
                assert isinstance(spin, QSpinBox)
                title = "Digits" if spin is self.digitsSpin else "Sample"
                sub = m.addMenu(title)
                group = QActionGroup(sub)
                for v in range(spin.minimum(), min(spin.maximum(), spin.minimum() + 40) + 1):
                    act = sub.addAction(str(v))
                    act.setCheckable(True)
                    act.setChecked(v == spin.value())
                    act.setActionGroup(group)
                    act.triggered.connect(lambda _c=False, v=v, s=spin: s.setValue(v))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def minimumSizeHint(self) -> QSize:
        icons = [getattr(self, name) for name, _k, _t in TRANSPORT]
        w = sum(b.minimumSizeHint().width() for b in icons) + self.moreButton.sizeHint().width()
        w += 7 * self.row.spacing()
        return QSize(max(w, self.timeline.minimumSizeHint().width()), self.sizeHint().height())

    # ------------------------------------------------------------ theme and font

    def _refreshIcons(self) -> None:
        size = max(12, self.fontMetrics().height())
        color = self.palette().color(self.palette().ColorRole.ButtonText)
        ratio = self.devicePixelRatioF()
        for b, kind in self._icons.items():
            b.setIcon(transport_icon(kind, color, size, ratio))
            b.setIconSize(QSize(size, size))

    def iconColor(self):
        return self.palette().color(self.palette().ColorRole.ButtonText)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._refreshIcons()
            self._fit()
        super().changeEvent(event)
