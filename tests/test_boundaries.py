"""The Qt-free layers stay Qt-free: importing them never loads PySide6 or pyqtgraph."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

QT_FREE = ["nnviz", "nnviz.engine", "nnviz.data", "nnviz.app.session", "nnviz.teach.frames"]


@pytest.mark.parametrize("module", QT_FREE)
def test_module_does_not_import_qt(module):
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'pyqtgraph', 'PyQt5', 'PyQt6'))\n"
        "print(json.dumps(bad))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    if r.returncode != 0 and "No module named" in r.stderr and module in r.stderr:
        pytest.skip(f"{module} does not exist yet")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [], f"{module} imports Qt: {r.stdout}"


def test_display_probe_is_qt_free():
    """The probe runs before Qt may start, so it must not import it."""
    code = "import sys, nnviz.ui.display; print('PySide6' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "False", r.stderr
