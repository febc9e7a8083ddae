"""The Backprop step panel: keyboard playback, tables against the Step record, shared
selection with the network view, workbench edits, gradient check, exports, app wiring."""

from __future__ import annotations

import csv
from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from nnviz import Network
from nnviz.engine import SGD
from nnviz.teach.frames import Frame, frames
from nnviz.ui.common.selection import Selection
from nnviz.ui.step.panel import StepPanel, install

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def panel(qtbot):
    p = StepPanel()
    qtbot.addWidget(p)
    p.resize(1280, 720)
    p.show()
    qtbot.waitExposed(p)
    yield p
    p.timer.stop()


def click_cell(qtbot, box, r: int, c: int) -> None:
    view = box.view
    rect = view.visualRect(box.model.index(r, c))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_keyboard_through_a_whole_step_and_back(panel, qtbot):
    seen = []
    panel.sigFrameChanged.connect(lambda sf: seen.append(sf[1]))
    order = frames(panel.step)
    assert panel.frame() == order[0] == Frame("forward", 0)
    for _ in range(len(order) - 1):
        qtbot.keyClick(panel, Qt.Key.Key_Right)
    assert seen == order[1:]
    assert panel.frame() == Frame("update", None)
    qtbot.keyClick(panel, Qt.Key.Key_Right)  # stays on the last frame
    assert panel.frame() == Frame("update", None)
    qtbot.keyClick(panel, Qt.Key.Key_Left)
    assert panel.frame() == Frame("backward", 0)
    assert panel.controls.timeline.current() == 4
    assert panel.controls.timeline.chips[4].text() == "Backward 1"
    qtbot.keyClick(panel, Qt.Key.Key_Home)
    assert panel.frame() == Frame("forward", 0)
    assert "z_0 = 0.15*0.05 + 0.2*0.1 + 0.35 = 0.3775" in panel.explanationText()
    qtbot.keyClick(panel, Qt.Key.Key_End)
    assert panel.frame() == Frame("update", None)
    assert "0.358916" in panel.explanationText()
    assert "= 0.358916" in panel.formulas.toPlainText()


def test_timeline_chip_click(panel, qtbot):
    chip = panel.controls.timeline.chips[2]
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert panel.frame() == Frame("loss", None)
    assert "= 0.298371" in panel.explanationText()


def test_highlighted_cells_match_the_record(panel, qtbot):
    panel.select(Selection(1, weight=(0, 0)))
    panel.setFrame(3)  # backward through the output layer
    step = panel.step
    m = panel.tables.matrixBox.model
    assert m.highlight == {(0, 0)}
    assert m.value(0, 0) == step.layers[1].dW[0, 0]
    assert m.data(m.index(0, 0)) == "0.0821670"
    u = panel.tables.unitBox.model
    assert (0, 2) in u.highlight and u.value(0, 2) == step.layers[1].delta[0, 0]
    assert u.data(u.index(0, 2)) == "0.138499"
    assert u.value(0, 1) == step.layers[1].da_dz[0, 0]  # da/dz as the engine computed it
    assert u.data(u.index(0, 1)) == "0.186816"
    x = panel.tables.xBox.model
    assert x.highlight == {(0, 0)} and x.value(0, 0) == step.layers[1].x[0, 0]
    assert "dL/dW2[0, 0] = delta_0*x_0 = 0.138499*0.593270 = 0.0821670" in panel.explanationText()
    qtbot.keyClick(panel, Qt.Key.Key_End)  # update: W new of the selected layer
    assert panel.tables.matrixBox.model.value(0, 0) == step.params_after[1][0][0, 0]
    assert panel.tables.matrixBox.model.highlight == {(0, 0)}


def test_click_in_a_table_selects_and_emits(panel, qtbot):
    with qtbot.waitSignal(panel.sigSelectionChanged) as blocker:
        click_cell(qtbot, panel.tables.matrixBox, 1, 0)
    assert blocker.args == [Selection(0, weight=(1, 0))]
    assert panel.selection() == Selection(0, weight=(1, 0))
    assert "W1[1, 0]*x_0 = 0.25*0.05 = 0.0125" in panel.explanationText()
    with qtbot.waitSignal(panel.sigSelectionChanged) as blocker:
        click_cell(qtbot, panel.tables.unitBox, 1, 1)
    assert blocker.args == [Selection(0, unit=1)]


