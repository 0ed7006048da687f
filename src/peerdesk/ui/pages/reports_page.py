"""Reports: choose a report, say what it is about, and export it as a PDF.

Four reports, one panel each: the trustee workforce report (a period), a person's
supervision record (a person, and a period if wanted), a checklist report (a checklist),
and everything held about one person (a person; a PDF and a JSON file in a folder). The
export runs off the GUI thread behind a progress dialog with a working Cancel
(ui/export_dialog.py); the page then says where the file is, with Open and Show in folder.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.organisation import DEFAULT_SMALL_NUMBER_THRESHOLD
from peerdesk.domain.text import fold
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services.actor import AccessDenied
from peerdesk.services.checklist_views import ChecklistSummary
from peerdesk.services.errors import Conflict, NotFound, StorageError
from peerdesk.services.views import PersonChoice
from peerdesk.ui.context import AppContext
from peerdesk.ui.csv_export_ui import LAST_FOLDER_KEY, last_folder, remember_folder
from peerdesk.ui.error_hook import LOG_NAME, write_log
from peerdesk.ui.export_dialog import ExportProgressDialog
from peerdesk.ui.form_helpers import (
    format_date,
    from_qdate,
    make_date_edit,
    make_error_label,
    make_hint,
    show_error,
    to_qdate,
)
from peerdesk.ui.tasks import IsCancelled, Progress, Work

REPORT_TRUSTEE, REPORT_SUPERVISION, REPORT_CHECKLIST, REPORT_PERSON = range(4)
PDF_FILTER = "PDF files (*.pdf)"

# -- periods --------------------------------------------------------------------------------

QUICK_CUSTOM = ""
QUICK_LAST_QUARTER = "last_quarter"
QUICK_LAST_FINANCIAL_YEAR = "last_financial_year"
QUICK_LAST_12_MONTHS = "last_12_months"
QUICK_THIS_YEAR = "this_year"
QUICK_PERIODS = (
    (QUICK_LAST_QUARTER, "Last quarter"),
    (QUICK_LAST_FINANCIAL_YEAR, "Last financial year (April–March)"),
    (QUICK_LAST_12_MONTHS, "Last 12 months"),
    (QUICK_THIS_YEAR, "This year so far"),
)


def quick_period(key: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of a quick choice of period, as seen on ``today``.

    Last quarter: the last complete calendar quarter (January–March, April–June, …).
    Last financial year: the last complete year from 1 April to 31 March. Last 12 months:
    the year up to and including today. This year so far: 1 January to today.
    """
    if key == QUICK_LAST_QUARTER:
        this_quarter = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        end = this_quarter - dt.timedelta(days=1)
        return dt.date(end.year, end.month - 2, 1), end
    if key == QUICK_LAST_FINANCIAL_YEAR:
        first_year = today.year - 1 if today.month >= 4 else today.year - 2
        return dt.date(first_year, 4, 1), dt.date(first_year + 1, 3, 31)
    if key == QUICK_LAST_12_MONTHS:
        try:
            year_ago = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            year_ago = today.replace(year=today.year - 1, day=28)
        return year_ago + dt.timedelta(days=1), today
    if key == QUICK_THIS_YEAR:
        return dt.date(today.year, 1, 1), today
    raise ValueError(f"unknown period {key!r}")


# -- words for files and failures -----------------------------------------------------------

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def safe_file_stem(text: str, limit: int = 80) -> str:
    """``text`` as part of a file name that every file system accepts."""
    stem = " ".join(_UNSAFE.sub(" ", text).split()).strip(" .")
    return stem[:limit].rstrip(" .") or "report"


EXPECTED = (AccessDenied, NotFound, Conflict, OSError)


