"""Fixed vocabularies of the domain, each with the label people read."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

_LABELS = {
    "non_clinical": "Non-clinical",
    "current": "Current staff",
    "leavers": "Leavers",
    "all": "Everyone",
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
