"""Fictional demo data: an organisation, its teams and a staff register, in one transaction.

The same (seed, staff, months, today) always gives the same people. Nobody in it is real:
names are random combinations from long lists of common given and family names.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.enums import EmploymentType, LivedExperience, RoleCategory
from peerdesk.domain.staff import StaffDetails
from peerdesk.domain.text import fold
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services import access_rules
from peerdesk.services import demo_names as words
from peerdesk.services.actor import Actor
from peerdesk.services.demo_supervision import plan_supervision
from peerdesk.services.errors import Conflict
from peerdesk.services.staff_service import search_text_for
from peerdesk.store.models import Base, Organisation, StaffMember, SupervisionSession, Team
from peerdesk.store.types import utc_now

MAX_STAFF: Final = 100_000
MAX_MONTHS: Final = 240
_CHUNK: Final = 500
# Core inserts into the table itself: the ORM's bulk path splits rows by which values are
# None and runs thousands of small statements.
_STAFF_TABLE: Final = StaffMember.metadata.tables[StaffMember.__tablename__]

R = RoleCategory
E = EmploymentType

# Share of each role in a typical peer-support charity, in per cent (adds up to 100).
_ROLE_SHARES: Final = (
    (R.PEER_WORKER, 45),
    (R.PEER_APPRENTICE, 10),
    (R.SENIOR_PEER_WORKER, 10),
    (R.MANAGER, 7),
    (R.CLINICAL, 8),
    (R.NON_CLINICAL, 10),
    (R.VOLUNTEER, 10),
)
_PEER_ROLES: Final = frozenset({R.PEER_WORKER, R.PEER_APPRENTICE, R.SENIOR_PEER_WORKER})
_SUPERVISING_ROLES: Final = frozenset({R.SENIOR_PEER_WORKER, R.MANAGER, R.CLINICAL})
# Employment types by role, with weights.
_EMPLOYMENT: Final[dict[RoleCategory, tuple[tuple[EmploymentType, int], ...]]] = {
    R.PEER_WORKER: ((E.PERMANENT, 65), (E.FIXED_TERM, 20), (E.SESSIONAL, 15)),
    R.PEER_APPRENTICE: ((E.APPRENTICESHIP, 1),),
    R.SENIOR_PEER_WORKER: ((E.PERMANENT, 85), (E.FIXED_TERM, 15)),
    R.MANAGER: ((E.PERMANENT, 90), (E.FIXED_TERM, 10)),
    R.CLINICAL: ((E.PERMANENT, 60), (E.SESSIONAL, 25), (E.FIXED_TERM, 15)),
    R.NON_CLINICAL: ((E.PERMANENT, 80), (E.FIXED_TERM, 10), (E.SESSIONAL, 10)),
    R.VOLUNTEER: ((E.VOLUNTEER, 1),),
}
# Chance that someone in the role says they have lived experience.
_LIVED_EXPERIENCE: Final[dict[RoleCategory, float]] = {
    R.PEER_WORKER: 0.95,
    R.PEER_APPRENTICE: 0.95,
    R.SENIOR_PEER_WORKER: 0.93,
    R.VOLUNTEER: 0.75,
    R.MANAGER: 0.45,
    R.CLINICAL: 0.30,
    R.NON_CLINICAL: 0.25,
}
# Share of each role working in the central team rather than a service team.
_CENTRAL_SHARE: Final = {R.NON_CLINICAL: 0.6, R.MANAGER: 0.2}
_PART_TIME_HOURS: Final = (15.0, 18.75, 22.5, 24.0, 30.0)
_SESSIONAL_HOURS: Final = (4.0, 6.0, 7.5, 8.0, 10.0, 12.0, 15.0, 16.0, 20.0)
_VOLUNTEER_HOURS: Final = (2.0, 3.0, 4.0, 6.0, 8.0, 10.0, 12.0)
_APPRENTICESHIP_MONTHS: Final = (12, 15, 18, 24)
_MEAN_TENURE_DAYS: Final = 900
_MAX_TENURE_DAYS: Final = 12 * 365


@dataclass(frozen=True)
class DemoSummary:
    organisation_name: str
    teams: int
    people: int
    current: int
    leavers: int
    sessions: int = 0
    checklists: int = 0
    policies: int = 0
    training_records: int = 0
    wellness_plans: int = 0
    apprenticeships: int = 0
    further_roles: int = 0
    involvement_activities: int = 0
    conviction_assessments: int = 0


class DemoCancelled(Exception):
    """Making the demo data was cancelled; nothing was written."""


def generate_demo(
    sessions: sessionmaker[Session],
    actor: Actor,
    *,
    staff: int = 60,
    months: int = 12,
    seed: int = 1,
    today: dt.date,
    progress: Callable[[int, int], None] = lambda done, total: None,
    is_cancelled: Callable[[], bool] = lambda: False,
) -> DemoSummary:
    """Fill an empty register with ``staff`` fictional people and ``months`` of history.

    Everything is written in one transaction: on an error or a cancel nothing is kept.
    Raises Conflict when the register already holds anyone, ValidationError for sizes out
    of range and DemoCancelled when ``is_cancelled()`` turns true.
    """
    access_rules.require_administrator(actor, "make demonstration data")
    _check_sizes(staff, months)
    if is_cancelled():
        raise DemoCancelled("Making the demo data was cancelled; nothing was written.")
    progress(0, staff)
    now = utc_now()
    with sessions.begin() as session:
        if session.scalar(select(StaffMember.id).limit(1)) is not None:
            raise Conflict(
                "The register already holds people: demo data only fills an empty register. "
                "Use a new data folder for the demo."
            )
        organisation_name = _ensure_organisation(session, now)
        plan = _Plan(random.Random(seed), staff, months, today)
        team_ids = _ensure_teams(session, plan.team_names, now)
        first_id = (session.scalar(select(func.max(StaffMember.id))) or 0) + 1
        people = plan.people(is_cancelled)
        rows = [
            _row(first_id + index, person, team_ids, first_id, now)
            for index, person in enumerate(people)
        ]
        for start in range(0, len(rows), _CHUNK):
            if is_cancelled():
                raise DemoCancelled("Making the demo data was cancelled; nothing was written.")
            session.execute(insert(_STAFF_TABLE), rows[start : start + _CHUNK])
            progress(min(start + _CHUNK, len(rows)), staff)
        _advance_id_sequence(session, first_id + len(rows) - 1)
        if is_cancelled():
            raise DemoCancelled("Making the demo data was cancelled; nothing was written.")
        history = _write_supervision(session, rows, seed=seed, months=months, today=today)
        readiness = _write_readiness(session, rows, seed=seed, today=today)
    leavers = sum(1 for person in people if person.leaver)
    return DemoSummary(
        organisation_name=organisation_name,
        teams=len(team_ids),
        people=len(people),
        current=len(people) - leavers,
        leavers=leavers,
        sessions=history,
        **readiness,
    )


def _write_supervision(
    session: Session,
    rows: Sequence[dict[str, Any]],
    *,
    seed: int,
    months: int,
    today: dt.date,
) -> int:
    """Add the supervision history; returns how many sessions were written."""
    first_session = (session.scalar(select(func.max(SupervisionSession.id))) or 0) + 1
    plan = plan_supervision(
        rows,
        {row["id"]: row["full_name"] for row in rows},
        seed=seed,
        months=months,
        today=today,
        first_session_id=first_session,
    )
    tables = Base.metadata.tables
    for table, batch in (
        ("supervision_session", plan.sessions),
        ("supervision_action", plan.actions),
        ("supervision_agreement", plan.agreements),
        ("dual_relationship", plan.dual_relationships),
        ("staff_absence", plan.absences),
    ):
        for start in range(0, len(batch), _CHUNK * 4):
            session.execute(insert(tables[table]), batch[start : start + _CHUNK * 4])
    return len(plan.sessions)


def _write_readiness(
    session: Session, rows: Sequence[dict[str, Any]], *, seed: int, today: dt.date
) -> dict[str, int]:
    """Checklists, the policy register, training, wellness plans, apprenticeships, the
    involvement log, fair-chance records and further roles, each from its own random stream
    (so adding one never changes the others)."""
    from peerdesk.resources import resource_path
    from peerdesk.services.checklist_templates import load_templates
    from peerdesk.services.demo_apprenticeships import add_apprenticeship_demo
    from peerdesk.services.demo_checklists import add_checklist_demo
    from peerdesk.services.demo_fair_chance import add_demo_fair_chance
    from peerdesk.services.demo_involvement import add_demo_involvement
    from peerdesk.services.demo_policies import add_policy_demo, add_wellness_demo
    from peerdesk.services.demo_roles import add_demo_roles
    from peerdesk.services.demo_training import add_training_demo

    def stream(offset: int) -> random.Random:
        return random.Random(seed * 7919 + offset)

    templates = load_templates([resource_path("checklists")]).templates
    return {
        "checklists": add_checklist_demo(session, stream(100), rows, today, templates),
        "policies": add_policy_demo(session, stream(101), rows, today),
        "wellness_plans": add_wellness_demo(session, stream(102), rows, today),
        "apprenticeships": add_apprenticeship_demo(session, stream(103), rows, today),
        "training_records": add_training_demo(session, stream(104), rows, today),
        "involvement_activities": add_demo_involvement(session, today, stream(105)),
        "conviction_assessments": add_demo_fair_chance(session, today, stream(106)),
        "further_roles": add_demo_roles(session, today, stream(107)),
    }


def _check_sizes(staff: int, months: int) -> None:
    errors: list[FieldError] = []
    if not 1 <= staff <= MAX_STAFF:
        errors.append(
            FieldError("staff", f"The number of people must be between 1 and {MAX_STAFF:,}.")
        )
    if not 1 <= months <= MAX_MONTHS:
        errors.append(
            FieldError("months", f"The number of months must be between 1 and {MAX_MONTHS}.")
        )
    if errors:
        raise ValidationError(errors)


def _ensure_organisation(session: Session, now: dt.datetime) -> str:
    existing = session.scalar(select(Organisation.name).order_by(Organisation.id).limit(1))
    if existing is not None:
        return existing
    session.add(
        Organisation(
            name=words.ORGANISATION_NAME,
            charity_number=words.ORGANISATION_CHARITY_NUMBER,
            supervision_interval_days=words.ORGANISATION_SUPERVISION_DAYS,
            created_at=now,
            updated_at=now,
        )
    )
    return words.ORGANISATION_NAME


def _ensure_teams(session: Session, names: Sequence[str], now: dt.datetime) -> list[int]:
    """The ids of the demo teams, reusing any team that already has the same name."""
    existing = {key: team_id for key, team_id in session.execute(select(Team.name_key, Team.id))}
    new = [Team(name=n, name_key=fold(n), created_at=now) for n in names if fold(n) not in existing]
    session.add_all(new)
    session.flush()
    created = {team.name_key: team.id for team in new}
    return [existing.get(fold(n)) or created[fold(n)] for n in names]


def _advance_id_sequence(session: Session, last_id: int) -> None:
    """PostgreSQL keeps a sequence for ids: move it past the ids given explicitly."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT setval(pg_get_serial_sequence('staff_member', 'id'), :last)"),
            {"last": last_id},
        )


