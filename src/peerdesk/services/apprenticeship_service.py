"""Apprenticeships: off-the-job hours, progress reviews, end date and outcome.

A person may have several apprenticeships over time but at most one in progress (with no
outcome) at once. Hours entered by mistake are removed; everything else is corrected in
place. The rules (hours expected, validation) live in ``domain.apprenticeship``.

Every role reads apprenticeships; administrators, managers and a supervisor for their own
supervisees change them (``access_rules``). The reviews due list only the people the actor
may see (a supervisor's own supervisees); the overview lists everyone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from peerdesk.domain.apprenticeship import (
    ApprenticeshipDetails,
    behind_by,
    check_dates_against_records,
    check_hours_entry,
    check_outcome,
    check_review,
    expected_hours,
    measure_progress,
    next_review_due,
    normalise_apprenticeship,
    one_open_problem,
    review_overdue,
)
from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import ApprenticeshipOutcome
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.apprenticeship_views import (
    ApprenticeshipInfo,
    ApprenticeshipReviewDue,
    ApprenticeshipRow,
    HoursEntry,
    ReviewInfo,
)
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.store.models import (
    Apprenticeship,
    ApprenticeshipReview,
    OffTheJobHours,
    StaffMember,
    employed_on,
)
from peerdesk.store.types import utc_now

__all__ = [
    "ApprenticeshipDetails",
    "ApprenticeshipInfo",
    "ApprenticeshipReviewDue",
    "ApprenticeshipRow",
    "ApprenticeshipService",
    "HoursEntry",
    "ReviewInfo",
]

Today = Callable[[], dt.date]
_NOT_IN_REGISTER = "That person is no longer in the register."
_GONE = "That apprenticeship is no longer recorded."
_HOURS_GONE = "Those hours are no longer recorded."
_REVIEW_GONE = "That progress review is no longer recorded."
_WHAT = "apprenticeships"
_Reviews = list[tuple[dt.date, dt.date | None]]


class ApprenticeshipService:
    def __init__(self, sessions: sessionmaker[Session], today: Today = local_today) -> None:
        self._sessions = sessions
        self._today = today

    # -- one person -----------------------------------------------------------------------

    def for_person(self, actor: Actor, staff_id: int) -> list[ApprenticeshipInfo]:
        """The person's apprenticeships: the one in progress first, then the rest by start
        date, newest first."""
        today = self._today()
        with self._sessions() as session:
            _require_person(session, staff_id)
            rows = list(
                session.scalars(
                    select(Apprenticeship)
                    .where(Apprenticeship.staff_id == staff_id)
                    .order_by(Apprenticeship.start_date.desc(), Apprenticeship.id.desc())
                )
            )
            infos = _infos(session, rows, today)
        return sorted(infos, key=lambda info: not info.is_open)  # stable: keeps date order

    def get(self, actor: Actor, apprenticeship_id: int) -> ApprenticeshipInfo:
        with self._sessions() as session:
            row = _require(session, apprenticeship_id)
            return _infos(session, [row], self._today())[0]

    def hours(self, actor: Actor, apprenticeship_id: int) -> list[HoursEntry]:
        """The hours logged, newest day first."""
        with self._sessions() as session:
            _require(session, apprenticeship_id)
            rows = session.scalars(
                select(OffTheJobHours)
                .where(OffTheJobHours.apprenticeship_id == apprenticeship_id)
                .order_by(OffTheJobHours.day.desc(), OffTheJobHours.id.desc())
            )
            return [_hours_entry(row) for row in rows]

    def reviews(self, actor: Actor, apprenticeship_id: int) -> list[ReviewInfo]:
        """The progress reviews, newest first."""
        with self._sessions() as session:
            _require(session, apprenticeship_id)
            rows = session.scalars(
                select(ApprenticeshipReview)
                .where(ApprenticeshipReview.apprenticeship_id == apprenticeship_id)
                .order_by(ApprenticeshipReview.review_date.desc(), ApprenticeshipReview.id.desc())
            )
            return [_review_info(row) for row in rows]

    # -- changing -------------------------------------------------------------------------

    def start(
        self, actor: Actor, staff_id: int, details: ApprenticeshipDetails
    ) -> ApprenticeshipInfo:
        """Record a new apprenticeship; refused while another one is still in progress."""
        with self._sessions.begin() as session:
            access_rules.require_can_write_person(session, actor, staff_id, _WHAT)
            cleaned = normalise_apprenticeship(details)
            open_one = session.scalar(
                select(Apprenticeship.id)
                .where(Apprenticeship.staff_id == staff_id, Apprenticeship.outcome.is_(None))
                .limit(1)
            )
            problem = one_open_problem(open_one is not None)
            if problem is not None:
                raise Conflict(problem)
            row = Apprenticeship(staff_id=staff_id, outcome_notes="")
            _apply(row, cleaned)
            session.add(row)
            session.flush()
            return _infos(session, [row], self._today())[0]

    def update(
        self, actor: Actor, apprenticeship_id: int, details: ApprenticeshipDetails
    ) -> ApprenticeshipInfo:
        """Correct the programme, provider, dates or required weekly hours."""
        with self._sessions.begin() as session:
            row = _require_writable(session, actor, apprenticeship_id)
            cleaned = normalise_apprenticeship(details)
            assert cleaned.start_date is not None  # normalise_apprenticeship guarantees it
            check_dates_against_records(
                cleaned.start_date,
                first_hours=session.scalar(
                    select(func.min(OffTheJobHours.day)).where(
                        OffTheJobHours.apprenticeship_id == row.id
                    )
                ),
                first_review=session.scalar(
                    select(func.min(ApprenticeshipReview.review_date)).where(
                        ApprenticeshipReview.apprenticeship_id == row.id
                    )
                ),
                outcome_on=row.outcome_on,
            )
            _apply(row, cleaned)
            row.updated_at = utc_now()
            session.flush()
            return _infos(session, [row], self._today())[0]

    def log_hours(
        self,
        actor: Actor,
        apprenticeship_id: int,
        day: dt.date,
        hours: float,
        activity: str,
    ) -> HoursEntry:
        """Log off-the-job hours for one day (several entries on a day are fine)."""
        with self._sessions.begin() as session:
            row = _require_writable(session, actor, apprenticeship_id)
            cleaned = check_hours_entry(
                day,
                hours,
                activity,
                start_date=row.start_date,
                outcome_on=row.outcome_on,
                today=self._today(),
            )
            entry = OffTheJobHours(
                apprenticeship_id=row.id, day=day, hours=float(hours), activity=cleaned
            )
            session.add(entry)
            row.updated_at = utc_now()
            session.flush()
            return _hours_entry(entry)

    def remove_hours(self, actor: Actor, hours_id: int) -> None:
        """Delete hours logged by mistake."""
        with self._sessions.begin() as session:
            entry = session.get(OffTheJobHours, hours_id)
            if entry is None:
                raise NotFound(_HOURS_GONE)
            _require_writable(session, actor, entry.apprenticeship_id)
            session.delete(entry)

    def add_review(
        self,
        actor: Actor,
        apprenticeship_id: int,
        review_date: dt.date,
        notes: str,
        next_review: dt.date | None,
    ) -> ReviewInfo:
        """Record a progress review that has happened, and when the next is due (None: no
        further review planned)."""
        with self._sessions.begin() as session:
            row = _require_writable(session, actor, apprenticeship_id)
            cleaned = check_review(
                review_date,
                notes,
                next_review,
                start_date=row.start_date,
                today=self._today(),
            )
            review = ApprenticeshipReview(
                apprenticeship_id=row.id,
                review_date=review_date,
                notes=cleaned,
                next_review=next_review,
            )
            session.add(review)
            row.updated_at = utc_now()
            session.flush()
            return _review_info(review)

    def remove_review(self, actor: Actor, review_id: int) -> None:
        """Delete a progress review recorded by mistake."""
        with self._sessions.begin() as session:
            review = session.get(ApprenticeshipReview, review_id)
            if review is None:
                raise NotFound(_REVIEW_GONE)
            _require_writable(session, actor, review.apprenticeship_id)
            session.delete(review)

    def record_outcome(
        self,
        actor: Actor,
        apprenticeship_id: int,
        outcome: ApprenticeshipOutcome,
        on: dt.date | None,
        notes: str,
    ) -> ApprenticeshipInfo:
        """Record how the apprenticeship ended (or correct the outcome already recorded)."""
        with self._sessions.begin() as session:
            row = _require_writable(session, actor, apprenticeship_id)
            last_hours = session.scalar(
                select(func.max(OffTheJobHours.day)).where(
                    OffTheJobHours.apprenticeship_id == row.id
                )
            )
            chosen, day, cleaned = check_outcome(
                outcome,
                on,
                notes,
                start_date=row.start_date,
                last_hours=last_hours,
                today=self._today(),
            )
            row.outcome = chosen.value
            row.outcome_on = day
            row.outcome_notes = cleaned
            row.updated_at = utc_now()
            session.flush()
            return _infos(session, [row], self._today())[0]

    # -- the organisation -----------------------------------------------------------------

    def overview(self, actor: Actor, today: dt.date | None = None) -> list[ApprenticeshipRow]:
        """Every current person's apprenticeship in progress, by name."""
        return self._overview(actor, today or self._today(), only_visible=False)

    def _overview(
        self, actor: Actor, today: dt.date, *, only_visible: bool
    ) -> list[ApprenticeshipRow]:
        supervisor = aliased(StaffMember)
        query = (
            select(Apprenticeship, StaffMember.full_name, supervisor.full_name)
            .join(StaffMember, StaffMember.id == Apprenticeship.staff_id)
            .outerjoin(supervisor, supervisor.id == StaffMember.supervisor_id)
            .where(Apprenticeship.outcome.is_(None), employed_on(today))
            .order_by(StaffMember.sort_name, StaffMember.id, Apprenticeship.id)
        )
        visible = access_rules.supervisee_filter(actor, StaffMember.supervisor_id)
        if only_visible and visible is not None:
            query = query.where(visible)
        with self._sessions() as session:
            found = list(session.execute(query))
            ids = [row.id for row, _name, _sup in found]
            logged = _hours_logged(session, ids, today)
            reviews = _reviews_by_apprenticeship(session, ids)
        result: list[ApprenticeshipRow] = []
        for row, name, supervisor_name in found:
            expected = expected_hours(
                row.required_weekly_hours, row.start_date, row.planned_end_date, None, today
            )
            hours = logged.get(row.id, 0.0)
            due = next_review_due(row.start_date, reviews.get(row.id, []), None)
            result.append(
                ApprenticeshipRow(
                    staff_id=row.staff_id,
                    full_name=name,
                    programme=row.programme,
                    planned_end_date=row.planned_end_date,
                    hours_expected=expected,
                    hours_logged=hours,
                    behind_by=behind_by(expected, hours),
                    next_review=due,
                    review_overdue=review_overdue(due, today),
                    apprenticeship_id=row.id,
                    start_date=row.start_date,
                    supervisor_name=supervisor_name or "",
                )
            )
        return result

    def reviews_due(
        self, actor: Actor, within_days: int, today: dt.date | None = None
    ) -> list[ApprenticeshipReviewDue]:
        """Current apprentices whose next progress review is at most ``within_days`` away
        (overdue ones included), soonest first; only people the actor may see (a
        supervisor's own supervisees)."""
        if within_days < 0:
            raise ValueError("within_days cannot be negative")
        today = today or self._today()
        horizon = today + dt.timedelta(days=within_days)
        due = [
            ApprenticeshipReviewDue(
                apprenticeship_id=row.apprenticeship_id,
                staff_id=row.staff_id,
                full_name=row.full_name,
                supervisor_name=row.supervisor_name,
                programme=row.programme,
                due_on=row.next_review,
                days_until=(row.next_review - today).days,
            )
            for row in self._overview(actor, today, only_visible=True)
            if row.next_review is not None and row.next_review <= horizon
        ]
        return sorted(due, key=lambda r: r.due_on)  # stable: by name within a day


