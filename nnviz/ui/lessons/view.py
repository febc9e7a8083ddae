"""The widgets of an open lesson: title, where the student is, the page and its tasks in
a scroll area, an error line, Back / Next. The lesson panel fills and drives them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


class LessonView(QWidget):
    """`title`, `where`, `leaveButton`, `scroll` (holding `text` and `tasksLayout`),
    `error`, `backButton`, `nextButton`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.2)
        f.setBold(True)
        self.title.setFont(f)
        self.leaveButton = QPushButton("Leave lesson")
        self.leaveButton.setToolTip("Back to the list; your own network and settings return")
        head.addWidget(self.title, 1)
        head.addWidget(self.leaveButton, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(head)
        self.where = QLabel()
        lay.addWidget(self.where)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.bodyLayout = QVBoxLayout(body)
        self.bodyLayout.setContentsMargins(0, 4, 4, 4)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.bodyLayout.addWidget(self.text)
        self.tasksLayout = QVBoxLayout()
        self.tasksLayout.setSpacing(6)
        self.bodyLayout.addLayout(self.tasksLayout)
        self.bodyLayout.addStretch(1)
        self.scroll.setWidget(body)
        lay.addWidget(self.scroll, 1)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.error.setVisible(False)
        lay.addWidget(self.error)
        nav = QHBoxLayout()
        self.backButton = QPushButton("◀ Back")
        self.nextButton = QPushButton("Next ▶")
        nav.addWidget(self.backButton)
        nav.addStretch(1)
        nav.addWidget(self.nextButton)
        lay.addLayout(nav)
