"""The list of lessons (built-in ones in order, with the student's progress) and
"Open lesson file…"; a file that is not a lesson gives one line under the list."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from nnviz.teach.lessons import Lesson
from nnviz.teach.lessons.progress import Progress
from nnviz.ui.common import file_dialogs

LESSON_FILTER = "Lessons (*.md);;All files (*)"
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
MARK_ROLE = Qt.ItemDataRole.UserRole + 2
PAD = 6
Index = QModelIndex | QPersistentModelIndex


class LessonDelegate(QStyledItemDelegate):
    """A lesson in the list: its title in bold with the tasks done on the right, and the
    one-sentence summary below in a quieter colour, wrapped to the list's width."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, QFont(option.font)

    def _width(self, option: QStyleOptionViewItem) -> int:
        view = option.widget
        w = view.viewport().width() if isinstance(view, QListView) else option.rect.width()
        return max(w - 2 * PAD, 40)

    def _heights(self, option: QStyleOptionViewItem, index: Index) -> tuple[int, int, int]:
        bold, plain = self._fonts(option)
        w = self._width(option)
        mark_w = QFontMetrics(plain).horizontalAdvance(str(index.data(MARK_ROLE))) + PAD
        flags = int(Qt.TextFlag.TextWordWrap)
        title = QFontMetrics(bold).boundingRect(
            QRect(0, 0, w - mark_w, 10000), flags, str(index.data())
        )
        summary = QFontMetrics(plain).boundingRect(
            QRect(0, 0, w, 10000), flags, str(index.data(SUMMARY_ROLE) or "")
        )
        return title.height(), summary.height(), mark_w

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        t, s, _ = self._heights(option, index)
        return QSize(self._width(option), t + s + 2 * PAD + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal = opt.palette
        text = pal.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        quiet = text if selected else pal.color(QPalette.ColorRole.PlaceholderText)
        bold, plain = self._fonts(opt)
        t, s, mark_w = self._heights(opt, index)
        r = opt.rect.adjusted(PAD, PAD, -PAD, -PAD)
        wrap = int(Qt.TextFlag.TextWordWrap)
        painter.save()
        painter.setPen(text)
        painter.setFont(bold)
        painter.drawText(QRect(r.left(), r.top(), r.width() - mark_w, t), wrap, str(index.data()))
        painter.setFont(plain)
        painter.setPen(quiet)
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        painter.drawText(QRect(r.left(), r.top(), r.width(), t), right, str(index.data(MARK_ROLE)))
        summary = str(index.data(SUMMARY_ROLE) or "")
        painter.drawText(QRect(r.left(), r.top() + t + 2, r.width(), s), wrap, summary)
        painter.restore()


class LessonChooser(QWidget):
    """`sigOpen(index)` for a listed lesson; `sigOpenFile(path)` for a teacher's file."""

    sigOpen = Signal(int)
    sigOpenFile = Signal(str)

    def __init__(self, lessons: list[Lesson], progress: Progress, parent=None) -> None:
        super().__init__(parent)
        self.lessons, self.progress = lessons, progress
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            "<b>Lessons</b><br>A guided path from one neuron to a spam filter. "
            "Each lesson sets up the app, explains one idea and gives you tasks the app "
            "checks while you work."
        )
        intro.setWordWrap(True)
        intro.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        lay.addWidget(intro)
        self.list = QListWidget()
        self.list.setItemDelegate(LessonDelegate(self.list))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSpacing(1)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(lambda item: self.sigOpen.emit(self.list.row(item)))
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.startButton = QPushButton("Start lesson")
        self.startButton.setDefault(True)
        self.startButton.clicked.connect(self._start)
        self.fileButton = QPushButton("Open lesson file…")
        self.fileButton.setToolTip("Open a lesson file written by your teacher (Markdown, .md)")
        self.fileButton.clicked.connect(self._askFile)
        row.addWidget(self.startButton)
        row.addStretch(1)
        row.addWidget(self.fileButton)
        lay.addLayout(row)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setVisible(False)
        lay.addWidget(self.error)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the list with the current progress."""
        current = max(self.list.currentRow(), 0)
        self.list.clear()
        for n, lesson in enumerate(self.lessons, 1):
            total = len(lesson.tasks)
            done = len(self.progress.done(lesson.id) & {t.id for t in lesson.tasks})
            mark = "✓ done" if total and done == total else f"{done}/{total}"
            item = QListWidgetItem(f"{n}. {lesson.title}")
            item.setData(SUMMARY_ROLE, lesson.summary)
            item.setData(MARK_ROLE, mark)
            item.setToolTip(f"{done} of {total} tasks done")
            self.list.addItem(item)
        self.list.setCurrentRow(min(current, self.list.count() - 1))

    def showError(self, text: str) -> None:
        """One line under the list ("" hides it)."""
        self.error.setText(text)
        self.error.setStyleSheet("color: palette(bright-text)")
        self.error.setVisible(bool(text))

    def _start(self) -> None:
        if self.list.currentRow() >= 0:
            self.sigOpen.emit(self.list.currentRow())

    def _askFile(self) -> None:
        path = file_dialogs.open_path(self, "Open lesson", LESSON_FILTER)
        if path:
            self.sigOpenFile.emit(path)