def describe_failure(error: object, destination: Path, log: Path | None = None) -> str:
    """One plain sentence for an export that failed (not a ValidationError). ``log``: where
    the details of an unexpected error were written."""
    folder = destination if destination.suffix == "" else destination.parent
    if isinstance(error, AccessDenied | NotFound | Conflict):
        return f"Nothing was saved: {error}"
    if isinstance(error, StorageError):
        return str(error)
    if isinstance(error, OSError):
        code = error.errno
        if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return "Nothing was saved: there is not enough space on the disk."
        if code == errno.EROFS:
            return f"Nothing was saved: {folder} is read-only; choose another folder."
        if code in (errno.EACCES, errno.EPERM):
            return (
                f"Nothing was saved: PeerDesk is not allowed to write in {folder}; "
                "choose another folder."
            )
        if code == errno.ENOENT:
            return f"Nothing was saved: the folder {folder} does not exist; choose another."
        if code == errno.ENAMETOOLONG:
            return "Nothing was saved: the file name is too long; choose a shorter one."
        reason = (error.strerror or str(error)).rstrip(".")
        return f"Nothing was saved: {reason[:1].lower() + reason[1:]}."
    where = f"; the details are in {log}" if log is not None else ""
    return f"Nothing was saved: the export failed unexpectedly ({error.__class__.__name__}){where}."


# -- fields ---------------------------------------------------------------------------------


class PeriodPicker(QWidget):
    """A period: a quick choice (last quarter, …) or any two dates, with its error label.

    With ``optional_text`` a checkbox comes first, and the period applies only when ticked.
    """

    def __init__(
        self,
        name: str,
        today: Callable[[], dt.date],
        *,
        default: str = QUICK_LAST_QUARTER,
        optional_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.check: QCheckBox | None = None
        if optional_text is not None:
            self.check = QCheckBox(optional_text)
            self.check.setObjectName(f"{name}_period_check")
            layout.addWidget(self.check)
        self.quick_combo = QComboBox()
        self.quick_combo.setObjectName(f"{name}_quick_period")
        self.quick_combo.setAccessibleName("Quick choice of period")
        self.quick_combo.addItem("Dates chosen below", QUICK_CUSTOM)
        for key, text in QUICK_PERIODS:
            self.quick_combo.addItem(text, key)
        self.quick_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.from_edit = make_date_edit(f"{name}_from")
        self.from_edit.setAccessibleName("From")
        self.to_edit = make_date_edit(f"{name}_to")
        self.to_edit.setAccessibleName("To")
        self.from_label = QLabel("Fro&m")
        self.from_label.setBuddy(self.from_edit)
        self.to_label = QLabel("&to")
        self.to_label.setBuddy(self.to_edit)
        quick = QHBoxLayout()
        quick.addWidget(self.quick_combo)
        quick.addStretch(1)
        layout.addLayout(quick)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.from_label)
        row.addWidget(self.from_edit)
        row.addWidget(self.to_label)
        row.addWidget(self.to_edit)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = make_error_label(f"{name}_period")
        layout.addWidget(self.error)
        self.choose(default)
        self.quick_combo.currentIndexChanged.connect(self._quick_chosen)
        self.from_edit.dateChanged.connect(self._dates_edited)
        self.to_edit.dateChanged.connect(self._dates_edited)
        if self.check is not None:
            self.check.toggled.connect(self._switched)
            self._switched(False)

    def choose(self, key: str) -> None:
        """Show a quick choice of period and its dates."""
        start, end = quick_period(key, self._today())
        with QSignalBlocker(self.from_edit), QSignalBlocker(self.to_edit):
            self.from_edit.setDate(to_qdate(start))
            self.to_edit.setDate(to_qdate(end))
        with QSignalBlocker(self.quick_combo):
            self.quick_combo.setCurrentIndex(max(self.quick_combo.findData(key), 0))
        show_error(self.error, None)

    def set_period(self, start: dt.date, end: dt.date) -> None:
        self.from_edit.setDate(to_qdate(start))
        self.to_edit.setDate(to_qdate(end))

    def is_used(self) -> bool:
        return self.check is None or self.check.isChecked()

    def period(self) -> tuple[dt.date, dt.date] | None:
        """The chosen first and last day, or None when the period is optional and off."""
        if not self.is_used():
            return None
        return from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())

    def check_order(self) -> bool:
        """Say so under the dates when the period ends before it starts."""
        period = self.period()
        if period is not None and period[1] < period[0]:
            show_error(self.error, "The end of the period cannot be before its start.")
            return False
        return True

    def focus_widget(self) -> QWidget:
        return self.from_edit if self.is_used() else (self.check or self.from_edit)

    def _quick_chosen(self, _index: int) -> None:
        key = str(self.quick_combo.currentData() or "")
        if key:
            self.choose(key)

    def _dates_edited(self) -> None:
        show_error(self.error, None)
        with QSignalBlocker(self.quick_combo):
            self.quick_combo.setCurrentIndex(0)

    def _switched(self, on: bool) -> None:
        for widget in (self.quick_combo, self.from_edit, self.to_edit, self.from_label):
            widget.setEnabled(on)
        self.to_label.setEnabled(on)
        if not on:
            show_error(self.error, None)