@dataclass
class _Person:
    """One fictional person; references to others are indexes into the plan's people."""

    details: StaffDetails
    sort_name: str
    team: int
    supervisor: int | None
    line_manager: int | None
    leaver: bool


def _row(
    staff_id: int,
    person: _Person,
    team_ids: Sequence[int],
    first_id: int,
    now: dt.datetime,
) -> dict[str, Any]:
    d = person.details
    assert d.start_date is not None
    return {
        "id": staff_id,
        "full_name": d.full_name,
        "preferred_name": d.preferred_name,
        "pronouns": d.pronouns,
        "job_title": d.job_title,
        "role_category": d.role_category.value,
        "team_id": team_ids[person.team],
        "employment_type": d.employment_type.value,
        "hours_per_week": d.hours_per_week,
        "start_date": d.start_date,
        "end_date": d.end_date,
        "leaving_reason": d.leaving_reason,
        "line_manager_id": None if person.line_manager is None else first_id + person.line_manager,
        "supervisor_id": None if person.supervisor is None else first_id + person.supervisor,
        "lived_experience": d.lived_experience.value,
        "counted_in_aggregates": d.counted_in_aggregates,
        "former_service_user": d.former_service_user,
        "reasonable_adjustments": d.reasonable_adjustments,
        "wellbeing_notes": d.wellbeing_notes,
        "sort_name": person.sort_name,
        "job_title_key": fold(d.job_title),
        "search_text": search_text_for(d),
        "created_at": now,
        "updated_at": now,
    }


