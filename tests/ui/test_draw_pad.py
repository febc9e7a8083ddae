"""The draw panel: strokes, live prediction, undo, saliency, "Learn this", window wiring."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QImage, QMouseEvent, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

import nnviz.data.pretrained
from nnviz.data import preprocess
from nnviz.engine import SGD, Adam, Network
from nnviz.ui.draw.pad import DrawPanel, install

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
MNIST = Path(os.environ.get("NNVIZ_DATA_DIR", "/nonexistent"))


@pytest.fixture(scope="session")
def digits_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped digit model, or (until it exists) a 784-64-10 net trained for 2 epochs."""
    real = nnviz.data.pretrained.model_path()
    if real.is_file():
        return real
    if not (MNIST / "train-images-idx3-ubyte.gz").is_file():
        pytest.skip("neither resources/models/digits.npz nor the MNIST files are available")
    from nnviz.data import load_mnist
    from nnviz.engine import fit

    X, y, _, _ = load_mnist(MNIST)
    net = Network([784, 64, 10], seed=0)
    fit(net, Adam(1e-3), X, y, epochs=2, batch_size=64)
    path = tmp_path_factory.mktemp("model") / "digits.npz"
    net.save(path)
    return path


@pytest.fixture
def panel(qtbot, digits_model: Path, monkeypatch: pytest.MonkeyPatch) -> DrawPanel:
    monkeypatch.setattr(nnviz.data.pretrained, "model_path", lambda: digits_model)
    p = DrawPanel(optimizer_factory=lambda: SGD(lr=0.005))
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    return p


def _send(widget: QWidget, kind: QEvent.Type, pos: tuple[float, float], button, buttons) -> None:
    e = QMouseEvent(kind, QPointF(*pos), QPointF(*pos), button, buttons, Qt.NoModifier)
    QApplication.sendEvent(widget, e)


def draw(widget: QWidget, pts: list[tuple[float, float]], button=Qt.LeftButton) -> None:
    """Press, move along `pts`, release; events are processed between moves."""
    _send(widget, QEvent.MouseButtonPress, pts[0], button, button)
    for q in pts[1:]:
        _send(widget, QEvent.MouseMove, q, Qt.NoButton, button)
        QApplication.processEvents()
    _send(widget, QEvent.MouseButtonRelease, pts[-1], button, Qt.NoButton)
    QApplication.processEvents()


def vertical(x: float = 140, top: float = 45, bottom: float = 235) -> list[tuple[float, float]]:
    return [(x, y) for y in np.linspace(top, bottom, 40)]


def test_stroke_updates_the_prediction(qtbot, panel: DrawPanel) -> None:
    assert panel.probs is None and panel.prediction.digitLabel.text() == "–"
    seen: list[np.ndarray] = []
    panel.sigPrediction.connect(seen.append)
    _send(panel.canvas, QEvent.MouseButtonPress, (60, 60), Qt.LeftButton, Qt.LeftButton)
    _send(panel.canvas, QEvent.MouseMove, (90, 100), Qt.NoButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 1)  # live, before the stroke ends
    _send(panel.canvas, QEvent.MouseMove, (120, 160), Qt.NoButton, Qt.LeftButton)
    _send(panel.canvas, QEvent.MouseMove, (150, 200), Qt.NoButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 2)  # two moves in one burst: one update
    _send(panel.canvas, QEvent.MouseButtonRelease, (150, 200), Qt.LeftButton, Qt.NoButton)
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert seen[-1].shape == (10,) and seen[-1].sum() == pytest.approx(1.0)
    assert panel.prediction.digitLabel.text() == str(int(np.argmax(seen[-1])))
    np.testing.assert_array_equal(panel.prediction.digitView.image(), panel.x)
    np.testing.assert_allclose(panel.prediction.bars.probabilities(), seen[-1])
    assert len(panel.latencies) == 3 and max(panel.latencies) < 1.0