def test_selection_shared_with_the_network_view(panel, qtbot):
    from nnviz.ui.netview.view import NetworkView

    view = NetworkView()
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    qtbot.waitExposed(view)
    step = panel.step
    view.setArchitecture([2, 2, 2], ["sigmoid", "sigmoid"])
    view.setParams(step.params_before)
    view.sigSelectionChanged.connect(panel.select)
    panel.sigSelectionChanged.connect(view.select)
    panel.sigFrameChanged.connect(lambda sf: view.showFrame(sf[0], sf[1].phase, sf[1].layer))
    qtbot.wait(20)
    pt = view.nodeCenter(1, 1).toPoint()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=pt)
    qtbot.waitUntil(lambda: panel.selection() == Selection(1, unit=1))
    panel.setFrame(1)
    assert panel.tables.unitBox.model.highlight == {(1, 0), (1, 1)}
    click_cell(qtbot, panel.tables.matrixBox, 0, 1)
    assert view.selection() == Selection(1, weight=(0, 1))


def test_play_pauses_at_the_end(panel, qtbot):
    panel.controls.paceSlider.setValue(3)  # 0.3 s a frame
    assert panel.timer.interval() == 300
    qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert panel.isPlaying()
    qtbot.waitUntil(lambda: not panel.isPlaying(), timeout=5000)
    assert panel.frame() == Frame("update", None)
    qtbot.keyClick(panel, Qt.Key.Key_Space)  # from the end: starts over
    assert panel.frame() == Frame("forward", 0) and panel.isPlaying()
    qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert not panel.isPlaying()


def test_new_step_applies_the_update(panel, qtbot):
    first = panel.step
    qtbot.keyClick(panel, Qt.Key.Key_N)
    second = panel.step
    assert second is not first
    for (W0, b0), (W1, b1) in zip(first.params_after, second.params_before, strict=True):
        np.testing.assert_array_equal(W0, W1)
        np.testing.assert_array_equal(b0, b1)
    assert second.loss < first.loss
    assert panel.frame() == Frame("forward", 0)


def test_workbench_edits_recompute_the_step(panel, qtbot):
    panel.setFrame(3)
    wb = panel.workbench
    wb.xSpins[0].setValue(0.5)
    assert panel.step.X[0, 0] == 0.5
    assert panel.frame() == Frame("backward", 1)  # the frame is kept
    wb.paramTables[1].item(0, 0).setText("0.7")
    assert panel.step.params_before[1][0][0, 0] == 0.7
    wb.lrSpin.setValue(0.25)
    assert panel.step.optimizer.hyper["lr"] == 0.25
    wb.randomise()
    assert panel.step.params_before[0][0][0, 0] != 0.15
    wb.loadPreset(1)  # XOR
    assert panel.step.X.shape == (1, 2) and len(panel.step.layers) == 2
    assert panel.step.layers[0].a.shape == (1, 3)
    assert wb.sampleCombo.count() == 4
    wb.sampleCombo.setCurrentIndex(3)
    wb.sampleCombo.activated.emit(3)
    np.testing.assert_array_equal(panel.step.X, [[1.0, 1.0]])
    qtbot.keyClick(panel, Qt.Key.Key_N)  # XOR moves on to the next sample (wraps around)
    np.testing.assert_array_equal(panel.step.X, [[0.0, 0.0]])


def test_momentum_and_adam_in_the_workbench(panel, qtbot):
    wb = panel.workbench
    wb.optCombo.setCurrentText("adam")
    wb.optCombo.activated.emit(2)
    panel.lastFrame()
    assert "Adam" in panel.explanationText() and "step t = 1" in panel.explanationText()
    qtbot.keyClick(panel, Qt.Key.Key_N)
    qtbot.keyClick(panel, Qt.Key.Key_End)
    assert "step t = 2" in panel.explanationText()


def test_gradient_check_small_relative_error(panel, qtbot):
    panel.select(Selection(1, weight=(0, 0)))
    qtbot.mouseClick(panel.controls.checkButton, Qt.MouseButton.LeftButton)
    [entry] = panel.lastCheck
    assert entry.name == "W2[0, 0]"
    assert entry.backprop == panel.step.layers[1].dW[0, 0]
    assert entry.rel_error < 1e-8
    assert "agrees with the finite difference" in panel.formulas.toPlainText()
    panel.select(None)
    panel.setFrame(0)
    layer = panel.gradientCheck()  # the whole layer shown
    assert len(layer) == 6 and max(e.rel_error for e in layer) < 1e-8