def team_count(staff: int) -> int:
    """4 teams for a small charity, growing slowly with its size to 12."""
    return max(4, min(12, int(4 + 2.5 * math.log10(max(staff, 1) / 30) + 0.5)))


def role_counts(staff: int) -> dict[RoleCategory, int]:
    """How many people hold each role: the chief executive plus the shares of the rest."""
    rest = staff - 1
    exact = [(role, rest * share / 100) for role, share in _ROLE_SHARES]
    counts = {role: int(x) for role, x in exact}
    left = rest - sum(counts.values())
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i][1] % 1), i))
    for i in by_remainder[:left]:
        counts[exact[i][0]] += 1
    counts[R.MANAGER] += 1
    return counts


def _months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for last_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, last_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class _Pools:
    """Who can supervise or line manage, by team, split into current staff and everyone."""

    current_supervisors: dict[int, list[int]] = field(default_factory=dict)
    all_supervisors: dict[int, list[int]] = field(default_factory=dict)
    current_seniors: dict[int, list[int]] = field(default_factory=dict)
    current_managers: dict[int, list[int]] = field(default_factory=dict)
    all_managers: dict[int, list[int]] = field(default_factory=dict)
    any_current_supervisor: list[int] = field(default_factory=list)
    any_supervisor: list[int] = field(default_factory=list)

    def add(self, index: int, role: RoleCategory, team: int, leaver: bool) -> None:
        if role not in _SUPERVISING_ROLES:
            return
        self.all_supervisors.setdefault(team, []).append(index)
        self.any_supervisor.append(index)
        if role is R.MANAGER:
            self.all_managers.setdefault(team, []).append(index)
        if leaver:
            return
        self.current_supervisors.setdefault(team, []).append(index)
        self.any_current_supervisor.append(index)
        if role is R.MANAGER:
            self.current_managers.setdefault(team, []).append(index)
        elif role is R.SENIOR_PEER_WORKER:
            self.current_seniors.setdefault(team, []).append(index)


