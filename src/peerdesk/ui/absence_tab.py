"""One person's long absences: add one, record the return, remove one entered by mistake.

Add and Record return open a small dialog (kept in ``current_dialog`` while it is open);
Remove asks first, with No as the default answer.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peerdesk.services.absence_service import MAX_KIND
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.schedule_views import AbsenceInfo
from peerdesk.ui.form_dialog import DateDialog, FormDialog
from peerdesk.ui.form_helpers import (
    FieldErrors,
    connect_optional,
    date_row,
    field_with_error,
    format_date,
    from_qdate,
    make_date_edit,
    make_error_label,
    make_general_error_label,
    make_hint,
    optional_date,
    to_qdate,
)

HEADERS = ("First day away", "Last day away", "Kind")
IdRole = Qt.ItemDataRole.UserRole
NOT_BACK = "not back yet"
COMMON_KINDS = ("Sick leave", "Parental leave", "Career break", "Compassionate leave")


def absence_text(absence: AbsenceInfo) -> str:
    """The absence in words, e.g. "3 Mar 2026 to 9 Mar 2026 (Sick leave)"."""
    until = f"to {format_date(absence.last_day)}" if absence.last_day else "until now"
    kind = f" ({absence.kind})" if absence.kind else ""
    return f"{format_date(absence.first_day)} {until}{kind}"


class AbsenceDialog(FormDialog):
    """Record a new absence: first day, last day when known, and what kind."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        staff_id: int,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        super().__init__(
            "Add an absence",
            "Nobody is due for supervision while away. Leave the last day unticked until "
            "the return date is known.",
            parent,
        )
        self.setObjectName("absence_dialog")
        self._services = services
        self._actor = actor
        self._staff_id = staff_id
        self.first_day = make_date_edit("first_day")
        self.first_day.setDate(to_qdate(today))
        self._row("&First day away *", "first_day", self.first_day, date_row(self.first_day))

        self.last_day_check = QCheckBox("&Last day known")
        self.last_day_check.setObjectName("last_day_check")
        self.last_day = make_date_edit("last_day")
        self.last_day.setAccessibleName("Last day away")
        self.last_day.setDate(to_qdate(today))
        connect_optional(self.last_day_check, self.last_day)
        error = make_error_label("last_day")
        self.errors.add("last_day", error, self.last_day)
        self.form.addRow(self.last_day_check, field_with_error(date_row(self.last_day), error))

        self.kind = QLineEdit()
        self.kind.setObjectName("kind")
        self.kind.setMaxLength(MAX_KIND)
        self.kind.setPlaceholderText("For example: sick leave, parental leave, career break")
        completer = QCompleter(list(COMMON_KINDS), self.kind)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.kind.setCompleter(completer)
        self._row("&Kind", "kind", self.kind)

        self.first_day.dateChanged.connect(self._first_day_changed)
        self.last_day.dateChanged.connect(lambda _d: self.errors.clear("last_day"))
        self.kind.textChanged.connect(lambda _t: self.errors.clear("kind"))
        QWidget.setTabOrder(self.first_day, self.last_day_check)
        QWidget.setTabOrder(self.last_day_check, self.last_day)
        QWidget.setTabOrder(self.last_day, self.kind)
        self.resize(520, self.sizeHint().height())
        self.first_day.setFocus()

    def _first_day_changed(self) -> None:
        self.errors.clear("first_day")
        self.errors.clear_general()
        if not self.last_day_check.isChecked() and self.last_day.date() < self.first_day.date():
            self.last_day.setDate(self.first_day.date())

    def _save(self) -> AbsenceInfo:
        return self._services.absences.add(
            self._actor,
            self._staff_id,
            from_qdate(self.first_day.date()),
            optional_date(self.last_day_check, self.last_day),
            self.kind.text(),
        )