def test_exports(panel, tmp_path):
    panel.exportCSV(str(tmp_path / "step.csv"))
    with open(tmp_path / "step.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["layer", "kind", "to", "from", "value_before", "gradient", "value_after"]
    assert len(rows) == 13
    w5 = next(r for r in rows if r[:4] == ["1", "W", "0", "0"])
    assert float(w5[6]) == pytest.approx(0.35891648, abs=1e-8)
    panel.select(Selection(0, unit=0))
    panel.exportText(str(tmp_path / "step.md"), "md")
    md = (tmp_path / "step.md").read_text()
    assert "| `z` | `0.15*0.05 + 0.2*0.1 + 0.35` | **0.3775** |" in md
    panel.exportText(str(tmp_path / "step.tex"), "tex")
    assert r"\mathbf{0.298371}" in (tmp_path / "step.tex").read_text()
    assert panel.exportActions[0].text().startswith("Parameters as CSV")


def test_external_step_big_network(qtbot):
    p = StepPanel(training=True)
    qtbot.addWidget(p)
    net = Network([784, 32, 10], activation="relu", dtype=np.float64, seed=0)
    rng = np.random.default_rng(0)
    calls = []

    def source():
        calls.append(1)
        x = rng.uniform(0, 1, (1, 784))
        return net.copy().train_step(x, np.array([3]), SGD(0.1)), net

    p.stepSource = source
    p.workbench.trainingButton.click()
    assert calls and p.step.X.shape == (1, 784)
    p.setFrame(0)
    text = p.explanationText()
    assert " + ... " in text  # 784 terms abbreviated
    p.controls.allTerms.setChecked(True)
    assert p.explanationText().count("*") > 700
    p.setFrame(2)
    assert "L = -log a_y = -log(a_3)" in p.explanationText()
    qtbot.keyClick(p, Qt.Key.Key_N)
    assert len(calls) == 2
    p.select(Selection(0, weight=(5, 400)))
    p.setFrame(len(p.frames) - 2)
    assert p.tables.matrixBox.model.highlight == {(5, 400)}
    entries = p.gradientCheck()
    assert entries[0].name == "W1[5, 400]" and entries[0].rel_error < 1e-6
    p.select(Selection(0, weight=(99, 0)))  # does not fit: ignored
    assert p.selection() == Selection(0, weight=(5, 400))
    small = Network([2, 2, 2], activation="sigmoid", output="sigmoid", loss="mse")
    p.setStep(small.train_step(np.ones((3, 2)), np.zeros((3, 2)), SGD(0.1)))  # a batch
    spin = p.controls.sampleSpin  # on the toolbar, or in its "⋯" menu when narrow
    assert p.selection() is None and (spin.isVisibleTo(p) or spin in p.controls.folded())
    p.controls.sampleSpin.setValue(2)
    assert "Sample 2 of the batch of 3" in p.explanationText()


class FakeWindow(QMainWindow):
    """The parts of the main window the panel uses (`addPanel`, selection, menus, ...)."""

    sigSelection = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        from nnviz.ui.netview.view import NetworkView

        self.networkView = NetworkView()
        self.setCentralWidget(self.networkView)
        self.exportMenu = QMenu("Export", self)
        self.net = Network([4, 3, 2], activation="tanh", output="softmax", dtype=np.float64)
        self.session = SimpleNamespace(network=self.net)  # the network the window shows
        self.networkView.setArchitecture(self.net.sizes, self.net.activations)
        self.networkView.setParams(self.net.params())
        self.frames: list[tuple[str, int | None]] = []
        self.selections: list = []
        self.networkView.showFrame = lambda step, phase, layer: self.frames.append((phase, layer))

    def addPanel(self, name, title, widget, area, shortcut=None, tabify_with=None):
        dock = QDockWidget(title, self)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def setSelection(self, sel) -> None:
        self.selections.append(sel)
        self.sigSelection.emit(sel)

    def currentNetwork(self) -> Network:
        return self.net.copy()

    def nextSample(self):
        return np.array([[0.1, 0.2, 0.3, 0.4]]), np.array([1])

    def makeOptimizer(self):
        return SGD(0.1)


def test_install_wires_the_window(qtbot):
    w = FakeWindow()
    qtbot.addWidget(w)
    install(w)
    panel = w.stepPanel
    assert isinstance(panel, StepPanel)
    assert len(w.exportMenu.actions()) >= 3
    # the tiny workbench network is not the window's: the view and selection stay untouched
    panel.nextFrame()
    assert w.frames == []
    w.sigSelection.emit(Selection(0, unit=1))
    assert panel.selection() is None
    # the training network's step: frames drive the view, selections are shared
    panel.workbench.trainingButton.click()
    assert panel.step.X.shape == (1, 4)
    assert w.frames[-1] == ("forward", 0)
    qtbot.keyClick(panel, Qt.Key.Key_Right)
    assert w.frames[-1] == ("forward", 1)
    w.sigSelection.emit(Selection(1, unit=1))
    assert panel.selection() == Selection(1, unit=1)
    click_cell(qtbot, panel.tables.matrixBox, 0, 2)
    assert w.selections[-1] == Selection(1, weight=(0, 2))
    # N: another step of the training network; the workbench button goes back to the tiny net
    first = panel.step
    qtbot.keyClick(panel, Qt.Key.Key_N)
    assert panel.step is not first and panel.step.X.shape == (1, 4)
    panel.workbench.loadPreset(0)
    assert panel.step.X.shape == (1, 2) and not panel.workbench.training
    loss0 = panel.step.loss
    panel.workbench.advanceButton.click()
    assert panel.step.X.shape == (1, 2) and panel.step.loss < loss0
    qtbot.keyClick(panel, Qt.Key.Key_N)
    assert panel.step.X.shape == (1, 4) and panel.workbench.training
    panel.link.deleteLater()


def test_keys_reach_the_panel_but_not_from_editors(panel, qtbot):
    panel.miniView.setFocus()
    qtbot.keyClick(panel.miniView, Qt.Key.Key_Right)  # propagates from the picture
    assert panel.frame() == Frame("forward", 1)
    panel.tabs.setCurrentIndex(1)
    spin = panel.workbench.xSpins[0]
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    qtbot.keyClick(spin, Qt.Key.Key_Right)  # moves the cursor in the spin box, not the frame
    assert panel.frame() == Frame("forward", 1)
    assert panel.keys.editing()


def test_inside_the_main_window(qtbot, tmp_path):
    pytest.importorskip("nnviz.ui.shell.main_window")
    from PySide6.QtCore import QSettings

    from nnviz.app.settings import Settings
    from nnviz.ui.shell.main_window import MainWindow

    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=Settings(hidden=[4], activations=["tanh"]), qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    try:
        panel = w.stepPanel
        assert w.panel("step").widget().widget() is panel  # dock > scroll area > view
        assert panel.miniView.isVisibleTo(panel)  # the textbook net is not the window's
        panel.workbench.trainingButton.click()  # a step of the window's own network
        assert panel.step.X.shape[1] == w.currentNetwork().sizes[0]
        assert not panel.miniView.isVisibleTo(panel)
        qtbot.keyClick(panel, Qt.Key.Key_Right)
        assert panel.frame() == Frame("forward", 1)
        w.setSelection(Selection(0, unit=2))
        assert panel.selection() == Selection(0, unit=2)
        click_cell(qtbot, panel.tables.matrixBox, 1, 0)
        assert w.selection() == Selection(1, weight=(1, 0))
        assert w.networkView.selection() == Selection(1, weight=(1, 0))
        texts = [a.text() for a in w.exportMenu.actions()]
        assert any(t.startswith("Backprop step") for t in texts)
    finally:
        w.close()


def test_a_big_first_layer_shows_a_weight_whose_gradient_moves(panel):
    from nnviz.engine import Adam

    rng = np.random.default_rng(0)
    x = np.zeros((1, 784))
    x[0, 300:480] = rng.uniform(0.2, 1.0, 180)  # ink in the middle, none in the corners
    net = Network([784, 16, 10], activation="relu", output="softmax", loss="cross_entropy",
                  dtype=np.float64, seed=0)  # fmt: skip
    step = net.train_step(x, [3], Adam(lr=1e-3))
    panel.setStep(step, net)
    sel = panel.selection()
    assert sel is not None and sel.layer == 0 and sel.weight is not None
    j, i = sel.weight
    assert step.layers[0].dW[j, i] != 0.0
    panel.lastFrame()  # the update frame: the picked weight moves
    assert f"W1[{j}, {i}]" in panel.explanationText()


def test_a_small_network_shows_every_weight_by_default(panel):
    net = Network([2, 2, 2], dtype=np.float64, seed=0)
    panel.setStep(net.train_step(np.ones((1, 2)), np.ones((1, 2)), SGD(lr=0.5)), net)
    assert panel.selection() is None


def test_attach_links_a_view_placed_by_the_window(qtbot):
    from nnviz.ui.step.link import attach

    w = FakeWindow()
    qtbot.addWidget(w)
    panel = StepPanel(training=True)
    w.setCentralWidget(panel)  # as a workspace's centre, no dock
    attach(w, panel)
    assert w.stepPanel is panel and panel.link is not None
    panel.workbench.trainingButton.click()
    assert panel.step.X.shape == (1, 4) and w.frames[-1] == ("forward", 0)
    click_cell(qtbot, panel.tables.matrixBox, 0, 2)
    assert w.selections[-1] == Selection(0, weight=(0, 2))  # layer 1's matrix at frame 0
    panel.link.deleteLater()
