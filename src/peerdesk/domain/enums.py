"""Fixed vocabularies of the domain, each with the label people read."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

_LABELS = {
    "non_clinical": "Non-clinical",
    "current": "Current staff",
    "leavers": "Leavers",
    "all": "Everyone",
    "in_person": "In person",
    "former_service_user_same_programme": "Used the same programme as a service user",
    "former_authority": "Once had authority over them (or they over them)",
    "colleague_who_uses_services": "A colleague who also uses our services",
    "not_applicable": "Not applicable",
    "under_review": "Under review",
    "approved": "In force",
    "role_specific": "Role-specific",
    "job_offered": "Job offered",
}


class LabelledEnum(StrEnum):
    """An enum whose value is stored and whose label is shown to people."""

    @property
    def label(self) -> str:
        return _LABELS.get(self.value, self.value.replace("_", " ").capitalize())

    @classmethod
    def from_text(cls, text: str) -> Self:
        """Find a member by value or label, ignoring case, spaces, hyphens and underscores."""
        wanted = _fold(text)
        for member in cls:
            if wanted in (_fold(member.value), _fold(member.label)):
                return member
        raise ValueError(text)


def _fold(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class RoleCategory(LabelledEnum):
    PEER_WORKER = "peer_worker"
    PEER_APPRENTICE = "peer_apprentice"
    SENIOR_PEER_WORKER = "senior_peer_worker"
    MANAGER = "manager"
    CLINICAL = "clinical"
    NON_CLINICAL = "non_clinical"
    VOLUNTEER = "volunteer"
    OTHER = "other"


class EmploymentType(LabelledEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    APPRENTICESHIP = "apprenticeship"
    SESSIONAL = "sessional"
    VOLUNTEER = "volunteer"


class LivedExperience(LabelledEnum):
    YES = "yes"
    NO = "no"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


class StaffStatus(LabelledEnum):
    """Which people a staff list shows."""

    CURRENT = "current"
    LEAVERS = "leavers"
    ALL = "all"


class SessionType(LabelledEnum):
    LINE_MANAGEMENT = "line_management"
    REFLECTIVE = "reflective"
    CLINICAL = "clinical"
    GROUP = "group"
    PEER = "peer"


class SessionMode(LabelledEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"


class ActionStatus(LabelledEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class DualRelationshipType(LabelledEnum):
    """A peer worker's other relationship with someone inside the organisation."""

    FORMER_SERVICE_USER_SAME_PROGRAMME = "former_service_user_same_programme"
    FRIEND = "friend"
    FAMILY = "family"
    FORMER_AUTHORITY = "former_authority"
    COLLEAGUE_WHO_USES_SERVICES = "colleague_who_uses_services"
    OTHER = "other"


class ChecklistItemStatus(LabelledEnum):
    """Where one checklist item stands; not applicable always says why."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    IN_PLACE = "in_place"
    NOT_APPLICABLE = "not_applicable"


class PolicyStatus(LabelledEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    UNDER_REVIEW = "under_review"
    RETIRED = "retired"


class CourseKind(LabelledEnum):
    MANDATORY = "mandatory"
    ROLE_SPECIFIC = "role_specific"
    DEVELOPMENT = "development"


class TrainingStatus(LabelledEnum):
    """A person's record for one course; a completed one may expire (see domain.training)."""

    REQUESTED = "requested"
    BOOKED = "booked"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ApprenticeshipOutcome(LabelledEnum):
    """How an apprenticeship ended."""

    JOB_OFFERED = "job_offered"
    MOVED_ON = "moved_on"
    ENDED = "ended"
