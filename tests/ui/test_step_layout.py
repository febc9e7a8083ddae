"""The step view laid out for a whole workspace: room for the formulas at 1280x720, a toolbar
that folds instead of scrolling, chips that are not elided, numbers that are not cut,
a workbench whose labels neither repeat nor overlap, readable colours in both themes, and
sizes that follow the font."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QMainWindow,
    QSplitter,
    QStyle,
    QTextBrowser,
    QToolButton,
    QWidget,
)

from nnviz import Network
from nnviz.engine import Adam
from nnviz.teach.formula import fmt
from nnviz.ui.common.theme import dark_palette, light_palette
from nnviz.ui.step.chips import contrast, phase_text
from nnviz.ui.step.panel import StepPanel
from nnviz.ui.step.tables import max_chars

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def workspace(qtbot, width: int, height: int) -> tuple[QMainWindow, StepPanel]:
    """A window like the Step workspace: a network view at 40 % of the width, the step
    view in the rest, a menu bar and a status bar."""
    win = QMainWindow()
    win.menuBar().addMenu("View")
    win.statusBar().showMessage("Ready")
    split = QSplitter(Qt.Orientation.Horizontal)
    stand_in = QWidget()
    panel = StepPanel(training=True)
    split.addWidget(stand_in)
    split.addWidget(panel)
    win.setCentralWidget(split)
    qtbot.addWidget(win)
    win.resize(width, height)
    win.show()
    qtbot.waitExposed(win)
    split.setSizes([round(width * 0.4), width - round(width * 0.4)])
    qtbot.wait(10)
    return win, panel


def deep_net_step():
    rng = np.random.default_rng(0)
    net = Network([784, 32, 16, 10], activation="relu", output="softmax", loss="cross_entropy",
                  dtype=np.float64, seed=0)  # fmt: skip
    return net.train_step(rng.uniform(0, 1, (1, 784)), [3], Adam(lr=1e-3)), net


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_explanation_has_room_in_the_workspace(qtbot, size):
    win, panel = workspace(qtbot, *size)
    text = win.findChild(QTextBrowser, "stepExplanation")
    assert text is panel.formulas
    fm = text.fontMetrics()
    vp = text.viewport()
    assert vp.width() >= 60 * max(fm.averageCharWidth(), fm.horizontalAdvance("x"))
    assert vp.height() >= 12 * fm.lineSpacing()
    panel.setStep(*deep_net_step())  # the picture hides when the main view shows the step
    panel.setMiniViewVisible(False)
    qtbot.wait(10)
    assert text.viewport().width() >= 60 * max(fm.averageCharWidth(), fm.horizontalAdvance("x"))


def test_no_scrollbar_around_the_toolbar_and_nothing_clipped(qtbot):
    _win, panel = workspace(qtbot, 1280, 720)
    c = panel.controls
    parent = c.parentWidget()
    while parent is not None:  # no scroll area between the toolbar and the window
        assert not isinstance(parent, QAbstractScrollArea)
        parent = parent.parentWidget()
    for w in c.findChildren(QWidget):
        if w.isVisibleTo(c) and w.parentWidget() in (c, c.timeline):
            g = w.geometry() if w.parentWidget() is c else w.geometry().translated(c.timeline.pos())
            assert c.rect().contains(g), w
    assert c.checkButton.isVisibleTo(c) and c.exportButton.isVisibleTo(c)  # fits at 1280
    assert c.allTerms.isVisibleTo(c)


def test_a_narrow_view_folds_the_secondary_controls_into_a_menu(qtbot):
    win, panel = workspace(qtbot, 900, 720)
    c = panel.controls
    assert c.folded() and c.moreButton.isVisibleTo(c)
    for w in (c.playButton, c.nextButton, c.paceSlider):
        assert w.isVisibleTo(c) and c.rect().contains(w.geometry())
    c.moreMenu.aboutToShow.emit()
    texts = [a.text() for a in c.moreMenu.actions()]
    assert "Digits" in texts
    if c.checkButton in c.folded():
        next(a for a in c.moreMenu.actions() if a.text() == "Gradient check").trigger()
        assert panel.lastCheck
    win.resize(1920, 1080)
    qtbot.wait(10)
    assert not c.folded() and not c.moreButton.isVisibleTo(c)


def test_a_very_narrow_view_keeps_the_transport_and_every_chip(qtbot):
    panel = StepPanel()
    qtbot.addWidget(panel)
    panel.resize(330, 600)
    panel.show()
    qtbot.waitExposed(panel)
    c = panel.controls
    assert c.paceBox in c.folded() and c.checkButton in c.folded()
    for b in (c.firstButton, c.prevButton, c.playButton, c.nextButton, c.lastButton):
        assert b.isVisibleTo(c) and c.rect().contains(b.geometry())
    assert c.rect().contains(c.moreButton.geometry())
    for chip in c.timeline.chips:
        assert c.timeline.rect().contains(chip.geometry()) and chip.shownText()
    c.moreMenu.aboutToShow.emit()
    pace = next(a.menu() for a in c.moreMenu.actions() if a.text().startswith("Pace"))
    next(a for a in pace.actions() if a.text() == "0.5 s").trigger()
    assert panel.paceSeconds() == 0.5 and panel.timer.interval() == 500


@pytest.mark.parametrize("deep", [False, True])
def test_chips_are_not_elided_at_1400(qtbot, deep):
    _win, panel = workspace(qtbot, 1400, 850)
    if deep:
        panel.setStep(*deep_net_step())
        qtbot.wait(10)
    chips = panel.controls.timeline.chips
    assert len(chips) == (8 if deep else 6)
    assert [c.shownText() for c in chips] == [c.text() for c in chips]
    assert chips[-1].text() == "Update" and chips[-1].isVisible()


def test_narrow_chips_shorten_and_keep_the_title_as_tooltip(qtbot):
    _win, panel = workspace(qtbot, 700, 720)
    panel.setStep(*deep_net_step())
    qtbot.wait(10)
    chips = panel.controls.timeline.chips
    for chip in chips:
        assert chip.width() >= chip.minimumSizeHint().width()
        assert "Forward" in chip.toolTip() or chip.text() in chip.toolTip() or "·" in chip.toolTip()
    shown = [c.shownText() for c in chips]
    assert all(s and "…" not in s for s in shown)


def test_max_chars_bounds_the_formatted_numbers():
    rng = np.random.default_rng(1)
    values = np.concatenate(
        [rng.normal(0, 1, 300), rng.normal(0, 1e-5, 100), rng.normal(0, 1e7, 50), [0.0, -0.0]]
    ).reshape(-1, 2)
    values[0, 0] = np.nan
    for digits in (3, 6, 12):
        bound = max_chars(values, digits)
        longest = [max(len(fmt(v, digits)) for v in values[:, c]) for c in range(2)]
        assert all(b >= n for b, n in zip(bound, longest, strict=True))


def test_no_cell_shows_dots(qtbot):
    _win, panel = workspace(qtbot, 1280, 720)
    panel.setStep(*deep_net_step())
    for n in range(len(panel.frames)):
        panel.setFrame(n)
        for box in (panel.tables.xBox, panel.tables.unitBox, panel.tables.matrixBox):
            m, view = box.model, box.view
            if m.rowCount() == 0:
                continue
            margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
            bold = QFont(view.font())
            bold.setBold(True)
            fm = QFontMetrics(bold)
            for c in range(min(m.columnCount(), 50)):
                widest = max(
                    fm.horizontalAdvance(m.data(m.index(r, c))) for r in range(m.rowCount())
                )
                assert widest + margin <= view.columnWidth(c), (n, m.cols[c])


def test_workbench_labels_unique_and_apart_at_small_heights(qtbot):
    win, panel = workspace(qtbot, 1280, 720)
    panel.tabs.setCurrentIndex(1)
    wb = panel.workbench
    wb.loadPreset(1)
    wb.loadPreset(0)
    wb.resetButton.click()
    qtbot.wait(10)  # deferred deletes run
    shown = [
        lbl.text()
        for lbl in wb.findChildren(type(wb.info))
        if lbl.text().startswith("Layer ") and lbl.isVisibleTo(wb)
    ]
    assert sorted(shown) == ["Layer 1: W1 and b1", "Layer 2: W2 and b2"]
    win.resize(1280, 420)
    qtbot.wait(10)
    content = wb.scroll.widget()
    boxes = [(w, w.mapTo(content, w.rect().topLeft())) for w in (*wb.paramLabels, *wb.paramTables)]
    rects = [w.rect().translated(p) for w, p in boxes]
    for a in range(len(rects)):
        for b in range(a + 1, len(rects)):
            assert not rects[a].intersects(rects[b])


@pytest.mark.parametrize("palette", [light_palette, dark_palette])
def test_chips_and_transport_buttons_are_readable(qtbot, palette):
    win, panel = workspace(qtbot, 1280, 720)
    win.setPalette(palette())
    qtbot.wait(10)
    for chip in panel.controls.timeline.chips:
        for checked in (False, True):
            chip.setChecked(checked)
            fg, bg, _border = chip.colors()
            assert contrast(fg, bg) >= 4.5, (chip.text(), checked)
    c = panel.controls
    for b in c.findChildren(QToolButton):
        bg = b.palette().color(b.backgroundRole())
        fg = c.iconColor() if b in c._icons else b.palette().color(b.foregroundRole())
        assert contrast(fg, bg) >= 4.5, b.toolTip()
    base = panel.formulas.palette().color(QPalette.ColorRole.Base)
    for n in range(len(panel.frames)):  # the phase's title in the formulas
        panel.setFrame(n)
        title = phase_text(panel.frame().phase, base)
        assert contrast(title, base) >= 4.5
        assert title.name() in panel.formulas.toHtml()
    img = c.playButton.icon().pixmap(c.playButton.iconSize()).toImage()
    colours = {img.pixelColor(x, y).rgb() for x in range(img.width()) for y in range(img.height())
               if img.pixelColor(x, y).alpha() == 255}  # fmt: skip
    assert colours == {c.iconColor().rgb()}  # the icon is drawn in the palette's text colour


def test_sizes_follow_the_font(qtbot):
    win, panel = workspace(qtbot, 1280, 720)
    html_before = panel.formulas.toHtml()
    chip_before = panel.controls.timeline.chips[0].sizeHint()
    icon_before = panel.controls.playButton.iconSize()
    row_before = panel.tables.unitBox.view.verticalHeader().defaultSectionSize()
    big = QFont(panel.font())
    big.setPointSizeF(panel.font().pointSizeF() * 1.6)
    win.setFont(big)  # as the application font scaled by View › Text size
    qtbot.wait(10)
    assert panel.formulas.toHtml() != html_before
    assert f"font-size:{big.pointSizeF() * 1.35:.0f}pt" in panel.formulas.toHtml()
    assert panel.controls.timeline.chips[0].sizeHint().width() > chip_before.width()
    assert panel.controls.playButton.iconSize().height() > icon_before.height()
    assert panel.tables.unitBox.view.verticalHeader().defaultSectionSize() > row_before


def test_pace_is_a_setting(qtbot):
    panel = StepPanel()
    qtbot.addWidget(panel)
    assert panel.paceSeconds() >= 0.5  # a phase stays long enough to read its caption
    with qtbot.waitSignal(panel.sigPaceChanged) as blocker:
        panel.setPaceSeconds(0.8)
    assert blocker.args == [0.8] and panel.timer.interval() == 800
    panel.setPaceSeconds(10)  # clamped
    assert panel.paceSeconds() == 3.0
    assert panel.pace().durations(2) == [3.0] * 6
