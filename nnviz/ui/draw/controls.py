"""The widgets of the draw panel and their layout (the logic is in `draw_pad`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.ui.draw.canvas import CanvasWidget
from nnviz.ui.draw.gallery import Gallery
from nnviz.ui.draw.prediction import PredictionView

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff);;All files (*)"


class DrawControls(QWidget):
    """Toolbar, canvas, prediction, explanation, teaching row, gallery, message line."""

    shortcutGroup = "Draw (while drawing)"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = CanvasWidget()
        self.canvas.setObjectName("drawCanvas")

        # -- toolbar: erase, undo, clear, open, paste, brush size
        self.eraseButton = self._tool(
            "Erase",
            "Erase instead of drawing (E; the right button always erases)",
            "E",
            checkable=True,
        )
        self.eraseButton.toggled.connect(self.canvas.setErasing)
        self.undoButton = self._tool("Undo", "Undo the last stroke (Ctrl+Z)", "Ctrl+Z")
        self.undoButton.clicked.connect(self.canvas.undo)
        self.clearButton = self._tool("Clear", "Clear the canvas (Del or Esc)", "Del", "Esc")
        self.clearButton.clicked.connect(self.canvas.clear)
        self.openButton = self._tool(
            "Open image…",
            "Open an image of a digit (Ctrl+O); you can also "
            "drop a file on the canvas or paste with Ctrl+V",
            "Ctrl+O",
        )
        self.openButton.clicked.connect(self.openImage)
        paste = QAction("Paste image", self)
        paste.setShortcut(QKeySequence.StandardKey.Paste)
        paste.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.triggered.connect(self.canvas.paste)
        self.addAction(paste)
        self.brushSlider = QSlider(Qt.Orientation.Horizontal)
        self.brushSlider.setRange(6, 48)
        self.brushSlider.setValue(round(self.canvas.brushSize()))
        self.brushSlider.setToolTip("Brush size in pixels (a pen's pressure scales it)")
        self.brushSlider.valueChanged.connect(self.canvas.setBrushSize)
        tools = QHBoxLayout()
        tools.setSpacing(2)
        for b in (self.eraseButton, self.undoButton, self.clearButton, self.openButton):
            tools.addWidget(b)
        tools.addSpacing(6)
        brush = QLabel("Brush")
        brush.setToolTip(self.brushSlider.toolTip())
        tools.addWidget(brush)
        tools.addWidget(self.brushSlider, 1)

        # -- why this answer
        self.explainCheck = QCheckBox("Why?")
        self.explainCheck.setToolTip(
            "Show which pixels push the network towards the class (red) or away from it\n"
            "(blue): the gradient of that class's score z with respect to each pixel (W)"
        )
        self.explainCombo = QComboBox()
        self.explainCombo.addItems(["the answer"] + [f"digit {c}" for c in range(10)])
        self.explainCombo.setToolTip("Which class to explain (default: the network's answer)")
        why = QWidget()
        why_lay = QVBoxLayout(why)
        why_lay.setContentsMargins(4, 0, 0, 0)
        why_lay.addStretch(1)
        why_lay.addWidget(self.explainCheck)
        why_lay.addWidget(self.explainCombo)
        legend = QLabel(
            "<span style='color:#d73027'>■</span> for <span style='color:#2166ac'>■</span> against"
        )
        legend.setToolTip(self.explainCheck.toolTip())
        why_lay.addWidget(legend)
        why_lay.addStretch(1)
        self.prediction = PredictionView(side=why)

        # -- teach it
        self.labelSpin = QSpinBox()
        self.labelSpin.setRange(0, 9)
        self.labelSpin.setPrefix("It's a ")
        self.labelSpin.setToolTip("The right answer for this drawing (or click a bar)")
        self.learnButton = QPushButton("Learn this")
        self.learnButton.setToolTip(
            "Run one training step on this drawing with this label (Enter):\n"
            "forward, loss, backpropagation, one optimizer update. The bars then show\n"
            "the probabilities before (pale) and after."
        )
        self.networkButton = QToolButton()
        self.networkButton.setText("Network")
        self.networkButton.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.networkButton)
        self.useTrainingAction = menu.addAction("Use the training network")
        self.useTrainingAction.setToolTip(
            "Read drawings with a copy of the network being trained (needs the MNIST dataset)"
        )
        self.resetAction = menu.addAction("Reset to pretrained")
        self.resetAction.setToolTip("Go back to the pretrained digit model")
        menu.setToolTipsVisible(True)
        self.networkButton.setMenu(menu)
        teach = QHBoxLayout()
        teach.addWidget(self.labelSpin)
        teach.addWidget(self.learnButton, 1)
        teach.addWidget(self.networkButton)

        self.gallery = Gallery()
        self.messageLabel = QLabel("")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.messageLabel.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.messageLabel.setFont(font)
        self.messageLabel.setMinimumHeight(2 * self.messageLabel.fontMetrics().lineSpacing() + 2)
        self.messageLabel.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(4)
        lay.addLayout(tools)
        lay.addWidget(self.canvas, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self.prediction)
        lay.addLayout(teach)
        lay.addWidget(self.gallery)
        lay.addWidget(self.messageLabel)
        lay.addStretch(1)
        self.setMinimumWidth(self.canvas.width() + 12)

    def _tool(self, text: str, tip: str, *keys: str, checkable: bool = False) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolTip(tip)
        b.setCheckable(checkable)
        # Clicking a tool leaves the keyboard with the canvas, so its shortcuts keep working.
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.clicked.connect(lambda _checked=False: self.canvas.setFocus())
        act = QAction(text, self)
        act.setShortcuts([QKeySequence(k) for k in keys])
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(b.click)
        self.addAction(act)
        return b

    @Slot()
    def openImage(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open an image of a digit", "", IMAGE_FILTER)
        if path:
            self.canvas.loadImageFile(path)