# -- helpers ------------------------------------------------------------------------------


def _require_person(session: Session, staff_id: int) -> None:
    if session.get(StaffMember, staff_id) is None:
        raise NotFound(_NOT_IN_REGISTER)


def _require(session: Session, apprenticeship_id: int) -> Apprenticeship:
    row = session.get(Apprenticeship, apprenticeship_id)
    if row is None:
        raise NotFound(_GONE)
    return row


def _require_writable(session: Session, actor: Actor, apprenticeship_id: int) -> Apprenticeship:
    """The apprenticeship, when the actor may change the apprentice's records."""
    row = _require(session, apprenticeship_id)
    access_rules.require_can_write_person(session, actor, row.staff_id, _WHAT)
    return row


def _apply(row: Apprenticeship, d: ApprenticeshipDetails) -> None:
    assert d.start_date is not None and d.planned_end_date is not None
    row.programme = d.programme
    row.provider = d.provider
    row.start_date = d.start_date
    row.planned_end_date = d.planned_end_date
    row.required_weekly_hours = float(d.required_weekly_hours)


def _hours_logged(session: Session, ids: Iterable[int], today: dt.date) -> dict[int, float]:
    wanted = list(ids)
    if not wanted:
        return {}
    query = (
        select(OffTheJobHours.apprenticeship_id, func.sum(OffTheJobHours.hours))
        .where(OffTheJobHours.day <= today)
        .group_by(OffTheJobHours.apprenticeship_id)
    )
    if len(wanted) < 500:
        query = query.where(OffTheJobHours.apprenticeship_id.in_(wanted))
    return {key: round(float(total or 0), 2) for key, total in session.execute(query)}


