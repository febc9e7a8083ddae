"""A stand-in main window with the menus and attributes panels rely on (for panel tests)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow


class FakeWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("nnviz")
        ini = Path(tempfile.mkdtemp(prefix="nnviz-test-")) / "nnviz.ini"
        self.qsettings = QSettings(str(ini), QSettings.IniFormat)
        self.fileMenu = self.menuBar().addMenu("&File")
        self.exportMenu = self.fileMenu.addMenu("&Export")
        self.trainMenu = self.menuBar().addMenu("&Train")
        self.viewMenu = self.menuBar().addMenu("&View")
        self.helpMenu = self.menuBar().addMenu("&Help")
        for menu, text, keys in [
            (self.fileMenu, "&Open…", "Ctrl+O"),
            (self.fileMenu, "&Quit", "Ctrl+Q"),
            (self.trainMenu, "&Start training", "Space"),
            (self.trainMenu, "&One step", "Ctrl+Right"),
            (self.viewMenu, "&Draw panel", "Ctrl+D"),
        ]:
            a = QAction(text, self)
            a.setShortcut(QKeySequence(keys))
            menu.addAction(a)
        self.trainMenu.addAction(QAction("No shortcut here", self))
        zoom = QAction("Zoom in", self)
        zoom.setShortcut(QKeySequence("Ctrl+="))
        self.addAction(zoom)
        self.setCentralWidget(QLabel("central"))
        self.resize(900, 600)


class FakeView(QLabel):
    """Records what the network view was asked to show; paints the call count."""

    def __init__(self) -> None:
        super().__init__("view")
        self.calls: list[tuple] = []
        self.resize(640, 360)

    def exportImage(self, path: str) -> None:
        if path.endswith(".svg"):
            Path(path).write_text("<svg/>")
        else:
            self.grab().save(path)

    def showFrame(self, step, phase, layer) -> None:
        self.calls.append(("frame", phase, layer))
        self.setText(f"{phase} {layer} {len(self.calls)}")

    def setParams(self, params) -> None:
        self.calls.append(("params", len(params)))


class FakePlots(QLabel):
    def exportPNG(self, path: str) -> None:
        self.grab().save(path)

    def exportCSV(self, path: str) -> None:
        Path(path).write_text("step,loss\n")


class FakeSessionQt:
    def __init__(self) -> None:
        self.pauses = 0

    def pause(self) -> None:
        self.pauses += 1


class SessionWindow(FakeWindow):
    """FakeWindow plus a real toy-data `Session` and the window methods panels call."""

    def __init__(self) -> None:
        from nnviz.app.session import Session, Settings, load_dataset

        super().__init__()
        settings = Settings(dataset="xor", n_samples=64)
        self.session = Session(settings, load_dataset(settings))
        self.sessionQt = FakeSessionQt()
        self.networkView = FakeView()
        self.plots = FakePlots("plots")
        self.drawPanel = None
        self.opened: list[str] = []
        self.errors: list[str] = []

    def currentNetwork(self):
        return self.session.current_network()

    def makeOptimizer(self):
        return self.session.make_optimizer()

    def nextSample(self):
        return self.session.next_sample()

    def openPath(self, path) -> bool:
        self.opened.append(str(path))
        return True

    def showError(self, text: str) -> None:
        self.errors.append(text)

    def panel(self, name: str):
        return None
