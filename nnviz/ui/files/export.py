"""The Export menu: network picture (PNG/SVG), plots (PNG/CSV), training history (CSV),
an animated GIF of training steps; plus drag-and-drop and autosave (see `files`).

`install(window)` fills `window.exportMenu`. Every export asks for a file name (tests
replace `Exporter.askPath`), writes atomically and reports in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QProgressDialog,
)

from nnviz.app.history import write_history_csv as write_csv
from nnviz.ui.common import file_dialogs
from nnviz.ui.common.host import ExportHost
from nnviz.ui.files.gif_export import GifDialog, GifOptions, GifRecorder


def write_history_csv(path: str | Path, history: Any, comment: str = "") -> int:
    """The session's history in the one history CSV format
    (`nnviz.app.history.write_history_csv`). Returns the number of step rows."""
    return write_csv(path, history.steps, history.losses, history.epochs, comment)


class Exporter(QObject):
    """The Export menu's actions for one window."""

    def __init__(self, window: ExportHost):
        super().__init__(window.window())
        self.window = window
        self.askPath: Callable[[str, str, str], str] = self._askPath
        self.askGifOptions: Callable[[GifOptions], GifOptions | None] = self._askGifOptions
        self.recorder: GifRecorder | None = None
        self.progress: QProgressDialog | None = None
        self.gifOptions = GifOptions()
        menu = window.exportMenu
        self.actions: dict[str, QAction] = {}
        for key, text, tip, slot, keys in [
            ("networkPNG", "&Network picture (PNG)…", "Save the network view as a PNG image",
             self.exportNetworkPNG, "Ctrl+E"),
            ("networkSVG", "Network picture (&SVG)…", "Save the network view as an SVG drawing",
             self.exportNetworkSVG, None),
            (None, None, None, None, None),
            ("plotsPNG", "&Plots (PNG)…", "Save the loss and accuracy plots as a PNG image",
             self.exportPlotsPNG, None),
            ("plotsCSV", "Plots (&CSV)…", "Save the plotted curves as CSV", self.exportPlotsCSV,
             None),
            ("historyCSV", "Training &history (CSV)…",
             "Save every step's loss and each epoch's metrics as CSV", self.exportHistoryCSV,
             None),
            (None, None, None, None, None),
            ("gif", "Animated &GIF of training…",
             "Record a few training steps of the network view as an animated GIF",
             self.exportGif, "Ctrl+Shift+G"),
        ]:  # fmt: skip
            if key is None:
                menu.addSeparator()
                continue
            a = QAction(text, window.window())
            a.setToolTip(tip)
            a.setStatusTip(tip)
            if keys:
                a.setShortcut(QKeySequence(keys))
            a.triggered.connect(slot)
            menu.addAction(a)
            self.actions[key] = a

    # ------------------------------------------------------------ helpers

    def _askPath(self, title: str, name: str, filter_: str) -> str:
        return file_dialogs.save_path(self.window.window(), title, name, filter_)

    def _ask(self, title: str, name: str, filter_: str, suffix: str) -> Path | None:
        path = self.askPath(title, name, filter_)
        if not path:
            return None
        p = Path(path)
        return p if p.suffix.lower() == suffix else p.with_name(p.name + suffix)

    def _stem(self) -> str:
        label = self.window.session.settings.dataset_label or "nnviz"
        return f"nnviz-{Path(str(label)).stem}"

    def _done(self, path: Path) -> None:
        self.window.statusBar().showMessage(f"Saved {path}", 6000)

    def _failed(self, what: str, error: object) -> None:
        self.window.showError(f"Could not export {what}: {error}")

    def _run(self, what: str, path: Path | None, write: Callable[[Path], Any]) -> bool:
        if path is None:
            return False
        try:
            write(path)
        except (OSError, ValueError, RuntimeError) as e:
            self._failed(what, e)
            return False
        self._done(path)
        return True

    # ------------------------------------------------------------ actions

    @Slot()
    def exportNetworkPNG(self) -> bool:
        path = self._ask("Save the network picture", f"{self._stem()}-network.png",
                         "PNG images (*.png)", ".png")  # fmt: skip
        return self._run(
            "the network picture", path, lambda p: self.window.networkView.exportImage(str(p))
        )

    @Slot()
    def exportNetworkSVG(self) -> bool:
        path = self._ask("Save the network drawing", f"{self._stem()}-network.svg",
                         "SVG drawings (*.svg)", ".svg")  # fmt: skip
        return self._run(
            "the network drawing", path, lambda p: self.window.networkView.exportImage(str(p))
        )

    @Slot()
    def exportPlotsPNG(self) -> bool:
        path = self._ask(
            "Save the plots", f"{self._stem()}-plots.png", "PNG images (*.png)", ".png"
        )
        return self._run("the plots", path, lambda p: self.window.plots.exportPNG(str(p)))

    @Slot()
    def exportPlotsCSV(self) -> bool:
        path = self._ask(
            "Save the plotted curves", f"{self._stem()}-curves.csv", "CSV (*.csv)", ".csv"
        )
        return self._run("the curves", path, lambda p: self.window.plots.exportCSV(str(p)))

    @Slot()
    def exportHistoryCSV(self) -> bool:
        session = self.window.session
        if len(session.history) == 0 and len(session.history.epochs) == 0:
            self.window.statusBar().showMessage("Nothing to export yet: train first.", 6000)
            return False
        path = self._ask(
            "Save the training history", f"{self._stem()}-history.csv", "CSV (*.csv)", ".csv"
        )
        s = session.settings
        from nnviz import __version__

        comment = (
            f"nnviz {__version__} training history; data {s.dataset_label}; "
            f"optimizer {s.optimizer} lr {s.lr:g}"
        )
        return self._run(
            "the training history", path, lambda p: write_history_csv(p, session.history, comment)
        )

    def _askGifOptions(self, options: GifOptions) -> GifOptions | None:
        dialog = GifDialog(self.window.window(), options)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        result = dialog.options() if ok else None
        dialog.deleteLater()
        return result

    @Slot()
    def exportGif(self) -> GifRecorder | None:
        if self.recorder is not None and self.recorder.running:
            return self.recorder
        if not self.window.session.ready:
            self.window.statusBar().showMessage("Load a data set first.", 6000)
            return None
        options = self.askGifOptions(self.gifOptions)
        if options is None:
            return None
        self.gifOptions = options
        path = self._ask(
            "Save the animation", f"{self._stem()}-training.gif", "GIF animations (*.gif)", ".gif"
        )
        if path is None:
            return None
        self.window.sessionQt.pause()  # the view shows the recording, not the live training
        rec = self.recorder = GifRecorder(self.window, path, options)
        self.progress = QProgressDialog(
            "Recording training steps…", "Cancel", 0, rec.total, self.window.window()
        )
        self.progress.setWindowTitle("Animated GIF")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(rec.cancel)
        rec.sigProgress.connect(self._progress)
        rec.sigFinished.connect(self._gifDone)
        rec.sigFailed.connect(self._gifFailed)
        rec.start()
        return rec

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setValue(min(done, total - 1))  # stay open while encoding
            if done >= total:
                self.progress.setLabelText("Writing the GIF…")

    def _closeProgress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    @Slot(str)
    def _gifDone(self, path: str) -> None:
        self._closeProgress()
        self._done(Path(path))

    @Slot(str)
    def _gifFailed(self, message: str) -> None:
        self._closeProgress()
        if message == "cancelled":
            self.window.statusBar().showMessage("GIF recording cancelled.", 5000)
        else:
            self._failed("the animation", message)


def install(window: ExportHost) -> Exporter:
    """Fill `window.exportMenu`; accept dropped files; autosave the session."""
    from nnviz.ui.files import autosave as files

    window.exporter = Exporter(window)
    files.install(window)
    return window.exporter


__all__ = ["Exporter", "GifDialog", "install", "write_history_csv"]
