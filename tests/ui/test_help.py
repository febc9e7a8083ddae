"""Help menu: tour pages, a shortcut sheet generated from the window's actions, About."""

from __future__ import annotations

import pytest
from fake_window import FakeWindow
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from nnviz import __version__
from nnviz.ui.help import menu as nnhelp
from nnviz.ui.help.about import LICENCES, AboutDialog, app_icon, version_info

# The offscreen platform cannot resize or raise windows and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")


@pytest.fixture
def window(qtbot):
    w = FakeWindow()
    qtbot.addWidget(w)
    w.helpActions = nnhelp.install(w)
    return w


def test_menu_entries_and_keys(window):
    texts = [a.text() for a in window.helpMenu.actions() if not a.isSeparator()]
    assert texts == [
        "&Quick tour",
        "&Keyboard shortcuts",
        "Open &log folder",
        "&About nnviz",
        "About &Qt",
    ]
    h = window.helpActions
    assert h.tourAction.shortcut().toString() == "F1"
    assert h.shortcutsAction.shortcut().toString() == "Ctrl+/"
    for a in window.helpMenu.actions():
        assert a.isSeparator() or a.toolTip()
    assert not QApplication.instance().windowIcon().isNull()
    assert "F1" in window.statusBar().currentMessage()


def test_shortcut_sheet_lists_the_real_actions(window, qtbot):
    groups = dict(nnhelp.collect_shortcuts(window))
    assert groups["File"] == [("Open", "Ctrl+O"), ("Quit", "Ctrl+Q")]
    assert ("Start training", "Space") in groups["Train"]
    assert ("Quick tour", "F1") in groups["Help"]
    assert groups["Other"] == [("Zoom in", "Ctrl+=")]
    assert all("No shortcut" not in t for rows in groups.values() for t, _ in rows)
    # A shortcut added later shows up the next time the sheet opens.
    window.trainMenu.actions()[0].setShortcut("Ctrl+T")
    sheet = window.helpActions.showShortcuts()
    qtbot.addWidget(sheet)
    assert ("Start training", "Ctrl+T") in sheet.rows()
    sheet.filter.setText("zoom")
    assert sheet.rows() == [("Zoom in", "Ctrl+=")]
    sheet.filter.setText("")
    assert len(sheet.rows()) == sum(len(r) for r in groups.values())
    sheet.close()


def test_tour_pages_and_keys(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    tour = window.helpActions.showTour()
    assert tour.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tour)  # arrow keys go to the tour
    assert tour is window.helpActions.showTour()  # one tour at a time
    n = tour.stack.count()
    assert 4 <= n <= 6
    assert not tour.back.isEnabled()
    for i in range(1, n):
        qtbot.keyClick(tour, Qt.Key.Key_Right)
        assert tour.stack.currentIndex() == i
    assert tour.next.text() == "&Done"
    qtbot.keyClick(tour, Qt.Key.Key_Left)
    assert tour.stack.currentIndex() == n - 2
    assert "Space" in tour.pages[0].text  # the real "start training" key
    # Every picture paints without errors.
    for i in range(n):
        tour.setPage(i)
        assert not tour.stack.currentWidget().grab().isNull()
    tour.setPage(n - 1)
    tour.next.click()
    qtbot.waitUntil(lambda: window.helpActions.tour is None)


def test_f1_opens_the_tour(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.helpActions.tourAction.trigger()
    assert window.helpActions.tour is not None and window.helpActions.tour.isVisible()
    window.helpActions.tour.close()


def test_about(qtbot):
    about = AboutDialog()
    qtbot.addWidget(about)
    html = about.licences.toPlainText()
    for name, lic, _, _ in LICENCES:
        assert name in html and lic in html
    assert "LGPL" in html and "CC BY-SA 3.0" in html and "LeCun" in html and "Burges" in html
    assert __version__ in about.versions and "PySide6" in about.versions
    assert version_info().startswith(f"nnviz {__version__}")
    copy = next(b for b in about.findChildren(QPushButton) if b.text() == "Copy &version info")
    copy.click()
    assert QGuiApplication.clipboard().text() == about.versions


def test_icon_has_sizes():
    icon = app_icon()
    assert not icon.isNull()
    assert icon.pixmap(48, 48).width() == 48


def test_the_real_window_lists_step_keys_and_each_key_once_per_context(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from nnviz.app.settings import Settings
    from nnviz.ui.shell.main_window import MainWindow

    qs = QSettings(str(tmp_path / "nnviz.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=Settings(hidden=[4], steps_per_second=0), qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    qtbot.addWidget(w)
    groups = dict(nnhelp.collect_shortcuts(w))
    step = next(rows for g, rows in groups.items() if g.startswith("Step"))
    keys = {k for _, k in step}
    assert {"→", "←", "Space", "Home", "End", "N"} <= keys
    for rows in groups.values():  # no key twice within one context
        ks = [k for _, k in rows]
        assert len(ks) == len(set(ks)), rows
    opens = [(g, t) for g, rows in groups.items() for t, k in rows if k == "Ctrl+O"]
    assert len(opens) <= 2 and len({g for g, _ in opens}) == len(opens), opens
    w.close()