class _Plan:
    """Draws the whole organisation from one random generator, in a fixed order.

    People come in levels (chief executive, managers, senior and clinical staff, everyone
    else) so that whoever supervises or line manages someone comes earlier in the list and
    so gets a smaller id: each insert then only refers to rows already written.
    """

    def __init__(self, rng: random.Random, staff: int, months: int, today: dt.date) -> None:
        self.rng = rng
        self.staff = staff
        self.today = today
        self.window_days = max(1, (today - _months_before(today, months)).days)
        n_teams = team_count(staff)
        self.team_names = [words.CENTRAL_TEAM, *words.SERVICE_TEAMS[: n_teams - 1]]
        service_weights = [rng.uniform(0.6, 1.6) for _ in range(n_teams - 1)]
        self.service_cum_weights = list(itertools.accumulate(service_weights))
        self.service_teams = list(range(1, n_teams))
        self.used_names: set[str] = set()
        self.families_for_hyphen = [f for f in words.FAMILY_NAMES if " " not in f]

    # -- the order of people ---------------------------------------------------------------

    def people(self, is_cancelled: Callable[[], bool]) -> list[_Person]:
        rng = self.rng
        counts = role_counts(self.staff)
        other_managers = counts[R.MANAGER] - 1
        heads = min(other_managers, len(self.service_teams))
        middle = [R.SENIOR_PEER_WORKER] * counts[R.SENIOR_PEER_WORKER] + [R.CLINICAL] * counts[
            R.CLINICAL
        ]
        rng.shuffle(middle)
        rest = [
            role
            for role in (R.PEER_WORKER, R.PEER_APPRENTICE, R.NON_CLINICAL, R.VOLUNTEER)
            for _ in range(counts[role])
        ]
        rng.shuffle(rest)
        roles = [R.MANAGER] * (1 + other_managers) + middle + rest

        # Nobody leaves from the top: the chief executive and the heads of service stay.
        eligible = range(1 + heads, self.staff)
        rate = rng.uniform(0.10, 0.15)
        n_leavers = min(len(eligible), round(self.staff * rate))
        leavers = set(rng.sample(eligible, n_leavers))

        pools = _Pools()
        result: list[_Person] = []
        for index, role in enumerate(roles):
            if index % _CHUNK == 0 and is_cancelled():
                raise DemoCancelled("Making the demo data was cancelled; nothing was written.")
            leaver = index in leavers
            if index == 0:
                person = self._chief_executive()
            elif index <= heads:
                person = self._manager(team=index, head=True, leaver=False, pools=pools)
            elif role is R.MANAGER:
                person = self._manager(
                    team=self._team_for(role), head=False, leaver=leaver, pools=pools
                )
            else:
                person = self._staff(role, leaver, pools)
            pools.add(index, role, person.team, leaver)
            result.append(person)
        return result

    # -- people by level -------------------------------------------------------------------

    def _chief_executive(self) -> _Person:
        start = _monday(self.today - dt.timedelta(days=self.rng.randint(6 * 365, 12 * 365)))
        details, sort_name = self._details(
            R.MANAGER,
            words.CHIEF_EXECUTIVE_TITLE,
            E.PERMANENT,
            start,
            None,
            "",
            37.5,
        )
        return _Person(details, sort_name, team=0, supervisor=None, line_manager=None, leaver=False)

    def _manager(self, *, team: int, head: bool, leaver: bool, pools: _Pools) -> _Person:
        rng = self.rng
        if head:
            title = words.HEAD_OF_SERVICE_TITLE
            boss = 0
        else:
            central = team == 0
            title = rng.choice(
                words.CENTRAL_MANAGER_TITLES if central else words.JOB_TITLES[R.MANAGER]
            )
            team_heads = pools.current_managers.get(team, [])
            boss = team_heads[0] if team_heads else 0
        employment = self._employment(R.MANAGER)
        start, end, reason = self._dates(employment, leaver)
        hours = 37.5 if rng.random() < 0.85 else 30.0
        details, sort_name = self._details(R.MANAGER, title, employment, start, end, reason, hours)
        return _Person(details, sort_name, team, supervisor=boss, line_manager=boss, leaver=leaver)

    def _staff(self, role: RoleCategory, leaver: bool, pools: _Pools) -> _Person:
        rng = self.rng
        team = self._team_for(role)
        title = self._title(role, team)
        employment = self._employment(role)
        start, end, reason = self._dates(employment, leaver)
        hours = self._hours(role, employment)
        details, sort_name = self._details(role, title, employment, start, end, reason, hours)

        managers = (pools.all_managers if leaver else pools.current_managers).get(team) or [0]
        line_manager = rng.choice(managers)
        supervisor: int | None
        if role in (R.SENIOR_PEER_WORKER, R.CLINICAL, R.NON_CLINICAL):
            supervisor = line_manager
        elif leaver:
            supervisor = rng.choice(pools.all_supervisors.get(team) or pools.any_supervisor)
        else:
            seniors = pools.current_seniors.get(team)
            if seniors and rng.random() < 0.8:
                supervisor = rng.choice(seniors)
            else:
                supervisor = rng.choice(
                    pools.current_supervisors.get(team) or pools.any_current_supervisor
                )
            if rng.random() < 0.03:
                supervisor = None  # new, or between supervisors: not yet allocated
        return _Person(details, sort_name, team, supervisor, line_manager, leaver)

    # -- single facts ----------------------------------------------------------------------

    def _team_for(self, role: RoleCategory) -> int:
        central_share = _CENTRAL_SHARE.get(role, 0.0)
        if central_share and self.rng.random() < central_share:
            return 0
        return self.rng.choices(self.service_teams, cum_weights=self.service_cum_weights)[0]

    def _title(self, role: RoleCategory, team: int) -> str:
        if role is R.PEER_WORKER:
            special = words.TEAM_PEER_TITLES.get(self.team_names[team])
            if special and self.rng.random() < 0.4:
                return self.rng.choice(special)
        return self.rng.choice(words.JOB_TITLES[role])

    def _employment(self, role: RoleCategory) -> EmploymentType:
        options = _EMPLOYMENT[role]
        if len(options) == 1:
            return options[0][0]
        return self.rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]

    def _hours(self, role: RoleCategory, employment: EmploymentType) -> float | None:
        rng = self.rng
        if employment is E.VOLUNTEER:
            return None if rng.random() < 0.2 else rng.choice(_VOLUNTEER_HOURS)
        if employment is E.SESSIONAL:
            return rng.choice(_SESSIONAL_HOURS)
        if employment is E.APPRENTICESHIP:
            return rng.choice((30.0, 37.5))
        full_time = 0.8 if role in (R.SENIOR_PEER_WORKER, R.MANAGER) else 0.6
        return 37.5 if rng.random() < full_time else rng.choice(_PART_TIME_HOURS)

    def _tenure_days(self) -> int:
        return min(int(self.rng.expovariate(1 / _MEAN_TENURE_DAYS)), _MAX_TENURE_DAYS)

    def _dates(
        self, employment: EmploymentType, leaver: bool
    ) -> tuple[dt.date, dt.date | None, str]:
        """Start date, end date and leaving reason; leavers left within the window."""
        rng, today = self.rng, self.today
        apprenticeship = employment is E.APPRENTICESHIP
        length = dt.timedelta(
            days=round(rng.choice(_APPRENTICESHIP_MONTHS) * 30.44) if apprenticeship else 0
        )
        if leaver:
            end = today - dt.timedelta(days=rng.randint(1, self.window_days))
            if apprenticeship:
                start = end - length
            else:
                start = _monday(end - dt.timedelta(days=14 + self._tenure_days()))
            return start, end, rng.choice(words.LEAVING_REASONS[employment])
        if apprenticeship:
            into = dt.timedelta(days=rng.randint(0, length.days - 7))
            start = _monday(today - into)
            return start, start + length, ""
        if employment is E.FIXED_TERM:
            start = _monday(today - dt.timedelta(days=min(self._tenure_days(), 3 * 365)))
            return start, today + dt.timedelta(days=rng.randint(14, 540)), ""
        return _monday(today - dt.timedelta(days=self._tenure_days())), None, ""

    def _details(
        self,
        role: RoleCategory,
        title: str,
        employment: EmploymentType,
        start: dt.date,
        end: dt.date | None,
        reason: str,
        hours: float | None,
    ) -> tuple[StaffDetails, str]:
        """The person's details and their folded name (the sort name)."""
        rng = self.rng
        full_name, sort_name, preferred, pronouns = self._name()
        if rng.random() < _LIVED_EXPERIENCE[role]:
            lived = LivedExperience.YES
        elif role in _PEER_ROLES or rng.random() < 0.3:
            lived = LivedExperience.PREFER_NOT_TO_SAY
        else:
            lived = LivedExperience.NO
        has_lived = lived is LivedExperience.YES
        counted = has_lived and rng.random() < 0.85
        peer_like = role in _PEER_ROLES or role is R.VOLUNTEER
        former_user = has_lived and rng.random() < (0.35 if peer_like else 0.05)
        adjustments = rng.choice(words.REASONABLE_ADJUSTMENTS) if rng.random() < 0.08 else ""
        wellbeing = rng.choice(words.WELLBEING_NOTES) if rng.random() < 0.07 else ""
        details = StaffDetails(
            full_name=full_name,
            role_category=role,
            employment_type=employment,
            start_date=start,
            preferred_name=preferred,
            pronouns=pronouns,
            job_title=title,
            hours_per_week=hours,
            end_date=end,
            leaving_reason=reason,
            lived_experience=lived,
            counted_in_aggregates=counted,
            former_service_user=former_user,
            reasonable_adjustments=adjustments,
            wellbeing_notes=wellbeing,
        )
        return details, sort_name

    def _name(self) -> tuple[str, str, str, str]:
        """A name not used yet (while that is easy), folded, a preferred name, pronouns.

        Each retry makes a middle name or a double-barrelled family name more likely, so
        even a very large register has few people with the same name.
        """
        rng = self.rng
        for attempt in range(8):
            r = rng.random()
            given_names, group = (
                (words.FEMALE_GIVEN, "f")
                if r < 0.47
                else (words.MALE_GIVEN, "m")
                if r < 0.94
                else (words.NEUTRAL_GIVEN, "n")
            )
            given = rng.choice(given_names)
            middle = rng.choice(given_names) if rng.random() < 0.08 + 0.1 * attempt else ""
            if middle == given:
                middle = ""
            family = rng.choice(words.FAMILY_NAMES)
            if rng.random() < 0.07 + 0.1 * attempt:
                second = rng.choice(self.families_for_hyphen)
                if second != family and " " not in family:
                    family = f"{family}-{second}"
            full_name = " ".join(p for p in (given, middle, family) if p)
            if full_name not in self.used_names:
                break
        self.used_names.add(full_name)

        preferred = ""
        nicknames = words.NICKNAMES.get(given)
        if nicknames and rng.random() < 0.5:
            preferred = rng.choice(nicknames)
        elif middle and rng.random() < 0.2:
            preferred = middle

        r = rng.random()
        if r < 0.3:
            pronouns = ""
        elif group == "n" or r < 0.33:
            pronouns = rng.choice(("they/them", "they/them", "she/her", "he/him"))
        elif r < 0.36:
            pronouns = "she/they" if group == "f" else "he/they"
        else:
            pronouns = "she/her" if group == "f" else "he/him"
        return full_name, fold(full_name), preferred, pronouns