def test_vertical_stroke_reads_as_one(qtbot, panel: DrawPanel) -> None:
    draw(panel.canvas, vertical())
    qtbot.waitUntil(lambda: panel.probs is not None)
    assert int(np.argmax(panel.probs)) == 1
    assert panel.prediction.digitLabel.text() == "1"
    ink = panel.canvas.inkArray()
    assert ink.shape == (280, 280) and ink[140, 140] == pytest.approx(1.0)
    assert ink[140, 60] == 0.0 and ink[20, 140] == 0.0


def test_clear_and_undo(qtbot, panel: DrawPanel) -> None:
    draw(panel.canvas, vertical())
    one = panel.canvas.inkArray().copy()
    draw(panel.canvas, [(80, 60), (200, 60)])
    two = panel.canvas.inkArray().copy()
    assert two.sum() > one.sum()
    panel.clearButton.click()
    qtbot.waitUntil(lambda: panel.probs is None)
    assert panel.canvas.isEmpty() and not panel.canvas.inkArray().any()
    assert panel.canvas.undo()
    np.testing.assert_array_equal(panel.canvas.inkArray(), two)
    panel.undoButton.click()
    np.testing.assert_array_equal(panel.canvas.inkArray(), one)
    qtbot.waitUntil(lambda: panel.probs is not None and np.argmax(panel.probs) == 1)
    assert panel.canvas.undo() and panel.canvas.isEmpty()
    assert not panel.canvas.undo()


def test_keyboard_shortcuts(qtbot, panel: DrawPanel) -> None:
    draw(panel.canvas, vertical())
    panel.canvas.setFocus()
    qtbot.keyClick(panel.canvas, Qt.Key_Delete)
    assert panel.canvas.isEmpty()
    qtbot.keyClick(panel.canvas, Qt.Key_Z, Qt.ControlModifier)
    assert not panel.canvas.isEmpty()
    qtbot.keyClick(panel.canvas, Qt.Key_Escape)
    assert panel.canvas.isEmpty()


def test_right_button_and_eraser_erase(qtbot, panel: DrawPanel) -> None:
    draw(panel.canvas, vertical())
    full = panel.canvas.inkArray().sum()
    draw(panel.canvas, [(100, 140), (180, 140)], Qt.RightButton)
    after_right = panel.canvas.inkArray().sum()
    assert 0 < after_right < full
    assert panel.canvas.inkArray()[140, 140] == 0.0
    panel.eraseButton.click()
    assert panel.canvas.isErasing()
    draw(panel.canvas, [(100, 80), (180, 80)])
    assert panel.canvas.inkArray().sum() < after_right
    panel.eraseButton.click()
    draw(panel.canvas, [(100, 200), (180, 200)])
    assert panel.canvas.inkArray()[200, 140] == pytest.approx(1.0)


def test_brush_size_sets_the_stroke_width(qtbot, panel: DrawPanel) -> None:
    widths = []
    for size in (8, 30):
        panel.brushSlider.setValue(size)
        panel.canvas.clear()
        draw(panel.canvas, [(140, 60), (140, 220)])
        widths.append(panel.canvas.inkArray()[140].sum())
    assert widths[0] == pytest.approx(8, abs=1.5) and widths[1] == pytest.approx(30, abs=1.5)


_DEVICES: dict[bool, object] = {}  # events point at their device: keep it alive


def _pen(kind: QEvent.Type, pos: tuple[float, float], pressure: float, eraser: bool = False):
    from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent

    if eraser not in _DEVICES:
        pointer = QPointingDevice.PointerType.Eraser if eraser else QPointingDevice.PointerType.Pen
        caps = QInputDevice.Capability.Position | QInputDevice.Capability.Pressure
        _DEVICES[eraser] = QPointingDevice(
            "pen", 7 + eraser, QInputDevice.DeviceType.Stylus, pointer, caps, 1, 3
        )
    dev = _DEVICES[eraser]
    buttons = Qt.NoButton if kind == QEvent.TabletRelease else Qt.LeftButton
    return QTabletEvent(
        kind, dev, QPointF(*pos), QPointF(*pos), pressure, 0, 0, 0, 0, 0,
        Qt.NoModifier, Qt.LeftButton, buttons,
    )  # fmt: skip


