"""The set of services one open database offers; built by the composition root and tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.resources import resource_path
from peerdesk.services.absence_service import AbsenceService
from peerdesk.services.account_service import AccountService
from peerdesk.services.action_service import ActionService
from peerdesk.services.agreement_service import AgreementService
from peerdesk.services.apprenticeship_service import ApprenticeshipService
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.change_audit import install_change_audit
from peerdesk.services.checklist_service import ChecklistService
from peerdesk.services.dual_relationship_service import DualRelationshipService
from peerdesk.services.fair_chance_service import FairChanceService
from peerdesk.services.form_draft_service import FormDraftService
from peerdesk.services.health_service import HealthService
from peerdesk.services.involvement_service import InvolvementService
from peerdesk.services.organisation_service import OrganisationService
from peerdesk.services.policy_service import PolicyService
from peerdesk.services.record_report_service import RecordReportService
from peerdesk.services.retention_service import RetentionService
from peerdesk.services.schedule_service import ScheduleService
from peerdesk.services.session_service import SessionService
from peerdesk.services.staff_import import StaffImportService
from peerdesk.services.staff_role_service import StaffRoleService
from peerdesk.services.staff_service import StaffService
from peerdesk.services.team_service import TeamService
from peerdesk.services.training_service import TrainingService
from peerdesk.services.trustee_report_service import TrusteeReportService
from peerdesk.services.wellness_service import WellnessService
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.keyring import Keyring

if TYPE_CHECKING:
    from peerdesk.services.actor import Actor
    from peerdesk.services.sign_in import SignedIn


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
    checklists: ChecklistService
    policies: PolicyService
    training: TrainingService
    wellness: WellnessService
    apprenticeships: ApprenticeshipService
    audit: AuditLog
    staff_import: StaffImportService
    trustee_reports: TrusteeReportService
    record_reports: RecordReportService
    accounts: AccountService
    roles: StaffRoleService
    involvement: InvolvementService
    fair_chance: FairChanceService
    retention: RetentionService
    form_drafts: FormDraftService


def make_services(
    sessions: sessionmaker[Session],
    today: Callable[[], dt.date] = local_today,
    organisation_templates: Path | None = None,
    *,
    keyring: Keyring | None = None,
    key: DatabaseKey | None = None,
    who: Callable[[], Actor | None] | None = None,
) -> Services:
    """``organisation_templates``: the folder of the organisation's own checklist templates
    (in the data folder), beside the shipped ones. ``keyring`` and ``key``: the key file
    and the data key held while signed in (accounts need both to write key slots).
    ``who``: the signed-in user, whom every change in the audit trail is put down to."""
    template_folders = [resource_path("checklists")]
    if organisation_templates is not None:
        template_folders.append(organisation_templates)
    audit = AuditLog(sessions)
    install_change_audit(sessions, audit, who=who or (lambda: None))
    checklists = ChecklistService(sessions, today=today, template_folders=template_folders)
    return Services(
        organisation=OrganisationService(sessions),
        teams=TeamService(sessions),
        staff=StaffService(sessions, today=today),
        health=HealthService(sessions, today=today),
        schedule=ScheduleService(sessions, today=today),
        agreements=AgreementService(sessions, today=today),
        dual_relationships=DualRelationshipService(sessions, today=today),
        absences=AbsenceService(sessions, today=today),
        supervision=SessionService(sessions, today=today, audit=audit),
        actions=ActionService(sessions, today=today),
        checklists=checklists,
        policies=PolicyService(sessions, today=today),
        training=TrainingService(sessions, today=today),
        wellness=WellnessService(sessions, today=today, audit=audit),
        apprenticeships=ApprenticeshipService(sessions, today=today),
        audit=audit,
        staff_import=StaffImportService(sessions, audit, today=today),
        trustee_reports=TrusteeReportService(sessions, audit, today=today),
        record_reports=RecordReportService(sessions, audit, today=today, checklists=checklists),
        accounts=AccountService(sessions, audit, keyring=keyring, key=key),
        roles=StaffRoleService(sessions, audit, today=today),
        involvement=InvolvementService(sessions, audit, today=today),
        fair_chance=FairChanceService(sessions, audit, today=today),
        retention=RetentionService(sessions, audit, today=today),
        form_drafts=FormDraftService(sessions),
    )


def services_for(
    signed: SignedIn,
    today: Callable[[], dt.date] = local_today,
    organisation_templates: Path | None = None,
) -> Services:
    """The services for someone signed in (the app and every command build them here)."""
    return make_services(
        signed.database.sessions,
        today,
        organisation_templates,
        keyring=signed.keyring,
        key=signed.key,
        who=lambda: signed.actor,
    )
