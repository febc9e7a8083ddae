"""Lessons in the main window: `install(window)`.

Adds the "Lesson" dock (the `LessonPanel` on the window's `WindowLessonHost`), Help ›
Lessons… and File › Open lesson file…, and on a first start the "Start the first lesson"
offer above the network ("Not now" is remembered in QSettings under
`lessons/offerDismissed`). Progress is kept per user in `lesson-progress.json` in the
config folder. While a lesson is open its dock stays in view in every workspace, and
closing the window first leaves the lesson so the user's own settings are saved.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QDockWidget

from nnviz.teach.lessons.progress import Progress
from nnviz.ui.lessons.first_start import FirstLessonOffer, should_offer
from nnviz.ui.lessons.menu import add_lesson_actions
from nnviz.ui.lessons.panel import LessonPanel, default_progress_path
from nnviz.ui.lessons.window.host import WindowLessonHost
from nnviz.ui.lessons.window.protocol import LessonWindow

DISMISSED = "lessons/offerDismissed"


class LessonDock(QObject):
    """Keeps the lesson dock in view while a lesson is open; leaves it on close."""

    def __init__(self, window: LessonWindow, panel: LessonPanel, dock: QDockWidget) -> None:
        super().__init__(panel)
        self.window, self.panel, self.dock = window, panel, dock
        self.offer: FirstLessonOffer | None = None
        panel.sigLessonOpened.connect(self.reveal)
        window.workspaces.sigChanged.connect(self.keep)
        window.installEventFilter(self)

    def reveal(self, *_a: object) -> None:
        if self.offer is not None and self.panel.lesson is not None:
            self.offer.hide()  # a lesson is open: the invitation has done its job
        self.dock.show()
        self.dock.raise_()
        QTimer.singleShot(0, self.grow)

    def grow(self) -> None:
        """At least half the window's height for the lesson when it shares its column."""
        want = int(self.window.height() * 0.5)
        if self.dock.isVisible() and not self.dock.isFloating() and self.dock.height() < want:
            self.window.resizeDocks([self.dock], [want], Qt.Orientation.Vertical)

    def keep(self, _name: str = "") -> None:
        if self.panel.lesson is not None:
            self.reveal()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close and self.panel.lesson:
            self.panel.leaveLesson()
        return False

    def offerFirstLesson(self) -> None:
        """The first-start bar above the network, unless dismissed or lessons were used."""
        q = self.window.qsettings
        if q.value(DISMISSED, False, type=bool) or not should_offer(self.panel.progress):
            return
        if not self.panel.lessons:
            return
        offer = self.offer = FirstLessonOffer(self.panel.lessons[0])
        layout = self.window.centralWidget().layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(0, offer)
        offer.sigStart.connect(self.startFirst)
        offer.sigDismiss.connect(lambda: q.setValue(DISMISSED, True))

    def startFirst(self) -> None:
        self.reveal()
        self.panel.openLesson(self.panel.lessons[0])


def install(window: LessonWindow, progress: Progress | None = None) -> LessonPanel:
    """Add the lesson panel to `window` (sets `window.lessonPanel`)."""
    host = WindowLessonHost(window)
    panel = LessonPanel(host, progress or Progress(default_progress_path()))
    panel.windowHost = host
    dock = window.addPanel("lesson", "Lesson", panel, Qt.DockWidgetArea.LeftDockWidgetArea)
    assert dock is not None
    dock.hide()
    link = LessonDock(window, panel, dock)
    panel.dockLink = link
    add_lesson_actions(window.helpMenu, panel, link.reveal, window.fileMenu)
    link.offerFirstLesson()
    window.lessonPanel = panel
    return panel
