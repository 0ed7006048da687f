"""The involvement log (co-production): every time people with lived experience shaped a
decision, newest first, filtered by stage, answer, dates and words.

Everyone signed in reads the log. Administrators, managers and supervisors log
activities; a supervisor changes only the ones they logged, and only administrators and
managers delete (``services.involvement_service``). Keys: Ctrl+N logs an activity, Enter
(or a double click) edits the selected one, Alt+D deletes it (after asking).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.involvement import Outcome, Stage
from peerdesk.services.actor import AccessDenied
from peerdesk.services.errors import NotFound
from peerdesk.services.involvement_service import may_add
from peerdesk.services.involvement_views import (
    InvolvementFilter,
    InvolvementRecord,
    summarise,
)
from peerdesk.ui.context import AppContext
from peerdesk.ui.form_helpers import (
    confirm,
    connect_optional,
    current_data,
    fill_combo,
    make_date_edit,
    optional_date,
    to_qdate,
)
from peerdesk.ui.involvement_dialog import InvolvementDialog
from peerdesk.ui.involvement_table_model import (
    COL_DATE,
    COL_PAID,
    COL_STAGE,
    COL_TAKING_PART,
    COL_TITLE,
    InvolvementTableModel,
)
from peerdesk.ui.row_table_model import make_row_table

OUTCOME_CHOICES: tuple[tuple[str, Outcome | None], ...] = (
    ("All", None),
    ("Awaiting an answer", Outcome.PENDING),
    ("We did", Outcome.CHANGED),
    ("We didn't", Outcome.NOT_CHANGED),
)
READ_ONLY = "Only administrators, managers and supervisors can log activities."


def confirm_delete(parent: QWidget, record: InvolvementRecord) -> bool:
    """Ask before deleting (tests replace QMessageBox.question)."""
    return confirm(
        parent,
        "Delete an activity",
        f"Delete “{record.title}” from the involvement log? This cannot be undone.",
    )


class InvolvementPage(QWidget):
    changed = Signal()  # after an activity is logged, changed or deleted

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("involvement_page")
        self._context = context
        self._loaded = False
        self._may_add = may_add(context.actor)
        self.current_dialog: QDialog | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        heading = QLabel("Involvement log")
        heading.setObjectName("page_heading")
        layout.addWidget(heading)
        intro = QLabel(
            "Each time people with lived experience shaped a decision: what was decided, "
            "who took part (counts only), what they were paid, and the “you said, we did” "
            "answer. The trustee report counts them."
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        filters = QHBoxLayout()
        stage_label = QLabel("Sta&ge")
        self.stage_combo = QComboBox()
        self.stage_combo.setObjectName("stage_filter")
        self.stage_combo.setAccessibleName("Show the stage")
        fill_combo(
            self.stage_combo,
            [("All stages", None), *((stage.label, stage.value) for stage in Stage)],
        )
        stage_label.setBuddy(self.stage_combo)
        outcome_label = QLabel("A&nswer")
        self.outcome_combo = QComboBox()
        self.outcome_combo.setObjectName("outcome_filter")
        self.outcome_combo.setAccessibleName("Show by answer")
        fill_combo(
            self.outcome_combo,
            [(text, o.value if o is not None else None) for text, o in OUTCOME_CHOICES],
        )
        outcome_label.setBuddy(self.outcome_combo)
        today = context.today()
        self.from_check = QCheckBox("&From")
        self.from_check.setObjectName("from_check")
        self.from_date = make_date_edit("from_date")
        self.from_date.setAccessibleName("Held on or after")
        self.from_date.setDate(to_qdate(today.replace(month=1, day=1)))
        connect_optional(self.from_check, self.from_date)
        self.to_check = QCheckBox("&To")
        self.to_check.setObjectName("to_check")
        self.to_date = make_date_edit("to_date")
        self.to_date.setAccessibleName("Held on or before")
        self.to_date.setDate(to_qdate(today))
        connect_optional(self.to_check, self.to_date)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("involvement_search")
        self.search_edit.setAccessibleName("Search the involvement log")
        self.search_edit.setPlaceholderText("Search what was decided and the answers")
        self.search_edit.setClearButtonEnabled(True)
        for widget in (
            stage_label,
            self.stage_combo,
            outcome_label,
            self.outcome_combo,
            self.from_check,
            self.from_date,
            self.to_check,
            self.to_date,
        ):
            filters.addWidget(widget)
        filters.addWidget(self.search_edit, 1)
        layout.addLayout(filters)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Log an activity…")
        self.add_button.setObjectName("add_involvement_button")
        self.add_button.setToolTip("Log a time people shaped a decision (Ctrl+N)")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName("edit_involvement_button")
        self.edit_button.setToolTip("Change the selected activity (Enter)")
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setObjectName("delete_involvement_button")
        self.delete_button.setToolTip("Delete the selected activity from the log")
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.message = QLabel()
        self.message.setObjectName("involvement_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        layout.addWidget(self.message)

        self.model = InvolvementTableModel(self)
        self.table = make_row_table(self.model, "involvement_table", "Involvement log")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # the answer takes what is left
        for column, width in (
            (COL_DATE, 96),
            (COL_TITLE, 330),
            (COL_STAGE, 100),
            (COL_TAKING_PART, 190),
            (COL_PAID, 150),
        ):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("involvement_summary")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary_label)

        # active while the page shows (the main window gives Ctrl+N up to it here)
        shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.add_activity)
        self.stage_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.outcome_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for check in (self.from_check, self.to_check):
            check.toggled.connect(lambda _on: self.refresh())
        for date in (self.from_date, self.to_date):
            date.dateChanged.connect(lambda _d: self.refresh())
        self.search_edit.textChanged.connect(lambda _t: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.add_button.clicked.connect(self.add_activity)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self._update_buttons()

    # -- reading ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def query(self) -> InvolvementFilter:
        stage = current_data(self.stage_combo)
        outcome = current_data(self.outcome_combo)
        return InvolvementFilter(
            stage=Stage(stage) if stage else None,
            outcome=Outcome(outcome) if outcome else None,
            start=optional_date(self.from_check, self.from_date),
            end=optional_date(self.to_check, self.to_date),
            search=self.search_edit.text(),
        )

    def refresh(self) -> None:
        """Read the log again with the current filter, keeping the selection."""
        self._loaded = True
        context = self._context
        chosen = self.selected()
        rows = context.services.involvement.list(context.actor, self.query())
        self.model.set_rows(rows)
        if chosen is not None:
            self.select_activity(chosen.id)
        self.summary_label.setText(self._summary_text(rows))
        self._update_buttons()

    def _summary_text(self, rows: list[InvolvementRecord]) -> str:
        if rows:
            return summarise(rows).text
        if self.query() != InvolvementFilter():
            return "No activity matches the filter."
        if self._may_add:
            return "Nothing logged yet: use Log an activity… (Ctrl+N)."
        return "Nothing logged yet."

    def rows(self) -> list[InvolvementRecord]:
        return [
            row for i in range(self.model.rowCount()) if (row := self.model.row_at(i)) is not None
        ]

    def selected(self) -> InvolvementRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_activity(self, activity_id: int) -> bool:
        row = self.model.row_of(activity_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, COL_TITLE))
        return True

    def _update_buttons(self) -> None:
        row = self.selected()
        self.add_button.setEnabled(self._may_add)
        self.edit_button.setEnabled(row is not None and row.may_edit)
        self.delete_button.setEnabled(row is not None and row.may_delete)
        if not self._may_add:
            self.add_button.setToolTip(READ_ONLY)
        if row is not None and not row.may_edit:
            self.edit_button.setToolTip(
                "You can change only the activities you logged; a manager can change this one."
            )
        if row is not None and not row.may_delete:
            self.delete_button.setToolTip("Only managers and administrators can delete.")

    # -- changing -------------------------------------------------------------------------------

    def add_activity(self) -> None:
        if self._may_add:
            self._open(None, "Logged “{title}”.")

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None and row.may_edit:
            self._open(row, "Saved “{title}”.")

    def _open(self, record: InvolvementRecord | None, message: str) -> None:
        context = self._context
        dialog = InvolvementDialog(
            context.services, context.actor, record, self, today=context.today()
        )

        def saved(result: object) -> None:
            assert isinstance(result, InvolvementRecord)
            self.refresh()
            if not self.select_activity(result.id):
                message_end = " It is hidden by the filter."
            else:
                message_end = ""
            self._say(message.format(title=result.title) + message_end)
            self.changed.emit()

        def closed(result: int) -> None:
            if self.current_dialog is dialog:
                self.current_dialog = None
            if result == QDialog.DialogCode.Accepted:
                self.table.setFocus()

        dialog.saved.connect(saved)
        dialog.finished.connect(closed)
        dialog.finished.connect(dialog.deleteLater)
        self.current_dialog = dialog
        dialog.open()

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None or not row.may_delete or not confirm_delete(self, row):
            return
        context = self._context
        try:
            context.services.involvement.delete(context.actor, row.id)
        except (AccessDenied, NotFound) as exc:
            self._say(str(exc))
            self.refresh()
            return
        self.refresh()
        self._say(f"Deleted “{row.title}” from the log.")
        self.changed.emit()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