def test_pen_pressure_scales_the_width_and_its_eraser_erases(qtbot, panel: DrawPanel) -> None:
    panel.brushSlider.setValue(20)
    widths = []
    for row, pressure in ((80, 0.2), (200, 1.0)):
        QApplication.sendEvent(panel.canvas, _pen(QEvent.TabletPress, (60, row), pressure))
        for x in range(70, 230, 10):
            QApplication.sendEvent(panel.canvas, _pen(QEvent.TabletMove, (x, row), pressure))
        QApplication.sendEvent(panel.canvas, _pen(QEvent.TabletRelease, (220, row), pressure))
        widths.append(panel.canvas.inkArray()[:, 140].reshape(2, 140)[row // 140].sum())
    assert widths[0] == pytest.approx(20 * (0.3 + 0.9 * 0.2), abs=1.5)
    assert widths[1] == pytest.approx(20 * 1.2, abs=1.5)
    QApplication.sendEvent(panel.canvas, _pen(QEvent.TabletPress, (140, 40), 1, eraser=True))
    QApplication.sendEvent(panel.canvas, _pen(QEvent.TabletMove, (140, 240), 1, eraser=True))
    QApplication.sendEvent(panel.canvas, _pen(QEvent.TabletRelease, (140, 240), 1, eraser=True))
    assert panel.canvas.inkArray()[200, 140] == 0.0 and panel.canvas.inkArray()[200, 100] > 0.9


def test_overlay_follows_the_drawing(qtbot, panel: DrawPanel) -> None:
    panel.explainCheck.setChecked(True)
    assert panel.canvas._overlay is None  # nothing drawn yet
    draw(panel.canvas, vertical())
    qtbot.waitUntil(lambda: panel.canvas._overlay is not None)
    first = panel.canvas._overlay
    draw(panel.canvas, [(80, 60), (200, 60)])
    qtbot.waitUntil(lambda: panel.canvas._overlay is not first)
    assert panel.prediction.digitView._overlay is not None
    panel.canvas.clear()
    qtbot.waitUntil(lambda: panel.canvas._overlay is None)


def test_learn_this_is_exactly_one_optimizer_step(qtbot, panel: DrawPanel) -> None:
    draw(panel.canvas, vertical())
    qtbot.waitUntil(lambda: panel.probs is not None)
    label = 7
    ref = panel.network().copy()
    x = preprocess(panel.canvas.inkArray())
    ref_step = ref.train_step(x[None, :], [label], SGD(lr=0.005))
    before = panel.network().forward(x)[label]
    panel.prediction.bars.sigClassClicked.emit(label)  # clicking a bar picks the label
    assert panel.labelSpin.value() == label
    steps = []
    panel.sigTaught.connect(steps.append)
    qtbot.keyClick(panel.learnButton, Qt.Key_Return)
    assert len(steps) == 1
    np.testing.assert_allclose(panel.network().theta, ref.theta, rtol=0, atol=1e-12)
    assert steps[0].loss == pytest.approx(ref_step.loss)
    after = panel.network().forward(x)[label]
    assert after > before
    assert panel.prediction.bars.beforeBars.isVisible()
    assert "→" in panel.messageLabel.text()


def test_adam_state_persists_across_teach_steps(qtbot, panel: DrawPanel) -> None:
    panel.optimizerFactory = lambda: Adam(lr=1e-3)
    panel.setNetwork(panel.network(), "test")
    draw(panel.canvas, vertical())
    ref, opt = panel.network().copy(), Adam(lr=1e-3)
    x = preprocess(panel.canvas.inkArray())
    for label in (4, 4, 9):
        panel.labelSpin.setValue(label)
        step = panel.learn()
        ref.train_step(x[None, :], [label], opt)
        assert step is not None and step.optimizer.hyper["t"] == opt.t
    np.testing.assert_allclose(panel.network().theta, ref.theta, rtol=0, atol=1e-12)


def test_learn_without_ink_explains(qtbot, panel: DrawPanel) -> None:
    theta = panel.network().theta.copy()
    assert panel.learn() is None
    np.testing.assert_array_equal(panel.network().theta, theta)
    assert "Draw a digit first" in panel.messageLabel.text()


def test_saliency_overlay(qtbot, panel: DrawPanel) -> None:
    draw(panel.canvas, vertical())
    qtbot.waitUntil(lambda: panel.probs is not None)
    assert panel.canvas._overlay is None
    panel.explainCheck.setChecked(True)
    assert panel.canvas._overlay is not None
    g, on_canvas = panel.saliencyMaps()
    x = preprocess(panel.canvas.inkArray())
    cls = int(np.argmax(panel.probs))
    assert panel.explainedClass() == cls
    np.testing.assert_array_equal(g, panel.network().input_gradient(x, cls))
    assert on_canvas.shape == (280, 280) and np.abs(on_canvas).max() > 0
    panel.explainCombo.setCurrentIndex(1 + 3)
    assert panel.explainedClass() == 3
    g3, _ = panel.saliencyMaps()
    np.testing.assert_array_equal(g3, panel.network().input_gradient(x, 3))
    panel.explainCheck.setChecked(False)
    assert panel.canvas._overlay is None


def test_gallery_puts_a_digit_on_the_canvas(qtbot, panel: DrawPanel) -> None:
    gallery = panel.gallery
    assert len(gallery.buttons) >= 10
    i = int(np.flatnonzero(gallery.labels == 3)[0])
    gallery.click(i)
    qtbot.waitUntil(lambda: panel.probs is not None)
    assert panel.labelSpin.value() == 3
    assert int(np.argmax(panel.probs)) == 3
    assert panel.canvas.canUndo()
    gallery.buttons[0].click()  # the first thumbnail is a 0
    qtbot.waitUntil(lambda: int(np.argmax(panel.probs)) == 0)


def test_open_paste_and_bad_files(qtbot, panel: DrawPanel, tmp_path: Path) -> None:
    from PIL import Image

    img = np.full((100, 60), 255, np.uint8)  # a dark "1" on white paper
    img[10:90, 27:33] = 0
    Image.fromarray(img).save(tmp_path / "one.png")
    assert panel.canvas.loadImageFile(tmp_path / "one.png")
    qtbot.waitUntil(lambda: panel.probs is not None and np.argmax(panel.probs) == 1)
    (tmp_path / "bad.png").write_bytes(b"not a png")
    assert not panel.canvas.loadImageFile(tmp_path / "bad.png")
    assert "Cannot open the image" in panel.messageLabel.text()
    panel.canvas.clear()
    q = QImage(str(tmp_path / "one.png"))
    QGuiApplication.clipboard().setImage(q)
    assert panel.canvas.paste()
    qtbot.waitUntil(lambda: panel.probs is not None and np.argmax(panel.probs) == 1)
    QGuiApplication.clipboard().clear()
    assert not panel.canvas.paste()


def test_drop_an_image_file_or_image_data(qtbot, panel: DrawPanel, tmp_path: Path) -> None:
    from PIL import Image
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    img = np.zeros((90, 90), np.uint8)  # light ink on black: a "7"
    img[10:16, 15:75] = 255
    for r in range(16, 85):
        c = 75 - (r - 16) * 0.45
        img[r, int(c) - 3 : int(c) + 3] = 255
    Image.fromarray(img).save(tmp_path / "seven.png")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "seven.png"))])
    move = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(QPoint(10, 10), move, data, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(panel.canvas, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), move, data, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(panel.canvas, drop)
    qtbot.waitUntil(lambda: panel.probs is not None and np.argmax(panel.probs) == 7)
    panel.canvas.clear()
    raw = QMimeData()
    raw.setImageData(QImage(str(tmp_path / "seven.png")))
    QApplication.sendEvent(
        panel.canvas, QDropEvent(QPointF(5, 5), move, raw, Qt.LeftButton, Qt.NoModifier)
    )
    qtbot.waitUntil(lambda: panel.probs is not None and np.argmax(panel.probs) == 7)


def test_dark_palette_keeps_the_ink(qtbot, panel: DrawPanel) -> None:
    draw(panel.canvas, vertical())
    ink = panel.canvas.inkArray().copy()
    pal = panel.palette()
    pal.setColor(QPalette.Base, QColor(30, 30, 34))
    pal.setColor(QPalette.Text, QColor(230, 230, 230))
    panel.setPalette(pal)
    view = panel.canvas.inkImage().view
    assert view.pixelColor(140, 140).red() > 200  # light ink on dark paper
    assert view.pixelColor(20, 20).red() < 60
    np.testing.assert_array_equal(panel.canvas.inkArray(), ink)


class FakeView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple] = []
        self.network: Network | None = None

    def shownNetwork(self) -> Network | None:
        return self.network

    def showForward(self, x, activations, z=None) -> None:
        self.calls.append((x, activations, z))


