"""A stand-in main window with the menus and attributes panels rely on (for panel tests)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow


class FakeWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("nnviz")
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
