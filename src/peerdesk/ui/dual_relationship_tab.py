"""One person's dual-relationship register: active entries first, then ended ones.

Add, Edit and End each open a small dialog (kept in ``current_dialog`` while it is open).
Ended entries stay in the list as history and can be neither edited nor ended again.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.enums import DualRelationshipType
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.bundle import Services
from peerdesk.services.errors import NotFound
from peerdesk.services.schedule_views import DualRelationshipInfo
from peerdesk.ui.agreement_tab import WARNING_COLOUR
from peerdesk.ui.dual_relationship_dialog import RelationshipDialog
from peerdesk.ui.form_dialog import DateDialog, FormDialog
from peerdesk.ui.form_helpers import (
    NONE_TEXT,
    FieldErrors,
    format_date,
    make_general_error_label,
    make_hint,
)

COL_KIND = 0
COL_DESCRIPTION = 1
COL_MANAGED = 2
COL_AGREED = 3
COL_REVIEW = 4
HEADERS = ("Kind", "Description", "How it is managed", "Agreed", "Review")
IdRole = Qt.ItemDataRole.UserRole
ENDED_COLOUR = "#6b6b6b"
D = TypeVar("D", bound=FormDialog)
AnyIndex = QModelIndex | QPersistentModelIndex


def short_date(day: dt.date) -> str:
    """A date that never wraps inside a narrow column."""
    return format_date(day).replace(" ", "\N{NO-BREAK SPACE}")


def agreed_text(entry: DualRelationshipInfo) -> str:
    """Who agreed it above when, e.g. "Amara Okafor" / "1 Sep 2025"."""
    d = entry.details
    parts = [d.agreed_by, short_date(d.agreed_on) if d.agreed_on else ""]
    return "\n".join(part for part in parts if part) or NONE_TEXT


def review_text(entry: DualRelationshipInfo, today: dt.date) -> str:
    if entry.ended_on is not None:
        return f"Ended {short_date(entry.ended_on)}"
    review = entry.details.review_date
    if review is None:
        return NONE_TEXT
    if review < today:
        return f"Overdue since {short_date(review)}"
    return short_date(review)


def review_overdue(entry: DualRelationshipInfo, today: dt.date) -> bool:
    review = entry.details.review_date
    return entry.ended_on is None and review is not None and review < today


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the column's width (Qt's own hint ignores it)."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.rect = QRect(0, 0, self._view.columnWidth(index.column()), 10_000)
        style = self._view.style()
        return style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, opt, QSize(), self._view)


class DualRelationshipTab(QWidget):
    changed = Signal()  # after an entry is added, edited or ended

    def __init__(
        self,
        services: Services,
        actor: Actor,
        staff_id: int,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("relationships_tab")
        self._services = services
        self._actor = actor
        self._staff_id = staff_id
        self._today = today
        self._entries: dict[int, DualRelationshipInfo] = {}
        self.current_dialog: QDialog | None = None
        self._build()
        self.errors = FieldErrors(self.general_error)
        self.add_button.clicked.connect(self.open_add)
        self.edit_button.clicked.connect(self.open_edit)
        self.end_button.clicked.connect(self.open_end)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemActivated.connect(lambda _item, _col: self.open_edit())
        self.reload()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(8)
        outer.addWidget(
            make_hint(
                "Other relationships this person has inside the organisation, and how each "
                "is managed. An entry that no longer applies is ended, never deleted."
            )
        )
        self.general_error = make_general_error_label()
        outer.addWidget(self.general_error)
        self.list = QTreeWidget()
        self.list.setObjectName("relationships_list")
        self.list.setAccessibleName("Dual relationships")
        self.list.setHeaderLabels(list(HEADERS))
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setUniformRowHeights(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        for column, width in ((COL_KIND, 150), (COL_AGREED, 130), (COL_REVIEW, 140)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.list.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_MANAGED, QHeaderView.ResizeMode.Stretch)
        self.list.setItemDelegate(WrappingDelegate(self.list))
        header.sectionResized.connect(lambda *_a: self.list.doItemsLayout())
        outer.addWidget(self.list, 1)
        self.empty = make_hint("No dual relationships are recorded for this person.")
        self.empty.setObjectName("relationships_empty")
        outer.addWidget(self.empty)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("A&dd…")
        self.add_button.setObjectName("add_relationship_button")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName("edit_relationship_button")
        self.end_button = QPushButton("E&nd…")
        self.end_button.setObjectName("end_relationship_button")
        self.end_button.setToolTip("Record that it no longer applies; it stays as history")
        for button in (self.add_button, self.edit_button, self.end_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        outer.addLayout(buttons)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter on an entry has opened its dialog; were the key to reach the supervision
        # file, QDialog would press that new dialog's default button (it looks for one
        # among all its children).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    # -- reading --------------------------------------------------------------------------

    def first_field(self) -> QWidget:
        return self.list if self._entries else self.add_button

    def selected(self) -> DualRelationshipInfo | None:
        item = self.list.currentItem()
        if item is None or not item.isSelected():
            return None
        return self._entries.get(item.data(COL_KIND, IdRole))

    def reload(self, select_id: int | None = None) -> None:
        previous = self.selected()
        wanted = select_id if select_id is not None else (previous.id if previous else None)
        self.errors.clear_all()
        self.list.clear()
        self._entries = {}
        try:
            entries = self._services.dual_relationships.list_for(self._actor, self._staff_id)
        except (NotFound, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            self.add_button.setEnabled(False)
            entries = []
        for entry in entries:
            self._entries[entry.id] = entry
            item = self._item(entry)
            self.list.addTopLevelItem(item)
            if entry.id == wanted:
                self.list.setCurrentItem(item)
        first = self.list.topLevelItem(0)
        if self.list.currentItem() is None and first is not None:
            self.list.setCurrentItem(first)  # the first, ready for Enter
        self.empty.setVisible(not entries)
        self._update_buttons()

    def _item(self, entry: DualRelationshipInfo) -> QTreeWidgetItem:
        d = entry.details
        item = QTreeWidgetItem(
            [
                DualRelationshipType(d.relationship_type).label,
                d.description,
                d.how_managed,
                agreed_text(entry),
                review_text(entry, self._today),
            ]
        )
        item.setData(COL_KIND, IdRole, entry.id)
        for column in range(len(HEADERS)):
            item.setToolTip(column, item.text(column))
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if entry.ended_on is not None:
            grey = QBrush(QColor(ENDED_COLOUR))
            for column in range(len(HEADERS)):
                item.setForeground(column, grey)
        elif review_overdue(entry, self._today):
            item.setForeground(COL_REVIEW, QBrush(QColor(WARNING_COLOUR)))
            font = item.font(COL_REVIEW)
            font.setBold(True)
            item.setFont(COL_REVIEW, font)
        return item

    def _update_buttons(self) -> None:
        entry = self.selected()
        active = entry is not None and entry.ended_on is None
        self.edit_button.setEnabled(active)
        self.end_button.setEnabled(active)

    # -- changing -------------------------------------------------------------------------

    def open_add(self) -> RelationshipDialog:
        dialog = RelationshipDialog(
            self._services, self._actor, self._staff_id, None, self, today=self._today
        )
        return self._open(dialog)

    def open_edit(self) -> RelationshipDialog | None:
        entry = self.selected()
        if entry is None or entry.ended_on is not None:
            return None
        dialog = RelationshipDialog(
            self._services, self._actor, self._staff_id, entry, self, today=self._today
        )
        return self._open(dialog)

    def open_end(self) -> DateDialog | None:
        entry = self.selected()
        if entry is None or entry.ended_on is not None:
            return None
        service = self._services.dual_relationships
        kind = DualRelationshipType(entry.details.relationship_type).label
        dialog = DateDialog(
            "End a dual relationship",
            f"{kind}: {entry.details.description}\n\nIt stays in the register, marked as "
            "ended on this date.",
            "&Ended on *",
            "ended_on",
            self._today,
            lambda day: service.end(self._actor, entry.id, day),
            self,
        )
        return self._open(dialog)

    def _open(self, dialog: D) -> D:
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: QDialog) -> None:
        if self.current_dialog is dialog:
            self.current_dialog = None
        dialog.deleteLater()

    def _saved(self, entry: object) -> None:
        self.reload(select_id=entry.id if isinstance(entry, DualRelationshipInfo) else None)
        self.changed.emit()
        self.list.setFocus()