class FakeStepPanel:
    def __init__(self) -> None:
        self.steps: list = []

    def setStep(self, step, net=None) -> None:
        self.steps.append((step, net))


class FakeSession:
    def __init__(self, sizes: list[int]) -> None:
        self.network = Network(sizes, seed=5)


class FakeSessionQt(QObject):
    sigNetworkChanged = Signal()
    sigDatasetChanged = Signal()


class FakeWindow(QMainWindow):
    def __init__(self, sizes: list[int]) -> None:
        super().__init__()
        self.sessionQt = FakeSessionQt(self)
        self.networkView = FakeView()
        self.stepPanel = FakeStepPanel()
        self.session = FakeSession(sizes)
        self.networkView.network = self.session.network  # the view draws the session's
        self.docks: dict[str, tuple] = {}

    def addPanel(self, name, title, widget, area, shortcut=None, tabify_with=None):
        self.docks[name] = (title, widget, area, shortcut)
        self.setCentralWidget(widget)

    def currentNetwork(self) -> Network:
        return self.session.network.copy(np.float64)

    def makeOptimizer(self) -> SGD:
        return SGD(lr=0.02)

    def showStep(self, step, net) -> None:
        self.stepPanel.setStep(step, net)


def test_install_wires_view_step_panel_and_training_network(
    qtbot, digits_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nnviz.data.pretrained, "model_path", lambda: digits_model)
    w = FakeWindow([784, 32, 10])
    qtbot.addWidget(w)
    install(w)
    panel = w.drawPanel
    assert w.docks["draw"][0] == "Draw a digit"
    assert w.docks["draw"][2] == Qt.RightDockWidgetArea
    w.show()
    draw(panel.canvas, vertical())
    qtbot.waitUntil(lambda: len(w.networkView.calls) > 0)
    qtbot.waitUntil(lambda: not panel.forwardThrottle.timer.isActive())
    x, acts, z = w.networkView.calls[-1]
    np.testing.assert_array_equal(x, panel.x)
    ref = w.session.network.forward_all(x)  # the view's own network
    assert [a.shape for a in acts] == [(32,), (10,)]
    np.testing.assert_allclose(acts[-1], ref[-1][1][0], rtol=1e-6)
    np.testing.assert_allclose(z[0], ref[0][0][0], rtol=1e-5, atol=1e-6)
    step = panel.learn()
    assert step.optimizer.hyper["lr"] == 0.02
    assert w.stepPanel.steps[-1][0] is step
    assert w.stepPanel.steps[-1][1].sizes == panel.network().sizes
    assert panel.useTrainingAction.isEnabled()
    assert panel.useTrainingNetwork()
    assert panel.network().sizes == [784, 32, 10]
    np.testing.assert_allclose(panel.network().theta, w.session.network.theta)
    panel.resetToPretrained()
    assert panel.network().sizes == nnviz.data.pretrained.pretrained_digits().sizes


