"""The policy register, a tab of the Checklists page: every policy with its owner, version,
approval and next review, soonest review first.

Managers add, edit, mark reviewed and retire policies; everyone can read the register and
open a policy's document. Keys: Alt+N new, Enter (or double-click) edits, Alt+D edit,
Alt+R mark reviewed, Alt+I retire, Alt+O open the document.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.text import fold
from peerdesk.services.actor import Role
from peerdesk.services.policy_views import REVIEW_NOTICE_DAYS, PolicyInfo
from peerdesk.ui.agreement_tab import SUCCESS_COLOUR
from peerdesk.ui.context import AppContext
from peerdesk.ui.form_dialog import DateDialog, FormDialog
from peerdesk.ui.form_helpers import ERROR_COLOUR
from peerdesk.ui.policy_dialog import PolicyDialog, ReviewPolicyDialog
from peerdesk.ui.policy_table_model import (
    COL_APPROVED,
    COL_NEXT_REVIEW,
    COL_OWNER,
    COL_REVIEW,
    COL_STATUS,
    COL_TITLE,
    COL_VERSION,
    PolicyTableModel,
    owner_text,
)

SHOW_IN_USE, SHOW_DUE, SHOW_RETIRED, SHOW_ALL = range(4)
VIEW_NAMES = ("In force and drafts", "Reviews due", "Retired", "All")
URL_SCHEMES = ("http", "https", "file", "ftp", "smb")
MANAGERS_ONLY = "Only managers can change the policy register."


def open_url(url: QUrl) -> bool:
    """Hand a document to the program the computer opens it with (tests replace this)."""
    return QDesktopServices.openUrl(url)


def document_url(location: str) -> QUrl | None:
    """The URL of a policy's document, or None when a local path does not exist."""
    text = location.strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme in URL_SCHEMES and len(scheme) > 1:  # "C:\…" is a drive, not a scheme
        return QUrl(text)
    path = Path(text).expanduser()
    if not path.is_absolute() or not path.exists():
        return None
    return QUrl.fromLocalFile(str(path))


def register_summary(rows: list[PolicyInfo]) -> str:
    in_use = [row for row in rows if not row.is_retired]
    overdue = sum(1 for row in in_use if row.review_overdue)
    return (
        f"{len(in_use)} in use · {overdue} review{'s' if overdue != 1 else ''} overdue"
        if rows
        else ""
    )


