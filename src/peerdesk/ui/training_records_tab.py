"""One person's training records: pick the person (type part of their name), then add, edit
or cancel their records. Newest first; cancelled ones stay, greyed, as history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.enums import TrainingStatus
from peerdesk.domain.text import fold
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.errors import NotFound
from peerdesk.services.training_views import RecordInfo
from peerdesk.services.views import PersonChoice
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import FieldErrors, make_general_error_label, make_hint
from peerdesk.ui.training_record_dialog import TrainingRecordDialog
from peerdesk.ui.training_tables import (
    COL_BOOKED,
    COL_COMPLETED,
    COL_COURSE,
    COL_NOTES,
    COL_RAISED,
    COL_REQUESTED,
    COL_STATE,
    RecordTableModel,
)

SearchRole = Qt.ItemDataRole.UserRole + 7
WRITERS = (Role.SUPERVISOR, Role.MANAGER, Role.ADMINISTRATOR)


D = TypeVar("D", bound=FormDialog)


def can_write_records(actor: Actor) -> bool:
    """Whether to offer changes at all; the services decide for each person (a supervisor
    may change their own supervisees' records only)."""
    return actor.role in WRITERS


class FoldingCompleter(QCompleter):
    """Completes a name from any part of it, ignoring case and accents ("zoe" finds "Zoë"),
    and puts the name itself (not the folded text it matched) into the field."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")

    def splitPath(self, path: str) -> list[str]:
        return [fold(path)]


class PersonCombo(QComboBox):
    """Current people by name; type any part of a name to find them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText("Type part of a name")
        line.setClearButtonEnabled(True)
        completer = FoldingCompleter(self.model(), self)
        completer.setCompletionRole(SearchRole)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def set_people(self, people: Sequence[PersonChoice], keep: int | None) -> None:
        blocked = self.blockSignals(True)
        try:
            self.clear()
            for person in people:
                self.addItem(person.name, person.id)
                self.setItemData(self.count() - 1, fold(person.name), SearchRole)
                if person.job_title:
                    self.setItemData(
                        self.count() - 1, person.job_title, Qt.ItemDataRole.ToolTipRole
                    )
            index = self.findData(keep) if keep is not None else -1
            self.setCurrentIndex(index)
            if index < 0:
                self.setEditText("")
        finally:
            self.blockSignals(blocked)

    def staff_id(self) -> int | None:
        index = self.currentIndex()
        if index < 0 or self.currentText() != self.itemText(index):
            return None
        data = self.itemData(index)
        return int(data) if data is not None else None


class ConfirmDialog(FormDialog):
    """A question with a button that does it (Enter, Ctrl+S) and one that does not (Esc)."""

    def __init__(
        self,
        title: str,
        question: str,
        confirm_text: str,
        action: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, question, parent)
        self.setObjectName("confirm_dialog")
        self._action = action
        self.save_button.setText(confirm_text)
        self.save_button.setToolTip("")
        self.cancel_button.setText("&Keep it")
        self.setMinimumWidth(440)
        self.save_button.setFocus()

    def _save(self) -> object:
        return self._action()


class TrainingRecordsTab(QWidget):
    changed = Signal()  # after a record is added, edited or cancelled

    def __init__(
        self,
        services: Callable[[], Services],
        actor: Actor,
        today: Callable[[], dt.date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("training_records_tab")
        self._services = services
        self._actor = actor
        self._today = today
        self.current_dialog: QDialog | None = None
        self._build()
        self.errors = FieldErrors(self.general_error)
        self.person_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.person_combo.editTextChanged.connect(lambda _t: self._update_buttons())
        self.add_button.clicked.connect(lambda: self.open_add())
        self.edit_button.clicked.connect(self.open_edit)
        self.cancel_button.clicked.connect(self.open_cancel)
        self.table.activated.connect(lambda _index: self.open_edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        top = QHBoxLayout()
        label = QLabel("&Person")
        self.person_combo = PersonCombo()
        self.person_combo.setObjectName("training_person")
        self.person_combo.setAccessibleName("Person")
        self.person_combo.setMinimumWidth(300)
        label.setBuddy(self.person_combo)
        top.addWidget(label)
        top.addWidget(self.person_combo)
        top.addStretch(1)
        layout.addLayout(top)
        self.general_error = make_general_error_label()
        layout.addWidget(self.general_error)

        self.model = RecordTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("training_records_table")
        self.table.setAccessibleName("Training records")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NOTES, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (COL_COURSE, 180),
            (COL_STATE, 150),
            (COL_REQUESTED, 86),
            (COL_BOOKED, 86),
            (COL_COMPLETED, 86),
            (COL_RAISED, 154),
        ):
            self.table.setColumnWidth(column, width)
        header.setToolTip("Raised in supervision: the one-to-one the need came up in")
        layout.addWidget(self.table, 1)
        self.empty_label = make_hint("")
        self.empty_label.setObjectName("records_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty_label, 1)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("A&dd training…")
        self.add_button.setObjectName("add_record_button")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName("edit_record_button")
        self.cancel_button = QPushButton("Ca&ncel request or booking…")
        self.cancel_button.setObjectName("cancel_record_button")
        self.cancel_button.setToolTip("It stays in the list, marked cancelled")
        for button in (self.add_button, self.edit_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    # -- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the people to choose from and the chosen person's records."""
        keep = self.person_combo.staff_id()
        try:
            people = self._services().staff.people(self._actor)
        except AccessDenied as exc:
            self.errors.show_general(str(exc))
            people = []
        self.person_combo.set_people(people, keep)
        self.reload()

    def show_person(self, staff_id: int) -> bool:
        index = self.person_combo.findData(staff_id)
        if index < 0:
            return False
        self.person_combo.setCurrentIndex(index)
        self.reload()
        return True

    def staff_id(self) -> int | None:
        return self.person_combo.staff_id()

    def person_name(self) -> str:
        return self.person_combo.currentText() if self.staff_id() is not None else ""

    def selected(self) -> RecordInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def records(self) -> list[RecordInfo]:
        return [r for i in range(self.model.rowCount()) if (r := self.model.row_at(i))]

    def reload(self, select_id: int | None = None) -> None:
        previous = self.selected()
        wanted = select_id if select_id is not None else (previous.id if previous else None)
        self.errors.clear_all()
        staff_id = self.staff_id()
        records: list[RecordInfo] = []
        if staff_id is not None:
            try:
                records = self._services().training.records_for(self._actor, staff_id)
            except (NotFound, AccessDenied) as exc:
                self.errors.show_general(str(exc))
        self.model.set_rows(records)
        row = self.model.row_of(wanted) if wanted is not None else -1
        if row < 0 and records:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self.table.setVisible(bool(records))
        self.empty_label.setVisible(not records)
        if staff_id is None:
            self.empty_label.setText("Choose a person to see their training.")
        elif not records:
            self.empty_label.setText(
                f"No training is recorded for {self.person_name()} yet. “Add training…” "
                "records a course they asked for, are booked on or have completed."
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        writer = can_write_records(self._actor)
        record = self.selected()
        self.add_button.setEnabled(writer and self.staff_id() is not None)
        self.edit_button.setEnabled(writer and record is not None)
        open_ = record is not None and record.status in (
            TrainingStatus.REQUESTED,
            TrainingStatus.BOOKED,
        )
        self.cancel_button.setEnabled(writer and open_)

    # -- changing -------------------------------------------------------------------------

    def open_add(self, course_id: int | None = None) -> TrainingRecordDialog | None:
        staff_id = self.staff_id()
        if staff_id is None:
            return None
        dialog = TrainingRecordDialog(
            self._services(),
            self._actor,
            staff_id,
            self.person_name(),
            None,
            self,
            today=self._today(),
            course_id=course_id,
        )
        return self._open(dialog)

    def open_edit(self) -> TrainingRecordDialog | None:
        record = self.selected()
        staff_id = self.staff_id()
        if record is None or staff_id is None or not can_write_records(self._actor):
            return None
        dialog = TrainingRecordDialog(
            self._services(),
            self._actor,
            staff_id,
            self.person_name(),
            record,
            self,
            today=self._today(),
        )
        return self._open(dialog)

    def open_cancel(self) -> ConfirmDialog | None:
        record = self.selected()
        if record is None or record.status not in (TrainingStatus.REQUESTED, TrainingStatus.BOOKED):
            return None
        service = self._services().training
        dialog = ConfirmDialog(
            "Cancel training",
            f"Cancel {record.description} for {self.person_name()}?\n\nThe record stays "
            "in their list, marked cancelled.",
            "&Cancel it",
            lambda: service.cancel_record(self._actor, record.id),
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

    def _saved(self, result: object) -> None:
        self.reload(select_id=result.id if isinstance(result, RecordInfo) else None)
        self.changed.emit()
        self.table.setFocus()
