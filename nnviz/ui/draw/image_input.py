"""Images that arrive on the drawing pad: dropped or pasted files and pictures."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QImage

from nnviz.data import DataFileError, load_image


def ink_from_qimage(image: QImage) -> np.ndarray:
    """2-D float ink (1 = ink) from any QImage, read like a file by `nnviz.data.load_image`."""
    with tempfile.TemporaryDirectory(prefix="nnviz-") as folder:
        path = Path(folder) / "pasted.png"
        if image.isNull() or not image.save(str(path), "PNG"):
            raise DataFileError("the clipboard holds no readable image")
        return load_image(path)


def mime_source(data: QMimeData | None) -> str | QImage | None:
    """The first local file of `data` (its path), else its image, else None."""
    if data is None:
        return None
    files = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
    if files:
        return files[0]
    if data.hasImage():
        return QImage(data.imageData())
    return None


def offers_image(data: QMimeData) -> bool:
    """True if `data` carries an image or a local file worth trying."""
    return data.hasImage() or any(u.isLocalFile() for u in data.urls())
