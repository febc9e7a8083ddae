"""Teaching from a projector: View › Text size and View › Presentation.

Text size (Ctrl+= larger, Ctrl+- smaller, Ctrl+0 normal) scales the application font,
every widget's own font and the network drawing together, and is remembered.
Presentation (F5) hides the secondary panels of the current workspace and brings them
back when turned off (or before another workspace is shown).
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QByteArray, QObject, QSettings, Slot
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu, QWidget

SCALES = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)
SETTING = "view/textScale"
BASE_PT = "nnvizBasePointSize"  # a widget's own font size at scale 1 (dynamic property)
APP_SCALE = "nnvizTextScale"  # the application font's scale now (property of the app)
# what each workspace keeps in presentation (besides the network in the middle)
PRIMARY = {"train": ("plots", "decision"), "draw": ("draw",), "step": ("step",)}


class ScaledView(Protocol):
    def setTextScale(self, f: float) -> None: ...
    def setFont(self, font: QFont) -> None: ...


class PresentationHost(Protocol):
    """What text size and presentation use of the window (`MainWindow` provides it)."""

    qsettings: QSettings
    viewMenu: QMenu
    workspaces: Any  # sigAboutToChange(str), sigChanged(str)
    docks: Any  # names(), get(name)

    @property
    def networkView(self) -> ScaledView: ...
    def currentWorkspace(self) -> str: ...
    def saveState(self, version: int = 0) -> QByteArray: ...
    def restoreState(self, state: QByteArray, version: int = 0) -> bool: ...
    def addAction(self, action: QAction) -> None: ...


def scaled(font: QFont, f: float) -> QFont:
    """A copy of `font` f times as large (point or pixel size, whichever it has)."""
    out = QFont(font)
    if font.pointSizeF() > 0:
        out.setPointSizeF(font.pointSizeF() * f)
    else:
        out.setPixelSize(max(round(font.pixelSize() * f), 1))
    return out


def nearest_index(f: float) -> int:
    return min(range(len(SCALES)), key=lambda k: abs(SCALES[k] - f))


class TextSize(QObject):
    """`scale()`, `setScale(f)`, `larger()`, `smaller()`, `normal()`."""

    def __init__(self, window: PresentationHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.w = window
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.app = app
        self._scale = self.appScale()
        self.base = scaled(app.font(), 1.0 / self._scale)  # the font at scale 1
        window.networkView.setFont(QFont(self.base))  # its text follows setTextScale only
        menu = window.viewMenu.addMenu("Te&xt size")
        self.actions: dict[str, QAction] = {}
        for name, text, key, slot in (
            ("larger", "&Larger text", "Ctrl+=", self.larger),
            ("smaller", "&Smaller text", "Ctrl+-", self.smaller),
            ("normal", "&Normal size", "Ctrl+0", self.normal),
        ):
            act = QAction(text, window)  # type: ignore[arg-type]
            keys = [QKeySequence(key)] + ([QKeySequence("Ctrl++")] if name == "larger" else [])
            act.setShortcuts(keys)
            act.setToolTip(f"{text.replace('&', '')}: every panel and the network ({key})")
            act.triggered.connect(slot)
            menu.addAction(act)
            window.addAction(act)
            self.actions[name] = act
        saved = window.qsettings.value(SETTING, 1.0)
        try:
            f = float(saved)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            f = 1.0
        if f != 1.0 or self._scale != 1.0:
            self.setScale(f)

    def scale(self) -> float:
        return self._scale

    def appScale(self) -> float:
        """The scale the application font has now (1 until a window changed it)."""
        f = self.app.property(APP_SCALE)
        return float(f) if isinstance(f, (int, float)) and f > 0 else 1.0

    @Slot()
    def larger(self) -> None:
        self.setScale(SCALES[min(nearest_index(self._scale) + 1, len(SCALES) - 1)])

    @Slot()
    def smaller(self) -> None:
        self.setScale(SCALES[max(nearest_index(self._scale) - 1, 0)])

    @Slot()
    def normal(self) -> None:
        self.setScale(1.0)

    def setScale(self, f: float) -> None:
        """Every font at f × its normal size (clamped to the choices' range); remembered."""
        f = min(max(float(f), SCALES[0]), SCALES[-1])
        old, self._scale = self.appScale(), f
        font = scaled(self.base, f)
        # widgets with a font of their own keep its ratio to the application font
        # this window's widgets only: other top-levels (closed windows awaiting deletion)
        # may be half gone, and touching them can crash
        own = [w for w in (self.w, *self.w.findChildren(QWidget)) if self._ownFont(w)]
        for w in own:
            if w.property(BASE_PT) is None:
                w.setProperty(BASE_PT, w.font().pointSizeF() / old)
        self.app.setFont(font)
        self.app.setProperty(APP_SCALE, f)
        for w in own:
            wf = QFont(w.font())
            wf.setPointSizeF(float(w.property(BASE_PT)) * f)
            w.setFont(wf)
        self.w.networkView.setTextScale(f)
        self.w.qsettings.setValue(SETTING, f)

    def _ownFont(self, w: QWidget) -> bool:
        from PySide6.QtCore import Qt

        return (
            w.testAttribute(Qt.WidgetAttribute.WA_SetFont)
            and w is not self.w.networkView
            and w.font().pointSizeF() > 0
        )


class Presentation(QObject):
    """A checkable View › Presentation (F5): the current workspace's main panels only."""

    def __init__(self, window: PresentationHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.w = window
        self._saved: QByteArray | None = None
        self.action = act = QAction("&Presentation", window)  # type: ignore[arg-type]
        act.setCheckable(True)
        act.setShortcut(QKeySequence("F5"))
        act.setToolTip("Show only this workspace's main panels, for a projector (F5)")
        act.setStatusTip(act.toolTip())
        act.toggled.connect(self.setOn)
        window.viewMenu.addAction(act)
        window.addAction(act)
        window.workspaces.sigAboutToChange.connect(self.leave)

    def isOn(self) -> bool:
        return self._saved is not None

    @Slot(bool)
    def setOn(self, on: bool) -> None:
        if on == self.isOn():
            return
        if on:
            self._saved = self.w.saveState(1)
            keep = PRIMARY.get(self.w.currentWorkspace(), ())
            for name in self.w.docks.names():
                dock: QDockWidget | None = self.w.docks.get(name)
                if dock is not None and name not in keep and dock.isVisible():
                    dock.hide()
        else:
            saved, self._saved = self._saved, None
            if saved is not None:
                self.w.restoreState(saved, 1)
        if self.action.isChecked() != on:
            self.action.setChecked(on)

    @Slot()
    def leave(self) -> None:
        """Before another workspace shows: put this one's panels back."""
        self.setOn(False)


def install(window: PresentationHost) -> tuple[TextSize, Presentation]:
    """View › Text size and View › Presentation."""
    window.viewMenu.addSeparator()
    text = TextSize(window)
    pres = Presentation(window)
    window.textSize = text  # type: ignore[attr-defined]
    window.presentation = pres  # type: ignore[attr-defined]
    return text, pres
