"""Supervision agreements, the dual-relationship register and long absences."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from peerdesk.domain.enums import DualRelationshipType
from peerdesk.domain.supervision_schedule import SupervisionStatus
from peerdesk.domain.validation import ValidationError
from peerdesk.services.absence_service import AbsenceService
from peerdesk.services.actor import Actor, Role
from peerdesk.services.agreement_service import AgreementService
from peerdesk.services.bundle import Services
from peerdesk.services.dual_relationship_service import (
    NON_IDENTIFYING_GUIDANCE,
    DualRelationshipService,
)
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.schedule_service import ScheduleService
from peerdesk.services.schedule_views import (
    AgreementDetails,
    DualRelationshipCounts,
    DualRelationshipDetails,
)
from peerdesk.store.database import Database
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

SUPERVISOR = Actor(user_id=5, display_name="Sam Supervisor", role=Role.SUPERVISOR)
MANAGER = Actor(user_id=6, display_name="Mo Manager", role=Role.MANAGER)
T = DualRelationshipType


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


AGREED = ago(30)
REVIEW = ago(-60)


@pytest.fixture
def agreements(database: Database) -> AgreementService:
    return AgreementService(database.sessions, today=lambda: TODAY)


@pytest.fixture
def relationships(database: Database) -> DualRelationshipService:
    return DualRelationshipService(database.sessions, today=lambda: TODAY)


@pytest.fixture
def absences(database: Database) -> AbsenceService:
    return AbsenceService(database.sessions, today=lambda: TODAY)


@pytest.fixture
def boss(services: Services, admin: Actor) -> int:
    return add_person(services, admin, "Amara Okafor").id


@pytest.fixture
def zoe(services: Services, admin: Actor, boss: int) -> int:
    return add_person(services, admin, "Zoë Łukasiewicz", supervisor_id=boss).id


@pytest.fixture
def ben(services: Services, admin: Actor) -> int:
    return add_person(services, admin, "Ben Carter").id


@pytest.fixture
def gwen(services: Services, admin: Actor) -> int:
    return add_person(services, admin, "Gwen Davies", end=ago(10), reason="Moved away").id


def agreement(
    agreed_on: dt.date | None, review: dt.date | None = None, every: int = 28
) -> AgreementDetails:
    return AgreementDetails(
        frequency_days=every,
        agreed_on=agreed_on,
        review_date=review,
        location="The quiet room",
        confidentiality="Kept between us unless someone is at risk.",
        raising_concerns="Speak to the service manager.",
    )


# -- supervision agreements -----------------------------------------------------------------


def test_no_agreement_at_first(agreements: AgreementService, admin: Actor, zoe: int) -> None:
    assert agreements.current_agreement(admin, zoe) is None
    assert agreements.history(admin, zoe) == []
    with pytest.raises(NotFound):
        agreements.current_agreement(admin, 9999)


def test_save_cleans_and_returns_the_agreement(
    agreements: AgreementService, zoe: int, boss: int
) -> None:
    zoes_supervisor = replace(SUPERVISOR, staff_id=boss)
    details = replace(agreement(ago(30), ago(-335)), location="  Café \x00on the corner  ")
    saved = agreements.save_agreement(zoes_supervisor, zoe, details)
    assert saved.staff_id == zoe
    assert saved.details == replace(details, location="Café on the corner")
    assert agreements.current_agreement(zoes_supervisor, zoe) == saved


def test_the_newest_agreement_by_date_agreed_wins(
    agreements: AgreementService, admin: Actor, zoe: int
) -> None:
    newer = agreements.save_agreement(admin, zoe, agreement(ago(10), every=14))
    older = agreements.save_agreement(admin, zoe, agreement(ago(400), every=28))
    current = agreements.current_agreement(admin, zoe)
    assert current is not None
    assert current.id == newer.id
    assert current.details.frequency_days == 14
    assert [a.id for a in agreements.history(admin, zoe)] == [newer.id, older.id]


def test_update_corrects_an_agreement(agreements: AgreementService, admin: Actor, zoe: int) -> None:
    saved = agreements.save_agreement(admin, zoe, agreement(ago(10)))
    changed = agreements.update_agreement(MANAGER, saved.id, agreement(ago(10), every=21))
    assert changed.id == saved.id
    assert changed.details.frequency_days == 21
    with pytest.raises(NotFound):
        agreements.update_agreement(admin, 9999, agreement(ago(10)))


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (agreement(ago(1), every=0), "frequency_days"),
        (agreement(ago(1), every=366), "frequency_days"),
        (agreement(None), "agreed_on"),
        (agreement(ago(1), review=ago(2)), "review_date"),
        (replace(agreement(ago(1)), raising_concerns="x" * 5001), "raising_concerns"),
    ],
)
def test_agreement_validation(
    agreements: AgreementService, admin: Actor, zoe: int, details: AgreementDetails, field: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        agreements.save_agreement(admin, zoe, details)
    assert exc.value.message_for(field)
    assert agreements.current_agreement(admin, zoe) is None


def test_agreement_limits_are_allowed(agreements: AgreementService, admin: Actor, zoe: int) -> None:
    agreements.save_agreement(admin, zoe, agreement(ago(1), review=ago(1), every=1))
    agreements.save_agreement(admin, zoe, agreement(ago(1), every=365))
    assert len(agreements.history(admin, zoe)) == 2


def test_agreement_reviews_due(
    agreements: AgreementService,
    admin: Actor,
    services: Services,
    zoe: int,
    ben: int,
    gwen: int,
) -> None:
    agreements.save_agreement(admin, zoe, agreement(ago(300), review=ago(-10)))
    agreements.save_agreement(admin, ben, agreement(ago(400), review=ago(5)))
    far = add_person(services, admin, "Far Off").id
    agreements.save_agreement(admin, far, agreement(ago(100), review=ago(-20)))
    undated = add_person(services, admin, "No Review").id
    agreements.save_agreement(admin, undated, agreement(ago(100)))
    renewed = add_person(services, admin, "Renewed").id
    agreements.save_agreement(admin, renewed, agreement(ago(400), review=ago(30)))
    agreements.save_agreement(admin, renewed, agreement(ago(20), review=ago(-345)))
    agreements.save_agreement(admin, gwen, agreement(ago(400), review=ago(30)))  # a leaver

    due = agreements.reviews_due(admin, 14)
    assert [(r.full_name, r.days_until) for r in due] == [
        ("Ben Carter", -5),
        ("Zoë Łukasiewicz", 10),
    ]
    assert due[1].supervisor_name == "Amara Okafor"
    assert due[1].review_date == ago(-10)
    assert [r.full_name for r in agreements.reviews_due(admin, 0)] == ["Ben Carter"]
    assert len(agreements.reviews_due(admin, 20)) == 3
    assert len(agreements.reviews_due(admin, 0, today=ago(-400))) == 4  # Gwen has left
    with pytest.raises(ValueError):
        agreements.reviews_due(admin, -1)


# -- dual relationships ---------------------------------------------------------------------


def relationship(
    kind: DualRelationshipType = T.FORMER_SERVICE_USER_SAME_PROGRAMME,
    *,
    description: str = "A former service user in the same programme",
    how: str = "Not allocated to each other; discussed in supervision.",
    agreed_on: dt.date | None = AGREED,
    review: dt.date | None = REVIEW,
) -> DualRelationshipDetails:
    return DualRelationshipDetails(
        relationship_type=kind,
        description=description,
        how_managed=how,
        agreed_by="Amara Okafor",
        agreed_on=agreed_on,
        review_date=review,
    )


def test_guidance_text() -> None:
    assert NON_IDENTIFYING_GUIDANCE == (
        "Describe the relationship without naming anyone: "
        "e.g. 'a former service user in the same programme'"
    )


def test_add_and_get_a_relationship(
    relationships: DualRelationshipService, zoe: int, boss: int
) -> None:
    zoes_supervisor = replace(SUPERVISOR, staff_id=boss)
    details = relationship(description="  A friend from before,\r\nnow a volunteer  ")
    added = relationships.add(zoes_supervisor, zoe, details)
    assert added.details == replace(details, description="A friend from before,\nnow a volunteer")
    assert added.is_active
    assert relationships.get(zoes_supervisor, added.id) == added
    assert relationships.list_for(zoes_supervisor, zoe) == [added]
    with pytest.raises(NotFound):
        relationships.add(zoes_supervisor, 9999, details)
    with pytest.raises(NotFound):
        relationships.list_for(zoes_supervisor, 9999)


@pytest.mark.parametrize(
    ("details", "field", "words"),
    [
        (relationship(description="  "), "description", "without naming anyone"),
        (relationship(description="x" * 501), "description", "500 characters"),
        (relationship(how=""), "how_managed", "how the relationship is managed"),
        (relationship(review=ago(31)), "review_date", "cannot be before"),
        (
            replace(relationship(), relationship_type="enemy"),  # type: ignore[arg-type]
            "relationship_type",
            "Choose the kind",
        ),
        (replace(relationship(), agreed_by="x" * 201), "agreed_by", "200 characters"),
    ],
)
def test_relationship_validation(
    relationships: DualRelationshipService,
    admin: Actor,
    zoe: int,
    details: DualRelationshipDetails,
    field: str,
    words: str,
) -> None:
    with pytest.raises(ValidationError) as exc:
        relationships.add(admin, zoe, details)
    assert words in (exc.value.message_for(field) or "")
    assert relationships.list_for(admin, zoe) == []


def test_a_description_of_500_characters_is_allowed_and_dates_are_optional(
    relationships: DualRelationshipService, admin: Actor, zoe: int
) -> None:
    added = relationships.add(
        admin, zoe, relationship(description="y" * 500, agreed_on=None, review=None)
    )
    assert len(added.details.description) == 500
    assert added.details.review_date is None


def test_relationship_type_given_as_text_is_stored_as_the_enum(
    relationships: DualRelationshipService, admin: Actor, zoe: int
) -> None:
    details = replace(relationship(), relationship_type="friend")  # type: ignore[arg-type]
    assert relationships.add(admin, zoe, details).details.relationship_type is T.FRIEND


def test_update_and_end_a_relationship(
    relationships: DualRelationshipService, admin: Actor, zoe: int
) -> None:
    added = relationships.add(admin, zoe, relationship())
    changed = relationships.update(admin, added.id, relationship(T.FRIEND, how="Kept apart"))
    assert (changed.details.relationship_type, changed.details.how_managed) == (
        T.FRIEND,
        "Kept apart",
    )
    with pytest.raises(ValidationError) as exc:
        relationships.end(admin, added.id, ago(31))
    assert exc.value.message_for("ended_on")
    with pytest.raises(ValidationError):
        relationships.end(admin, added.id, ago(-1))  # not in the future
    ended = relationships.end(admin, added.id, TODAY)
    assert ended.ended_on == TODAY
    assert not ended.is_active
    with pytest.raises(Conflict, match="already ended"):
        relationships.end(admin, added.id, TODAY)
    with pytest.raises(NotFound):
        relationships.end(admin, 9999, TODAY)
    with pytest.raises(NotFound):
        relationships.update(admin, 9999, relationship())


def test_register_lists_active_first_then_ended(
    relationships: DualRelationshipService, admin: Actor, zoe: int, ben: int
) -> None:
    later = relationships.add(admin, zoe, relationship(review=ago(-90)))
    undated = relationships.add(admin, zoe, relationship(T.FAMILY, review=None))
    sooner = relationships.add(admin, zoe, relationship(T.FRIEND, review=ago(-5)))
    ended_long_ago = relationships.add(admin, zoe, relationship(T.OTHER, review=ago(-1)))
    ended_lately = relationships.add(admin, zoe, relationship(T.FORMER_AUTHORITY))
    relationships.end(admin, ended_long_ago.id, ago(20))
    relationships.end(admin, ended_lately.id, ago(2))
    relationships.add(admin, ben, relationship())
    assert [r.id for r in relationships.list_for(admin, zoe)] == [
        sooner.id,
        later.id,
        undated.id,
        ended_lately.id,
        ended_long_ago.id,
    ]


def test_relationship_reviews_due_and_counts(
    relationships: DualRelationshipService,
    admin: Actor,
    zoe: int,
    ben: int,
    gwen: int,
) -> None:
    overdue = relationships.add(admin, zoe, relationship(review=ago(3)))
    relationships.add(admin, zoe, relationship(T.FRIEND, review=ago(-40)))
    soon = relationships.add(admin, ben, relationship(T.FAMILY, review=ago(-7)))
    relationships.add(admin, ben, relationship(T.OTHER, review=None))
    ended = relationships.add(admin, ben, relationship(T.FRIEND, review=ago(1)))
    relationships.end(admin, ended.id, TODAY)
    relationships.add(admin, gwen, relationship(agreed_on=ago(100), review=ago(50)))  # a leaver

    due = relationships.reviews_due(admin, 14)
    assert [(r.relationship_id, r.days_until) for r in due] == [(overdue.id, -3), (soon.id, 7)]
    assert due[0].full_name == "Zoë Łukasiewicz"
    assert due[0].supervisor_name == "Amara Okafor"
    assert due[1].relationship_type is T.FAMILY
    assert [r.relationship_id for r in relationships.reviews_due(admin, 0)] == [overdue.id]
    assert len(relationships.reviews_due(admin, 40)) == 3
    with pytest.raises(ValueError):
        relationships.reviews_due(admin, -1)

    assert relationships.counts(admin) == DualRelationshipCounts(
        under_management=4, people=2, reviews_overdue=1
    )
    later = relationships.counts(admin, today=ago(-8))
    assert later == DualRelationshipCounts(under_management=4, people=2, reviews_overdue=2)


def test_counts_with_no_register(relationships: DualRelationshipService, admin: Actor) -> None:
    assert relationships.counts(admin) == DualRelationshipCounts(0, 0, 0)


# -- long absences --------------------------------------------------------------------------


def test_add_and_list_absences(absences: AbsenceService, admin: Actor, zoe: int, boss: int) -> None:
    zoes_supervisor = replace(SUPERVISOR, staff_id=boss)
    first = absences.add(zoes_supervisor, zoe, ago(100), ago(90), "  Sick   leave ")
    second = absences.add(MANAGER, zoe, ago(30), None, "Parental leave")
    assert first.kind == "Sick leave"
    assert second.last_day is None
    assert second.covers(TODAY) and not first.covers(TODAY)
    assert absences.list_for(admin, zoe) == [second, first]
    with pytest.raises(NotFound):
        absences.list_for(admin, 9999)
    with pytest.raises(NotFound):
        absences.add(admin, 9999, ago(1), None, "")


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (dt.date(2026, 3, 10), dt.date(2026, 3, 12)),  # starts on the last day of another
        (dt.date(2026, 2, 20), dt.date(2026, 3, 1)),  # ends on the first day of another
        (dt.date(2026, 3, 3), dt.date(2026, 3, 4)),  # inside another
        (dt.date(2026, 2, 1), None),  # open-ended, over everything after
        (dt.date(2026, 5, 1), dt.date(2026, 5, 2)),  # inside an open-ended one
    ],
)
def test_overlapping_absences_are_refused(
    absences: AbsenceService, admin: Actor, zoe: int, first: dt.date, last: dt.date | None
) -> None:
    absences.add(admin, zoe, dt.date(2026, 3, 1), dt.date(2026, 3, 10), "Sick leave")
    absences.add(admin, zoe, dt.date(2026, 4, 1), None, "Career break")
    with pytest.raises(Conflict) as exc:
        absences.add(admin, zoe, first, last, "Annual leave")
    assert "Zoë Łukasiewicz is already recorded as away from" in str(exc.value)
    assert "cannot overlap" in str(exc.value)
    assert len(absences.list_for(admin, zoe)) == 2


def test_overlap_message_is_plain(absences: AbsenceService, admin: Actor, zoe: int) -> None:
    absences.add(admin, zoe, dt.date(2026, 3, 1), dt.date(2026, 3, 10), "Sick leave")
    with pytest.raises(Conflict) as exc:
        absences.add(admin, zoe, dt.date(2026, 3, 5), None, "")
    assert str(exc.value) == (
        "Zoë Łukasiewicz is already recorded as away from 1 March 2026 to 10 March 2026 "
        "(Sick leave), and one person's absences cannot overlap."
    )


def test_touching_absences_and_other_people_do_not_clash(
    absences: AbsenceService, admin: Actor, zoe: int, ben: int
) -> None:
    absences.add(admin, zoe, dt.date(2026, 3, 1), dt.date(2026, 3, 10), "Sick leave")
    absences.add(admin, zoe, dt.date(2026, 3, 11), dt.date(2026, 3, 20), "Phased return")
    absences.add(admin, ben, dt.date(2026, 3, 1), None, "Sick leave")
    assert len(absences.list_for(admin, zoe)) == 2


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        (ago(10), ago(11), "last_day"),
        (dt.date(2023, 4, 2), None, "first_day"),  # the day before they started
    ],
)
def test_absence_validation(
    absences: AbsenceService,
    admin: Actor,
    zoe: int,
    first: dt.date,
    last: dt.date | None,
    field: str,
) -> None:
    with pytest.raises(ValidationError) as exc:
        absences.add(admin, zoe, first, last, "Sick leave")
    assert exc.value.message_for(field)


def test_absence_kind_length_and_leavers(
    absences: AbsenceService, admin: Actor, zoe: int, gwen: int
) -> None:
    with pytest.raises(ValidationError) as exc:
        absences.add(admin, zoe, ago(5), None, "k" * 101)
    assert exc.value.message_for("kind")
    with pytest.raises(ValidationError) as exc:
        absences.add(admin, gwen, ago(5), None, "")
    assert "Gwen Davies left on" in (exc.value.message_for("first_day") or "")


def test_ending_an_absence(absences: AbsenceService, admin: Actor, zoe: int) -> None:
    open_ended = absences.add(admin, zoe, ago(30), None, "Sick leave")
    with pytest.raises(ValidationError) as exc:
        absences.end(admin, open_ended.id, ago(31))
    assert exc.value.message_for("last_day")
    ended = absences.end(admin, open_ended.id, ago(3))
    assert (ended.first_day, ended.last_day) == (ago(30), ago(3))
    with pytest.raises(NotFound):
        absences.end(admin, 9999, TODAY)


def test_ending_an_absence_later_cannot_run_into_another(
    absences: AbsenceService, admin: Actor, zoe: int
) -> None:
    earlier = absences.add(admin, zoe, ago(60), ago(50), "Sick leave")
    absences.add(admin, zoe, ago(40), ago(35), "Sick leave")
    with pytest.raises(Conflict):
        absences.end(admin, earlier.id, ago(40))
    assert absences.end(admin, earlier.id, ago(41)).last_day == ago(41)


def test_removing_an_absence(absences: AbsenceService, admin: Actor, zoe: int) -> None:
    mistake = absences.add(admin, zoe, ago(3), None, "Wrong person")
    absences.remove(admin, mistake.id)
    assert absences.list_for(admin, zoe) == []
    with pytest.raises(NotFound):
        absences.remove(admin, mistake.id)


def test_an_open_ended_absence_makes_someone_absent_until_it_ends(
    absences: AbsenceService, services: Services, database: Database, admin: Actor
) -> None:
    schedule = ScheduleService(database.sessions, today=lambda: TODAY)
    starter = add_person(services, admin, "Sol Starter", start=ago(25)).id
    row = schedule.person(admin, starter)
    assert (row.status, row.days_overdue) == (SupervisionStatus.OVERDUE, 11)  # never supervised
    away = absences.add(admin, starter, ago(20), None, "Sick leave")  # before it was due
    row = schedule.person(admin, starter)
    assert (row.status, row.due_date) == (SupervisionStatus.ABSENT, None)
    assert schedule.counts(admin).absent == 1
    absences.end(admin, away.id, ago(1))  # back today: first supervision due in 14 days
    row = schedule.person(admin, starter)
    assert (row.status, row.due_date) == (SupervisionStatus.UP_TO_DATE, ago(-14))
    absences.remove(admin, away.id)
    assert schedule.person(admin, starter).days_overdue == 11
