"""Sign-in accounts for the demo: a manager and two supervisors, each linked to a fictional
member of staff who supervises others, all with one documented password (README.md)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.enums import RoleCategory
from peerdesk.domain.text import fold
from peerdesk.services.account_service import AccountService, UserDetails
from peerdesk.services.actor import Actor, Role
from peerdesk.store.models import StaffMember, UserAccount

# Fictional accounts for trying PeerDesk out; never for real data.
DEMO_PASSWORD = "PeerDesk demo 2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: Role


def add_demo_accounts(
    sessions: sessionmaker[Session], accounts: AccountService, actor: Actor
) -> list[DemoAccount]:
    """Add up to three accounts (skipping user names already taken); return those added."""
    with sessions() as session:
        supervisors = _supervisors(session)
        taken = set(session.scalars(select(UserAccount.username_key)))
        linked = {s for s in session.scalars(select(UserAccount.staff_id)) if s is not None}
    added: list[DemoAccount] = []
    manager = next((s for s in supervisors if s[2] == RoleCategory.MANAGER.value), None)
    others = [s for s in supervisors if s is not manager]
    plan: list[tuple[str, Role, tuple[int, str, str] | None]] = [
        ("manager", Role.MANAGER, manager or (others.pop(0) if others else None)),
        ("supervisor1", Role.SUPERVISOR, others.pop(0) if others else None),
        ("supervisor2", Role.SUPERVISOR, others.pop(0) if others else None),
    ]
    for username, role, staff in plan:
        if fold(username) in taken:
            continue
        staff_id = staff[0] if staff is not None and staff[0] not in linked else None
        name = staff[1] if staff is not None else username.title()
        accounts.add(actor, UserDetails(username, name, role, staff_id), DEMO_PASSWORD)
        accounts.mark_password_chosen(actor, username)
        added.append(DemoAccount(username, name, role))
    return added


def _supervisors(session: Session) -> list[tuple[int, str, str]]:
    """Current staff who supervise someone, those supervising most first."""
    supervised = (
        select(StaffMember.supervisor_id, func.count(StaffMember.id).label("n"))
        .where(StaffMember.supervisor_id.is_not(None), StaffMember.end_date.is_(None))
        .group_by(StaffMember.supervisor_id)
        .subquery()
    )
    rows = session.execute(
        select(StaffMember.id, StaffMember.full_name, StaffMember.role_category)
        .join(supervised, supervised.c.supervisor_id == StaffMember.id)
        .where(StaffMember.end_date.is_(None))
        .order_by(supervised.c.n.desc(), StaffMember.id)
    ).all()
    return [(int(i), str(n), str(r)) for i, n, r in rows]
