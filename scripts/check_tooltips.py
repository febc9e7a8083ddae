"""List the controls of the main window (and its panels) that have no tooltip.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/check_tooltips.py

A control counts as explained when it, or the action it shows, has a tooltip. Prints one
line per gap (the widget's class, its text and where it lives) and exits 1 if any.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTabBar,
    QToolButton,
    QWidget,
)

CONTROLS = (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QComboBox, QLineEdit)


def _where(w: QWidget) -> str:
    names = []
    p: QWidget | None = w.parentWidget()
    while p is not None:
        title = (
            p.windowTitle() if p.isWindow() or p.metaObject().className() == "QDockWidget" else ""
        )
        if title:
            names.append(title)
        p = p.parentWidget()
    return " < ".join(names[:2]) or "?"


def gaps(window: QWidget) -> list[str]:
    out = []
    for w in window.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or isinstance(w, QTabBar):
            continue
        if not w.isVisibleTo(window) or w.toolTip():
            continue
        parent = w.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox) and parent.toolTip():
            continue  # the line edit inside a spin box or combo box
        if isinstance(w, QToolButton) and w.defaultAction() and w.defaultAction().toolTip():
            continue
        cls = w.metaObject().className()
        if cls.startswith("QDockWidget") or cls in ("QScrollBar", "QTableCornerButton"):
            continue
        text = w.text() if hasattr(w, "text") and callable(w.text) else ""
        out.append(f"{cls:<16} {text!r:<28} in {_where(w)}")
    return out


def main() -> int:
    from nnviz.ui.app import create_app

    create_app()
    from nnviz.ui.shell.main_window import MainWindow

    qs = QSettings(str(Path(tempfile.mkdtemp()) / "nnviz.ini"), QSettings.Format.IniFormat)
    w = MainWindow(qsettings=qs, restore=False)
    w.setConfirmOnClose(False)
    w.show()
    for name in ("controls", "plots", "decision", "weights", "draw", "step"):
        dock = w.panel(name)
        if dock is not None:
            dock.show()
    QTest.qWait(500)
    found = sorted(set(gaps(w)))
    for line in found:
        print(line)
    print(f"{len(found)} control(s) without a tooltip", file=sys.stderr)
    w.close()
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
