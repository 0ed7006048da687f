"""The audit trail, for administrators: who did what, when, to what; filtered, checked and
exported.

Entries are read from the service a page at a time off the GUI thread (context.tasks), so
a trail of a hundred thousand entries opens as quickly as a short one: the table asks for
the next page when it is scrolled to the end, or with "Show more". The trail cannot be
changed from here (or anywhere in PeerDesk).

Keys: Ctrl+F the search box; arrows move through the entries and the details follow;
Enter moves to the details; Alt+W who, Alt+K kind, Alt+F / Alt+T the dates, Alt+C check
the trail, Alt+E export, Alt+M show more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from peerdesk.services.actor import Role
from peerdesk.services.audit_service import (
    READ_REFUSED,
    AuditEntry,
    AuditFilter,
    AuditKind,
    AuditLog,
    AuditPage,
    ChainReport,
    describe_details,
)
from peerdesk.services.csv_export import CsvWriteError, ExportCancelled
from peerdesk.ui.agreement_tab import SUCCESS_COLOUR
from peerdesk.ui.audit_table_model import (
    COL_ACTION,
    COL_DETAILS,
    COL_ROLE,
    COL_SUBJECT,
    COL_WHEN,
    COL_WHO,
    AuditTableModel,
    role_text,
    when_long,
)
from peerdesk.ui.context import AppContext
from peerdesk.ui.csv_export_ui import ask_for_csv_file
from peerdesk.ui.form_helpers import (
    ERROR_COLOUR,
    from_qdate,
    make_date_edit,
    make_hint,
    to_qdate,
)
from peerdesk.ui.row_table_model import make_row_table
from peerdesk.ui.tasks import IsCancelled, Progress

PAGE_SIZE = 200
SEARCH_DELAY_MS = 300  # typing pauses this long before the search runs
PROBLEMS_SHOWN = 20
EVERYONE = "Everyone"
ALL_KINDS = "Every kind"
INTRO = (
    "Everything done in PeerDesk: who changed, viewed, exported, imported or backed up "
    "what, and when. Entries can never be changed or removed; “Check the trail” makes sure "
    "none has been, outside PeerDesk either. Notes and other free text are never copied "
    "here, only how long they were."
)


def details_text(entry: AuditEntry) -> str:
    """Everything about one entry, for the details pane."""
    lines = [
        f"{entry.action}" + (f": {entry.subject}" if entry.subject else ""),
        f"{when_long(entry.at)}, by {entry.actor_name} ({role_text(entry.actor_role)})",
        "",
    ]
    described = describe_details(entry.details)
    lines.extend(described or ["No further details."])
    lines += ["", f"Entry {entry.id:,} · fingerprint {entry.entry_hash}"]
    return "\n".join(lines)


def chain_text(report: ChainReport) -> str:
    if report.ok:
        return report.summary()
    shown = [f"• {problem}" for problem in report.problems[:PROBLEMS_SHOWN]]
    more = len(report.problems) - PROBLEMS_SHOWN
    if more > 0:
        shown.append(f"• and {more:,} more")
    return (
        f"The audit trail is not in order: checking {report.checked:,} entries found "
        f"{len(report.problems):,} problem{'s' if len(report.problems) != 1 else ''}. "
        "Something outside PeerDesk changed or removed entries:\n" + "\n".join(shown)
    )


class AuditPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_panel")
        self._context = context
        self._allowed = context.actor.role is Role.ADMINISTRATOR
        self._generation = 0  # the search whose pages are wanted; older answers are dropped
        self._busy = False  # a check or an export is under way

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        heading = QLabel("Audit trail")
        heading.setObjectName("page_heading")
        layout.addWidget(heading)
        intro = make_hint(INTRO)
        intro.setObjectName("audit_intro")
        layout.addWidget(intro)

        # -- filters ---------------------------------------------------------------------
        filters = QHBoxLayout()
        filters.setSpacing(6)
        who_label = QLabel("&Who")
        self.who_combo = QComboBox()
        self.who_combo.setObjectName("audit_who")
        self.who_combo.setAccessibleName("Who")
        self.who_combo.addItem(EVERYONE, "")
        self.who_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.who_combo.setMinimumContentsLength(12)
        who_label.setBuddy(self.who_combo)
        kind_label = QLabel("&Kind")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("audit_kind")
        self.kind_combo.setAccessibleName("Kind of action")
        self.kind_combo.addItem(ALL_KINDS, None)
        for kind in AuditKind:
            self.kind_combo.addItem(kind.label, kind.value)
        kind_label.setBuddy(self.kind_combo)
        self.from_check = QCheckBox("&From")
        self.from_check.setObjectName("audit_from_on")
        self.from_check.setToolTip("Only entries on or after this day")
        self.from_date = make_date_edit("audit_from")
        self.from_date.setAccessibleName("From")
        self.to_check = QCheckBox("&To")
        self.to_check.setObjectName("audit_to_on")
        self.to_check.setToolTip("Only entries on or before this day")
        self.to_date = make_date_edit("audit_to")
        self.to_date.setAccessibleName("To")
        today = context.today()
        self.from_date.setDate(to_qdate(today - dt.timedelta(days=30)))
        self.to_date.setDate(to_qdate(today))
        for check, date in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            date.setEnabled(False)
            check.toggled.connect(date.setEnabled)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("audit_search")
        self.search_edit.setAccessibleName("Search the audit trail")
        self.search_edit.setPlaceholderText("Search actions, subjects and details (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        filters.addWidget(who_label)
        filters.addWidget(self.who_combo)
        filters.addSpacing(8)
        filters.addWidget(kind_label)
        filters.addWidget(self.kind_combo)
        filters.addSpacing(8)
        for check, date in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            filters.addWidget(check)
            filters.addWidget(date)
        filters.addSpacing(8)
        filters.addWidget(self.search_edit, 1)
        layout.addLayout(filters)

        # -- actions ---------------------------------------------------------------------
        buttons = QHBoxLayout()
        self.check_button = QPushButton("&Check the trail")
        self.check_button.setObjectName("audit_check")
        self.check_button.setToolTip(
            "Make sure no entry was changed or removed, outside PeerDesk too"
        )
        self.export_button = QPushButton("&Export…")
        self.export_button.setObjectName("audit_export")
        self.export_button.setToolTip("Save the entries shown by these filters as a CSV file")
        self.count_label = QLabel()
        self.count_label.setObjectName("audit_count")
        self.progress = QProgressBar()
        self.progress.setObjectName("audit_progress")
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.progress)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        layout.addLayout(buttons)

        self.message = QLabel()
        self.message.setObjectName("audit_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)

        # -- the entries and the chosen one's details -------------------------------------
        self.model = AuditTableModel(self)
        self.table = make_row_table(self.model, "audit_table", "Audit trail entries")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(60)
        for column, width in (
            (COL_WHEN, 128),
            (COL_WHO, 140),
            (COL_ROLE, 100),
            (COL_ACTION, 190),
            (COL_SUBJECT, 170),
        ):
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(COL_DETAILS, 260)
        self.more_button = QPushButton("Show &more")
        self.more_button.setObjectName("audit_more")
        self.more_button.setToolTip("Load the next entries")
        self.more_button.hide()
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table, 1)
        more_row = QHBoxLayout()
        more_row.addStretch(1)
        more_row.addWidget(self.more_button)
        more_row.addStretch(1)
        table_layout.addLayout(more_row)

        self.details = QPlainTextEdit()
        self.details.setObjectName("audit_details")
        self.details.setAccessibleName("Details of the chosen entry")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Choose an entry to see everything it records.")
        self.details.setTabChangesFocus(True)
        details_box = QWidget()
        details_layout = QVBoxLayout(details_box)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_label = QLabel("Details")
        details_label.setObjectName("audit_details_heading")
        details_label.setBuddy(self.details)
        details_layout.addWidget(details_label)
        details_layout.addWidget(self.details, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("audit_splitter")
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(details_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([360, 220])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        # -- wiring ----------------------------------------------------------------------
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.search)
        self.who_combo.currentIndexChanged.connect(lambda _i: self.search())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.search())
        for check in (self.from_check, self.to_check):
            check.toggled.connect(lambda _on: self.search())
        for date in (self.from_date, self.to_date):
            date.dateChanged.connect(lambda _d: self._dates_changed())
        self.model.more_wanted.connect(self.load_more)
        self.more_button.clicked.connect(self._more_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_details())
        self.table.activated.connect(lambda _index: self.details.setFocus())
        self.check_button.clicked.connect(self.check_trail)
        self.export_button.clicked.connect(self.export)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)

        if not self._allowed:
            closed: tuple[QWidget, ...] = (
                self.who_combo,
                self.kind_combo,
                self.from_check,
                self.to_check,
                self.search_edit,
                self.check_button,
                self.export_button,
                self.table,
                self.details,
            )
            for widget in closed:
                widget.setEnabled(False)
            self._say(READ_REFUSED, problem=True)

    # -- the filter ------------------------------------------------------------------------

    def current_filter(self, offset: int = 0) -> AuditFilter:
        who = self.who_combo.currentData() or ""
        kind = self.kind_combo.currentData()
        return AuditFilter(
            who=str(who),
            who_exact=True,
            kind=AuditKind(kind) if kind else None,
            start=from_qdate(self.from_date.date()) if self.from_check.isChecked() else None,
            end=from_qdate(self.to_date.date()) if self.to_check.isChecked() else None,
            text=self.search_edit.text().strip(),
            limit=PAGE_SIZE,
            offset=offset,
        )

    @property
    def reading(self) -> bool:
        """A search is waiting for typing to pause, or for its answer."""
        return self._search_timer.isActive() or self.model.loading

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _dates_changed(self) -> None:
        if self.from_check.isChecked() or self.to_check.isChecked():
            self.search()

    # -- reading ---------------------------------------------------------------------------

    def _audit(self) -> AuditLog:
        return self._context.services.audit

    def refresh(self) -> None:
        """Read the list of names for "Who" and search again with the filters as they are."""
        if not self._allowed:
            return
        audit, actor = self._audit(), self._context.actor
        self._run(lambda _p, _c: audit.actors(actor), self._names_read)
        self.search()

    def _names_read(self, names: object) -> None:
        assert isinstance(names, list)
        chosen = self.who_combo.currentData() or ""
        blocked = self.who_combo.blockSignals(True)
        try:
            self.who_combo.clear()
            self.who_combo.addItem(EVERYONE, "")
            for name in names:
                self.who_combo.addItem(name, name)
            index = self.who_combo.findData(chosen)
            self.who_combo.setCurrentIndex(max(index, 0))
        finally:
            self.who_combo.blockSignals(blocked)

    def search(self) -> None:
        """Show the newest entries that match the filters (the first page)."""
        if not self._allowed:
            return
        self._search_timer.stop()
        self._generation += 1
        generation = self._generation
        audit, actor, query = self._audit(), self._context.actor, self.current_filter()
        self.model.loading = True
        self.count_label.setText("Reading the trail…")
        self._run(
            lambda _p, _c: audit.search(actor, query),
            lambda page: self._first_page(generation, page),
        )

    def load_more(self) -> None:
        """Fetch the next page below those shown (the table asks when scrolled to the end)."""
        if not self._allowed:
            return
        generation = self._generation
        audit, actor = self._audit(), self._context.actor
        query = self.current_filter(offset=self.model.fetched)
        self.model.loading = True
        self.more_button.setEnabled(False)
        self._run(
            lambda _p, _c: audit.search(actor, query),
            lambda page: self._next_page(generation, page),
        )

    def _more_clicked(self) -> None:
        if not self.model.loading:
            self.load_more()

    def _first_page(self, generation: int, page: object) -> None:
        if generation != self._generation:
            return  # the filters changed since: a newer search is on its way
        assert isinstance(page, AuditPage)
        chosen = self.selected()
        self.model.set_page(page)
        self._count_changed()
        row = self.model.row_of(chosen.id) if chosen is not None else None
        if row is None and self.model.rowCount() > 0:
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self._show_details()

    def _next_page(self, generation: int, page: object) -> None:
        if generation != self._generation:
            return
        assert isinstance(page, AuditPage)
        self.model.append_page(page)
        self._count_changed()

    def _count_changed(self) -> None:
        total, shown = self.model.total, self.model.fetched
        if total == 0:
            filtered = self.current_filter() != AuditFilter(who_exact=True, limit=PAGE_SIZE)
            self.count_label.setText(
                "No entry matches these filters." if filtered else "The trail is empty."
            )
        elif shown >= total:
            self.count_label.setText(f"{total:,} entr{'y' if total == 1 else 'ies'}")
        else:
            self.count_label.setText(f"Showing the newest {shown:,} of {total:,} entries")
        self.more_button.setVisible(shown < total)
        self.more_button.setEnabled(True)

    def selected(self) -> AuditEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _show_details(self) -> None:
        entry = self.selected()
        self.details.setPlainText(details_text(entry) if entry is not None else "")

    # -- checking --------------------------------------------------------------------------

    def check_trail(self) -> None:
        """Walk the whole chain (off the GUI thread) and say what was found."""
        if not self._allowed or self._busy:
            return
        audit, actor = self._audit(), self._context.actor
        self._start_busy("Checking every entry…")
        self._run(lambda _p, _c: audit.verify(actor), self._checked, self._busy_failed)

    def _checked(self, report: object) -> None:
        assert isinstance(report, ChainReport)
        self._stop_busy()
        self._say(chain_text(report), problem=not report.ok)

    # -- exporting -------------------------------------------------------------------------

    def export(self) -> None:
        """Ask where, then write the entries the filters select to a CSV file."""
        if not self._allowed or self._busy:
            return
        context = self._context
        path = ask_for_csv_file(context, self, "Export the audit trail", "Audit trail")
        if path is None:
            return
        audit, actor, query = self._audit(), context.actor, self.current_filter()

        def work(progress: Progress, is_cancelled: IsCancelled) -> int:
            return audit.export_csv(
                actor, query, path, progress=progress, is_cancelled=is_cancelled
            )

        def done(count: object) -> None:
            assert isinstance(count, int)
            self._stop_busy()
            noun = "entry" if count == 1 else "entries"
            self._say(f"Saved {count:,} {noun} to {path.name}, in {path.parent}.")
            self.refresh()  # the export itself is now in the trail

        self._start_busy(f"Writing {path.name}…")
        self._run(work, done, self._busy_failed)

    # -- running work ----------------------------------------------------------------------

    def _run(
        self,
        work: Callable[[Progress, IsCancelled], Any],
        done: Callable[[Any], None],
        failed: Callable[[object], None] | None = None,
    ) -> None:
        handle = self._context.tasks.run(work)
        handle.progressed.connect(self._progressed)
        handle.finished.connect(done)
        handle.failed.connect(failed or self._read_failed)

    def _progressed(self, done: int, total: int) -> None:
        if self._busy:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(min(done, max(total, 1)))

    def _read_failed(self, error: object) -> None:
        self.model.loading = False
        self.more_button.setEnabled(True)
        self.count_label.setText("")
        self._say(_plain_error(error, "The audit trail could not be read"), problem=True)

    def _busy_failed(self, error: object) -> None:
        self._stop_busy()
        self._say(_plain_error(error, "That did not work"), problem=True)

    def _start_busy(self, text: str) -> None:
        self._busy = True
        self.check_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self._say(text)

    def _stop_busy(self) -> None:
        self._busy = False
        self.check_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.progress.hide()

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR if problem else SUCCESS_COLOUR};")
        self.message.setVisible(bool(text))


def _plain_error(error: object, what: str) -> str:
    if isinstance(error, ExportCancelled):
        return "The export was cancelled; no file was written."
    if isinstance(error, CsvWriteError):
        return str(error.strerror)
    if isinstance(error, PermissionError):
        return str(error)
    return f"{what} ({error.__class__.__name__}). Nothing was changed."