class AbsenceTab(QWidget):
    changed = Signal()  # after an absence is added, ended or removed

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
        self.setObjectName("absences_tab")
        self._services = services
        self._actor = actor
        self._staff_id = staff_id
        self._today = today
        self._absences: dict[int, AbsenceInfo] = {}
        self.current_dialog: QDialog | None = None
        self._build()
        self.errors = FieldErrors(self.general_error)
        self.add_button.clicked.connect(self.open_add)
        self.return_button.clicked.connect(self.open_return)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemActivated.connect(lambda _item, _col: self.open_return())
        self.reload()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(8)
        outer.addWidget(
            make_hint(
                "Long absences such as sick leave, parental leave or a career break. "
                "Nobody is due for supervision while away, and absences never overlap."
            )
        )
        self.general_error = make_general_error_label()
        outer.addWidget(self.general_error)
        self.list = QTreeWidget()
        self.list.setObjectName("absences_list")
        self.list.setAccessibleName("Absences")
        self.list.setHeaderLabels(list(HEADERS))
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(True)
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.list.setColumnWidth(column, 160)
        outer.addWidget(self.list, 1)
        self.empty = make_hint("No absences are recorded for this person.")
        self.empty.setObjectName("absences_empty")
        outer.addWidget(self.empty)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("A&dd…")
        self.add_button.setObjectName("add_absence_button")
        self.return_button = QPushButton("Record &return…")
        self.return_button.setObjectName("record_return_button")
        self.return_button.setToolTip("Enter the last day away of an absence still open")
        self.remove_button = QPushButton("Re&move")
        self.remove_button.setObjectName("remove_absence_button")
        self.remove_button.setToolTip("Delete an absence recorded by mistake")
        for button in (self.add_button, self.return_button, self.remove_button):
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
        return self.list if self._absences else self.add_button

    def selected(self) -> AbsenceInfo | None:
        item = self.list.currentItem()
        if item is None or not item.isSelected():
            return None
        return self._absences.get(item.data(0, IdRole))

    def reload(self, select_id: int | None = None) -> None:
        previous = self.selected()
        wanted = select_id if select_id is not None else (previous.id if previous else None)
        self.list.clear()
        self._absences = {}
        try:
            absences = self._services.absences.list_for(self._actor, self._staff_id)
        except (NotFound, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            self.add_button.setEnabled(False)
            absences = []
        for absence in absences:
            self._absences[absence.id] = absence
            item = QTreeWidgetItem(
                [
                    format_date(absence.first_day),
                    format_date(absence.last_day) if absence.last_day else NOT_BACK,
                    absence.kind,
                ]
            )
            item.setData(0, IdRole, absence.id)
            self.list.addTopLevelItem(item)
            if absence.id == wanted:
                self.list.setCurrentItem(item)
        first = self.list.topLevelItem(0)
        if self.list.currentItem() is None and first is not None:
            self.list.setCurrentItem(first)  # the first, ready for Enter
        self.empty.setVisible(not absences)
        self._update_buttons()

    def _update_buttons(self) -> None:
        absence = self.selected()
        self.return_button.setEnabled(absence is not None and absence.last_day is None)
        self.remove_button.setEnabled(absence is not None)

    # -- changing -------------------------------------------------------------------------

    def open_add(self) -> AbsenceDialog:
        self.errors.clear_all()
        dialog = AbsenceDialog(self._services, self._actor, self._staff_id, self, today=self._today)
        self._open(dialog)
        return dialog

    def open_return(self) -> DateDialog | None:
        absence = self.selected()
        if absence is None or absence.last_day is not None:
            return None
        self.errors.clear_all()
        service = self._services.absences
        dialog = DateDialog(
            "Record a return",
            f"Away from {absence_text(absence)}. Enter their last day away: they are due "
            "for supervision again from the day after.",
            "&Last day away *",
            "last_day",
            max(absence.first_day, self._today - dt.timedelta(days=1)),
            lambda day: service.end(self._actor, absence.id, day),
            self,
        )
        self._open(dialog)
        return dialog

    def remove_selected(self) -> bool:
        absence = self.selected()
        if absence is None:
            return False
        self.errors.clear_all()
        answer = QMessageBox.question(
            self,
            "Remove this absence?",
            f"Remove the absence from {absence_text(absence)}?\n\nOnly do this for an "
            "absence recorded by mistake: the schedule will count those days as at work.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self._services.absences.remove(self._actor, absence.id)
        except (NotFound, Conflict, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            self.reload()
            return False
        self.reload()
        self.changed.emit()
        self.list.setFocus()
        return True

    def _open(self, dialog: FormDialog) -> None:
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.current_dialog = dialog
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.current_dialog is dialog:
            self.current_dialog = None
        dialog.deleteLater()

    def _saved(self, absence: object) -> None:
        self.reload(select_id=absence.id if isinstance(absence, AbsenceInfo) else None)
        self.changed.emit()
        self.list.setFocus()
