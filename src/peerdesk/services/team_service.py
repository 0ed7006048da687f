"""Teams: listed, added, renamed and removed (only when nobody is in them)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.text import fold
from peerdesk.domain.validation import FieldError, ValidationError, clean_line
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.views import TeamInfo
from peerdesk.store.models import StaffMember, Team


def _clean_team_name(name: str) -> str:
    cleaned = clean_line(name)
    if not cleaned:
        raise ValidationError([FieldError("name", "Enter the team's name.")])
    if len(cleaned) > 100:
        raise ValidationError(
            [FieldError("name", "The team name is too long: keep it to 100 characters.")]
        )
    return cleaned


__all__ = ["TeamInfo", "TeamService"]


class TeamService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def list_teams(self, actor: Actor) -> list[TeamInfo]:
        members = (
            select(StaffMember.team_id, func.count().label("n"))
            .group_by(StaffMember.team_id)
            .subquery()
        )
        query = (
            select(Team.id, Team.name, func.coalesce(members.c.n, 0))
            .outerjoin(members, members.c.team_id == Team.id)
            .order_by(Team.name_key)
        )
        with self._sessions() as session:
            return [TeamInfo(id=i, name=n, member_count=c) for i, n, c in session.execute(query)]

    def create(self, actor: Actor, name: str) -> TeamInfo:
        access_rules.require_manager(actor, "change the teams")
        cleaned = _clean_team_name(name)
        with self._sessions.begin() as session:
            self._refuse_duplicate(session, cleaned, None)
            team = Team(name=cleaned, name_key=fold(cleaned))
            session.add(team)
            session.flush()
            return TeamInfo(id=team.id, name=team.name, member_count=0)

    def rename(self, actor: Actor, team_id: int, name: str) -> TeamInfo:
        access_rules.require_manager(actor, "change the teams")
        cleaned = _clean_team_name(name)
        with self._sessions.begin() as session:
            team = session.get(Team, team_id)
            if team is None:
                raise NotFound("That team no longer exists.")
            self._refuse_duplicate(session, cleaned, team_id)
            team.name = cleaned
            team.name_key = fold(cleaned)
            count = session.scalar(
                select(func.count()).select_from(StaffMember).where(StaffMember.team_id == team_id)
            )
            return TeamInfo(id=team.id, name=team.name, member_count=count or 0)

    def delete(self, actor: Actor, team_id: int) -> None:
        access_rules.require_manager(actor, "change the teams")
        with self._sessions.begin() as session:
            team = session.get(Team, team_id)
            if team is None:
                raise NotFound("That team no longer exists.")
            count = session.scalar(
                select(func.count()).select_from(StaffMember).where(StaffMember.team_id == team_id)
            )
            if count:
                people = "person is" if count == 1 else "people are"
                raise Conflict(
                    f"{team.name} cannot be removed: {count} {people} in it "
                    "(leavers included). Move them to another team first."
                )
            session.delete(team)

    @staticmethod
    def _refuse_duplicate(session: Session, name: str, own_id: int | None) -> None:
        existing = session.scalars(select(Team).where(Team.name_key == fold(name))).first()
        if existing is not None and existing.id != own_id:
            raise ValidationError(
                [FieldError("name", f"There is already a team called {existing.name}.")]
            )
