"""Playground's controls in the window: features, train/test ratio, regression, L1/L2,
discretize, and setups copied, opened (same run step for step) and refused."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication

from nnviz.app.settings import Settings
from nnviz.app.setup_code import SetupError, decode, parse_link, write_setup_file
from nnviz.ui.shell.main_window import MainWindow
from nnviz.ui.shell.setup_share import SetupDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")

START = Settings(dataset="circles", hidden=[3], activations=["tanh"], steps_per_second=0)


@pytest.fixture
def window(qtbot, tmp_path):
    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=START, qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.session.ready)
    yield w
    w.close()


def draw(window, qtbot) -> None:
    """Give the (hidden) decision view the current network and wait for its picture."""
    net = window.session.network
    window.decisionView.setNetwork(net.config(), net.params())
    window.decisionView.flush()
    qtbot.waitUntil(lambda: window.decisionView.result() is not None)


def edit(window, qtbot, change) -> None:
    """Change a control and wait for the session to take the edit."""
    gen = window.session.generation
    change()
    window.controls.flush()
    qtbot.waitUntil(lambda: window.session.generation != gen or not window.sessionQt.loading)


def test_feature_boxes_become_the_input_neurons(window, qtbot):
    picker = window.controls.featurePicker
    edit(window, qtbot, lambda: (picker.boxes["x1^2"].setChecked(True),
                                 picker.boxes["x2^2"].setChecked(True)))  # fmt: skip
    qtbot.waitUntil(lambda: window.session.network.sizes[0] == 4)
    s = window.session.settings
    assert s.features == ["x1", "x2", "x1^2", "x2^2"]
    assert window.session.dataset.features == s.features
    assert window.networkView.inputNames() == ["x₁", "x₂", "x₁²", "x₂²"]
    draw(window, qtbot)
    assert window.decisionView.thumbs._images and len(window.decisionView.thumbs._images[0]) == 4
    picker.boxes["x1"].setChecked(False)
    picker.boxes["x2"].setChecked(False)
    picker.boxes["x1^2"].setChecked(False)
    picker.boxes["x2^2"].setChecked(False)  # the last one stays on
    assert picker.features() == ["x2^2"]


def test_ratio_slider_sets_the_split(window, qtbot):
    slider = window.controls.ratioSlider
    edit(window, qtbot, lambda: slider.slider.setValue(6))  # 30 %
    qtbot.waitUntil(lambda: len(window.session.dataset.X_train) == 120)
    assert window.session.settings.train_fraction == 0.3
    assert len(window.session.dataset.X_test) == 280
    assert slider.text.text() == "30 % train"
    slider.slider.setValue(18)
    assert slider.value() == 0.9


def test_regression_set_trains_and_shows_r2(window, qtbot):
    c = window.controls
    i = c.datasetCombo.findData("plane")
    with qtbot.waitSignal(window.sessionQt.sigDatasetChanged, timeout=5000):
        c.datasetCombo.activated.emit(i)
    s = window.session.settings
    assert (s.task, s.output, s.loss) == ("regression", "linear", "mse")
    assert window.session.network.sizes[-1] == 1
    window.sessionQt.stepOnce(40)
    qtbot.waitUntil(lambda: window.session.step >= 40, timeout=10000)
    draw(window, qtbot)
    assert "R²" in window.decisionView.accuracy.text()
    assert window.decisionView.title.text() == "<b>Predicted value</b>"
    assert window.plots.scoreName == "R²"
    c.datasetCombo.activated.emit(c.datasetCombo.findData("xor"))
    qtbot.waitUntil(lambda: window.session.settings.dataset == "xor", timeout=5000)
    assert window.session.settings.output == "softmax"


def test_l1_l2_rates_reach_the_network_live(window, qtbot):
    c = window.controls
    gen = window.session.generation
    c.l1Combo.setCurrentIndex(c.l1Combo.findData(0.001))
    c.l2Combo.setCurrentIndex(c.l2Combo.findData(0.01))
    c.flush()
    s = window.session.settings
    assert (s.l1, s.l2) == (0.001, 0.01) and window.session.generation == gen  # no rebuild
    assert (window.session.network.l1, window.session.network.l2) == (0.001, 0.01)
    step = window.currentNetwork().train_step(*window.nextSample(), window.makeOptimizer())
    assert step.penalty > 0 and step.layers[0].dW_penalty is not None


def test_discretize_toggle_is_a_setting(window, qtbot):
    window.decisionView.discretize.setChecked(True)
    assert window.session.settings.discretize
    draw(window, qtbot)
    colours = np.unique(window.decisionView.heatmapImage().reshape(-1, 3), axis=0)
    assert len(colours) <= 2  # hard classes


def _train(window, qtbot, n: int) -> list:
    window.sessionQt.stepOnce(n)
    qtbot.waitUntil(lambda: window.session.step >= n, timeout=15000)
    qtbot.waitUntil(lambda: not window.sessionQt.running)
    qtbot.wait(200)  # the last parameters
    return window.session.network.params()


def test_copied_setup_reopens_the_same_run(window, qtbot, tmp_path):
    s = window.session.settings.replace(
        features=["x1", "x2", "x1*x2"], l1=0.001, l2=0.003, train_fraction=0.6, batch_size=7,
        optimizer="sgd", seed=4,
    )  # fmt: skip
    window.sessionQt.loadData(s)
    qtbot.waitUntil(lambda: window.session.settings.seed == 4 and window.session.ready)
    code = window.setupSharing.copy()
    assert QGuiApplication.clipboard().text() == code and code.startswith("1.")
    first = _train(window, qtbot, 50)
    window.sessionQt.loadData(Settings(dataset="xor"))  # something else in between
    qtbot.waitUntil(lambda: window.session.settings.dataset == "xor")
    assert window.setupSharing.openText("nnviz://setup/" + code)
    qtbot.waitUntil(lambda: window.session.settings.dataset == "circles")
    again = _train(window, qtbot, 50)
    for (W1, b1), (W2, b2) in zip(first, again, strict=True):
        np.testing.assert_array_equal(W1, W2)
        np.testing.assert_array_equal(b1, b2)
    path = tmp_path / "lesson.nnviz-setup"
    write_setup_file(path, decode(code))
    window.sessionQt.loadData(Settings(dataset="xor"))
    qtbot.waitUntil(lambda: window.session.settings.dataset == "xor")
    assert window.openPath(str(path))  # as `nnviz lesson.nnviz-setup` does
    qtbot.waitUntil(lambda: window.session.settings.dataset == "circles")
    assert window.session.settings.features == ["x1", "x2", "x1*x2"]


@pytest.mark.parametrize(
    "text",
    ["", "hello", "2.abc", "1.!!!", "1." + "A" * 5000, "nnviz://other/1.abc",
     "1.q1YqVkpRslIqS8wpTVWy"],
)  # fmt: skip
def test_hostile_codes_change_nothing(window, qtbot, text):
    before = window.session.settings
    gen = window.session.generation
    dialog = SetupDialog(window)
    qtbot.addWidget(dialog)
    dialog.edit.setText(text)
    dialog.tryAccept()
    assert dialog.setup is None and dialog.result() == 0
    msg = dialog.error.text()
    assert msg and "\n" not in msg
    assert not window.setupSharing.openText(text)
    assert window.session.settings == before and window.session.generation == gen
    with pytest.raises(SetupError):
        parse_link(text)


def test_csv_runs_cannot_be_shared(window, qtbot, tmp_path):
    window.session.settings = window.session.settings.replace(dataset=str(tmp_path / "a.csv"))
    assert window.setupSharing.copy() == ""


def test_csv_opened_as_regression(window, qtbot, tmp_path):
    from nnviz.ui.shell import files

    rng = np.random.default_rng(1)
    X = rng.normal(size=(80, 3))
    rows = ["a,b,c,price"] + [f"{a:.4f},{b:.4f},{c:.4f},{a + 2 * b:.4f}" for a, b, c in X]
    path = tmp_path / "prices.csv"
    path.write_text("\n".join(rows) + "\n")
    assert files.open_path(window, path, regression=True)
    qtbot.waitUntil(lambda: window.session.dataset is not None
                    and window.session.dataset.name == "prices", timeout=5000)  # fmt: skip
    ds, s = window.session.dataset, window.session.settings
    assert ds.regression and s.regression and (s.output, s.loss) == ("linear", "mse")
    assert window.session.network.sizes[0] == 3 and window.session.network.sizes[-1] == 1
    assert window.controls.featurePicker.squares.isVisibleTo(window.controls)
    assert window.plots.scoreName == "R²"
