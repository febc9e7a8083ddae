"""The step view's widgets and their arrangement for a whole workspace or a dock.

    toolbar (transport, pace, secondary controls folding into "⋯")
    phase timeline (chips)
    body: [ formulas | network picture ]      the formulas get the room first
          [ Numbers | Tiny network ] tabs
    status line (elided, full text in the tooltip)

The body stacks vertically unless the view is much wider than tall (a low dock), then the
tabs go beside the formulas. The picture shows only when the main network view does not
draw the step (e.g. the tiny network).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout

EXPLANATION = "stepExplanation"  # objectName of the formulas, relied upon outside
WIDE = 1.8  # width / height above which the tabs go beside the formulas
FORMULA_SHARE = 0.5  # of the body's height (stacked) or width (side by side)
PICTURE_SHARE = 0.34  # of the top row's width when the picture shows
FORMULA_CHARS = 62  # the formulas keep this many characters of their font beside it


class ElidedLabel(QLabel):
    """One line that elides at the right instead of wrapping; the full text is the tooltip."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        r = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, r.width())
        p.setPen(self.palette().color(self.foregroundRole()))
        p.drawText(r, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)
        p.end()


def setup_ui(panel: Any, training: bool) -> None:
    """Create the view's widgets as attributes of `panel` and lay them out."""
    from nnviz.ui.netview.view import NetworkView
    from nnviz.ui.step.controls import StepControls
    from nnviz.ui.step.frame_tables import FrameTables
    from nnviz.ui.step.workbench import Workbench

    panel.controls = StepControls()
    panel.formulas = QTextBrowser()
    panel.formulas.setObjectName(EXPLANATION)
    panel.formulas.setOpenLinks(False)
    panel.formulas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    panel.formulas.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    panel.formulas.setToolTip("The arithmetic of this phase with the step's real numbers.")
    panel.miniView = NetworkView()
    panel.miniView.setMinimumSize(160, 110)
    panel.miniView.setToolTip(
        "The network of this step: the active layer of the phase is highlighted. "
        "Click a neuron or a weight to select it."
    )
    top = QSplitter(Qt.Orientation.Horizontal)
    top.addWidget(panel.formulas)
    top.addWidget(panel.miniView)
    top.setChildrenCollapsible(False)
    top.setStretchFactor(0, 2)
    top.setStretchFactor(1, 1)
    panel.topSplit = top
    panel.tables = FrameTables()
    panel.workbench = Workbench(training)
    panel.tabs = QTabWidget()
    panel.tabs.setDocumentMode(True)
    panel.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    panel.tabs.addTab(panel.tables, "Numbers")
    panel.tabs.addTab(panel.workbench, "Tiny network")
    panel.tabs.setTabToolTip(0, "The layer's vectors and matrices; click a cell to select it.")
    panel.tabs.setTabToolTip(1, "Edit a small network and see the step change at once.")
    body = QSplitter(Qt.Orientation.Vertical)
    body.addWidget(top)
    body.addWidget(panel.tabs)
    body.setChildrenCollapsible(False)
    panel.bodySplit = body
    panel.status = ElidedLabel()
    lay = QVBoxLayout(panel)
    lay.setContentsMargins(4, 4, 4, 4)
    lay.setSpacing(4)
    lay.addWidget(panel.controls)
    lay.addWidget(body, 1)
    lay.addWidget(panel.status)
    panel.bodyOrientation = None


def fit_body(panel: Any) -> None:
    """Stack formulas over the tabs, or put the tabs beside them in a wide, low view; give
    the formulas their share whenever the arrangement changes."""
    body: QSplitter = panel.bodySplit
    wide = panel.width() > WIDE * panel.height()
    want = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
    if panel.bodyOrientation == want:
        return
    panel.bodyOrientation = want
    body.setOrientation(want)
    total = body.width() if wide else body.height()
    total = max(total, 2)
    body.setSizes([round(total * FORMULA_SHARE), total - round(total * FORMULA_SHARE)])
    fit_picture(panel)


def fit_picture(panel: Any, force: bool = True) -> None:
    """The picture takes its share of the top row when it shows, less when the formulas
    would get under FORMULA_CHARS characters of their font (e.g. with a large text size);
    in a view too narrow for both side by side it goes under the formulas. Without `force`
    only a change of arrangement resizes."""
    top: QSplitter = panel.topSplit
    if not panel.miniView.isVisibleTo(panel):
        return
    text = panel.formulas
    bar = text.verticalScrollBar().sizeHint().width() + 2 * text.frameWidth() + 8
    want = FORMULA_CHARS * text.fontMetrics().horizontalAdvance("x") + bar
    w = max(top.width(), 2)
    side = w - want >= panel.miniView.minimumWidth()
    orient = Qt.Orientation.Horizontal if side else Qt.Orientation.Vertical
    if not force and orient == top.orientation():
        return
    top.setOrientation(orient)
    if side:
        pic = max(min(round(w * PICTURE_SHARE), w - want), panel.miniView.minimumWidth())
        top.setSizes([w - pic, pic])
    else:
        h = max(top.height(), 2)
        top.setSizes([h - h // 3, h // 3])


def show_picture(panel: Any, on: bool) -> None:
    """Show or hide the view's own network picture, drawing the current phase when shown."""
    if on == panel.miniView.isVisibleTo(panel):
        return
    panel.miniView.setVisible(on)
    fit_picture(panel)
    if on and panel.step is not None:
        fr = panel.frame()
        panel.miniView.showFrame(panel.step, fr.phase, fr.layer)
        panel.miniView.select(panel.sel)
