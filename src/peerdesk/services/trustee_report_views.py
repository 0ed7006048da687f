"""What the trustee report service hands back: the report's plain data.

The dataclasses live in ``reports.trustee_data`` (the builder reads them, and reports/ may
not import services/); this module is where the UI and the command line find them.
"""

from __future__ import annotations

from peerdesk.reports.trustee_data import (
    EXPIRING_DAYS,
    FULL_TIME_HOURS,
    Actions,
    CheckInPoint,
    ChecklistRow,
    ComplianceRow,
    CountRow,
    CourseRow,
    DualRelationships,
    GroupRow,
    Headline,
    LivedExperience,
    LivedExperienceRow,
    MovementRow,
    Readiness,
    Supervision,
    Training,
    TrusteeReportData,
    Workforce,
    long_date,
    period_text,
)

__all__ = [
    "EXPIRING_DAYS",
    "FULL_TIME_HOURS",
    "Actions",
    "CheckInPoint",
    "ChecklistRow",
    "ComplianceRow",
    "CountRow",
    "CourseRow",
    "DualRelationships",
    "GroupRow",
    "Headline",
    "LivedExperience",
    "LivedExperienceRow",
    "MovementRow",
    "Readiness",
    "Supervision",
    "Training",
    "TrusteeReportData",
    "Workforce",
    "long_date",
    "period_text",
]
