"""Who may read or change what: the one place PeerDesk's access rules are decided.

Every service asks these helpers, so any front end (the window, the command line, a test)
meets the same refusals. Administrators may do everything. The other rules:

- **The staff register** (names, jobs, teams): every role reads it; administrators and
  managers change it. Its sensitive fields (reasonable adjustments, wellbeing notes) are
  shown only to administrators, managers and the person's own supervisor.
- **A person's supervision file** (actions, agreements, absences, dual relationships):
  administrators and managers for everyone, a supervisor for their own supervisees.
- **Supervision records**: read like the file above, and by the person themselves (the
  agreed record, never the confidential notes); written only by an administrator or the
  supervisee's current supervisor, whatever their role.
- **Confidential supervisor notes**: an administrator, the supervisee's current
  supervisor, or the supervisor who held that session. A manager is no exception.
- **Wellness plans**: the person, their current supervisor and administrators.
- **Training records and apprenticeships**: every role reads them; administrators,
  managers and a supervisor for their own supervisees change them.
- **Organisation-wide things** (backups, demo data, the subject-access export, the
  organisation's settings) are for administrators; reports, CSV exports, the staff
  import, teams, courses, policies and checklists for administrators and managers.

"Supervisees of X" are the staff members whose ``supervisor_id`` is X's own staff record
(``actor.staff_id``), and those with a CURRENT further role (table ``staff_role``) that
names X as its supervisor; an actor with no staff record supervises nobody. A further
role's supervisor manages the person's supervision file and records their supervision
like the main supervisor; confidential notes of sessions they did not hold, wellness
plans and the register's sensitive fields stay with the main supervisor.

Lists that cover the organisation are filtered to what the actor may see
(``supervisee_filter``) rather than refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, false, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from peerdesk.domain.clock import local_today
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.errors import NotFound
from peerdesk.services.wellness_views import NOT_ALLOWED as WELLNESS_NOT_ALLOWED
from peerdesk.store.models import StaffMember, StaffRole, role_held_on

__all__ = [
    "PersonRef",
    "can_read_confidential",
    "confidential_refusal",
    "is_administrator",
    "is_supervisor_of",
    "may_change_register",
    "may_manage_person",
    "may_read_records",
    "may_read_sensitive_fields",
    "may_read_session",
    "may_see_wellness_plan",
    "may_write_supervision",
    "person_ref",
    "possessive",
    "records_refusal",
    "require_administrator",
    "require_can_read_confidential",
    "require_can_read_person",
    "require_can_read_records",
    "require_can_see_wellness_plan",
    "require_can_write_person",
    "require_can_write_supervision",
    "require_manager",
    "require_register_writer",
    "sees_everyone",
    "supervisee_filter",
    "supervisee_ids",
]

PERSON_GONE = "That person is no longer in the register."
_ROLES = (Role.ADMINISTRATOR, Role.MANAGER, Role.SUPERVISOR)


@dataclass(frozen=True)
class PersonRef:
    """Who a record is about: enough to decide who may see it and to name them."""

    id: int
    full_name: str
    supervisor_id: int | None
    # the supervisors of the person's current further roles
    role_supervisor_ids: frozenset[int] = field(default=frozenset())


def person_ref(session: Session, staff_id: int, today: dt.date | None = None) -> PersonRef:
    """The person, or NotFound when they are not in the register (one query, their
    further roles' supervisors included)."""
    rows = session.execute(
        select(
            StaffMember.id,
            StaffMember.full_name,
            StaffMember.supervisor_id,
            StaffRole.supervisor_id,
        )
        .outerjoin(
            StaffRole,
            (StaffRole.staff_id == StaffMember.id)
            & StaffRole.supervisor_id.is_not(None)
            & _role_current(today),
        )
        .where(StaffMember.id == staff_id)
    ).all()
    if not rows:
        raise NotFound(PERSON_GONE)
    first = rows[0]
    return PersonRef(
        id=first[0],
        full_name=first[1],
        supervisor_id=first[2],
        role_supervisor_ids=frozenset(row[3] for row in rows if row[3] is not None),
    )


def _role_current(today: dt.date | None) -> ColumnElement[bool]:
    """SQL for "the further role is held today" (started, and not ended before today)."""
    return role_held_on(today or local_today())


def _role_supervisees(actor_staff_id: int, today: dt.date | None) -> Select[int]:
    """The people with a current further role supervised by ``actor_staff_id``."""
    return select(StaffRole.staff_id).where(
        StaffRole.supervisor_id == actor_staff_id, _role_current(today)
    )


def possessive(name: str) -> str:
    """ "Jo Bloggs's"; a name that is empty becomes "this person's"."""
    return f"{name}'s" if name else "this person's"


# -- who the actor is ---------------------------------------------------------------------


def is_administrator(actor: Actor) -> bool:
    return actor.role is Role.ADMINISTRATOR


def sees_everyone(actor: Actor) -> bool:
    """Administrators and managers: every person's supervision file."""
    return actor.role in (Role.ADMINISTRATOR, Role.MANAGER)


def _linked(actor: Actor) -> bool:
    """An actor of a known role with a staff record of their own."""
    return actor.staff_id is not None and actor.role in _ROLES


def _supervises(actor: Actor, supervisor_id: int | None) -> bool:
    return _linked(actor) and actor.staff_id == supervisor_id


def _is_self(actor: Actor, staff_id: int) -> bool:
    return _linked(actor) and actor.staff_id == staff_id


def is_supervisor_of(
    session: Session, actor: Actor, staff_id: int, today: dt.date | None = None
) -> bool:
    """Whether the actor's own staff record is the person's current supervisor, in their
    main role or in a current further role."""
    if not _linked(actor) or actor.staff_id is None:
        return False
    supervisor = session.scalar(select(StaffMember.supervisor_id).where(StaffMember.id == staff_id))
    if supervisor is not None and supervisor == actor.staff_id:
        return True
    further = _role_supervisees(actor.staff_id, today).where(StaffRole.staff_id == staff_id)
    return session.scalar(further.limit(1)) is not None


def supervisee_ids(session: Session, actor: Actor, today: dt.date | None = None) -> set[int] | None:
    """The people whose supervision file the actor may see; None means everyone."""
    if sees_everyone(actor):
        return None
    if not _linked(actor) or actor.staff_id is None:
        return set()
    main = set(
        session.scalars(select(StaffMember.id).where(StaffMember.supervisor_id == actor.staff_id))
    )
    return main | set(session.scalars(_role_supervisees(actor.staff_id, today)))


def supervisee_filter(
    actor: Actor,
    supervisor_column: InstrumentedAttribute[int | None],
    today: dt.date | None = None,
) -> ColumnElement[bool] | None:
    """SQL keeping the rows of people the actor may see, given the column that holds the
    person's supervisor (``StaffMember.supervisor_id`` or an alias's); None: keep all.
    People whose current further role the actor supervises are kept too (found through the
    ``id`` of the same StaffMember entity or alias)."""
    if sees_everyone(actor):
        return None
    if not _linked(actor) or actor.staff_id is None:
        return false()
    main = supervisor_column == actor.staff_id
    entity = getattr(supervisor_column, "parent", None)
    if entity is None or getattr(entity, "class_", None) is not StaffMember:
        return main
    person_id = entity.entity.id
    return or_(main, person_id.in_(_role_supervisees(actor.staff_id, today)))


# -- the rules (no database: the caller has the person) -------------------------------------


def may_manage_person(actor: Actor, person: PersonRef) -> bool:
    """A person's supervision file (actions, agreements, absences, dual relationships,
    training and apprenticeship changes): administrators, managers, their supervisor."""
    return sees_everyone(actor) or _supervises_person(actor, person)


def _supervises_person(actor: Actor, person: PersonRef) -> bool:
    """The actor supervises the person in their main role or a current further role."""
    return _supervises(actor, person.supervisor_id) or (
        _linked(actor) and actor.staff_id in person.role_supervisor_ids
    )


def may_read_records(actor: Actor, person: PersonRef) -> bool:
    """A person's agreed supervision records: as ``may_manage_person``, and the person."""
    return may_manage_person(actor, person) or _is_self(actor, person.id)


def may_read_session(actor: Actor, person: PersonRef, session_supervisor_id: int | None) -> bool:
    """One session's agreed record (and what was agreed in it): as ``may_read_records``,
    and the supervisor who held that session."""
    return may_read_records(actor, person) or _supervises(actor, session_supervisor_id)


def may_write_supervision(actor: Actor, person: PersonRef) -> bool:
    """Recording, changing, signing and amending a person's supervision, and their
    drafts: administrators and the person's current supervisor (whatever their role)."""
    return is_administrator(actor) or _supervises_person(actor, person)


def can_read_confidential(
    actor: Actor, session_supervisor_id: int | None, current_supervisor_id: int | None
) -> bool:
    """A session's confidential notes: administrators, the supervisor who held the session
    and the supervisee's current supervisor. Nobody else, managers included."""
    if is_administrator(actor):
        return True
    return _supervises(actor, session_supervisor_id) or _supervises(actor, current_supervisor_id)


def may_see_wellness_plan(actor: Actor, staff_id: int, supervisor_id: int | None) -> bool:
    """A wellness plan: administrators, the person themselves and their supervisor."""
    return is_administrator(actor) or _is_self(actor, staff_id) or _supervises(actor, supervisor_id)


def may_read_sensitive_fields(actor: Actor, supervisor_id: int | None) -> bool:
    """A staff record's reasonable adjustments and wellbeing notes: administrators,
    managers and the person's own supervisor."""
    return sees_everyone(actor) or _supervises(actor, supervisor_id)


def may_change_register(actor: Actor) -> bool:
    """Adding, changing and importing people, marking leavers: administrators, managers."""
    return sees_everyone(actor)


# -- refusals, in plain words ---------------------------------------------------------------


def require_administrator(actor: Actor, what: str) -> None:
    """``what`` finishes "Only administrators can ...", e.g. "restore a backup"."""
    if not is_administrator(actor):
        raise AccessDenied(f"Only administrators can {what}.")


def require_manager(actor: Actor, what: str) -> None:
    """Administrators and managers; ``what`` finishes "Only ... can ..."."""
    if not sees_everyone(actor):
        raise AccessDenied(f"Only managers and administrators can {what}.")


def require_register_writer(actor: Actor) -> None:
    if may_change_register(actor):
        return
    if actor.role is Role.SUPERVISOR:
        raise AccessDenied("Supervisors can read the staff register but not change it.")
    raise AccessDenied("Only managers and administrators can change the staff register.")


def require_can_read_person(
    session: Session, actor: Actor, staff_id: int, what: str = "supervision file"
) -> PersonRef:
    """The person (NotFound if gone) when the actor may see their ``what``."""
    return _require_person(session, actor, staff_id, what, "see")


def require_can_write_person(
    session: Session, actor: Actor, staff_id: int, what: str = "supervision file"
) -> PersonRef:
    """The person (NotFound if gone) when the actor may change their ``what``."""
    return _require_person(session, actor, staff_id, what, "change")


def _require_person(
    session: Session, actor: Actor, staff_id: int, what: str, doing: str
) -> PersonRef:
    person = person_ref(session, staff_id)
    if not may_manage_person(actor, person):
        name = possessive(person.full_name)
        raise AccessDenied(
            f"Only {name} supervisor, a manager or an administrator can {doing} {name} {what}."
        )
    return person


def require_can_read_records(session: Session, actor: Actor, staff_id: int) -> PersonRef:
    """The person (NotFound if gone) when the actor may read their agreed records."""
    person = person_ref(session, staff_id)
    if not may_read_records(actor, person):
        raise AccessDenied(records_refusal(person))
    return person


def records_refusal(person: PersonRef) -> str:
    name = possessive(person.full_name)
    return (
        f"Only {person.full_name or 'the person'}, their supervisor, a manager or an "
        f"administrator can read {name} supervision records."
    )


def require_can_write_supervision(session: Session, actor: Actor, staff_id: int) -> PersonRef:
    """The person (NotFound if gone) when the actor may record their supervision."""
    person = person_ref(session, staff_id)
    if not may_write_supervision(actor, person):
        raise AccessDenied(
            f"Only {possessive(person.full_name)} supervisor or an administrator can record "
            "or change their supervision."
        )
    return person


def require_can_read_confidential(
    actor: Actor, person: PersonRef, session_supervisor_id: int | None
) -> None:
    if not can_read_confidential(actor, session_supervisor_id, person.supervisor_id):
        raise AccessDenied(confidential_refusal(person))


def confidential_refusal(person: PersonRef) -> str:
    return (
        "Only their supervisor or an administrator can read "
        f"{possessive(person.full_name)} confidential notes."
    )


def require_can_see_wellness_plan(session: Session, actor: Actor, staff_id: int) -> PersonRef:
    person = person_ref(session, staff_id)
    if not may_see_wellness_plan(actor, person.id, person.supervisor_id):
        raise AccessDenied(WELLNESS_NOT_ALLOWED)
    return person
