"""The set of services one open database offers; built by the composition root and tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.services.absence_service import AbsenceService
from peerdesk.services.action_service import ActionService
from peerdesk.services.agreement_service import AgreementService
from peerdesk.services.dual_relationship_service import DualRelationshipService
from peerdesk.services.health_service import HealthService
from peerdesk.services.organisation_service import OrganisationService
from peerdesk.services.schedule_service import ScheduleService
from peerdesk.services.session_service import SessionService
from peerdesk.services.staff_service import StaffService
from peerdesk.services.team_service import TeamService


@dataclass(frozen=True)
class Services:
    organisation: OrganisationService
    teams: TeamService
    staff: StaffService
    health: HealthService
    schedule: ScheduleService
    agreements: AgreementService
    dual_relationships: DualRelationshipService
    absences: AbsenceService
    supervision: SessionService
    actions: ActionService


def make_services(
    sessions: sessionmaker[Session], today: Callable[[], dt.date] = local_today
) -> Services:
    return Services(
        organisation=OrganisationService(sessions),
        teams=TeamService(sessions),
        staff=StaffService(sessions, today=today),
        health=HealthService(sessions, today=today),
        schedule=ScheduleService(sessions, today=today),
        agreements=AgreementService(sessions, today=today),
        dual_relationships=DualRelationshipService(sessions, today=today),
        absences=AbsenceService(sessions, today=today),
        supervision=SessionService(sessions, today=today),
        actions=ActionService(sessions, today=today),
    )
