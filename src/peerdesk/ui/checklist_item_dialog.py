"""One checklist item: what it asks and its guidance, the answer (status, owner, due date,
evidence and documents, notes) and the history of its status.

Callers open it with ``open()``; ``saved`` carries the ChecklistItemView the service
returned. An item of an archived checklist (or for someone who may not change
checklists) is shown read-only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.enums import ChecklistItemStatus
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.checklist_service import MAX_CHANGE_NOTE
from peerdesk.services.checklist_views import (
    ChecklistItemView,
    ItemAnswer,
    StatusChangeView,
)
from peerdesk.services.views import PersonChoice
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import (
    NONE_TEXT,
    connect_optional,
    current_data,
    date_row,
    field_with_error,
    fill_combo,
    format_date,
    make_date_edit,
    make_error_label,
    make_hint,
    make_scroll_area,
    make_text_edit,
    optional_date,
    select_data,
    set_optional_date,
    to_qdate,
)

S = ChecklistItemStatus
# Each status has a symbol and a word as well as a colour, so colour is never the only cue.
STATUS_SYMBOLS = {
    S.NOT_STARTED: "○",
    S.IN_PROGRESS: "◐",
    S.IN_PLACE: "✔",
    S.NOT_APPLICABLE: "–",
}
STATUS_COLOURS = {
    S.NOT_STARTED: "",
    S.IN_PROGRESS: "#8a5a00",
    S.IN_PLACE: "#2f6f55",
    S.NOT_APPLICABLE: "#6b6b6b",
}
HISTORY_HEADERS = ("When", "Change", "By", "Note")


def status_text(status: ChecklistItemStatus) -> str:
    """E.g. "✔ In place"."""
    return f"{STATUS_SYMBOLS[status]} {status.label}"


def change_text(change: StatusChangeView) -> str:
    if change.old_status is None:
        return change.new_status.label
    return f"{change.old_status.label} → {change.new_status.label}"


class DocumentList(QListWidget):
    """The evidence documents: Enter opens one, Delete removes it."""

    def __init__(self, dialog: ChecklistItemDialog) -> None:
        super().__init__()
        self._dialog = dialog

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self._dialog.open_document()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Delete and self._dialog.remove_button.isEnabled():
            self._dialog.remove_document()
            event.accept()
            return
        super().keyPressEvent(event)


class ChecklistItemDialog(FormDialog):
    """Answer one checklist item; Ctrl+S saves."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        item: ChecklistItemView,
        people: list[PersonChoice],
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
        read_only_reason: str = "",
        template_version: int | None = None,
        today: dt.date,
    ) -> None:
        super().__init__("Checklist item", "", parent)
        self.setObjectName("checklist_item_dialog")
        self._services = services
        self._actor = actor
        self._item = item
        self._read_only = read_only
        self._today = today
        self._build_header(item, read_only_reason, template_version)
        self._build_fields(item, people)
        self._build_history()
        self._fill(item)
        self._load_history()
        if read_only:
            self._make_read_only()
        self.resize(920, min(self.sizeHint().height(), 680))
        (self.cancel_button if read_only else self.status).setFocus()

    # -- layout ----------------------------------------------------------------------------

    def _build_header(self, item: ChecklistItemView, reason: str, version: int | None) -> None:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        section = make_hint(
            item.section + (" · the organisation's own item" if item.is_custom else "")
        )
        section.setObjectName("item_section")
        layout.addWidget(section)
        self.item_text = QLabel(item.text)
        self.item_text.setObjectName("item_text")
        self.item_text.setTextFormat(Qt.TextFormat.PlainText)
        self.item_text.setWordWrap(True)
        self.item_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.item_text.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.item_text.setFont(font)
        layout.addWidget(self.item_text)
        guidance_text = item.guidance or "There is no guidance for this item."
        if item.source:
            guidance_text += f"\n\nSource: {item.source}"
        self.guidance = QLabel(guidance_text)
        self.guidance.setObjectName("item_guidance")
        self.guidance.setTextFormat(Qt.TextFormat.PlainText)
        self.guidance.setWordWrap(True)
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.guidance.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        scroll = make_scroll_area(self.guidance)
        scroll.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 8)
        layout.addWidget(scroll)
        notes: list[str] = []
        if item.retired:
            later = f" (version {version})" if version else ""
            notes.append(
                f"The template no longer has this item{later}. Its answer is kept, but it no "
                "longer counts towards progress."
            )
        if reason:
            notes.append(reason)
        if notes:
            note = make_hint(" ".join(notes))
            note.setObjectName("read_only_note")
            layout.addWidget(note)
        self.form.addRow(box)

    def _build_fields(self, item: ChecklistItemView, people: list[PersonChoice]) -> None:
        columns = QHBoxLayout()
        columns.setSpacing(16)
        left_box, right_box = QWidget(), QWidget()
        left, right = QFormLayout(left_box), QFormLayout(right_box)
        for form in (left, right):
            form.setContentsMargins(0, 0, 0, 0)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        columns.addWidget(left_box, 1)
        columns.addWidget(right_box, 1)
        self.form.addRow(columns)

        self.status = QComboBox()
        self.status.setObjectName("status")
        fill_combo(self.status, ((status_text(s), s.value) for s in S))
        self._field(left, "&Status *", "status", self.status)

        self.na_reason = make_text_edit("na_reason", 2, "Why it does not apply to the organisation")
        self.na_reason_label = self._field(
            left, "&Why not applicable *", "na_reason", self.na_reason
        )

        self.owner = QComboBox()
        self.owner.setObjectName("owner")
        choices: list[tuple[str, object]] = [(NONE_TEXT, None)]
        choices += [(person.name, person.id) for person in people]
        if item.owner_id is not None and all(p.id != item.owner_id for p in people):
            choices.append((f"{item.owner_name} (no longer here)", item.owner_id))
        fill_combo(self.owner, choices)
        self._field(left, "O&wner", "owner_id", self.owner)

        self.due_check = QCheckBox("D&ue by")
        self.due_check.setObjectName("due_check")
        self.due_date = make_date_edit("due_date")
        self.due_date.setAccessibleName("Due date")
        error = make_error_label("due_date")
        self.errors.add("due_date", error, self.due_date)
        connect_optional(self.due_check, self.due_date)
        left.addRow(self.due_check, field_with_error(date_row(self.due_date), error))

        self.change_note = QLineEdit()
        self.change_note.setObjectName("change_note")
        self.change_note.setMaxLength(MAX_CHANGE_NOTE)
        self.change_note.setPlaceholderText("Kept in the history when the status changes")
        self._field(left, "Note on the &change", "note", self.change_note)

        self.evidence = make_text_edit("evidence", 3, "What shows it is in place")
        self._field(right, "E&vidence", "evidence", self.evidence)

        documents = QWidget()
        documents_layout = QVBoxLayout(documents)
        documents_layout.setContentsMargins(0, 0, 0, 0)
        documents_layout.setSpacing(4)
        self.documents = DocumentList(self)
        self.documents.setObjectName("evidence_paths")
        self.documents.setAccessibleName("Evidence documents")
        self.documents.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.documents.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        documents_layout.addWidget(self.documents)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add &files…")
        self.add_button.setObjectName("add_document_button")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("remove_document_button")
        self.remove_button.setToolTip("Remove the link (the file itself stays where it is)")
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("open_document_button")
        for button in (self.add_button, self.remove_button, self.open_button):
            button.setAutoDefault(False)  # Enter saves the dialog, whatever has the focus
            buttons.addWidget(button)
        buttons.addStretch(1)
        documents_layout.addLayout(buttons)
        self.documents_label = self._field(
            right, "&Documents", "evidence_paths", self.documents, documents
        )

        self.notes = make_text_edit("notes", 3, "Anything else worth keeping")
        self._field(right, "&Notes", "notes", self.notes)

        self.status.currentIndexChanged.connect(self._status_changed)
        self.na_reason.textChanged.connect(lambda: self.errors.clear("na_reason"))
        self.add_button.clicked.connect(self.add_documents)
        self.remove_button.clicked.connect(self.remove_document)
        self.open_button.clicked.connect(self.open_document)
        self.documents.currentRowChanged.connect(lambda _row: self._update_document_buttons())
        self.documents.itemDoubleClicked.connect(lambda _item: self.open_document())
        QWidget.setTabOrder(self.status, self.na_reason)
        QWidget.setTabOrder(self.na_reason, self.owner)
        QWidget.setTabOrder(self.owner, self.due_check)
        QWidget.setTabOrder(self.due_check, self.due_date)
        QWidget.setTabOrder(self.due_date, self.change_note)
        QWidget.setTabOrder(self.change_note, self.evidence)
        QWidget.setTabOrder(self.evidence, self.documents)
        QWidget.setTabOrder(self.documents, self.add_button)
        QWidget.setTabOrder(self.add_button, self.remove_button)
        QWidget.setTabOrder(self.remove_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.notes)

    def _field(
        self, form: QFormLayout, text: str, field: str, widget: QWidget, row: QWidget | None = None
    ) -> QLabel:
        label = QLabel(text)
        label.setObjectName(f"{field}_label")
        label.setBuddy(widget)
        error = make_error_label(field)
        form.addRow(label, field_with_error(row if row is not None else widget, error))
        self.errors.add(field, error, widget)
        return label

    def _build_history(self) -> None:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        label = QLabel("Status &history")
        layout.addWidget(label)
        self.history = QTreeWidget()
        self.history.setObjectName("history")
        self.history.setAccessibleName("Status history")
        label.setBuddy(self.history)
        self.history.setHeaderLabels(list(HISTORY_HEADERS))
        self.history.setRootIsDecorated(False)
        self.history.setAlternatingRowColors(True)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 24)
        header = self.history.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.history.setColumnWidth(0, 110)
        self.history.setColumnWidth(1, 250)
        self.history.setColumnWidth(2, 160)
        layout.addWidget(self.history)
        self.history_empty = make_hint("The status has not changed since the checklist started.")
        self.history_empty.setObjectName("history_empty")
        layout.addWidget(self.history_empty)
        self.form.addRow(box)

    # -- filling ---------------------------------------------------------------------------

    def _fill(self, item: ChecklistItemView) -> None:
        select_data(self.status, item.status.value)
        self.na_reason.setPlainText(item.na_reason)
        select_data(self.owner, item.owner_id)
        self.due_date.setDate(to_qdate(item.due_date or self._today))
        set_optional_date(self.due_check, self.due_date, item.due_date)
        self.evidence.setPlainText(item.evidence)
        for path in item.evidence_paths:
            self._add_path(path)
        self.notes.setPlainText(item.notes)
        self._status_changed()
        self._update_document_buttons()

    def _load_history(self) -> None:
        self.history.clear()
        changes = self._services.checklists.history(self._actor, self._item.id)
        for change in reversed(changes):  # newest first
            row = QTreeWidgetItem(
                [
                    format_date(change.changed_on),
                    change_text(change),
                    change.changed_by,
                    change.note,
                ]
            )
            for column in range(len(HISTORY_HEADERS)):
                row.setToolTip(column, row.text(column))
            self.history.addTopLevelItem(row)
        self.history.setVisible(bool(changes))
        self.history_empty.setVisible(not changes)

    def history_rows(self) -> list[tuple[str, ...]]:
        """What the history shows, newest first (for tests and screen readers alike)."""
        rows = []
        for index in range(self.history.topLevelItemCount()):
            row = self.history.topLevelItem(index)
            assert row is not None
            rows.append(tuple(row.text(c) for c in range(len(HISTORY_HEADERS))))
        return rows

    def _make_read_only(self) -> None:
        for widget in (self.status, self.owner, self.due_check, self.due_date, self.change_note):
            widget.setEnabled(False)
        for edit in (self.na_reason, self.evidence, self.notes):
            edit.setReadOnly(True)
        self.add_button.setEnabled(False)
        self.remove_button.setEnabled(False)
        self.save_button.setVisible(False)
        self.cancel_button.setText("Close")
        self.cancel_button.setDefault(True)

    # -- behaviour -------------------------------------------------------------------------

    def selected_status(self) -> ChecklistItemStatus:
        return S(current_data(self.status))

    def _status_changed(self) -> None:
        not_applicable = self.selected_status() is S.NOT_APPLICABLE
        self.na_reason.setEnabled(not_applicable)
        self.na_reason_label.setEnabled(not_applicable)
        self.errors.clear("status")
        if not not_applicable:
            self.errors.clear("na_reason")

    def paths(self) -> list[str]:
        return [self.documents.item(i).text() for i in range(self.documents.count())]

    def _add_path(self, path: str) -> None:
        entry = QListWidgetItem(path)
        entry.setToolTip(path)
        self.documents.addItem(entry)

    def add_documents(self) -> None:
        existing = self.paths()
        start = str(Path(existing[-1]).parent) if existing else str(Path.home())
        chosen, _filter = QFileDialog.getOpenFileNames(
            self, "Choose evidence documents", start, "All files (*)"
        )
        for path in chosen:
            if path and path not in existing:
                self._add_path(path)
                existing.append(path)
        if chosen:
            self.documents.setCurrentRow(self.documents.count() - 1)
            self.errors.clear("evidence_paths")
        self._update_document_buttons()
        self.documents.setFocus()

    def remove_document(self) -> None:
        row = self.documents.currentRow()
        if row < 0:
            return
        self.documents.takeItem(row)
        self.errors.clear("evidence_paths")
        self._update_document_buttons()

    def open_document(self) -> bool:
        """Open the chosen document in its usual app; say so plainly if it is not there."""
        entry = self.documents.currentItem()
        if entry is None:
            return False
        path = Path(entry.text())
        self.errors.clear("evidence_paths")
        if not path.is_file():
            self.errors.show(
                "evidence_paths",
                f"{path.name or path} is not there any more: it may have been moved, renamed "
                "or be on a drive that is not connected.",
            )
            return False
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.errors.show("evidence_paths", f"No app on this computer could open {path.name}.")
            return False
        return True

    def _update_document_buttons(self) -> None:
        chosen = self.documents.currentRow() >= 0
        self.remove_button.setEnabled(chosen and not self._read_only)
        self.open_button.setEnabled(chosen)

    def answer(self) -> ItemAnswer:
        return ItemAnswer(
            status=self.selected_status(),
            owner_id=current_data(self.owner),
            evidence=self.evidence.toPlainText(),
            evidence_paths=tuple(self.paths()),
            due_date=optional_date(self.due_check, self.due_date),
            notes=self.notes.toPlainText(),
            na_reason=self.na_reason.toPlainText()
            if self.selected_status() is S.NOT_APPLICABLE
            else "",
        )

    def save(self) -> None:
        if self._read_only:
            return
        super().save()

    def _save(self) -> ChecklistItemView:
        return self._services.checklists.update_item(
            self._actor, self._item.id, self.answer(), note=self.change_note.text()
        )
