"""Counting the events a widget receives (paints, layout requests) in tests."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class EventCount(QObject):
    """`n`: how many events of `kind` `target` has received since this was made."""

    def __init__(self, target: QWidget, kind: QEvent.Type) -> None:
        super().__init__()
        self.n = 0
        self.kind = kind
        target.installEventFilter(self)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if event.type() == self.kind:
            self.n += 1
        return False
