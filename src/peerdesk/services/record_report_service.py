"""Reports about one thing: a person's supervision record, a checklist, and everything held
about one person (a subject access request under UK GDPR).

Each export checks who is asking and what was asked, gathers plain data (``reports.
record_data``), writes the file atomically (a cancelled or failed export leaves nothing),
and only then records the export in the audit trail. If the audit entry cannot be written,
the files are removed again: nothing leaves PeerDesk unrecorded.

Confidential supervisor notes:

- The supervision record is built from the supervisee's view of each session
  (``SessionService.record_for_supervisee``), which has no confidential notes at all.
- Everything held about a person includes them, deliberately: they are personal data held
  about the person. They stand apart, in a section headed for checking before release (and
  under ``confidential_notes`` in the JSON), and only someone who may read every one of
  them (an administrator, for now) can make this export.

The audit trail names people by their staff id, never by name: it is append-only, so a
name written there could never be erased when a leaver's record is deleted. (The file
names recorded with it are the ones written, and the subject access files carry the name.)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import (
    ActionStatus,
    ChecklistItemStatus,
    CourseKind,
    DualRelationshipType,
    EmploymentType,
    LivedExperience,
    PolicyStatus,
    RoleCategory,
    SessionType,
    TrainingStatus,
)
from peerdesk.domain.fair_chance import Decision
from peerdesk.domain.supervision_record import FIELD_LABELS, SECTION_FIELDS
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.reports.checklist_report import build_checklist_story
from peerdesk.reports.pdf_base import DocumentInfo, ExportCancelled, write_pdf
from peerdesk.reports.person_report import build_person_story, person_json_text
from peerdesk.reports.record_data import (
    AbsenceData,
    AccountData,
    ActionData,
    AgreementData,
    AmendmentData,
    ApprenticeshipData,
    AuditAppearance,
    ChecklistItemData,
    ChecklistReportData,
    ChecklistSectionData,
    ConfidentialNote,
    DraftData,
    DualRelationshipData,
    HoursData,
    KeptFormData,
    LedSession,
    OtherRoleData,
    OwnedAction,
    OwnedChecklistItem,
    OwnedPolicy,
    PersonHeading,
    PersonReportData,
    ReportContext,
    ReviewData,
    RiskAssessmentData,
    SessionData,
    Signature,
    StaffData,
    StatusChangeData,
    SupervisionRecordData,
    TextPart,
    TrainingData,
    WellnessPlanData,
)
from peerdesk.reports.supervision_record import build_supervision_record_story
from peerdesk.resources import resource_path
from peerdesk.services import access_rules
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.apprenticeship_service import ApprenticeshipService
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.checklist_service import ChecklistService
from peerdesk.services.errors import NotFound
from peerdesk.services.session_service import SessionService
from peerdesk.services.supervision_views import SessionRecordForSupervisee
from peerdesk.store.models import (
    AuditEvent,
    Checklist,
    ChecklistItem,
    ChecklistStatusChange,
    ConvictionAssessment,
    DualRelationship,
    FormDraft,
    Organisation,
    Policy,
    SessionDraft,
    StaffAbsence,
    StaffMember,
    StaffRole,
    SupervisionAction,
    SupervisionAgreement,
    SupervisionSession,
    Team,
    TrainingCourse,
    TrainingRecord,
    UserAccount,
    WellnessPlan,
)
from peerdesk.store.types import utc_now

__all__ = ["MAX_PERIOD_YEARS", "RecordReportService", "subject_access_file_names"]

Today = Callable[[], dt.date]
Now = Callable[[], dt.datetime]
Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]

MAX_PERIOD_YEARS = 10
MAX_NAME_BYTES = 120  # of the name part of a file name; whole names stay well under 255
_PERSON_GONE = "That person is no longer in the register."
_PERSON_EXPORT = "export everything held about a person"
_FORBIDDEN_IN_FILE_NAMES = set('/\\:*?"<>|')
_TITLE_NAME_LENGTH = 60  # of a name in a PDF's title and page header


def subject_access_file_names(full_name: str, day: dt.date, number: int = 1) -> tuple[str, str]:
    """``<Name>-subject-access-<YYYY-MM-DD>.pdf`` and ``.json``, safe on every file system
    (``-2``, ``-3``... after the date for ``number`` 2, 3...).

    Drops ``/ \\ : * ? " < > |`` and control characters, keeps accents (as NFC), turns runs
    of white space into one space, and strips leading dots and spaces (no hidden files) and
    trailing dots and spaces (Windows drops them). A name with nothing left is "Person".
    """
    name = _safe_name(full_name) or "Person"
    stem = f"{name}-subject-access-{day.isoformat()}"
    if number > 1:
        stem += f"-{number}"
    return f"{stem}.pdf", f"{stem}.json"


def _free_file_names(folder: Path, full_name: str, day: dt.date) -> tuple[Path, Path]:
    """The first pair of names neither of which is taken in ``folder``: an export never
    replaces an earlier one (which may be someone else's, with the same name)."""
    number = 1
    while True:
        pdf_name, json_name = subject_access_file_names(full_name, day, number)
        pdf_path, json_path = folder / pdf_name, folder / json_name
        if not (pdf_path.exists() or json_path.exists()):
            return pdf_path, json_path
        number += 1


def _safe_name(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch not in _FORBIDDEN_IN_FILE_NAMES
        and (ch.isspace() or not unicodedata.category(ch).startswith("C"))
    )
    name = " ".join(kept.split()).strip(" .")
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    return name.rstrip(" .")


def _plain(text: str, limit: int = _TITLE_NAME_LENGTH) -> str:
    """A name for a PDF's metadata and page header: one line, no control characters."""
    line = " ".join(
        "".join(ch for ch in text if not unicodedata.category(ch).startswith("C")).split()
    )
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class RecordReportService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditLog,
        today: Today = local_today,
        *,
        checklists: ChecklistService | None = None,
        now: Now = utc_now,
    ) -> None:
        """``checklists``: the app's checklist service, so that the organisation's own
        templates are known by their titles (without it, only the shipped ones are)."""
        self._sessions = sessions
        self._audit = audit
        self._today = today
        self._now = now
        # The export's own audit entry records what it read: no entry per session viewed.
        self._supervision = SessionService(sessions, today=today, audit=audit, record_views=False)
        self._apprenticeships = ApprenticeshipService(sessions, today=today)
        self._checklists = checklists or ChecklistService(
            sessions, today=today, template_folders=[resource_path("checklists")]
        )

    # -- exports -----------------------------------------------------------------------------

    def export_supervision_record(
        self,
        actor: Actor,
        staff_id: int,
        destination: Path,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        progress: Progress | None = None,
        is_cancelled: IsCancelled | None = None,
    ) -> Path:
        """Write one person's supervision record (optionally for a period) as a PDF.

        Raises ValidationError for a bad period or destination, NotFound for a missing
        person, AccessDenied unless the actor may read the person's supervision records
        (``access_rules.may_read_records``) and ExportCancelled on cancel.
        """
        self._require_records(actor, staff_id)
        destination = Path(destination)
        errors = _period_problems(start, end, self._today())
        errors += _destination_problems(destination)
        if errors:
            raise ValidationError(errors)
        data = self.supervision_record_data(actor, staff_id, start=start, end=end)
        info = self._document_info(
            f"Supervision record: {_plain(data.person.full_name)}",
            actor,
            subject="Supervision record",
        )
        path = write_pdf(
            destination,
            info,
            lambda: build_supervision_record_story(data),
            progress=progress,
            is_cancelled=is_cancelled,
        )
        self._record_export(
            actor,
            f"Supervision record: staff {staff_id}",
            {
                "report": "supervision-record",
                "from": start.isoformat() if start else None,
                "to": end.isoformat() if end else None,
                "staff_id": staff_id,
                "sessions": len(data.sessions),
                "file": path.name,
            },
            [path],
        )
        return path

    def export_checklist(
        self,
        actor: Actor,
        checklist_id: int,
        destination: Path,
        *,
        progress: Progress | None = None,
        is_cancelled: IsCancelled | None = None,
    ) -> Path:
        """Write one checklist with its items, status, owners, evidence and dates as a PDF."""
        access_rules.require_manager(actor, "export a checklist report")
        destination = Path(destination)
        errors = _destination_problems(destination)
        if errors:
            raise ValidationError(errors)
        data = self.checklist_data(actor, checklist_id)
        info = self._document_info(
            f"Checklist: {_plain(data.title)}", actor, subject="Checklist report"
        )
        path = write_pdf(
            destination,
            info,
            lambda: build_checklist_story(data),
            progress=progress,
            is_cancelled=is_cancelled,
        )
        self._record_export(
            actor,
            f"Checklist report: checklist {checklist_id}",
            {"report": "checklist", "checklist_id": checklist_id, "file": path.name},
            [path],
        )
        return path

    def export_person(
        self,
        actor: Actor,
        staff_id: int,
        folder: Path,
        *,
        progress: Progress | None = None,
        is_cancelled: IsCancelled | None = None,
    ) -> tuple[Path, Path]:
        """Write everything held about one person into ``folder``: a PDF to read and a JSON
        file for machines, named from their name and today's date. Both or neither: a
        cancel or failure leaves no file. An earlier export is never replaced: another one
        on the same day is numbered (``...-subject-access-2026-06-15-2.pdf``).

        Raises ValidationError for a folder that does not exist, NotFound for a missing
        person, AccessDenied for anyone but an administrator (it holds every confidential
        note about them), and ExportCancelled on cancel.
        """
        access_rules.require_administrator(actor, _PERSON_EXPORT)
        folder = Path(folder)
        if not folder.is_dir():
            raise ValidationError(
                [FieldError("folder", f"The folder {folder} does not exist: choose another.")]
            )
        data = self.person_data(actor, staff_id)
        pdf_path, json_path = _free_file_names(folder, data.staff.full_name, self._today())
        info = self._document_info(
            f"Everything held about {_plain(data.staff.full_name)}",
            actor,
            subject="Subject access request",
        )
        text = person_json_text(data)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{json_path.stem}-", suffix=".json.partial", dir=folder
        )
        partial = Path(temporary)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            if is_cancelled is not None and is_cancelled():
                raise ExportCancelled("The export was cancelled; nothing was written.")
            write_pdf(
                pdf_path,
                info,
                lambda: build_person_story(data),
                progress=progress,
                is_cancelled=is_cancelled,
            )
            try:
                os.replace(partial, json_path)
            except BaseException:
                pdf_path.unlink(missing_ok=True)
                raise
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        self._record_export(
            actor,
            f"Everything held about a person: staff {staff_id}",
            {
                "report": "person",
                "staff_id": staff_id,
                "file": pdf_path.name,
                "data_file": json_path.name,
            },
            [pdf_path, json_path],
        )
        return pdf_path, json_path

    # -- the data behind each report -------------------------------------------------------

    def supervision_record_data(
        self,
        actor: Actor,
        staff_id: int,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> SupervisionRecordData:
        """The supervision record of one person, oldest session first (no confidential
        notes: it is built from what the supervisee reads); for whoever may read the
        person's supervision records."""
        self._require_records(actor, staff_id)
        with self._sessions() as session:
            heading = _heading(session, staff_id)
        sessions = self._sessions_of(actor, staff_id, start, end)
        return SupervisionRecordData(
            context=self._context(actor),
            person=heading,
            start=start,
            end=end,
            sessions=sessions,
        )

    def checklist_data(self, actor: Actor, checklist_id: int) -> ChecklistReportData:
        """A checklist with each item's answer and its latest status change."""
        access_rules.require_manager(actor, "export a checklist report")
        detail = self._checklists.get(actor, checklist_id)
        latest: dict[int, StatusChangeData] = {}
        with self._sessions() as session:
            changes = session.scalars(
                select(ChecklistStatusChange)
                .join(ChecklistItem, ChecklistItem.id == ChecklistStatusChange.item_id)
                .where(ChecklistItem.checklist_id == checklist_id)
                .order_by(ChecklistStatusChange.changed_at, ChecklistStatusChange.id)
            )
            for change in changes:  # the last one for each item wins
                latest[change.item_id] = StatusChangeData(
                    old_status=ChecklistItemStatus(change.old_status)
                    if change.old_status
                    else None,
                    new_status=ChecklistItemStatus(change.new_status),
                    changed_on=change.changed_on,
                    changed_by=change.changed_by,
                    note=change.note,
                )
        sections = tuple(
            ChecklistSectionData(
                title=section.title,
                progress=section.progress,
                items=tuple(
                    ChecklistItemData(
                        text=item.text,
                        status=item.status,
                        owner_name=item.owner_name,
                        evidence=item.evidence,
                        evidence_paths=item.evidence_paths,
                        due_date=item.due_date,
                        notes=item.notes,
                        na_reason=item.na_reason,
                        retired=item.retired,
                        is_custom=item.is_custom,
                        last_change=latest.get(item.id),
                    )
                    for item in section.items
                ),
            )
            for section in detail.sections
        )
        return ChecklistReportData(
            context=self._context(actor),
            checklist_id=detail.id,
            title=detail.title,
            template_title=detail.template_title,
            template_key=detail.template_key,
            template_version=detail.template_version,
            current_version=detail.current_version,
            started_on=detail.started_on,
            review_of_started_on=detail.review_of_started_on,
            archived_on=detail.archived_on,
            progress=detail.progress,
            sections=sections,
        )

    def person_data(self, actor: Actor, staff_id: int) -> PersonReportData:
        """Everything held about one person, confidential notes included (see the module
        docstring); administrators only, and AccessDenied unless the actor may read every
        one of them (``can_read_confidential``, through the session history)."""
        access_rules.require_administrator(actor, _PERSON_EXPORT)
        with self._sessions() as session:
            if session.get(StaffMember, staff_id) is None:
                raise NotFound(_PERSON_GONE)
        try:
            summaries = self._supervision.history(actor, staff_id, include_confidential=True)
        except AccessDenied:
            raise AccessDenied(
                f"{actor.display_name} cannot export everything held about a person: it "
                "includes the supervisor's confidential notes, which only an administrator "
                "may read."
            ) from None
        sessions = self._sessions_of(actor, staff_id, None, None)
        supervisors = {s.id: s.supervisor_name for s in sessions}
        notes = [
            ConfidentialNote(
                session_id=s.id,
                session_date=s.session_date,
                supervisor_name=supervisors.get(s.id, s.supervisor_name),
                text=s.confidential_notes or "",
            )
            for s in sorted(summaries, key=lambda s: (s.session_date, s.id))
            if (s.confidential_notes or "").strip()
        ]
        apprenticeships = self._apprenticeships_of(actor, staff_id)
        with self._sessions() as session:
            staff = _staff(session, staff_id)
            draft, draft_note = _draft(session, staff_id)
            if draft_note is not None:
                notes.append(draft_note)
            return PersonReportData(
                context=self._context(actor),
                staff=staff,
                sessions=sessions,
                confidential_notes=tuple(notes),
                owned_actions=_owned_actions(session, staff_id),
                agreements=_agreements(session, staff_id),
                dual_relationships=_dual_relationships(session, staff_id),
                absences=_absences(session, staff_id),
                wellness_plan=_wellness_plan(session, staff_id),
                training=_training(session, staff_id),
                apprenticeships=apprenticeships,
                checklist_items=_checklist_items(session, staff_id),
                policies=_policies(session, staff_id),
                led_sessions=_led_sessions(session, staff_id),
                draft=draft,
                audit=_audit_appearances(session, staff_id),
                account=_account(session, staff_id),
                other_roles=_other_roles(session, staff_id),
                risk_assessments=_risk_assessments(session, staff_id),
                kept_forms=_kept_forms(session, staff_id),
            )

    # -- helpers -----------------------------------------------------------------------------

    def _require_records(self, actor: Actor, staff_id: int) -> None:
        with self._sessions() as session:
            access_rules.require_can_read_records(session, actor, staff_id)

    def _context(self, actor: Actor) -> ReportContext:
        with self._sessions() as session:
            name = session.scalar(select(Organisation.name).order_by(Organisation.id).limit(1))
        return ReportContext(
            organisation=name or "",
            prepared_by=actor.display_name,
            generated_at=self._now().astimezone(dt.UTC),
        )

    def _document_info(self, title: str, actor: Actor, *, subject: str) -> DocumentInfo:
        with self._sessions() as session:
            row = session.execute(
                select(Organisation.name, Organisation.logo_path).order_by(Organisation.id).limit(1)
            ).first()
        organisation, logo_path = (row[0], row[1]) if row is not None else ("", "")
        logo = Path(logo_path) if logo_path else None
        return DocumentInfo(
            title=title,
            author=_plain(actor.display_name, 200),
            organisation=_plain(organisation, 120),
            subject=subject,
            logo=logo if logo is not None and logo.is_file() else None,
        )

    def _record_export(
        self, actor: Actor, subject: str, details: dict[str, object], files: Sequence[Path]
    ) -> None:
        try:
            self._audit.record(actor, "export", subject, details)
        except BaseException:
            for path in files:  # nothing leaves PeerDesk unrecorded
                path.unlink(missing_ok=True)
            raise

    def _sessions_of(
        self, actor: Actor, staff_id: int, start: dt.date | None, end: dt.date | None
    ) -> tuple[SessionData, ...]:
        """The person's sessions in the period, oldest first, from the supervisee's view."""
        summaries = self._supervision.history(actor, staff_id, include_confidential=False)
        chosen = [
            s
            for s in reversed(summaries)
            if (start is None or s.session_date >= start) and (end is None or s.session_date <= end)
        ]
        records = [self._supervision.record_for_supervisee(actor, s.id) for s in chosen]
        with self._sessions() as session:
            actions = _actions_by_session(session, [r.id for r in records])
        return tuple(_session_data(r, actions.get(r.id, ())) for r in records)

    def _apprenticeships_of(self, actor: Actor, staff_id: int) -> tuple[ApprenticeshipData, ...]:
        result = []
        for info in sorted(
            self._apprenticeships.for_person(actor, staff_id), key=lambda i: (i.start_date, i.id)
        ):
            hours = sorted(self._apprenticeships.hours(actor, info.id), key=lambda h: (h.day, h.id))
            reviews = sorted(
                self._apprenticeships.reviews(actor, info.id), key=lambda r: (r.review_date, r.id)
            )
            result.append(
                ApprenticeshipData(
                    id=info.id,
                    programme=info.details.programme,
                    provider=info.details.provider,
                    start_date=info.start_date,
                    planned_end_date=info.planned_end_date,
                    required_weekly_hours=info.details.required_weekly_hours,
                    outcome=info.outcome,
                    outcome_on=info.outcome_on,
                    outcome_notes=info.outcome_notes,
                    hours_logged=info.progress.hours_logged,
                    hours_expected=info.progress.hours_expected,
                    progress_text=info.progress.status_text,
                    hours=tuple(HoursData(h.day, h.hours, h.activity) for h in hours),
                    reviews=tuple(
                        ReviewData(r.review_date, r.notes, r.next_review) for r in reviews
                    ),
                    created_at=info.created_at,
                    updated_at=info.updated_at,
                )
            )
        return tuple(result)


# -- validation ----------------------------------------------------------------------------


def _period_problems(
    start: dt.date | None, end: dt.date | None, today: dt.date
) -> list[FieldError]:
    errors: list[FieldError] = []
    if start is not None and end is not None and end < start:
        errors.append(FieldError("end", "The end of the period cannot be before its start."))
        return errors
    if start is not None:
        last = end if end is not None else max(today, start)
        if _years_later(start, MAX_PERIOD_YEARS) < last:
            errors.append(
                FieldError(
                    "start",
                    f"The period is longer than {MAX_PERIOD_YEARS} years: choose a later start, "
                    "or leave the start empty for every session.",
                )
            )
    return errors


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _destination_problems(destination: Path) -> list[FieldError]:
    if destination.is_dir():
        return [FieldError("destination", "That is a folder: choose a file name for the report.")]
    if not destination.parent.is_dir():
        return [
            FieldError(
                "destination",
                f"The folder {destination.parent} does not exist: choose another.",
            )
        ]
    return []


# -- gathering -----------------------------------------------------------------------------


def _heading(session: Session, staff_id: int) -> PersonHeading:
    supervisor = aliased(StaffMember)
    found = session.execute(
        select(StaffMember, Team.name, supervisor.full_name)
        .outerjoin(Team, Team.id == StaffMember.team_id)
        .outerjoin(supervisor, supervisor.id == StaffMember.supervisor_id)
        .where(StaffMember.id == staff_id)
    ).first()
    if found is None:
        raise NotFound(_PERSON_GONE)
    member, team_name, supervisor_name = found
    return PersonHeading(
        staff_id=member.id,
        full_name=member.full_name,
        preferred_name=member.preferred_name,
        pronouns=member.pronouns,
        job_title=member.job_title,
        team_name=team_name or "",
        supervisor_name=supervisor_name or "",
        end_date=member.end_date,
    )


def _actions_by_session(
    session: Session, session_ids: Sequence[int]
) -> dict[int, list[ActionData]]:
    owner = aliased(StaffMember)
    closing = aliased(SupervisionSession)
    result: dict[int, list[ActionData]] = {}
    for start in range(0, len(session_ids), 500):
        rows = session.execute(
            select(SupervisionAction, owner.full_name, closing.session_date)
            .outerjoin(owner, owner.id == SupervisionAction.owner_id)
            .outerjoin(closing, closing.id == SupervisionAction.closed_in_session_id)
            .where(SupervisionAction.session_id.in_(session_ids[start : start + 500]))
            .order_by(SupervisionAction.id)
        )
        for action, owner_name, closed_in_date in rows:
            result.setdefault(action.session_id, []).append(
                ActionData(
                    id=action.id,
                    description=action.description,
                    owner_name=owner_name or "",
                    due_date=action.due_date,
                    status=ActionStatus(action.status),
                    closed_on=action.closed_on,
                    closed_in_session_date=closed_in_date,
                    closing_note=action.closing_note,
                )
            )
    return result


def _session_data(record: SessionRecordForSupervisee, actions: Sequence[ActionData]) -> SessionData:
    sections = tuple(
        TextPart(key=name, label=FIELD_LABELS[name], text=getattr(record, name))
        for name in SECTION_FIELDS
        if str(getattr(record, name)).strip()
    )
    sign_off = record.sign_off
    return SessionData(
        id=record.id,
        session_date=record.session_date,
        session_type=record.session_type,
        mode=record.mode,
        duration_minutes=record.duration_minutes,
        outcome=record.outcome,
        outcome_reason=record.outcome_reason,
        supervisor_name=record.supervisor_name,
        wellbeing_score=record.wellbeing_score,
        wellbeing_words=record.wellbeing_words,
        sections=sections,
        agreed_record=record.agreed_record,
        supervisee_comment=record.supervisee_comment,
        sign_off=sign_off.state,
        supervisor_signature=(
            Signature(sign_off.supervisor_signed_by, sign_off.supervisor_signed_at)
            if sign_off.supervisor_signed_at is not None
            else None
        ),
        supervisee_signature=(
            Signature(sign_off.supervisee_signed_by, sign_off.supervisee_signed_at)
            if sign_off.supervisee_signed_at is not None
            else None
        ),
        actions=tuple(actions),
        amendments=tuple(
            AmendmentData(
                field=a.field,
                field_label=a.field_label,
                original_text=a.original_text,
                new_text=a.new_text,
                reason=a.reason,
                amended_by=a.amended_by,
                amended_at=a.amended_at,
            )
            for a in record.amendments
        ),
    )


def _staff(session: Session, staff_id: int) -> StaffData:
    supervisor = aliased(StaffMember)
    manager = aliased(StaffMember)
    found = session.execute(
        select(StaffMember, Team.name, supervisor.full_name, manager.full_name)
        .outerjoin(Team, Team.id == StaffMember.team_id)
        .outerjoin(supervisor, supervisor.id == StaffMember.supervisor_id)
        .outerjoin(manager, manager.id == StaffMember.line_manager_id)
        .where(StaffMember.id == staff_id)
    ).first()
    if found is None:
        raise NotFound(_PERSON_GONE)
    m, team_name, supervisor_name, manager_name = found
    return StaffData(
        id=m.id,
        full_name=m.full_name,
        preferred_name=m.preferred_name,
        pronouns=m.pronouns,
        job_title=m.job_title,
        role_category=RoleCategory(m.role_category),
        employment_type=EmploymentType(m.employment_type),
        hours_per_week=m.hours_per_week,
        start_date=m.start_date,
        end_date=m.end_date,
        leaving_reason=m.leaving_reason,
        team_name=team_name or "",
        supervisor_name=supervisor_name or "",
        line_manager_name=manager_name or "",
        lived_experience=LivedExperience(m.lived_experience),
        counted_in_aggregates=m.counted_in_aggregates,
        former_service_user=m.former_service_user,
        reasonable_adjustments=m.reasonable_adjustments,
        wellbeing_notes=m.wellbeing_notes,
        created_at=m.created_at,
        updated_at=m.updated_at,
    )


def _kept_forms(session: Session, staff_id: int) -> tuple[KeptFormData, ...]:
    """Forms about them kept when PeerDesk locked: every field that holds something."""
    kept = []
    for row in session.scalars(
        select(FormDraft).where(FormDraft.staff_id == staff_id).order_by(FormDraft.saved_at)
    ):
        try:
            fields: Any = json.loads(row.fields)
        except ValueError:
            fields = {}
        parts = []
        for key, value in sorted(fields.items() if isinstance(fields, dict) else ()):
            text = _kept_value(value)
            if text:
                label = key.removesuffix("_id").replace("_", " ").capitalize()
                parts.append(TextPart(key, label, text))
        kept.append(KeptFormData(title=row.title, saved_at=row.saved_at, parts=tuple(parts)))
    return tuple(kept)


def _kept_value(value: Any) -> str:
    """A kept field as it showed in the form ([kind, value, …], see ui/form_state)."""
    if not isinstance(value, list) or len(value) < 2:
        return ""
    kind, shown = value[0], value[1]
    if kind == "tick":
        return "Yes" if shown else "No"
    return str(shown).strip()


def _draft(session: Session, staff_id: int) -> tuple[DraftData | None, ConfidentialNote | None]:
    """The supervision record being written about them, if any, and its confidential notes
    (kept apart, like those of saved sessions)."""
    draft = session.scalar(select(SessionDraft).where(SessionDraft.supervisee_id == staff_id))
    if draft is None:
        return None, None
    try:
        payload: Any = json.loads(draft.payload)
    except ValueError:
        payload = {}
    if not isinstance(payload, dict):
        payload = {}
    parts: list[TextPart] = []
    if isinstance(payload.get("session_date"), str):
        parts.append(TextPart("session_date", "Session date", payload["session_date"]))
    for key in ("outcome_reason", "wellbeing_words", *SECTION_FIELDS, "agreed_record"):
        value = payload.get(key)
        if isinstance(value, str) and value.strip():
            parts.append(TextPart(key, FIELD_LABELS.get(key, key), value))
    actions = payload.get("actions")
    if isinstance(actions, list):
        wanted = [
            str(a.get("description", "")).strip()
            for a in actions
            if isinstance(a, dict) and str(a.get("description", "")).strip()
        ]
        if wanted:
            parts.append(TextPart("actions", "Actions being agreed", "\n".join(wanted)))
    note: ConfidentialNote | None = None
    secret = payload.get("confidential_notes")
    if isinstance(secret, str) and secret.strip():
        note = ConfidentialNote(
            session_id=draft.session_id,
            session_date=None,
            supervisor_name="",
            text=secret,
            source="draft",
        )
    return DraftData(saved_at=draft.saved_at, parts=tuple(parts)), note


def _owned_actions(session: Session, staff_id: int) -> tuple[OwnedAction, ...]:
    rows = session.execute(
        select(SupervisionAction, SupervisionSession.session_date)
        .join(SupervisionSession, SupervisionSession.id == SupervisionAction.session_id)
        .where(SupervisionAction.owner_id == staff_id, SupervisionAction.staff_id != staff_id)
        .order_by(SupervisionSession.session_date, SupervisionAction.id)
    )
    return tuple(
        OwnedAction(
            id=a.id,
            description=a.description,
            agreed_on=day,
            due_date=a.due_date,
            status=ActionStatus(a.status),
            closed_on=a.closed_on,
            closing_note=a.closing_note,
        )
        for a, day in rows
    )


def _agreements(session: Session, staff_id: int) -> tuple[AgreementData, ...]:
    rows = session.scalars(
        select(SupervisionAgreement)
        .where(SupervisionAgreement.staff_id == staff_id)
        .order_by(SupervisionAgreement.agreed_on, SupervisionAgreement.id)
    )
    return tuple(
        AgreementData(
            id=r.id,
            frequency_days=r.frequency_days,
            location=r.location,
            confidentiality=r.confidentiality,
            raising_concerns=r.raising_concerns,
            agreed_on=r.agreed_on,
            review_date=r.review_date,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in rows
    )


def _dual_relationships(session: Session, staff_id: int) -> tuple[DualRelationshipData, ...]:
    rows = session.scalars(
        select(DualRelationship)
        .where(DualRelationship.staff_id == staff_id)
        .order_by(DualRelationship.agreed_on, DualRelationship.id)
    )
    return tuple(
        DualRelationshipData(
            id=r.id,
            relationship_type=DualRelationshipType(r.relationship_type),
            description=r.description,
            how_managed=r.how_managed,
            agreed_by=r.agreed_by,
            agreed_on=r.agreed_on,
            review_date=r.review_date,
            ended_on=r.ended_on,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in rows
    )


def _other_roles(session: Session, staff_id: int) -> tuple[OtherRoleData, ...]:
    supervisor = aliased(StaffMember)
    rows = session.execute(
        select(StaffRole, Team.name, supervisor.full_name)
        .outerjoin(Team, Team.id == StaffRole.team_id)
        .outerjoin(supervisor, supervisor.id == StaffRole.supervisor_id)
        .where(StaffRole.staff_id == staff_id)
        .order_by(StaffRole.start_date, StaffRole.id)
    )
    return tuple(
        OtherRoleData(
            id=r.id,
            job_title=r.job_title,
            role_category=RoleCategory(r.role_category).label,
            employment_type=EmploymentType(r.employment_type).label,
            team_name=team or "",
            hours_per_week=r.hours_per_week,
            supervisor_name=name or "",
            start_date=r.start_date,
            end_date=r.end_date,
            created_at=r.created_at,
        )
        for r, team, name in rows
    )


def _risk_assessments(session: Session, staff_id: int) -> tuple[RiskAssessmentData, ...]:
    rows = session.scalars(
        select(ConvictionAssessment)
        .where(ConvictionAssessment.staff_id == staff_id)
        .order_by(ConvictionAssessment.decided_on, ConvictionAssessment.id)
    )
    return tuple(
        RiskAssessmentData(
            id=r.id,
            role_title=r.role_title,
            disclosed_on=r.disclosed_on,
            relevance=r.relevance,
            time_since=r.time_since,
            circumstances=r.circumstances,
            safeguards=r.safeguards,
            decision=Decision(r.decision).label,
            decided_by=r.decided_by,
            decided_on=r.decided_on,
            delete_after=r.delete_after,
        )
        for r in rows
    )


def _absences(session: Session, staff_id: int) -> tuple[AbsenceData, ...]:
    rows = session.scalars(
        select(StaffAbsence)
        .where(StaffAbsence.staff_id == staff_id)
        .order_by(StaffAbsence.first_day, StaffAbsence.id)
    )
    return tuple(
        AbsenceData(
            id=r.id,
            first_day=r.first_day,
            last_day=r.last_day,
            kind=r.kind,
            created_at=r.created_at,
        )
        for r in rows
    )


def _wellness_plan(session: Session, staff_id: int) -> WellnessPlanData | None:
    r = session.scalar(select(WellnessPlan).where(WellnessPlan.staff_id == staff_id))
    if r is None:
        return None
    return WellnessPlanData(
        id=r.id,
        keeps_me_well=r.keeps_me_well,
        early_signs=r.early_signs,
        what_helps=r.what_helps,
        who_to_contact=r.who_to_contact,
        agreed_on=r.agreed_on,
        review_date=r.review_date,
        created_at=r.created_at,
        updated_at=r.updated_at,
    )


def _training(session: Session, staff_id: int) -> tuple[TrainingData, ...]:
    rows = session.execute(
        select(
            TrainingRecord,
            TrainingCourse.name,
            TrainingCourse.kind,
            SupervisionSession.session_date,
        )
        .join(TrainingCourse, TrainingCourse.id == TrainingRecord.course_id)
        .outerjoin(SupervisionSession, SupervisionSession.id == TrainingRecord.raised_in_session_id)
        .where(TrainingRecord.staff_id == staff_id)
        .order_by(TrainingCourse.name_key, TrainingRecord.created_at, TrainingRecord.id)
    )
    return tuple(
        TrainingData(
            id=r.id,
            course_name=name,
            course_kind=CourseKind(kind),
            status=TrainingStatus(r.status),
            requested_on=r.requested_on,
            booked_for=r.booked_for,
            completed_on=r.completed_on,
            expires_on=r.expires_on,
            raised_in_session_date=raised,
            notes=r.notes,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r, name, kind, raised in rows
    )


def _checklist_items(session: Session, staff_id: int) -> tuple[OwnedChecklistItem, ...]:
    rows = session.execute(
        select(Checklist.title, ChecklistItem.text, ChecklistItem.status)
        .join(Checklist, Checklist.id == ChecklistItem.checklist_id)
        .where(ChecklistItem.owner_id == staff_id)
        .order_by(Checklist.started_on, Checklist.id, ChecklistItem.position, ChecklistItem.id)
    )
    return tuple(
        OwnedChecklistItem(checklist_title=title, text=text, status=ChecklistItemStatus(status))
        for title, text, status in rows
    )


def _policies(session: Session, staff_id: int) -> tuple[OwnedPolicy, ...]:
    rows = session.execute(
        select(Policy.title, Policy.version, Policy.status, Policy.next_review)
        .where(Policy.owner_id == staff_id)
        .order_by(Policy.title, Policy.id)
    )
    return tuple(
        OwnedPolicy(title=t, version=v, status=PolicyStatus(s), next_review=n)
        for t, v, s, n in rows
    )


def _led_sessions(session: Session, staff_id: int) -> tuple[LedSession, ...]:
    rows = session.execute(
        select(
            SupervisionSession.session_date,
            SupervisionSession.session_type,
            SupervisionSession.outcome,
            SupervisionSession.supervisor_signed_at,
        )
        .where(
            SupervisionSession.supervisor_id == staff_id,
            SupervisionSession.supervisee_id != staff_id,
        )
        .order_by(SupervisionSession.session_date, SupervisionSession.id)
    )
    return tuple(
        LedSession(
            session_date=day,
            session_type=SessionType(kind),
            outcome=SessionOutcome(outcome),
            signed_at=signed_at,
        )
        for day, kind, outcome, signed_at in rows
    )


def _account(session: Session, staff_id: int) -> AccountData | None:
    row = session.scalars(select(UserAccount).where(UserAccount.staff_id == staff_id)).first()
    if row is None:
        return None
    return AccountData(
        username=row.username,
        role=row.role,
        active=row.active,
        created_at=row.created_at,
        last_sign_in_at=row.last_sign_in_at,
    )


def _audit_appearances(session: Session, staff_id: int) -> tuple[AuditAppearance, ...]:
    """Entries whose details name the person by their staff id: changes to their records,
    views and exports of them."""
    pattern = f'%"staff_id": {staff_id}%'
    rows = session.scalars(
        select(AuditEvent).where(AuditEvent.details.like(pattern)).order_by(AuditEvent.id)
    )
    found = []
    for row in rows:
        try:
            details = json.loads(row.details)
        except ValueError:
            continue
        if isinstance(details, dict) and details.get("staff_id") == staff_id:
            found.append(
                AuditAppearance(
                    at=row.at,
                    actor_name=row.actor_name,
                    action=row.action,
                    subject=row.subject,
                    details=row.details,
                )
            )
    return tuple(found)
