"""Getting MNIST when it is not on disk: download it, import a folder, or pick toy data.

Downloads and imports run on a thread (`nnviz.data.fetch_mnist`) with progress
in the status bar; when the files are in place `sigReady` fires.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from nnviz.data import DataFileError, fetch_mnist
from nnviz.data.download import DownloadError
from nnviz.data.mnist import find_mnist
from nnviz.ui.common import file_dialogs
from nnviz.ui.common.tasks import BackgroundTask

MNIST_MB = 11
IMPORT = "Import from folder…"


def plain_failure(e: DownloadError) -> str:
    """What a failed download means, in plain words, and what to do in the app."""
    if e.unreachable:
        return (
            "This computer seems to be offline: none of the MNIST download sites could be "
            "reached. Copy the four MNIST .gz files from a computer that is online and choose "
            f"“{IMPORT}”, or keep training the toy data sets."
        )
    return (
        f"The MNIST download sites did not deliver {e.name} (they may have moved). Try again "
        f"later, or get the four .gz files another way and choose “{IMPORT}”."
    )


def _fetch(source_folder: str | None, progress) -> object:
    """`fetch_mnist` on the worker thread; a failed download explained in plain words."""
    try:
        return fetch_mnist(source_folder=source_folder, progress=progress)
    except DownloadError as e:
        raise DataFileError(plain_failure(e)) from e


def mnist_available() -> bool:
    return find_mnist() is not None


class MnistSetup(QObject):
    """Ask how to get MNIST and fetch it in the background."""

    sigReady = Signal()
    sigFailed = Signal(str)
    sigProgress = Signal(str, int, int)  # file, done, total

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.parentWidget = parent
        self.task: BackgroundTask | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None

    def ask(self) -> str:
        """Show the choice; returns "download", "import" or "cancel" (and starts the work)."""
        box = QMessageBox(self.parentWidget)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("MNIST is not on this computer")
        box.setText("The MNIST digits (70,000 images) are not downloaded yet.")
        box.setInformativeText(
            f"Download them now (about {MNIST_MB} MB, checked against published checksums), "
            "import the four original .gz files from a folder, or keep training toy data."
        )
        download = box.addButton("Download", QMessageBox.ButtonRole.AcceptRole)
        download.setToolTip("Fetch the four MNIST files from the public mirrors")
        folder = box.addButton(IMPORT, QMessageBox.ButtonRole.ActionRole)
        folder.setToolTip("Pick a folder that holds train-images-idx3-ubyte.gz and the others")
        box.addButton("Use toy data", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        if clicked is download:
            self.start(None)
            return "download"
        if clicked is folder and self.importFolder():
            return "import"
        return "cancel"

    def importFolder(self) -> bool:
        """Ask for the folder holding the four .gz files and import them (True if picked)."""
        path = file_dialogs.open_folder(self.parentWidget, "Folder with the MNIST files")
        if path:
            self.start(path)
        return bool(path)

    def start(self, source_folder: str | None) -> None:
        """Download (or import from `source_folder`) on a thread."""
        if self.task is not None:
            return
        task = BackgroundTask(lambda progress: _fetch(source_folder, progress), "fetch-mnist")
        task.sigProgress.connect(self._onProgress)
        task.sigDone.connect(self._onDone)
        task.sigFailed.connect(self._onFailed)
        self.task = task.start()

    @Slot(str, int, int)
    def _onProgress(self, name: str, done: int, total: int) -> None:
        self.sigProgress.emit(name, done, total)

    @Slot(object)
    def _onDone(self, _path: object) -> None:
        self.task = None
        self.sigReady.emit()

    @Slot(str)
    def _onFailed(self, message: str) -> None:
        self.task = None
        self.sigFailed.emit(message)

    def cancel(self) -> None:
        """Stop listening (the thread finishes its current file and exits with the app)."""
        if self.task is not None:
            self.task.cancelled = True
            self.task = None
