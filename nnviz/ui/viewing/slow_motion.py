"""View › Slow motion: how a single training step (→) plays in the network view.

A single step shows each phase (forward per layer, loss, backward per layer, update)
for the chosen seconds (0.8 s by default), or one phase per press of → ("One phase per
keypress": the next press after the update trains the next step). Play runs at the
normal, fast pace. The choice is remembered.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QSettings, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from nnviz.teach.pace import DEFAULT_SECONDS, MAX_SECONDS, MIN_SECONDS, Pace

SETTING = "view/slowMotion"
MANUAL = "manual"
SECONDS = (MIN_SECONDS, 0.5, DEFAULT_SECONDS, 1.5, MAX_SECONDS)


class PacedView(Protocol):
    def setPace(self, pace: Pace | None) -> None: ...
    def advancePhase(self) -> bool: ...


class SlowMotionHost(Protocol):
    qsettings: QSettings
    viewMenu: QMenu

    @property
    def networkView(self) -> PacedView: ...


def parse(value: object) -> Pace:
    """A remembered choice ("manual" or seconds) as a `Pace` (the default if unreadable)."""
    if value == MANUAL:
        return Pace(manual=True)
    try:
        return Pace(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return Pace()


class SlowMotion(QObject):
    """`pace`, `setPace(p)`; `singleStep()` before a single step, `fast()` before Play,
    `advance()` shows a manual step's next phase (False: train a new step)."""

    def __init__(self, window: SlowMotionHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.w = window
        self.pace = parse(window.qsettings.value(SETTING, DEFAULT_SECONDS))
        self.menu = window.viewMenu.addMenu("S&low motion")
        self.menu.setToolTipsVisible(True)
        self.group = QActionGroup(self)
        items: list[tuple[str, object]] = [("One phase per &keypress (→)", MANUAL)]
        items += [(f"{s:g} s a phase" + (" (default)" if s == DEFAULT_SECONDS else ""), s)
                  for s in SECONDS]  # fmt: skip
        for text, data in items:
            act = QAction(text, self.menu)
            act.setCheckable(True)
            act.setData(data)
            act.setToolTip("How long a single step (→) shows each phase; Play stays fast")
            self.group.addAction(act)
            self.menu.addAction(act)
        self.group.triggered.connect(self._chosen)
        self._check()

    def setPace(self, pace: Pace) -> None:
        """Use `pace` for single steps from now on (remembered)."""
        self.pace = pace
        self.w.qsettings.setValue(SETTING, MANUAL if pace.manual else pace.seconds)
        self._check()

    def singleStep(self) -> None:
        """The next step plays in slow motion."""
        self.w.networkView.setPace(self.pace)

    def fast(self) -> None:
        """Training runs: steps play at the normal pace."""
        self.w.networkView.setPace(None)

    def advance(self) -> bool:
        """True if → showed the next phase of a manual step (so no new step is needed)."""
        return self.pace.manual and self.w.networkView.advancePhase()

    @Slot(QAction)
    def _chosen(self, act: QAction) -> None:
        self.setPace(parse(act.data()))

    def _check(self) -> None:
        for act in self.group.actions():
            data = act.data()
            act.setChecked(
                data == MANUAL if self.pace.manual else data != MANUAL
                and abs(float(data) - self.pace.seconds) < 1e-9
            )  # fmt: skip


def install(window: SlowMotionHost) -> SlowMotion:
    """View › Slow motion; the window's single step and Play use it."""
    slow = SlowMotion(window)
    window.slowMotion = slow  # type: ignore[attr-defined]
    return slow
