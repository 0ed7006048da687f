"""Retention and erasure, for administrators: how long each kind of a leaver's records is
kept, what erasing a person keeps, and the review queue of records past their date, with
"Erase these records…", "Erase one record…" and "Erase person…" (each behind a
confirmation, ui/erasure_dialog).

``RetentionPanel(context)``; ``refresh()`` reads the settings and the queue again. Keys:
Alt+S saves the settings, Alt+R erases the selected records, Alt+O chooses one record to
erase, Alt+P erases the person.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.retention import (
    KEEPABLE,
    MAX_MONTHS,
    MIN_MONTHS,
    SINGLE_RECORD_KINDS,
    Keepable,
    RecordKind,
    months_text,
)
from peerdesk.domain.text import short_date
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied
from peerdesk.services.errors import Conflict, NotFound, StorageError
from peerdesk.services.retention_views import ErasurePlan, ErasureResult, HeldRecord, QueueRow
from peerdesk.ui.agreement_tab import SUCCESS_COLOUR
from peerdesk.ui.context import AppContext
from peerdesk.ui.erasure_dialog import ErasureDialog
from peerdesk.ui.form_helpers import ERROR_COLOUR, make_hint
from peerdesk.ui.row_table_model import AnyIndex, RowTableModel, make_row_table

COL_PERSON, COL_LEFT, COL_KIND, COL_DUE, COL_COUNT = range(5)
EMPTY_QUEUE = "Nothing is past its date."
_PROBLEMS = (Conflict, NotFound, AccessDenied, ValidationError, StorageError)


class QueueTableModel(RowTableModel[QueueRow]):
    HEADERS: ClassVar[tuple[str, ...]] = (
        "Person",
        "Left",
        "Kind of record",
        "Due since",
        "Records",
    )

    def set_rows(self, rows: list[QueueRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.name,
                short_date(row.left_on),
                row.kind.label,
                short_date(row.due_since),
                str(row.record_count),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_KIND:
            return row.kind.description
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RetentionPanel(QWidget):
    erased = Signal()  # after an erasure, so other pages can refresh

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retention_panel")
        self._context = context
        self.current_dialog: QDialog | None = None
        self.period_spins: dict[RecordKind, QSpinBox] = {}
        self._period_words: dict[RecordKind, QLabel] = {}
        self.keep_checks: dict[Keepable, QCheckBox] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(
            make_hint(
                "When someone leaves, their records are kept for as long as your organisation "
                "decides, then reviewed here and erased. Current staff are never listed."
            )
        )

        top = QHBoxLayout()
        periods = QGroupBox("How long leavers' records are kept")
        periods.setObjectName("periods_group")
        form = QFormLayout(periods)
        for kind in RecordKind:
            spin = QSpinBox()
            spin.setObjectName(f"period_{kind.value}")
            spin.setRange(MIN_MONTHS, MAX_MONTHS)
            spin.setSuffix(" months")
            spin.setAccessibleName(f"Months to keep: {kind.label}")
            spin.setToolTip(kind.description)
            words = QLabel()
            words.setObjectName(f"period_words_{kind.value}")
            words.setTextFormat(Qt.TextFormat.PlainText)
            spin.valueChanged.connect(
                lambda months, label=words: label.setText(f"({months_text(months)})")
            )
            field = QHBoxLayout()
            field.addWidget(spin)
            field.addWidget(words, 1)
            label = QLabel(kind.description)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setBuddy(spin)
            form.addRow(label, field)
            self.period_spins[kind] = spin
            self._period_words[kind] = words
        top.addWidget(periods, 3)

        keeps = QGroupBox("What erasing keeps")
        keeps.setObjectName("keeps_group")
        keeps_layout = QVBoxLayout(keeps)
        keeps_layout.addWidget(
            make_hint(
                "Erasing a person removes everything else. Keep only what you need, for "
                "example to confirm someone worked here."
            )
        )
        for key in Keepable:
            check = QCheckBox(KEEPABLE[key])
            check.setObjectName(f"keep_{key.value}")
            keeps_layout.addWidget(check)
            self.keep_checks[key] = check
        keeps_layout.addStretch(1)
        top.addWidget(keeps, 2)
        layout.addLayout(top)

        save_row = QHBoxLayout()
        self.save_button = QPushButton("&Save retention settings")
        self.save_button.setObjectName("save_retention_button")
        save_row.addWidget(self.save_button)
        self.settings_message = QLabel()
        self.settings_message.setObjectName("retention_settings_message")
        self.settings_message.setTextFormat(Qt.TextFormat.PlainText)
        self.settings_message.setWordWrap(True)
        save_row.addWidget(self.settings_message, 1)
        layout.addLayout(save_row)

        queue = QGroupBox("Records past their date")
        queue.setObjectName("queue_group")
        queue_layout = QVBoxLayout(queue)
        buttons = QHBoxLayout()
        self.erase_records_button = QPushButton("Erase these &records…")
        self.erase_records_button.setObjectName("erase_records_button")
        self.erase_records_button.setToolTip("Erase this kind of the person's records only")
        self.erase_one_button = QPushButton("Erase &one record…")
        self.erase_one_button.setObjectName("erase_one_button")
        self.erase_one_button.setToolTip("Choose a single record of this kind to erase")
        self.erase_person_button = QPushButton("Erase &person…")
        self.erase_person_button.setObjectName("erase_person_button")
        self.erase_person_button.setToolTip(
            "Erase everything about the person except what your organisation keeps"
        )
        buttons.addWidget(self.erase_records_button)
        buttons.addWidget(self.erase_one_button)
        buttons.addWidget(self.erase_person_button)
        buttons.addStretch(1)
        queue_layout.addLayout(buttons)
        self.message = QLabel()
        self.message.setObjectName("retention_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.hide()
        queue_layout.addWidget(self.message)
        self.model = QueueTableModel(self)
        self.table = make_row_table(self.model, "retention_queue", "Records past their date")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_PERSON, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_LEFT, 110), (COL_KIND, 170), (COL_DUE, 120), (COL_COUNT, 70)):
            self.table.setColumnWidth(column, width)
        self.table.setMinimumHeight(160)
        queue_layout.addWidget(self.table, 1)
        self.empty_label = make_hint(EMPTY_QUEUE)
        self.empty_label.setObjectName("queue_empty")
        queue_layout.addWidget(self.empty_label)
        layout.addWidget(queue, 1)

        self.save_button.clicked.connect(self.save)
        self.erase_records_button.clicked.connect(self.erase_records)
        self.erase_one_button.clicked.connect(self.erase_one_record)
        self.erase_person_button.clicked.connect(self.erase_person)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # -- reading -------------------------------------------------------------------------

    def refresh(self) -> None:
        services = self._context.services
        actor = self._context.actor
        try:
            settings = services.retention.settings(actor)
            rows = services.retention.queue(actor)
        except _PROBLEMS as exc:
            self._say(self.message, str(exc), error=True)
            self.setEnabled(False)
            return
        for kind, spin in self.period_spins.items():
            spin.setValue(settings.periods[kind])
            self._period_words[kind].setText(f"({months_text(spin.value())})")
        for key, check in self.keep_checks.items():
            check.setChecked(key in settings.kept)
        selected = self.selected_row()
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        if selected is not None:
            for number, row in enumerate(rows):
                if (row.staff_id, row.kind) == (selected.staff_id, selected.kind):
                    self.table.selectRow(number)
                    break
        self._update_buttons()

    def selected_row(self) -> QueueRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    # -- settings ------------------------------------------------------------------------

    def save(self) -> None:
        periods = {kind: spin.value() for kind, spin in self.period_spins.items()}
        kept = frozenset(key for key, check in self.keep_checks.items() if check.isChecked())
        try:
            self._context.services.retention.save_settings(self._context.actor, periods, kept)
        except _PROBLEMS as exc:
            self._say(self.settings_message, str(exc), error=True)
            return
        self._say(self.settings_message, "Saved.", error=False)
        self.refresh()

    # -- erasing -------------------------------------------------------------------------

    def erase_records(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        retention = self._context.services.retention
        actor = self._context.actor
        self._confirm(
            lambda: retention.plan_records(actor, row.staff_id, row.kind),
            lambda: retention.erase_records(actor, row.staff_id, row.kind),
        )

    def erase_one_record(self) -> None:
        """Choose one of the selected person's records of the selected kind, then confirm."""
        row = self.selected_row()
        if row is None or row.kind not in SINGLE_RECORD_KINDS:
            return
        from peerdesk.ui.record_picker_dialog import RecordPickerDialog

        retention = self._context.services.retention
        actor = self._context.actor
        self.message.hide()
        try:
            records = retention.records(actor, row.staff_id, row.kind)
        except _PROBLEMS as exc:
            self._say(self.message, str(exc), error=True)
            return
        picker = RecordPickerDialog(row.name, row.kind, records, self)
        picker.finished.connect(self._dialog_closed)
        picker.finished.connect(picker.deleteLater)

        def chosen(record: HeldRecord) -> None:
            self._confirm(
                lambda: retention.plan_record(actor, row.staff_id, record),
                lambda: retention.erase_record(actor, row.staff_id, record),
            )

        picker.chosen.connect(chosen)
        self.current_dialog = picker
        picker.open()

    def erase_person(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        retention = self._context.services.retention
        actor = self._context.actor
        self._confirm(
            lambda: retention.plan_person(actor, row.staff_id),
            lambda: retention.erase_person(actor, row.staff_id),
        )

    def _confirm(self, plan: Any, erase: Any) -> None:
        self.message.hide()
        try:
            found: ErasurePlan = plan()
        except _PROBLEMS as exc:
            self._say(self.message, str(exc), error=True)
            return
        dialog = ErasureDialog(found, erase, self)
        dialog.erased.connect(self._erased)
        dialog.finished.connect(self._dialog_closed)
        self.current_dialog = dialog
        dialog.open()

    def _erased(self, result: ErasureResult) -> None:
        self.refresh()
        self._say(self.message, result.message, error=False)
        self.erased.emit()

    def _dialog_closed(self, _code: int) -> None:
        self.current_dialog = None
        self.table.setFocus()

    # -- inside --------------------------------------------------------------------------

    def _update_buttons(self, *_args: object) -> None:
        row = self.selected_row()
        chosen = row is not None
        self.erase_records_button.setEnabled(chosen)
        self.erase_one_button.setEnabled(row is not None and row.kind in SINGLE_RECORD_KINDS)
        self.erase_person_button.setEnabled(chosen)

    def _say(self, label: QLabel, text: str, *, error: bool) -> None:
        label.setStyleSheet(f"color: {ERROR_COLOUR if error else SUCCESS_COLOUR};")
        label.setText(text)
        label.show()
