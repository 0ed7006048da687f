"""Setting the organisation up and changing its details."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.organisation import OrganisationDetails, normalise_organisation
from peerdesk.services.actor import Actor, Role, require_role
from peerdesk.services.errors import Conflict
from peerdesk.services.views import OrganisationInfo
from peerdesk.store.models import Organisation
from peerdesk.store.types import utc_now

__all__ = ["OrganisationInfo", "OrganisationService"]


class OrganisationService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, actor: Actor) -> OrganisationInfo | None:
        with self._sessions() as session:
            row = session.scalars(select(Organisation).order_by(Organisation.id).limit(1)).first()
            return _info(row) if row else None

    def create(self, actor: Actor, details: OrganisationDetails) -> OrganisationInfo:
        require_role(actor, Role.ADMINISTRATOR)
        cleaned = normalise_organisation(details)
        with self._sessions.begin() as session:
            if session.scalars(select(Organisation.id).limit(1)).first() is not None:
                raise Conflict("The organisation has already been set up.")
            row = Organisation(
                name=cleaned.name,
                charity_number=cleaned.charity_number,
                supervision_interval_days=cleaned.supervision_interval_days,
                small_number_threshold=cleaned.small_number_threshold,
                retention_years=cleaned.retention_years,
            )
            session.add(row)
            session.flush()
            return _info(row)

    def update(self, actor: Actor, details: OrganisationDetails) -> OrganisationInfo:
        require_role(actor, Role.ADMINISTRATOR)
        cleaned = normalise_organisation(details)
        with self._sessions.begin() as session:
            row = session.scalars(select(Organisation).order_by(Organisation.id).limit(1)).first()
            if row is None:
                raise Conflict("Set the organisation up first.")
            row.name = cleaned.name
            row.charity_number = cleaned.charity_number
            row.supervision_interval_days = cleaned.supervision_interval_days
            row.small_number_threshold = cleaned.small_number_threshold
            row.retention_years = cleaned.retention_years
            row.updated_at = utc_now()
            return _info(row)


def _info(row: Organisation) -> OrganisationInfo:
    return OrganisationInfo(
        id=row.id,
        details=OrganisationDetails(
            name=row.name,
            charity_number=row.charity_number,
            supervision_interval_days=row.supervision_interval_days,
            small_number_threshold=row.small_number_threshold,
            retention_years=row.retention_years,
        ),
    )
