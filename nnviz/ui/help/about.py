"""About nnviz: version, what it is built on and under which licences; the app icon."""

from __future__ import annotations

import platform
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

APP_ID = "io.github.nnviz.NNViz"
HOMEPAGE = "https://github.com/nnviz/nnviz"
LICENCES = [
    ("nnviz", "MIT", "the nnviz contributors", HOMEPAGE),
    (
        "Qt 6 / PySide6",
        "LGPL-3.0",
        "The Qt Company",
        "https://www.qt.io/licensing/open-source-lgpl-obligations",
    ),
    ("pyqtgraph", "MIT", "Luke Campagnola and contributors", "https://www.pyqtgraph.org"),
    ("NumPy", "BSD-3-Clause", "NumPy developers", "https://numpy.org"),
    ("Pillow", "MIT-CMU", "Jeffrey A. Clark and contributors", "https://python-pillow.org"),
    ("platformdirs", "MIT", "platformdirs developers", "https://github.com/tox-dev/platformdirs"),
    ("tqdm", "MPL-2.0 / MIT", "tqdm developers", "https://tqdm.github.io"),
    (
        "MNIST data set",
        "CC BY-SA 3.0",
        "Yann LeCun, Corinna Cortes, Christopher J. C. Burges",
        "https://creativecommons.org/licenses/by-sa/3.0/",
    ),
]


def app_icon() -> QIcon:
    """The nnviz icon (SVG plus the rendered PNG sizes when present)."""
    from nnviz.data import resource_path

    icon = QIcon()
    for n in (16, 24, 32, 48, 64, 128, 256, 512):
        png = resource_path("icons", "hicolor", f"{n}x{n}", "apps", f"{APP_ID}.png")
        if png.exists():
            icon.addFile(str(png))
    svg = resource_path("icons", "nnviz.svg")
    if svg.exists():
        icon.addFile(str(svg))
    return icon


def version_info() -> str:
    """Versions of nnviz, Python, Qt, PySide6, pyqtgraph and NumPy, one per line."""
    import numpy
    import PySide6
    from PySide6.QtCore import qVersion

    from nnviz import __version__

    try:
        import pyqtgraph

        pg = pyqtgraph.__version__
    except ImportError:
        pg = "not installed"
    return "\n".join(
        [
            f"nnviz {__version__}",
            f"Python {platform.python_version()} ({sys.platform})",
            f"Qt {qVersion()}, PySide6 {PySide6.__version__}",
            f"pyqtgraph {pg}, NumPy {numpy.__version__}",
            f"Platform plugin: {QGuiApplication.platformName()}",
        ]
    )


class AboutDialog(QDialog):
    """Icon, version, what nnviz is, and the licences of what it is made of."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from nnviz import __version__

        self.setWindowTitle("About nnviz")
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(72, 72))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        head = QLabel(
            f"<h2>nnviz {__version__}</h2>"
            "<p>Watch neural networks learn: train a network and watch it, draw a digit "
            "and see it classified, step through backpropagation with the real numbers.</p>"
            f"<p><a href='{HOMEPAGE}'>{HOMEPAGE}</a></p>"
        )
        head.setWordWrap(True)
        head.setOpenExternalLinks(True)
        rows = "".join(
            f"<tr><td><b>{name}</b></td><td>{lic}</td><td>{who}<br>"
            f"<a href='{url}'>{url}</a></td></tr>"
            for name, lic, who, url in LICENCES
        )
        self.licences = QTextBrowser()
        self.licences.setOpenExternalLinks(True)
        self.licences.setHtml(
            "<p>nnviz is free software under the MIT licence. It is built on:</p>"
            f"<table cellspacing='0' cellpadding='4'>{rows}</table>"
            "<p>Qt and PySide6 are used under the GNU LGPL version 3 as shared libraries "
            "you may replace. The digit model and sample digits are derived from MNIST "
            "(LeCun, Cortes, Burges) under CC BY-SA 3.0.</p>"
            "<p>The full licence texts ship in the <code>licenses</code> folder of the app "
            "bundle, and with each Python package's metadata.</p>"
        )
        self.versions = version_info()
        versions = QLabel(self.versions.replace("\n", "<br>"))
        versions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = QPushButton("Copy &version info")
        copy.setToolTip("Copy the versions above, e.g. for a bug report")
        copy.setAutoDefault(False)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.versions))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(head, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.licences, 1)
        layout.addWidget(versions)
        layout.addWidget(buttons)
        self.resize(600, 560)