class PolicyPanel(QWidget):
    changed = Signal()  # after a policy is added, changed, reviewed or retired

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policy_panel")
        self._context = context
        self._rows: list[PolicyInfo] = []
        self.current_dialog: QDialog | None = None
        actor = context.actor
        self._may_change = actor.role in (Role.ADMINISTRATOR, Role.MANAGER)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the Checklists page's tab gives the margin
        layout.setSpacing(10)

        filters = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("policy_search")
        self.search_edit.setAccessibleName("Search policies")
        self.search_edit.setPlaceholderText("Search titles, owners, versions and notes")
        self.search_edit.setClearButtonEnabled(True)
        show_label = QLabel("Sho&w")
        self.view_combo = QComboBox()
        self.view_combo.setObjectName("policy_view")
        self.view_combo.setAccessibleName("Show policies")
        self.view_combo.addItems(list(VIEW_NAMES))
        self.view_combo.setItemData(
            SHOW_DUE,
            f"Overdue, or due in the next {REVIEW_NOTICE_DAYS} days",
            Qt.ItemDataRole.ToolTipRole,
        )
        show_label.setBuddy(self.view_combo)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("policy_count")
        self.view_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        filters.addWidget(self.search_edit, 1)
        filters.addSpacing(8)
        filters.addWidget(show_label)
        filters.addWidget(self.view_combo)
        filters.addSpacing(8)
        filters.addWidget(self.summary_label)
        layout.addLayout(filters)

        buttons = QHBoxLayout()
        self.new_button = QPushButton("&New policy…")
        self.new_button.setObjectName("new_policy_button")
        self.new_button.setToolTip("Add a policy to the register (Alt+N)")
        self.edit_button = QPushButton("E&dit…")
        self.edit_button.setObjectName("edit_policy_button")
        self.edit_button.setToolTip("Change the selected policy (Enter)")
        self.review_button = QPushButton("Mark &reviewed…")
        self.review_button.setObjectName("review_policy_button")
        self.review_button.setToolTip(
            "Record that it was reviewed and approved: new version, next review a year on"
        )
        self.retire_button = QPushButton("Ret&ire…")
        self.retire_button.setObjectName("retire_policy_button")
        self.retire_button.setToolTip(
            "It no longer applies: keep it in the register, out of the reviews due"
        )
        self.open_button = QPushButton("&Open document")
        self.open_button.setObjectName("open_document_button")
        self.open_button.setToolTip("Open the policy's document where it is kept")
        for button in (
            self.new_button,
            self.edit_button,
            self.review_button,
            self.retire_button,
            self.open_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.message = QLabel()
        self.message.setObjectName("policy_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        layout.addWidget(self.message)

        self.model = PolicyTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("policy_table")
        self.table.setAccessibleName("Policy register")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        for column, width in (
            (COL_STATUS, 92),
            (COL_VERSION, 60),
            (COL_OWNER, 130),
            (COL_APPROVED, 92),
            (COL_NEXT_REVIEW, 92),
            (COL_REVIEW, 128),
        ):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("policy_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        layout.addWidget(self.empty_label, 1)

        self.search_edit.textChanged.connect(lambda _t: self._show())
        self.view_combo.currentIndexChanged.connect(lambda _i: self._show())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.new_button.clicked.connect(self.new_policy)
        self.edit_button.clicked.connect(self.edit_selected)
        self.review_button.clicked.connect(self.review_selected)
        self.retire_button.clicked.connect(self.retire_selected)
        self.open_button.clicked.connect(self.open_document)
        self._update_buttons()

    # -- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        context = self._context
        self._rows = context.services.policies.list(
            context.actor, include_retired=True, today=context.today()
        )
        self.summary_label.setText(register_summary(self._rows))
        self._show()

    def selected(self) -> PolicyInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_policy(self, policy_id: int) -> bool:
        row = self.model.row_of(policy_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, COL_TITLE))
        return True

    def visible_rows(self) -> list[PolicyInfo]:
        view = self.view_combo.currentIndex()
        words = fold(self.search_edit.text()).split()
        shown = []
        for row in self._rows:
            if view == SHOW_IN_USE and row.is_retired:
                continue
            if view == SHOW_RETIRED and not row.is_retired:
                continue
            if view == SHOW_DUE and (
                row.is_retired
                or row.days_until_review is None
                or row.days_until_review > REVIEW_NOTICE_DAYS
            ):
                continue
            d = row.details
            haystack = fold(f"{d.title} {owner_text(row)} {d.version} {d.notes} {d.location}")
            if all(word in haystack for word in words):
                shown.append(row)
        return shown

    def _show(self) -> None:
        chosen = self.selected()
        rows = self.visible_rows()
        self.model.set_rows(rows)
        empty = not rows
        self.table.setVisible(not empty)
        self.empty_label.setVisible(empty)
        if empty:
            self.empty_label.setText(self._empty_text())
        elif chosen is not None:
            self.select_policy(chosen.id)
        self._update_buttons()

    def _empty_text(self) -> str:
        view = self.view_combo.currentIndex()
        if not self._rows:
            if self._may_change:
                return (
                    "The register is empty. Add the organisation's policies with New policy… "
                    "(Alt+N): who owns each one, the version in force and when it is next "
                    "reviewed."
                )
            return "The register is empty: a manager adds the organisation's policies."
        if self.search_edit.text().strip():
            if view == SHOW_ALL:
                return "No policy in the register matches the search."
            return (
                f"No policy under “{VIEW_NAMES[view]}” matches the search: choose All to "
                "search the whole register."
            )
        if view == SHOW_DUE:
            return (
                f"No review is overdue or due in the next {REVIEW_NOTICE_DAYS} days: "
                "the register is up to date."
            )
        if view == SHOW_RETIRED:
            return "No policy has been retired."
        return "Every policy in the register is retired: choose Retired or All to see them."

    def _update_buttons(self) -> None:
        row = self.selected()
        may = self._may_change
        self.new_button.setEnabled(may)
        self.edit_button.setEnabled(may and row is not None)
        self.review_button.setEnabled(may and row is not None and not row.is_retired)
        self.retire_button.setEnabled(may and row is not None and not row.is_retired)
        self.open_button.setEnabled(row is not None and bool(row.details.location.strip()))
        if not may:
            for button in (self.new_button, self.edit_button, self.review_button):
                button.setToolTip(MANAGERS_ONLY)
            self.retire_button.setToolTip(MANAGERS_ONLY)

    # -- changing -------------------------------------------------------------------------

    def new_policy(self) -> None:
        if not self._may_change:
            return
        context = self._context
        dialog = PolicyDialog(context.services, context.actor, None, self, today=context.today())
        self._open(dialog, "Added “{title}” to the register.")

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None or not self._may_change:
            return
        context = self._context
        dialog = PolicyDialog(context.services, context.actor, row, self, today=context.today())
        self._open(dialog, "Saved “{title}”.")

    def review_selected(self) -> None:
        row = self.selected()
        if row is None or row.is_retired or not self._may_change:
            return
        context = self._context
        dialog = ReviewPolicyDialog(
            context.services, context.actor, row, self, today=context.today()
        )
        self._open(dialog, "Marked “{title}” as reviewed: version {version}, next review {next}.")

    def retire_selected(self) -> None:
        row = self.selected()
        if row is None or row.is_retired or not self._may_change:
            return
        context = self._context
        policy_id = row.id

        def retire(day: dt.date) -> PolicyInfo:
            return context.services.policies.retire(context.actor, policy_id, day)

        dialog = DateDialog(
            "Retire a policy",
            f"“{row.title}” will stay in the register, listed under Retired, and leave the "
            "reviews due. The date goes in its notes.",
            "Retired &on",
            "retired_on",
            context.today(),
            retire,
            self,
        )
        dialog.save_button.setText("&Retire")
        dialog.save_button.setToolTip("Retire the policy (Ctrl+S)")
        self._open(dialog, "Retired “{title}”: it is listed under Retired.")

    def _open(self, dialog: FormDialog, message: str) -> None:
        def saved(policy: object) -> None:
            assert isinstance(policy, PolicyInfo)
            self.refresh()
            if not self.select_policy(policy.id):
                # not in the current view (retired, say): show where it went
                self.search_edit.clear()
                self.view_combo.setCurrentIndex(SHOW_ALL)
                self.select_policy(policy.id)
            review = policy.details.next_review
            self._say(
                message.format(
                    title=policy.title,
                    version=policy.details.version or "not numbered",
                    next=f"{review.day} {review:%b %Y}" if review else "none",
                )
            )
            self.changed.emit()

        def closed(result: int) -> None:
            if self.current_dialog is dialog:
                self.current_dialog = None
            if result == QDialog.DialogCode.Accepted:
                self.table.setFocus()  # back on the row just saved

        dialog.saved.connect(saved)
        dialog.finished.connect(closed)
        dialog.finished.connect(dialog.deleteLater)
        self.current_dialog = dialog
        dialog.open()

    # -- the document ---------------------------------------------------------------------

    def open_document(self) -> None:
        row = self.selected()
        if row is None:
            return
        location = row.details.location.strip()
        if not location:
            self._say(f"No document is recorded for “{row.title}”: add where it is with Edit…")
            return
        url = document_url(location)
        if url is None:
            self._say(
                f"The document for “{row.title}” is not at {location}. Check that the shared "
                "drive is connected, or correct the location with Edit…",
                problem=True,
            )
            return
        if not open_url(url):
            self._say(
                f"The document for “{row.title}” could not be opened: this computer has no "
                "program for it, or the link is wrong.",
                problem=True,
            )
            return
        self._say(f"Opened the document for “{row.title}”.")

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR if problem else SUCCESS_COLOUR};")
        self.message.setVisible(True)
