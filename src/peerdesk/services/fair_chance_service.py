"""Fair-chance recruitment: check levels per role, and risk assessments of disclosed
convictions (criminal-offence data: administrators only, every view audited).

The rules, applied here so no screen or export can get round them:

- **Check levels per role** are about roles, not people: everyone signed in reads them;
  administrators and managers set them.
- **Risk assessments** are criminal-offence data: only administrators list, read, add,
  change or erase them. Anyone else is refused in plain words, lists and counts that
  would say who has one included. Every reading (the list, one assessment, the list of
  those due for erasure) goes in the audit trail, naming the staff member by id only.
- Assessments are written with SQL statements rather than through the ORM, so the
  automatic change audit (services/change_audit.py) never copies their short fields
  (role, decision, dates) into the append-only trail; this service records each change
  itself, naming only the assessment and the staff id.
- After its ``delete_after`` date an assessment is due for erasure. Erasing deletes the
  row (``secure_delete`` zeroes it in the file) and empties the write-ahead log.
- The report's figures (``fair_chance_counts``) are counts only, small numbers
  suppressed, for administrators and managers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain import fair_chance as rules
from peerdesk.domain.clock import local_today
from peerdesk.domain.suppression import (
    DEFAULT_THRESHOLD,
    Equation,
    Shown,
    protect,
    suppress_row,
)
from peerdesk.domain.text import fold
from peerdesk.services import access_rules
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.fair_chance_views import (
    ADMINISTRATORS_ONLY,
    AssessmentDetails,
    AssessmentInfo,
    AssessmentSummary,
    CheckLevel,
    CheckLevelDetails,
    CheckLevelInfo,
    Decision,
    Erased,
    FairChanceCounts,
)
from peerdesk.store.journal import empty_journal
from peerdesk.store.models import (
    ConvictionAssessment,
    Organisation,
    RoleCheckLevel,
    StaffMember,
    employed_on,
)
from peerdesk.store.types import utc_now

__all__ = ["FairChanceService"]

GONE = "That risk assessment is no longer held: it may have been erased."
LEVEL_GONE = "That role's check level is no longer recorded."
_A = ConvictionAssessment


def _require_admin(actor: Actor) -> None:
    if not access_rules.is_administrator(actor):
        raise AccessDenied(ADMINISTRATORS_ONLY)


def _subject(staff_id: int) -> str:
    return f"conviction assessment of staff member {staff_id}"  # never a name


class FairChanceService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditLog,
        *,
        today: Callable[[], dt.date] = local_today,
    ) -> None:
        self._sessions = sessions
        self._audit = audit
        self._today = today

    # -- check levels per role (not criminal-offence data) ---------------------------------

    def check_levels(self, actor: Actor) -> list[CheckLevelInfo]:
        """Every role's check level, by job title. Anyone signed in may read them."""
        del actor  # every role reads them
        with self._sessions() as session:
            rows = session.scalars(select(RoleCheckLevel).order_by(RoleCheckLevel.job_title_key))
            return [_level_info(row) for row in rows]

    def job_titles(self, actor: Actor) -> list[str]:
        """The job titles of the people employed today, for choosing a role (sorted)."""
        del actor
        today = self._today()
        with self._sessions() as session:
            titles = session.scalars(
                select(StaffMember.job_title).where(employed_on(today)).distinct()
            )
            unique = {fold(t): t for t in titles if t and t.strip()}
        return [unique[key] for key in sorted(unique)]

    def save_check_level(
        self, actor: Actor, level_id: int | None, details: CheckLevelDetails
    ) -> CheckLevelInfo:
        """Add a role's check level (``level_id`` None) or change one. Administrators and
        managers; Conflict when the job title already has one."""
        access_rules.require_manager(actor, "set the check level of a role")
        cleaned = rules.normalise_check_level(details, today=self._today())
        assert cleaned.check_level is not None and cleaned.decided_on is not None
        key = fold(cleaned.job_title)
        try:
            with self._sessions.begin() as session:
                clash = session.scalar(
                    select(RoleCheckLevel.id).where(
                        RoleCheckLevel.job_title_key == key, RoleCheckLevel.id != (level_id or -1)
                    )
                )
                if clash is not None:
                    raise Conflict(
                        f"“{cleaned.job_title}” already has a check level: change that one."
                    )
                if level_id is None:
                    row = RoleCheckLevel()
                    session.add(row)
                else:
                    found = session.get(RoleCheckLevel, level_id)
                    if found is None:
                        raise NotFound(LEVEL_GONE)
                    row = found
                    row.updated_at = utc_now()
                row.job_title = cleaned.job_title
                row.job_title_key = key
                row.check_level = cleaned.check_level.value
                row.eligibility_reason = cleaned.eligibility_reason
                row.decided_on = cleaned.decided_on
                row.decided_by = cleaned.decided_by
                session.flush()
                return _level_info(row)
        except IntegrityError:  # saved at the same moment elsewhere
            raise Conflict(
                f"“{cleaned.job_title}” already has a check level: change that one."
            ) from None

    def remove_check_level(self, actor: Actor, level_id: int) -> None:
        access_rules.require_manager(actor, "remove the check level of a role")
        with self._sessions.begin() as session:
            row = session.get(RoleCheckLevel, level_id)
            if row is None:
                raise NotFound(LEVEL_GONE)
            session.delete(row)

    # -- how long assessments are kept --------------------------------------------------------

    def keep_months(self, actor: Actor) -> int:
        """Months an assessment is kept after its decision. Administrators only."""
        access_rules.require_administrator(actor, "see how long risk assessments are kept")
        with self._sessions() as session:
            return _keep_months(session)

    def set_keep_months(self, actor: Actor, months: int) -> int:
        """Change it (1 to 24 months). Assessments already held keep their own dates."""
        access_rules.require_administrator(actor, "change how long risk assessments are kept")
        rules.check_keep_months(months)
        with self._sessions.begin() as session:
            row = session.scalars(select(Organisation).order_by(Organisation.id).limit(1)).first()
            if row is None:
                raise NotFound("Set the organisation up first.")
            row.conviction_keep_months = months
            row.updated_at = utc_now()
        return months

    # -- risk assessments (criminal-offence data: administrators only) -----------------------

    def assessments(self, actor: Actor) -> list[AssessmentSummary]:
        """Every assessment held, soonest erasure first. Recorded in the audit trail."""
        _require_admin(actor)
        rows = self._summaries(None)
        self._audit.record(
            actor,
            "viewed conviction assessments",
            "list of conviction assessments",
            {"staff_ids": sorted({row.staff_id for row in rows}), "count": len(rows)},
        )
        return rows

    def due_for_deletion(
        self, actor: Actor, today: dt.date | None = None
    ) -> list[AssessmentSummary]:
        """The assessments past their deletion date, to erase now. Recorded in the trail."""
        _require_admin(actor)
        day = today or self._today()
        rows = self._summaries(day)
        self._audit.record(
            actor,
            "viewed conviction assessments due for erasure",
            "list of conviction assessments",
            {"staff_ids": sorted({row.staff_id for row in rows}), "count": len(rows)},
        )
        return rows

    def count_due_for_deletion(self, actor: Actor, today: dt.date | None = None) -> int:
        """How many assessments are past their deletion date: a number, no one named and
        nothing of their content (so not a view the audit trail records); for the reminder
        on an administrator's dashboard."""
        _require_admin(actor)
        day = today or self._today()
        with self._sessions() as session:
            return session.scalar(select(func.count(_A.id)).where(_A.delete_after < day)) or 0

    def get(self, actor: Actor, assessment_id: int) -> AssessmentInfo:
        """One assessment in full. Recorded in the audit trail (the staff id, no content)."""
        _require_admin(actor)
        with self._sessions() as session:
            info = self._info(session, assessment_id)
        self._audit.record(
            actor,
            "viewed conviction assessment",
            _subject(info.staff_id),
            {"staff_id": info.staff_id, "assessment_id": info.id},
        )
        return info

    def add(self, actor: Actor, details: AssessmentDetails) -> AssessmentInfo:
        """Record an assessment; ``delete_after`` None: the organisation's keeping time."""
        _require_admin(actor)
        with self._sessions.begin() as session:
            cleaned = rules.normalise_assessment(
                details, today=self._today(), keep_months=_keep_months(session)
            )
            assert cleaned.staff_id is not None
            access_rules.person_ref(session, cleaned.staff_id)  # NotFound if gone
            now = utc_now()
            result = cast(
                "CursorResult[Any]",
                session.execute(
                    insert(_A).values(**_values(cleaned), created_at=now, updated_at=now)
                ),
            )
            key = result.inserted_primary_key
            assert key is not None
            assessment_id = int(key[0])
            self._audit.record(
                actor,
                "added conviction assessment",
                _subject(cleaned.staff_id),
                {"staff_id": cleaned.staff_id, "assessment_id": assessment_id},
                session=session,
            )
            return self._info(session, assessment_id)

    def change(
        self, actor: Actor, assessment_id: int, details: AssessmentDetails
    ) -> AssessmentInfo:
        """Change an assessment (its erasure date included, never beyond 24 months)."""
        _require_admin(actor)
        with self._sessions.begin() as session:
            old = session.get(_A, assessment_id)
            if old is None:
                raise NotFound(GONE)
            cleaned = rules.normalise_assessment(
                replace(details, staff_id=details.staff_id or old.staff_id),
                today=self._today(),
                keep_months=_keep_months(session),
            )
            assert cleaned.staff_id is not None
            access_rules.person_ref(session, cleaned.staff_id)
            values = _values(cleaned)
            changed = sorted(k for k, v in values.items() if getattr(old, k) != v)
            session.expunge(old)
            session.execute(
                update(_A).where(_A.id == assessment_id).values(**values, updated_at=utc_now())
            )
            self._audit.record(
                actor,
                "changed conviction assessment",
                _subject(cleaned.staff_id),
                {"staff_id": cleaned.staff_id, "assessment_id": assessment_id, "fields": changed},
                session=session,
            )
            return self._info(session, assessment_id)

    def erase(self, actor: Actor, assessment_id: int) -> Erased:
        """Delete an assessment for good, and empty the journal so no copy of its words
        stays in the database's files. Recorded in the trail without its content."""
        _require_admin(actor)
        with self._sessions.begin() as session:
            staff_id = session.scalar(select(_A.staff_id).where(_A.id == assessment_id))
            if staff_id is None:
                raise NotFound(GONE)
            session.execute(delete(_A).where(_A.id == assessment_id))
            self._audit.record(
                actor,
                "conviction assessment erased",
                _subject(staff_id),
                {"staff_id": staff_id, "assessment_id": assessment_id},
                session=session,
            )
        return Erased(assessment_id=assessment_id, journal_emptied=empty_journal(self._sessions))

    def default_delete_after(self, actor: Actor, decided_on: dt.date) -> dt.date:
        """When an assessment decided on ``decided_on`` is erased by default."""
        _require_admin(actor)
        with self._sessions() as session:
            return rules.default_delete_after(decided_on, _keep_months(session))

    # -- the report's figures --------------------------------------------------------------

    def fair_chance_counts(self, actor: Actor, start: dt.date, end: dt.date) -> FairChanceCounts:
        """Counts only, never names, small numbers suppressed: roles by check level,
        assessments decided from ``start`` to ``end`` by decision, how many are held now
        and how many are past their deletion date. Administrators and managers."""
        access_rules.require_manager(actor, "see the fair-chance recruitment figures")
        if end < start:
            raise ValueError("The period ends before it starts.")
        today = self._today()
        with self._sessions() as session:
            org = session.scalars(select(Organisation).order_by(Organisation.id).limit(1)).first()
            threshold = org.small_number_threshold if org is not None else DEFAULT_THRESHOLD
            keep = org.conviction_keep_months if org is not None else rules.DEFAULT_KEEP_MONTHS
            levels = dict(
                session.execute(
                    select(RoleCheckLevel.check_level, func.count()).group_by(
                        RoleCheckLevel.check_level
                    )
                ).all()
            )
            decided = dict(
                session.execute(
                    select(_A.decision, func.count())
                    .where(_A.decided_on >= start, _A.decided_on <= end)
                    .group_by(_A.decision)
                ).all()
            )
            held = session.scalar(select(func.count()).select_from(_A)) or 0
            past = session.scalar(select(func.count()).where(_A.delete_after < today)) or 0
        by_decision = {d.label: int(decided.get(d.value, 0)) for d in Decision}
        cells, total = suppress_row(by_decision, threshold, sum(by_decision.values()))
        assert total is not None
        kept = protect(
            {"held": held, "past": past, "within": held - past},
            [Equation.total(("past", "within"), "held")],
            threshold,
            hidden={"within"},
        )
        return FairChanceCounts(
            period_start=start,
            period_end=end,
            threshold=threshold,
            keep_months=keep,
            roles_by_level=tuple(
                (level.label, Shown.of(int(levels.get(level.value, 0)))) for level in CheckLevel
            ),
            decisions=tuple((label, cells[label]) for label in by_decision),
            decided_total=total,
            held=kept["held"],
            past_deletion=kept["past"],
        )

    # -- reading -------------------------------------------------------------------------

    def _summaries(self, due_on: dt.date | None) -> list[AssessmentSummary]:
        today = self._today()
        query = (
            select(
                _A.id,
                _A.staff_id,
                StaffMember.full_name,
                _A.role_title,
                _A.decision,
                _A.decided_on,
                _A.delete_after,
            )
            .join(StaffMember, StaffMember.id == _A.staff_id)
            .order_by(_A.delete_after, _A.id)
        )
        if due_on is not None:
            query = query.where(_A.delete_after < due_on)
        with self._sessions() as session:
            return [
                AssessmentSummary(
                    id=row[0],
                    staff_id=row[1],
                    full_name=row[2],
                    role_title=row[3],
                    decision=Decision(row[4]),
                    decided_on=row[5],
                    delete_after=row[6],
                    past_deletion=row[6] < today,
                )
                for row in session.execute(query)
            ]

    def _info(self, session: Session, assessment_id: int) -> AssessmentInfo:
        row = session.execute(
            select(_A, StaffMember.full_name)
            .join(StaffMember, StaffMember.id == _A.staff_id)
            .where(_A.id == assessment_id)
            .execution_options(populate_existing=True)
        ).first()
        if row is None:
            raise NotFound(GONE)
        a, name = row
        return AssessmentInfo(
            id=a.id,
            full_name=name,
            details=AssessmentDetails(
                staff_id=a.staff_id,
                role_title=a.role_title,
                disclosed_on=a.disclosed_on,
                relevance=a.relevance,
                time_since=a.time_since,
                circumstances=a.circumstances,
                safeguards=a.safeguards,
                decision=Decision(a.decision),
                decided_by=a.decided_by,
                decided_on=a.decided_on,
                delete_after=a.delete_after,
            ),
            past_deletion=a.delete_after < self._today(),
            created_at=a.created_at,
            updated_at=a.updated_at,
        )


def _keep_months(session: Session) -> int:
    months = session.scalar(
        select(Organisation.conviction_keep_months).order_by(Organisation.id).limit(1)
    )
    return int(months) if months is not None else rules.DEFAULT_KEEP_MONTHS


def _values(d: AssessmentDetails) -> dict[str, object]:
    assert d.decision is not None
    return {
        "staff_id": d.staff_id,
        "role_title": d.role_title,
        "disclosed_on": d.disclosed_on,
        "relevance": d.relevance,
        "time_since": d.time_since,
        "circumstances": d.circumstances,
        "safeguards": d.safeguards,
        "decision": d.decision.value,
        "decided_by": d.decided_by,
        "decided_on": d.decided_on,
        "delete_after": d.delete_after,
    }


def _level_info(row: RoleCheckLevel) -> CheckLevelInfo:
    return CheckLevelInfo(
        id=row.id,
        details=CheckLevelDetails(
            job_title=row.job_title,
            check_level=CheckLevel(row.check_level),
            eligibility_reason=row.eligibility_reason,
            decided_on=row.decided_on,
            decided_by=row.decided_by,
        ),
    )