class PersonPicker(QWidget):
    """Choose a person from the register (current staff and leavers, marked), with a
    search box that finds names whatever their accents: "zoe" finds Zoë."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people: list[tuple[PersonChoice, bool, str]] = []  # person, current, folded
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName(f"{name}_person_search")
        self.search_edit.setPlaceholderText("Type to find a name")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Find a person")
        self.combo = QComboBox()
        self.combo.setObjectName(f"{name}_person")
        self.combo.setAccessibleName("Person")
        self.combo.setPlaceholderText("Choose a person")
        self.combo.setMinimumContentsLength(24)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        row.addWidget(self.search_edit, 2)
        row.addWidget(self.combo, 3)
        layout.addLayout(row)
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        layout.addWidget(self.note)
        self.error = make_error_label(f"{name}_person")
        layout.addWidget(self.error)
        self.search_edit.textChanged.connect(self._filter)
        self.search_edit.returnPressed.connect(self._search_done)
        self.combo.currentIndexChanged.connect(lambda _i: show_error(self.error, None))

    def load(self, people: Iterable[PersonChoice], current_ids: set[int]) -> None:
        chosen = self.selected_id()
        self._people = [
            (person, person.id in current_ids, fold(f"{person.name} {person.job_title}"))
            for person in people
        ]
        self._filter(self.search_edit.text(), keep=chosen)

    def selected_id(self) -> int | None:
        data = self.combo.currentData()
        return int(data) if data is not None else None

    def selected_name(self) -> str:
        wanted = self.selected_id()
        return next((p.name for p, _current, _f in self._people if p.id == wanted), "")

    def select(self, staff_id: int) -> bool:
        index = self.combo.findData(staff_id)
        if index < 0 and self.search_edit.text():
            self.search_edit.clear()
            index = self.combo.findData(staff_id)
        self.combo.setCurrentIndex(index)
        return index >= 0

    def is_empty(self) -> bool:
        return not self._people

    def _filter(self, text: str, keep: int | None = None) -> None:
        words = fold(text).split()
        keep = self.selected_id() if keep is None else keep
        shown = [
            (person, current)
            for person, current, folded in self._people
            if all(word in folded for word in words)
        ]
        with QSignalBlocker(self.combo):
            self.combo.clear()
            for person, current in shown:
                self.combo.addItem(_person_text(person, current), person.id)
            index = self.combo.findData(keep) if keep is not None else -1
            if index < 0 and words and shown:
                index = 0  # searching: the best match is chosen, and shown
            self.combo.setCurrentIndex(index)
        if not self._people:
            self._note("There is nobody in the staff register yet.")
        elif not shown:
            self._note(f"No one's name matches “{text.strip()}”.")
        elif words:
            matches = "person matches" if len(shown) == 1 else "people match"
            self._note(f"{len(shown):,} {matches}.")
        else:
            self._note("")
        show_error(self.error, None)

    def _note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _search_done(self) -> None:
        if self.combo.count():
            self.combo.setFocus(Qt.FocusReason.OtherFocusReason)


def _person_text(person: PersonChoice, current: bool) -> str:
    text = f"{person.name} — {person.job_title}" if person.job_title else person.name
    return text if current else f"{text} (leaver)"


def _checklist_text(summary: ChecklistSummary) -> str:
    text = f"{summary.title} — started {format_date(summary.started_on)}"
    return text if summary.archived_on is None else f"{text} (reviewed)"


# -- one panel per report -------------------------------------------------------------------


# ValidationError fields from the services, and the field (error label) they belong to
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "period": ("start", "end", "period", "from", "to", "start_date", "end_date"),
    "person": ("staff_id", "staff", "person", "supervisee_id"),
    "checklist": ("checklist_id", "checklist"),
    "prepared_by": ("prepared_by",),
}


class ReportPanel(QWidget):
    """One report: what it is, what it never contains, and the choices it needs."""

    title = ""
    what = "the report"  # for the progress dialog: "Writing the report…"
    button_text = "E&xport PDF…"

    def __init__(self, context: AppContext, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_panel")
        self._context = context
        self._errors: dict[str, tuple[QLabel, QWidget]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        heading = QLabel(self.title)
        heading.setObjectName("section_heading")
        layout.addWidget(heading)
        self.description = QLabel()
        self.description.setObjectName("report_description")
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setWordWrap(True)
        layout.addWidget(self.description)
        self.privacy = QLabel()
        self.privacy.setObjectName("report_privacy")
        self.privacy.setTextFormat(Qt.TextFormat.PlainText)
        self.privacy.setWordWrap(True)
        self.privacy.setStyleSheet(
            "QLabel#report_privacy { background: #f1f3f2; border-left: 3px solid #2f6f55;"
            " padding: 6px 8px; color: #1d2a24; }"
        )
        layout.addWidget(self.privacy)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.setContentsMargins(0, 6, 0, 0)
        self.form.setVerticalSpacing(10)
        layout.addLayout(self.form)
        self.general_error = make_error_label(f"{name}_general")
        layout.addWidget(self.general_error)
        layout.addStretch(1)

    # -- to fill in ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load what the choices need from the services (people, checklists, …)."""

    def check(self) -> bool:
        """Say under each field what is missing or wrong before anything is asked."""
        return True

    def ask_destination(self) -> Path | None:
        """Ask where to save; None when the user changes their mind."""
        raise NotImplementedError

    def make_work(self, destination: Path) -> Work:
        """The export, to run off the GUI thread; its result is the path (or paths)."""
        raise NotImplementedError

    # -- shared ----------------------------------------------------------------------------

    def _add_row(
        self, text: str, field: str, widget: QWidget, error: QLabel, focus: QWidget
    ) -> None:
        label = QLabel(text)
        label.setObjectName(f"{field}_label")
        label.setBuddy(focus)
        self.form.addRow(label, widget)
        self._errors[field] = (error, focus)

    def clear_errors(self) -> None:
        for label, _focus in self._errors.values():
            show_error(label, None)
        show_error(self.general_error, None)

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Each message under the field it belongs to (else below the form); the first
        field with a problem gets the focus."""
        first: QWidget | None = None
        general: list[str] = []
        for error in errors:
            group = next((g for g, fields in FIELD_GROUPS.items() if error.field in fields), None)
            target = self._errors.get(group) if group else None
            if target is None:
                general.append(error.message)
                continue
            label, focus = target
            existing = label.text() if label.isVisibleTo(self) else ""
            show_error(label, f"{existing}\n{error.message}" if existing else error.message)
            first = first or focus
        if general:
            show_error(self.general_error, "\n".join(general))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_error(self, field: str, message: str) -> None:
        self.show_errors([FieldError(FIELD_GROUPS.get(field, (field,))[0], message)])

    def _ask_pdf(self, title: str, file_name: str) -> Path | None:
        suggested = last_folder(self._context) / file_name
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(suggested), PDF_FILTER)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        remember_folder(self._context, path)
        return path


class TrusteePanel(ReportPanel):
    title = "Trustee workforce report"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "trustee", parent)
        self.description.setText(
            "For the board: headline figures with the change since the previous period; the "
            "workforce (headcount, FTE, starters, leavers, turnover, apprenticeships); "
            "lived-experience representation, counting only people who agreed to be "
            "counted; supervision held against expected; actions; wellbeing; training; "
            "policies and checklists; dual relationships. Charts where they help, and what "
            "every figure means."
        )
        self.show_threshold(DEFAULT_SMALL_NUMBER_THRESHOLD)
        self.period = PeriodPicker("trustee", context.today)
        self._add_row("&Period", "period", self.period, self.period.error, self.period.quick_combo)
        self.prepared_by_edit = QLineEdit(context.actor.display_name)
        self.prepared_by_edit.setObjectName("prepared_by")
        self.prepared_by_edit.setMaxLength(200)
        self.prepared_by_edit.setPlaceholderText("The name printed on the cover")
        prepared_error = make_error_label("prepared_by")
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.prepared_by_edit)
        column.addWidget(prepared_error)
        self._add_row("Prepared &by", "prepared_by", box, prepared_error, self.prepared_by_edit)
        self.prepared_by_edit.textEdited.connect(lambda _t: show_error(prepared_error, None))

    def show_threshold(self, threshold: int) -> None:
        self.privacy.setText(
            "No names and no confidential text. Figures about fewer than "
            f"{threshold} people are shown as “fewer than {threshold}”, and so is any "
            "figure from which such a number could be worked out."
        )

    def refresh(self) -> None:
        info = self._context.services.organisation.get(self._context.actor)
        self.show_threshold(
            info.details.small_number_threshold if info else DEFAULT_SMALL_NUMBER_THRESHOLD
        )

    def check(self) -> bool:
        return self.period.check_order()

    def ask_destination(self) -> Path | None:
        period = self.period.period()
        assert period is not None
        start, end = period
        return self._ask_pdf(
            "Save the trustee workforce report",
            f"Trustee report {start.isoformat()} to {end.isoformat()}.pdf",
        )

    def make_work(self, destination: Path) -> Work:
        period = self.period.period()
        assert period is not None
        start, end = period
        service = self._context.services.trustee_reports
        actor = self._context.actor
        prepared_by = self.prepared_by_edit.text().strip()

        def work(progress: Progress, is_cancelled: IsCancelled) -> tuple[Path, ...]:
            path = service.export(
                actor,
                start,
                end,
                destination,
                prepared_by=prepared_by,
                progress=progress,
                is_cancelled=is_cancelled,
            )
            return (Path(path),)

        return work


class SupervisionPanel(ReportPanel):
    title = "Supervision record"
    what = "the supervision record"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "supervision", parent)
        self.description.setText(
            "One person's supervision: for each one-to-one, the agreed record, the actions, "
            "the supervisee's comments and both sign-offs, with later changes shown as "
            "amendments (who, when and why). Leave the period off for every session."
        )
        self.privacy.setText(
            "Never contains the supervisor's confidential notes. It holds this person's "
            "records: share it only with them or someone they have agreed to."
        )
        self.person = PersonPicker("supervision")
        self._add_row("&Person", "person", self.person, self.person.error, self.person.search_edit)
        self.period = PeriodPicker(
            "supervision",
            context.today,
            default=QUICK_LAST_12_MONTHS,
            optional_text="Only sessions in a per&iod",
        )
        self._add_row("Period", "period", self.period, self.period.error, self.period.from_edit)

    def refresh(self) -> None:
        _load_people(self._context, self.person)

    def check(self) -> bool:
        ok = self.period.check_order()
        if self.person.selected_id() is None:
            show_error(self.person.error, "Choose the person whose record this is.")
            self.person.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            ok = False
        return ok

    def ask_destination(self) -> Path | None:
        today = self._context.today().isoformat()
        name = safe_file_stem(self.person.selected_name())
        return self._ask_pdf(
            "Save the supervision record", f"Supervision record {name} {today}.pdf"
        )

    def make_work(self, destination: Path) -> Work:
        staff_id = self.person.selected_id()
        assert staff_id is not None
        period = self.period.period()
        start, end = period if period is not None else (None, None)
        service = self._context.services.record_reports
        actor = self._context.actor

        def work(progress: Progress, is_cancelled: IsCancelled) -> tuple[Path, ...]:
            path = service.export_supervision_record(
                actor,
                staff_id,
                destination,
                start=start,
                end=end,
                progress=progress,
                is_cancelled=is_cancelled,
            )
            return (Path(path),)

        return work


class ChecklistPanel(ReportPanel):
    title = "Checklist report"
    what = "the checklist report"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "checklist", parent)
        self.description.setText(
            "A policy checklist as it stands: every item by section with its status, owner, "
            "evidence, due date and when it was last reviewed, and the progress so far."
        )
        self.privacy.setText(
            "About the organisation, not about people: no one's personal records, only the "
            "names of the staff who own items."
        )
        self.combo = QComboBox()
        self.combo.setObjectName("checklist_choice")
        self.combo.setAccessibleName("Checklist")
        self.combo.setMinimumContentsLength(28)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.empty_label = make_hint(
            "There are no checklists yet: start one on the Checklists page."
        )
        self.empty_label.setObjectName("checklist_empty")
        self.empty_label.setVisible(False)
        error = make_error_label("checklist")
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.combo)
        column.addWidget(self.empty_label)
        column.addWidget(error)
        self.error = error
        self._add_row("&Checklist", "checklist", box, error, self.combo)
        self.combo.currentIndexChanged.connect(lambda _i: show_error(error, None))
        self._titles: dict[int, str] = {}

    def refresh(self) -> None:
        chosen = self.combo.currentData()
        summaries = self._context.services.checklists.list(self._context.actor)
        self._titles = {summary.id: summary.title for summary in summaries}
        with QSignalBlocker(self.combo):
            self.combo.clear()
            for summary in summaries:
                self.combo.addItem(_checklist_text(summary), summary.id)
            index = self.combo.findData(chosen) if chosen is not None else -1
            self.combo.setCurrentIndex(index if index >= 0 else (0 if summaries else -1))
        self.combo.setEnabled(bool(summaries))
        self.empty_label.setVisible(not summaries)

    def check(self) -> bool:
        if self.combo.currentData() is None:
            show_error(self.error, "Choose a checklist (start one on the Checklists page).")
            return False
        return True

    def ask_destination(self) -> Path | None:
        title = self._titles.get(int(self.combo.currentData()), "")
        today = self._context.today().isoformat()
        return self._ask_pdf(
            "Save the checklist report", f"Checklist {safe_file_stem(title)} {today}.pdf"
        )

    def make_work(self, destination: Path) -> Work:
        checklist_id = int(self.combo.currentData())
        service = self._context.services.record_reports
        actor = self._context.actor

        def work(progress: Progress, is_cancelled: IsCancelled) -> tuple[Path, ...]:
            path = service.export_checklist(
                actor, checklist_id, destination, progress=progress, is_cancelled=is_cancelled
            )
            return (Path(path),)

        return work


class PersonPanel(ReportPanel):
    title = "Everything held about one person"
    what = "the files"
    button_text = "E&xport PDF and JSON…"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "person", parent)
        self.description.setText(
            "For a subject access request: everything PeerDesk holds about one person, as a "
            "PDF to read and a JSON file a computer can read, saved together in a folder "
            "you choose."
        )
        self.privacy.setText(
            "Holds all of this person's data, including sensitive details: wellbeing notes, "
            "and supervisors' confidential notes set apart to be checked before release. Give "
            "it only to them or to someone they have authorised, and keep the folder safe."
        )
        self.person = PersonPicker("person")
        self._add_row("&Person", "person", self.person, self.person.error, self.person.search_edit)

    def refresh(self) -> None:
        _load_people(self._context, self.person)

    def check(self) -> bool:
        if self.person.selected_id() is None:
            show_error(self.person.error, "Choose the person who asked for their data.")
            self.person.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        return True

    def ask_destination(self) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(
            self,
            f"Choose a folder for everything held about {self.person.selected_name()}",
            str(last_folder(self._context)),
        )
        if not chosen:
            return None
        folder = Path(chosen)
        self._context.settings.setValue(LAST_FOLDER_KEY, str(folder))
        return folder

    def make_work(self, destination: Path) -> Work:
        staff_id = self.person.selected_id()
        assert staff_id is not None
        service = self._context.services.record_reports
        actor = self._context.actor

        def work(progress: Progress, is_cancelled: IsCancelled) -> tuple[Path, ...]:
            pdf, data = service.export_person(
                actor, staff_id, destination, progress=progress, is_cancelled=is_cancelled
            )
            return (Path(pdf), Path(data))

        return work


def _load_people(context: AppContext, picker: PersonPicker) -> None:
    staff = context.services.staff
    everyone = staff.people(context.actor, include_leavers=True)
    current = {person.id for person in staff.people(context.actor)}
    picker.load(everyone, current)


# -- the page -------------------------------------------------------------------------------


class ReportsPage(QWidget):
    """Choose a report, fill in what it needs, export it; the result says where it went."""

    exported = Signal(object)  # the paths written (a tuple of Path)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reports_page")
        self._context = context
        self._loaded = False
        # the progress dialog, made once and shown for each export (see export_dialog.py)
        self.progress = ExportProgressDialog(self)
        self._exporting_from: ReportPanel | None = None
        self.files: tuple[Path, ...] = ()
        self._destination = Path()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        heading = QLabel("Reports")
        heading.setObjectName("page_heading")
        layout.addWidget(heading)
        intro = QLabel(
            "Export a report as a PDF to print or share. Every export is recorded in the "
            "audit trail: who, which report, which period, when."
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        columns = QHBoxLayout()
        columns.setSpacing(20)
        left = QVBoxLayout()
        left.setSpacing(4)
        list_label = QLabel("&Report")
        self.report_list = QListWidget()
        self.report_list.setObjectName("report_list")
        self.report_list.setAccessibleName("Reports")
        self.report_list.setFixedWidth(250)
        list_label.setBuddy(self.report_list)
        left.addWidget(list_label)
        left.addWidget(self.report_list, 1)
        columns.addLayout(left)

        right = QVBoxLayout()
        right.setSpacing(10)
        self.stack = QStackedWidget()
        self.stack.setObjectName("report_panels")
        self.trustee = TrusteePanel(context)
        self.supervision = SupervisionPanel(context)
        self.checklist = ChecklistPanel(context)
        self.person = PersonPanel(context)
        self.panels: list[ReportPanel] = [
            self.trustee,
            self.supervision,
            self.checklist,
            self.person,
        ]
        for panel in self.panels:
            self.stack.addWidget(panel)
            item = QListWidgetItem(panel.title)
            item.setSizeHint(QSize(200, 34))
            self.report_list.addItem(item)
        right.addWidget(self.stack)

        buttons = QHBoxLayout()
        self.export_button = QPushButton(self.trustee.button_text)
        self.export_button.setObjectName("export_report_button")
        self.export_button.setDefault(True)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        right.addLayout(buttons)

        self.result_frame = QFrame()
        self.result_frame.setObjectName("export_result")
        self.result_frame.setFrameShape(QFrame.Shape.StyledPanel)
        result = QHBoxLayout(self.result_frame)
        result.setContentsMargins(10, 8, 10, 8)
        self.result_label = QLabel()
        self.result_label.setObjectName("export_result_label")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("&Open")
        self.open_button.setObjectName("open_report_button")
        self.folder_button = QPushButton("Show in fol&der")
        self.folder_button.setObjectName("show_folder_button")
        result.addWidget(self.result_label, 1)
        result.addWidget(self.open_button)
        result.addWidget(self.folder_button)
        self.result_frame.setVisible(False)
        right.addWidget(self.result_frame)
        right.addStretch(1)
        columns.addLayout(right, 1)
        layout.addLayout(columns, 1)

        self.report_list.currentRowChanged.connect(self._report_chosen)
        self.export_button.clicked.connect(self.start_export)
        self.open_button.clicked.connect(self.open_file)
        self.folder_button.clicked.connect(self.show_folder)
        self.progress.succeeded.connect(self._succeeded)
        self.progress.cancelled.connect(self._cancelled)
        self.progress.failed.connect(self._failed)
        self.report_list.setCurrentRow(REPORT_TRUSTEE)

    # -- choosing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the people and checklists to choose from (kept chosen where still there)."""
        self._loaded = True
        for panel in self.panels:
            panel.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._loaded:
            self.refresh()
        super().showEvent(event)

    def choose_report(self, index: int) -> None:
        self.report_list.setCurrentRow(index)

    def current_panel(self) -> ReportPanel:
        return self.panels[self.stack.currentIndex()]

    def _report_chosen(self, index: int) -> None:
        if index < 0:
            return
        self.stack.setCurrentIndex(index)
        self.export_button.setText(self.panels[index].button_text)

    # -- exporting ---------------------------------------------------------------------------

    @property
    def export(self) -> ExportProgressDialog | None:
        """The progress dialog while an export runs, else None."""
        return self.progress if self.progress.running else None

    def start_export(self) -> None:
        if self.progress.running:
            return  # one at a time
        panel = self.current_panel()
        panel.clear_errors()
        if not panel.check():
            return
        destination = panel.ask_destination()
        if destination is None:
            return
        self._destination = destination
        try:
            work = panel.make_work(destination)
        except (NotFound, AccessDenied) as exc:
            self._say(describe_failure(exc, destination))
            return
        self.export_button.setEnabled(False)
        self.result_frame.setVisible(False)
        self._exporting_from = panel
        self.progress.start(self._context.tasks, panel.title, panel.what, work)

    def _done(self) -> None:
        self._exporting_from = None
        self.export_button.setEnabled(True)

    def _succeeded(self, result: Any) -> None:
        self._done()
        files = tuple(Path(p) for p in (result if isinstance(result, tuple) else (result,)))
        self.files = files
        folder = files[0].parent
        if len(files) == 1:
            text = f"Saved {files[0].name} in {folder}."
        else:
            names = ", ".join(f.name for f in files[:-1]) + f" and {files[-1].name}"
            text = f"Saved {names} in {folder}."
        self._say(text, files=True)
        self.open_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.exported.emit(files)

    def _cancelled(self) -> None:
        self._done()
        self._say("Cancelled; nothing was saved.")
        self.export_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _failed(self, error: object) -> None:
        panel = self._exporting_from or self.current_panel()
        self._done()
        if isinstance(error, ValidationError):
            panel.show_errors(error.errors)
            self._say("Nothing was saved: see the message above.")
            return
        log = None
        if isinstance(error, Exception) and not isinstance(error, EXPECTED):
            log = self._context.data_dir / LOG_NAME  # for whoever looks after the laptop
            if not write_log(log, type(error), error, error.__traceback__):
                log = None
        self._say(describe_failure(error, self._destination, log))
        self.export_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _say(self, text: str, *, files: bool = False) -> None:
        self.result_label.setText(text)
        self.open_button.setVisible(files)
        self.folder_button.setVisible(files)
        if not files:
            self.files = ()
        self.result_frame.setVisible(True)

    # -- after -------------------------------------------------------------------------------

    def open_file(self) -> None:
        if self.files and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.files[0]))):
            self.result_label.setText(
                f"{self.result_label.text()} No program on this computer opened "
                f"{self.files[0].name}."
            )

    def show_folder(self) -> None:
        if self.files:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.files[0].parent)))