def _reviews_by_apprenticeship(session: Session, ids: Iterable[int]) -> dict[int, _Reviews]:
    """(review date, next review) pairs per apprenticeship, in the order recorded."""
    wanted = list(ids)
    found: dict[int, _Reviews] = defaultdict(list)
    if not wanted:
        return found
    query = select(
        ApprenticeshipReview.apprenticeship_id,
        ApprenticeshipReview.review_date,
        ApprenticeshipReview.next_review,
    ).order_by(ApprenticeshipReview.id)
    if len(wanted) < 500:
        query = query.where(ApprenticeshipReview.apprenticeship_id.in_(wanted))
    for key, review_date, next_review in session.execute(query):
        found[key].append((review_date, next_review))
    return found


def _infos(
    session: Session, rows: list[Apprenticeship], today: dt.date
) -> list[ApprenticeshipInfo]:
    ids = [row.id for row in rows]
    entries: dict[int, list[tuple[dt.date, float]]] = defaultdict(list)
    if ids:
        for key, day, hours in session.execute(
            select(
                OffTheJobHours.apprenticeship_id, OffTheJobHours.day, OffTheJobHours.hours
            ).where(OffTheJobHours.apprenticeship_id.in_(ids))
        ):
            entries[key].append((day, hours))
    reviews = _reviews_by_apprenticeship(session, ids)
    return [_info(row, entries[row.id], reviews.get(row.id, []), today) for row in rows]