def test_training_network_must_read_digits(qtbot, digits_model, monkeypatch) -> None:
    monkeypatch.setattr(nnviz.data.pretrained, "model_path", lambda: digits_model)
    w = FakeWindow([2, 8, 2])
    qtbot.addWidget(w)
    install(w)
    assert not w.drawPanel.useTrainingAction.isEnabled()
    assert not w.drawPanel.useTrainingNetwork()
    assert "MNIST" in w.drawPanel.messageLabel.text()
    w.show()
    draw(w.drawPanel.canvas, vertical())
    qtbot.waitUntil(lambda: w.drawPanel.probs is not None)
    assert w.networkView.calls == []  # a 2-input view cannot show a digit


def test_missing_model_falls_back_with_a_message(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(nnviz.data.pretrained, "model_path", lambda: tmp_path / "none.npz")
    p = DrawPanel()
    qtbot.addWidget(p)
    assert p.network().sizes == [784, 64, 10]
    assert "No pretrained digit model" in p.messageLabel.text()


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")
def test_inside_the_main_window(qtbot, tmp_path, digits_model, monkeypatch) -> None:
    from PySide6.QtCore import QSettings

    from nnviz.app.settings import Settings
    from nnviz.ui.shell.main_window import MainWindow

    monkeypatch.setattr(nnviz.data.pretrained, "model_path", lambda: digits_model)
    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=Settings(hidden=[4], activations=["tanh"]), qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    try:
        panel = w.drawPanel
        dock = w.panel("draw")
        assert dock is not None and dock.widget().widget() is panel
        assert not panel.useTrainingAction.isEnabled()  # a 2-D toy dataset
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        w.networkView.setFocus()
        qtbot.waitUntil(w.networkView.hasFocus)
        dock.hide()
        qtbot.keyClick(w.networkView, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        assert w.currentWorkspace() == "draw" and not dock.isHidden()
        qtbot.keyClick(w.networkView, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        assert not dock.isHidden()  # Ctrl+D never hides the draw panel
        draw(panel.canvas, vertical())
        qtbot.waitUntil(lambda: panel.probs is not None and np.argmax(panel.probs) == 1)
        panel.labelSpin.setValue(1)
        step = panel.learn()
        assert step.optimizer.name == w.makeOptimizer().name
        assert w.stepPanel.step is step
    finally:
        w.close()


def test_the_label_box_follows_the_answer_until_picked(qtbot, panel: DrawPanel) -> None:
    draw(panel.canvas, vertical())
    qtbot.waitUntil(lambda: panel.probs is not None)
    assert panel.labelSpin.value() == int(np.argmax(panel.probs)) == 1
    panel.labelSpin.setValue(7)  # the user's pick sticks while drawing on
    draw(panel.canvas, [(100, 60), (180, 60)])
    qtbot.waitUntil(lambda: panel.updates >= 3)
    assert panel.labelSpin.value() == 7
    panel.canvas.clear()  # a fresh drawing follows the answer again
    qtbot.waitUntil(lambda: panel.probs is None)
    draw(panel.canvas, vertical())
    qtbot.waitUntil(lambda: panel.probs is not None)
    assert panel.labelSpin.value() == int(np.argmax(panel.probs))


def test_the_learn_report_goes_when_the_drawing_or_network_changes(qtbot, panel: DrawPanel) -> None:
    draw(panel.canvas, vertical())
    qtbot.waitUntil(lambda: panel.probs is not None)
    assert panel.learn() is not None
    assert "step" in panel.messageLabel.text()
    draw(panel.canvas, [(100, 60), (180, 60)])
    assert panel.messageLabel.text() == ""
    assert panel.learn() is not None
    panel.setNetwork(panel.network(), "another")
    assert panel.messageLabel.text() == ""


def test_ctrl_z_still_undoes_after_clicking_the_undo_button(qtbot, panel: DrawPanel) -> None:
    panel.activateWindow()
    for x in (60, 120, 180):
        draw(panel.canvas, vertical(x))
    qtbot.mouseClick(panel.canvas, Qt.LeftButton, pos=QPoint(5, 5))
    n = len(panel.canvas._img.undo_stack)
    qtbot.mouseClick(panel.undoButton, Qt.LeftButton)
    assert len(panel.canvas._img.undo_stack) == n - 1
    assert panel.canvas.hasFocus() or QApplication.focusWidget() is None
    qtbot.keyClick(QApplication.focusWidget() or panel.canvas, Qt.Key_Z, Qt.ControlModifier)
    assert len(panel.canvas._img.undo_stack) == n - 2
