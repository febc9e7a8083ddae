"""Play the phases of a step one after another, each for the pace set on the toolbar
(seconds per phase, `nnviz.teach.pace`), stopping on the last phase."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

from nnviz.teach.pace import Pace


class Player(QObject):
    """The view's clock: `toggle()` plays from the current phase (from the first when on the
    last), `stop()`; the interval follows `controls.sigPaceChanged`."""

    def __init__(self, panel: Any) -> None:
        super().__init__(panel)
        self.panel = panel
        self.timer = QTimer(self)
        self.timer.setInterval(panel.controls.paceMs())
        self.timer.timeout.connect(self._tick)

    def seconds(self) -> float:
        return self.panel.controls.paceSeconds()

    def pace(self) -> Pace:
        return Pace(self.seconds())

    @Slot(float)
    def setSeconds(self, seconds: float) -> None:
        self.timer.setInterval(round(seconds * 1000))

    def isPlaying(self) -> bool:
        return self.timer.isActive()

    def toggle(self) -> None:
        p = self.panel
        if self.timer.isActive():
            self.timer.stop()
        else:
            if p.index == len(p.frames) - 1:
                p.setFrame(0)
            self.timer.start()
        p.controls.setPlaying(self.timer.isActive())

    def stop(self) -> None:
        self.timer.stop()
        self.panel.controls.setPlaying(False)

    def _tick(self) -> None:
        p = self.panel
        if p.index >= len(p.frames) - 1:
            self.stop()
        else:
            p.nextFrame()
