"""The Checklists tab: the organisation's checklists on the left, the chosen one's items
grouped by section on the right.

Enter (or a double-click) on an item opens it to record where it stands. A checklist is
started from a template, reviewed a year later (the earlier one is archived, read-only)
and moved to a newer template version without losing answers; its structure can be saved
as the organisation's own template. Dialogs are kept in ``current_dialog`` while open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.checklist_progress import ChecklistProgress
from peerdesk.domain.enums import ChecklistItemStatus
from peerdesk.services.actor import AccessDenied, Role
from peerdesk.services.checklist_views import (
    ChecklistDetail,
    ChecklistInfo,
    ChecklistItemView,
    ChecklistSummary,
    SectionView,
    UpdateSummary,
)
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.ui.agreement_tab import SUCCESS_COLOUR, WARNING_COLOUR
from peerdesk.ui.checklist_dialogs import (
    AddItemDialog,
    ConfirmDialog,
    NewChecklistDialog,
    SaveTemplateDialog,
    review_message,
    update_message,
)
from peerdesk.ui.checklist_item_dialog import STATUS_COLOURS, ChecklistItemDialog, status_text
from peerdesk.ui.context import AppContext
from peerdesk.ui.dual_relationship_tab import ENDED_COLOUR, short_date
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import format_date, make_general_error_label, make_hint

S = ChecklistItemStatus
COL_ITEM, COL_STATUS, COL_OWNER, COL_DUE = range(4)
HEADERS = ("Item", "Status", "Owner", "Due")
IdRole = Qt.ItemDataRole.UserRole
D = TypeVar("D", bound=FormDialog)
AnyIndex = QModelIndex | QPersistentModelIndex
NO_CHECKLISTS = (
    "No checklist has been started yet. Choose New checklist… to start one from a "
    "template: organisational readiness, fair recruitment, HR policies that expect ups and "
    "downs, supervision and more."
)
CHOOSE_ONE = "Choose a checklist on the left to see its items."


def section_text(progress: ChecklistProgress) -> str:
    if progress.total == 0:
        return "No items counted"
    if progress.is_empty:
        return "Not applicable"
    return f"{progress.in_place} of {progress.applicable} in place"


def counts_text(progress: ChecklistProgress) -> str:
    """E.g. "3 in progress · 2 not started · 1 not applicable"."""
    parts = [
        f"{progress.in_progress} in progress",
        f"{progress.not_started} not started",
    ]
    if progress.not_applicable:
        parts.append(f"{progress.not_applicable} not applicable")
    return " · ".join(parts)


def list_text(summary: ChecklistSummary) -> str:
    lines = [
        summary.title,
        f"{summary.progress.percent}% in place",
        f"Started {short_date(summary.started_on)}",
    ]
    if summary.archived_on is not None:
        lines.append(f"Archived {short_date(summary.archived_on)}")
    elif summary.update_available:
        lines.append(f"↑ Version {summary.current_version} available")
    return "\n".join(lines)


def meta_text(detail: ChecklistDetail) -> str:
    parts = [
        f"From '{detail.template_title}', version {detail.template_version}",
        f"started {format_date(detail.started_on)}",
    ]
    if detail.review_of_started_on is not None:
        parts.append(
            f"the review of the checklist started {format_date(detail.review_of_started_on)}"
        )
    text = " · ".join(parts) + "."
    if detail.archived_on is not None:
        text += (
            f"\nArchived on {format_date(detail.archived_on)}, when its review started: it can "
            "be read but no longer changed."
        )
    elif detail.current_version is None:
        text += "\nIts template is no longer available; the checklist keeps its own items."
    elif detail.update_available:
        text += (
            f"\nVersion {detail.current_version} of the template is available: update to it "
            "to see what changed; every answer is kept."
        )
    return text


class WrappingTreeDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text, allowing for the tree's indentation in the first
    column (Qt's own size hint ignores both)."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self._view.columnWidth(index.column())
        if index.column() == 0:
            depth = 1 if self._view.rootIsDecorated() else 0
            parent = index.parent()
            while parent.isValid():
                depth += 1
                parent = parent.parent()
            width -= self._view.indentation() * depth
        opt.rect = QRect(0, 0, max(width, 20), 10_000)
        style = self._view.style()
        return style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, opt, QSize(), self._view)


class ItemTree(QTreeWidget):
    """The items by section. Enter opens an item or folds a section."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            current = self.currentItem()
            if current is not None and current.data(COL_ITEM, IdRole) is None:
                current.setExpanded(not current.isExpanded())
            elif current is not None:
                self.itemActivated.emit(current, self.currentColumn())
            event.accept()
            return
        super().keyPressEvent(event)