def _info(
    row: Apprenticeship,
    entries: list[tuple[dt.date, float]],
    reviews: _Reviews,
    today: dt.date,
) -> ApprenticeshipInfo:
    outcome = ApprenticeshipOutcome(row.outcome) if row.outcome is not None else None
    due = next_review_due(row.start_date, reviews, outcome)
    return ApprenticeshipInfo(
        id=row.id,
        staff_id=row.staff_id,
        details=ApprenticeshipDetails(
            programme=row.programme,
            provider=row.provider,
            start_date=row.start_date,
            planned_end_date=row.planned_end_date,
            required_weekly_hours=row.required_weekly_hours,
        ),
        outcome=outcome,
        outcome_on=row.outcome_on,
        outcome_notes=row.outcome_notes,
        progress=measure_progress(
            start_date=row.start_date,
            planned_end_date=row.planned_end_date,
            outcome_on=row.outcome_on,
            required_weekly_hours=row.required_weekly_hours,
            entries=entries,
            today=today,
        ),
        reviews_held=len(reviews),
        last_review=max((day for day, _next in reviews), default=None),
        next_review=due,
        review_overdue=review_overdue(due, today),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _hours_entry(row: OffTheJobHours) -> HoursEntry:
    return HoursEntry(
        id=row.id,
        apprenticeship_id=row.apprenticeship_id,
        day=row.day,
        hours=row.hours,
        activity=row.activity,
        created_at=row.created_at,
    )


def _review_info(row: ApprenticeshipReview) -> ReviewInfo:
    return ReviewInfo(
        id=row.id,
        apprenticeship_id=row.apprenticeship_id,
        review_date=row.review_date,
        notes=row.notes,
        next_review=row.next_review,
        created_at=row.created_at,
    )
