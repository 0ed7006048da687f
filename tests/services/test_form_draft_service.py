"""Forms kept across a lock: one draft per user and form, read back only by its user,
replaced when kept again, forgotten when dropped, and never copied into the audit trail."""

from __future__ import annotations

import json

from peerdesk.services.actor import Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.change_audit import SKIPPED_TABLES
from tests.ui.app_fixtures import add_person

SAM = Actor(user_id=3, display_name="Sam One", role=Role.SUPERVISOR, staff_id=None)
SUE = Actor(user_id=4, display_name="Sue Two", role=Role.SUPERVISOR, staff_id=None)
NOTES = "Told me in confidence about the move"


def test_a_draft_is_kept_per_user_and_form_and_replaced(services: Services, admin: Actor) -> None:
    drafts = services.form_drafts
    zeb = add_person(services, admin, "Zebedee Quill").id
    drafts.keep(SAM, "staff:7", "Edit Zebedee Quill", {"wellbeing_notes": ["text", NOTES]}, zeb)
    drafts.keep(SAM, "involvement:new", "Log an activity", {"title": ["text", "Panel"]})
    kept = drafts.get(SAM, "staff:7")
    assert kept is not None and kept.title == "Edit Zebedee Quill"
    assert kept.fields == {"wellbeing_notes": ["text", NOTES]}
    assert kept.saved_at.tzinfo is not None  # UTC, shown local
    # kept again: replaced, not added
    # a person no longer in the register: the typing is still kept
    drafts.keep(SAM, "staff:7", "Edit Zebedee Quill", {"wellbeing_notes": ["text", "Less"]}, 999)
    assert [k.form_key for k in drafts.held(SAM)] == ["staff:7", "involvement:new"]
    again = drafts.get(SAM, "staff:7")
    assert again is not None and again.fields["wellbeing_notes"] == ["text", "Less"]
    # only their user reads them back
    assert drafts.get(SUE, "staff:7") is None and drafts.held(SUE) == []
    drafts.drop(SUE, "staff:7")  # another user's drop does nothing to Sam's
    assert drafts.get(SAM, "staff:7") is not None
    drafts.drop(SAM, "staff:7")
    assert drafts.get(SAM, "staff:7") is None
    assert [k.form_key for k in drafts.held(SAM)] == ["involvement:new"]


def test_drafts_never_reach_the_audit_trail(services: Services, admin: Actor) -> None:
    assert "form_draft" in SKIPPED_TABLES
    services.form_drafts.keep(admin, "staff:new", "Add a person", {"notes": ["text", NOTES]})
    trail = json.dumps([e.details for e in services.audit.entries(admin)])
    trail += " ".join(e.subject + e.action for e in services.audit.entries(admin))
    assert NOTES not in trail and "form_draft" not in trail and "form draft" not in trail