class ChecklistsPanel(QWidget):
    changed = Signal()  # after anything is started, answered, reviewed, updated or added

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklists_panel")
        self._context = context
        self._summaries: list[ChecklistSummary] = []
        self._detail: ChecklistDetail | None = None
        self.current_dialog: QDialog | None = None
        self._can_write = context.actor.role in (Role.ADMINISTRATOR, Role.MANAGER)
        self._build()
        self._connect()
        self._update_buttons()

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        outer.setSpacing(8)

        actions = QHBoxLayout()
        self.new_button = QPushButton("&New checklist…")
        self.new_button.setObjectName("new_checklist_button")
        self.review_button = QPushButton("&Review again…")
        self.review_button.setObjectName("review_checklist_button")
        self.review_button.setToolTip(
            "Start this year's review: a new checklist with this one's answers carried "
            "forward; this one is archived"
        )
        self.update_button = QPushButton("&Update to a newer version…")
        self.update_button.setObjectName("update_checklist_button")
        self.save_template_button = QPushButton("Save &as template…")
        self.save_template_button.setObjectName("save_template_button")
        self.save_template_button.setToolTip(
            "Save its sections and items (your own ones too) as a template of your own"
        )
        for button in (
            self.new_button,
            self.review_button,
            self.update_button,
            self.save_template_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        outer.addLayout(actions)

        self.general_error = make_general_error_label()
        outer.addWidget(self.general_error)
        self.message_label = QLabel()
        self.message_label.setObjectName("message_label")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(f"color: {SUCCESS_COLOUR};")
        self.message_label.hide()
        outer.addWidget(self.message_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("checklists_splitter")
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(6)
        self.list = QListWidget()
        self.list.setObjectName("checklists_list")
        self.list.setAccessibleName("Checklists")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        left_layout.addWidget(self.list, 1)
        self.archived_check = QCheckBox("Show archi&ved checklists")
        self.archived_check.setObjectName("show_archived")
        self.archived_check.setToolTip("Checklists that have been reviewed; they are read-only")
        left_layout.addWidget(self.archived_check)
        left.setMinimumWidth(180)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 0, 0, 0)
        right_layout.setSpacing(6)
        self.title_label = QLabel()
        self.title_label.setObjectName("checklist_title")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        right_layout.addWidget(self.title_label)
        self.meta_label = make_hint("")
        self.meta_label.setObjectName("checklist_meta")
        right_layout.addWidget(self.meta_label)
        progress_row = QHBoxLayout()
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("checklist_progress")
        self.progress_bar.setAccessibleName("Progress")
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setMinimumWidth(220)
        progress_row.addWidget(self.progress_bar, 2)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("checklist_counts")
        self.counts_label.setTextFormat(Qt.TextFormat.PlainText)
        progress_row.addWidget(self.counts_label, 3)
        right_layout.addLayout(progress_row)

        self.tree = ItemTree()
        self.tree.setObjectName("items_tree")
        self.tree.setAccessibleName("Checklist items")
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setItemDelegate(WrappingTreeDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_ITEM, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_STATUS, 116), (COL_OWNER, 120), (COL_DUE, 92)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(column, width)
        header.sectionResized.connect(lambda *_a: self.tree.doItemsLayout())
        right_layout.addWidget(self.tree, 1)
        self.empty_label = QLabel(NO_CHECKLISTS)
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        right_layout.addWidget(self.empty_label, 1)

        item_buttons = QHBoxLayout()
        self.open_button = QPushButton("&Open item…")
        self.open_button.setObjectName("open_item_button")
        self.open_button.setToolTip("Record where the item stands (Enter)")
        self.add_item_button = QPushButton("A&dd an item…")
        self.add_item_button.setObjectName("add_item_button")
        self.add_item_button.setToolTip("Add an item of the organisation's own to a section")
        self.remove_item_button = QPushButton("Re&move item…")
        self.remove_item_button.setObjectName("remove_item_button")
        self.remove_item_button.setToolTip(
            "Remove one of your own items while nothing is recorded against it"
        )
        for button in (self.open_button, self.add_item_button, self.remove_item_button):
            item_buttons.addWidget(button)
        item_buttons.addStretch(1)
        right_layout.addLayout(item_buttons)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([215, 625])
        outer.addWidget(splitter, 1)

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.open_new)
        self.review_button.clicked.connect(self.open_review)
        self.update_button.clicked.connect(self.open_update)
        self.save_template_button.clicked.connect(self.open_save_template)
        self.open_button.clicked.connect(self.open_item)
        self.add_item_button.clicked.connect(self.open_add_item)
        self.remove_item_button.clicked.connect(self.open_remove_item)
        self.archived_check.toggled.connect(lambda _on: self._fill_list())
        self.list.currentItemChanged.connect(lambda *_a: self._show_selected())
        self.list.itemActivated.connect(lambda _item: self.tree.setFocus())  # Enter: its items
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.tree.itemActivated.connect(lambda _item, _column: self.open_item())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter has done its work in the list or tree; it goes no further up
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    # -- reading ---------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None, item_id: int | None = None) -> None:
        """Read the checklists again, keeping (or moving to) a selection."""
        self._clear_messages()
        previous = self.selected_summary()
        wanted = select_id if select_id is not None else (previous.id if previous else None)
        keep_item = item_id if item_id is not None else self._current_item_id()
        try:
            self._summaries = self._context.services.checklists.list(self._context.actor)
        except (NotFound, AccessDenied) as exc:
            self._summaries = []
            self._show_error(str(exc))
        if wanted is not None and not self.archived_check.isChecked():
            chosen = next((s for s in self._summaries if s.id == wanted), None)
            if chosen is not None and chosen.archived:
                self.archived_check.blockSignals(True)
                self.archived_check.setChecked(True)
                self.archived_check.blockSignals(False)
        self._fill_list(wanted, keep_item)

    def _fill_list(self, wanted: int | None = None, item_id: int | None = None) -> None:
        if wanted is None:
            current = self.selected_summary()
            wanted = current.id if current else None
        show_archived = self.archived_check.isChecked()
        blocked = self.list.blockSignals(True)
        try:
            self.list.clear()
            chosen: QListWidgetItem | None = None
            for summary in self._summaries:
                if summary.archived and not show_archived:
                    continue
                entry = QListWidgetItem(list_text(summary))
                entry.setData(IdRole, summary.id)
                entry.setToolTip(summary.template_title)
                if summary.archived:
                    entry.setForeground(QBrush(QColor(ENDED_COLOUR)))
                    font = entry.font()
                    font.setItalic(True)
                    entry.setFont(font)
                self.list.addItem(entry)
                if summary.id == wanted:
                    chosen = entry
            if chosen is None and self.list.count():
                chosen = self.list.item(0)
            if chosen is not None:
                self.list.setCurrentItem(chosen)
        finally:
            self.list.blockSignals(blocked)
        self._show_selected(item_id)

    def selected_summary(self) -> ChecklistSummary | None:
        entry = self.list.currentItem()
        if entry is None:
            return None
        wanted = entry.data(IdRole)
        return next((s for s in self._summaries if s.id == wanted), None)

    @property
    def detail(self) -> ChecklistDetail | None:
        return self._detail

    def _show_selected(self, item_id: int | None = None) -> None:
        summary = self.selected_summary()
        self._detail = None
        if summary is not None:
            try:
                self._detail = self._context.services.checklists.get(
                    self._context.actor, summary.id
                )
            except NotFound as exc:
                self._show_error(str(exc))
        self._show_detail(item_id)

    def _show_detail(self, item_id: int | None) -> None:
        detail = self._detail
        has = detail is not None
        for widget in (self.title_label, self.meta_label, self.progress_bar, self.counts_label):
            widget.setVisible(has)
        self.tree.setVisible(has)
        self.empty_label.setVisible(not has)
        if detail is None:
            self.tree.clear()
            self.empty_label.setText(NO_CHECKLISTS if not self._summaries else CHOOSE_ONE)
            self._update_buttons()
            return
        self.title_label.setText(detail.title)
        self.meta_label.setText(meta_text(detail))
        progress = detail.progress
        self.progress_bar.setValue(progress.percent)
        self.progress_bar.setFormat(progress.summary())
        self.progress_bar.setToolTip(progress.summary())
        self.counts_label.setText(counts_text(progress))
        self._fill_tree(detail, item_id)
        self._update_buttons()

    def _fill_tree(self, detail: ChecklistDetail, item_id: int | None) -> None:
        self.tree.setUpdatesEnabled(False)
        try:
            self.tree.clear()
            sections = [self._section_row(section) for section in detail.sections]
            self.tree.addTopLevelItems(sections)
            first: QTreeWidgetItem | None = None
            current: QTreeWidgetItem | None = None
            for row in sections:
                row.setExpanded(True)
                for index in range(row.childCount()):
                    child = row.child(index)
                    assert child is not None
                    first = first or child
                    if item_id is not None and child.data(COL_ITEM, IdRole) == item_id:
                        current = child
            current = current or first  # an item, ready for Enter
            if current is not None:
                self.tree.setCurrentItem(current)
        finally:
            self.tree.setUpdatesEnabled(True)

    def _section_row(self, section: SectionView) -> QTreeWidgetItem:
        row = QTreeWidgetItem([section.title, section_text(section.progress), "", ""])
        row.setData(COL_ITEM, IdRole, None)
        font = QFont(row.font(COL_ITEM))
        font.setBold(True)
        for column in range(len(HEADERS)):
            row.setFont(column, font)
            row.setTextAlignment(column, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        row.setToolTip(COL_ITEM, section.title)
        row.addChildren([self._item_row(item) for item in section.items])
        return row

    def _item_row(self, item: ChecklistItemView) -> QTreeWidgetItem:
        today = self._context.today()
        status = status_text(item.status)
        if item.retired:
            status = f"{status} (retired)"
        due = ""
        overdue = False
        if item.due_date is not None:
            due = short_date(item.due_date)
            if item.due_date < today and item.status in (S.NOT_STARTED, S.IN_PROGRESS):
                due = f"Overdue {due}"
                overdue = True
        row = QTreeWidgetItem([item.text, status, item.owner_name, due])
        row.setData(COL_ITEM, IdRole, item.id)
        for column in range(len(HEADERS)):
            row.setTextAlignment(column, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        tip = item.text
        if item.is_custom:
            tip += "\n(the organisation's own item)"
        if item.retired:
            tip += "\n(no longer in the template: kept, but not counted)"
        row.setToolTip(COL_ITEM, tip)
        row.setToolTip(COL_STATUS, item.na_reason or item.status.label)
        if item.retired:
            grey = QBrush(QColor(ENDED_COLOUR))
            for column in range(len(HEADERS)):
                row.setForeground(column, grey)
        else:
            colour = STATUS_COLOURS[item.status]
            if colour:
                row.setForeground(COL_STATUS, QBrush(QColor(colour)))
            if overdue:
                row.setForeground(COL_DUE, QBrush(QColor(WARNING_COLOUR)))
                font = QFont(row.font(COL_DUE))
                font.setBold(True)
                row.setFont(COL_DUE, font)
        return row

    def _current_item_id(self) -> int | None:
        current = self.tree.currentItem()
        value = current.data(COL_ITEM, IdRole) if current is not None else None
        return value if isinstance(value, int) else None

    def selected_item(self) -> ChecklistItemView | None:
        item_id = self._current_item_id()
        if item_id is None or self._detail is None:
            return None
        return self._detail.item(item_id)

    def _current_section(self) -> str | None:
        current = self.tree.currentItem()
        if current is None:
            return None
        parent = current.parent()
        return (parent or current).text(COL_ITEM)

    def section_rows(self) -> list[tuple[str, str]]:
        """The sections shown, with their "n of m in place" (for tests and checks)."""
        rows = []
        for index in range(self.tree.topLevelItemCount()):
            row = self.tree.topLevelItem(index)
            assert row is not None
            rows.append((row.text(COL_ITEM), row.text(COL_STATUS)))
        return rows

    def _update_buttons(self) -> None:
        summary = self.selected_summary()
        detail = self._detail
        open_checklist = detail is not None and not detail.archived
        write = self._can_write
        self.new_button.setEnabled(write)
        self.review_button.setEnabled(write and open_checklist)
        if detail is not None and detail.update_available:
            self.update_button.setText(f"&Update to version {detail.current_version}…")
            self.update_button.setEnabled(write)
            self.update_button.setToolTip(
                "Move the checklist to the template's newer version, keeping every answer"
            )
        else:
            self.update_button.setText("&Update to a newer version…")
            self.update_button.setEnabled(False)
            self.update_button.setToolTip(
                "The checklist follows the newest version of its template"
                if summary is not None
                else ""
            )
        folder = self._context.services.checklists.organisation_folder
        self.save_template_button.setEnabled(write and detail is not None and folder is not None)
        item = self.selected_item()
        self.open_button.setEnabled(item is not None)
        self.add_item_button.setEnabled(write and open_checklist)
        self.remove_item_button.setEnabled(
            write and open_checklist and item is not None and item.removable
        )

    # -- messages --------------------------------------------------------------------------

    def _clear_messages(self) -> None:
        self.general_error.clear()
        self.general_error.hide()
        self.message_label.clear()
        self.message_label.hide()

    def _show_error(self, message: str) -> None:
        self.general_error.setText(message)
        self.general_error.show()

    def _show_message(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.show()

    # -- changing --------------------------------------------------------------------------

    def open_new(self) -> NewChecklistDialog | None:
        if not self._can_write:
            return None
        context = self._context
        dialog = NewChecklistDialog(context.services, context.actor, self)
        return self._open(dialog, self._started)

    def _started(self, info: object) -> None:
        if not isinstance(info, ChecklistInfo):
            return
        self.refresh(select_id=info.id)
        count = len(self._detail.items()) if self._detail is not None else 0
        self._show_message(f"Started '{info.title}' with {count} items, each not started.")
        self.tree.setFocus()

    def open_item(self) -> ChecklistItemDialog | None:
        item = self.selected_item()
        detail = self._detail
        if item is None or detail is None:
            return None
        context = self._context
        reason = ""
        if detail.archived:
            reason = "This checklist is archived: the item can be read but not changed."
        elif not self._can_write:
            reason = "Only a manager can change checklists."
        try:
            people = context.services.staff.people(context.actor)
        except AccessDenied:
            people = []
        dialog = ChecklistItemDialog(
            context.services,
            context.actor,
            item,
            people,
            self,
            read_only=bool(reason),
            read_only_reason=reason,
            template_version=detail.current_version,
            today=context.today(),
        )
        return self._open(dialog, self._item_saved)

    def _item_saved(self, item: object) -> None:
        if isinstance(item, ChecklistItemView):
            self.refresh(item_id=item.id)
        self.tree.setFocus()

    def open_review(self) -> ConfirmDialog | None:
        detail = self._detail
        if detail is None or detail.archived or not self._can_write:
            return None
        context = self._context
        dialog = ConfirmDialog(
            "Review the checklist",
            review_message(detail),
            "&Start the review",
            lambda: context.services.checklists.start_review(context.actor, detail.id),
            self,
            name="review_dialog",
        )
        return self._open(dialog, self._reviewed)

    def _reviewed(self, info: object) -> None:
        if not isinstance(info, ChecklistInfo):
            return
        self.refresh(select_id=info.id)
        self._show_message(
            f"The review of '{info.title}' has started, with last time's answers carried "
            "forward to check. The earlier checklist is archived (Show archived to see it)."
        )
        self.tree.setFocus()

    def open_update(self) -> ConfirmDialog | None:
        detail = self._detail
        if detail is None or not detail.update_available or not self._can_write:
            return None
        context = self._context
        service = context.services.checklists
        try:
            preview = service.preview_template_update(context.actor, detail.id)
        except (Conflict, NotFound) as exc:
            self._show_error(str(exc))
            return None
        dialog = ConfirmDialog(
            f"Update to version {preview.to_version}",
            update_message(detail, preview),
            f"&Update to version {preview.to_version}",
            lambda: service.apply_template_update(context.actor, detail.id),
            self,
            name="update_dialog",
        )
        return self._open(dialog, self._updated)

    def _updated(self, summary: object) -> None:
        if not isinstance(summary, UpdateSummary):
            return
        self.refresh()
        self._show_message(
            f"Updated to version {summary.to_version}: {len(summary.added)} added, "
            f"{len(summary.changed)} changed, {len(summary.retired)} no longer in the template "
            "(kept with their answers). Every answer is kept."
        )

    def open_save_template(self) -> SaveTemplateDialog | None:
        detail = self._detail
        if detail is None or not self._can_write:
            return None
        context = self._context
        dialog = SaveTemplateDialog(context.services, context.actor, detail, self)
        return self._open(dialog, self._template_saved)

    def _template_saved(self, path: object) -> None:
        self._clear_messages()
        self._show_message(
            f"Saved as a template in {path}. Choose New checklist… to start one from it."
        )

    def open_add_item(self) -> AddItemDialog | None:
        detail = self._detail
        if detail is None or detail.archived or not self._can_write:
            return None
        context = self._context
        dialog = AddItemDialog(
            context.services, context.actor, detail, self._current_section(), self
        )
        return self._open(dialog, self._item_saved)

    def open_remove_item(self) -> ConfirmDialog | None:
        item = self.selected_item()
        detail = self._detail
        if item is None or detail is None or not item.removable or not self._can_write:
            return None
        context = self._context
        dialog = ConfirmDialog(
            "Remove an item",
            f"Remove '{item.text}' from this checklist? It is one of the organisation's own "
            "items and nothing is recorded against it yet.",
            "&Remove",
            lambda: context.services.checklists.remove_custom_item(context.actor, item.id),
            self,
            name="remove_item_dialog",
        )
        return self._open(dialog, lambda _r: self._after_change())

    def _after_change(self) -> None:
        self.refresh()
        self.tree.setFocus()

    def _open(self, dialog: D, saved: Callable[[object], None]) -> D:
        dialog.saved.connect(saved)
        dialog.saved.connect(lambda _r: self.changed.emit())
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: QDialog) -> None:
        if self.current_dialog is dialog:
            self.current_dialog = None
        dialog.deleteLater()
