"""The trustee report's co-production figures, and their small-number suppression."""

from __future__ import annotations

import datetime as dt

from peerdesk.domain.involvement import InvolvementDetails, Outcome, PaymentKind, Stage
from peerdesk.domain.suppression import NOT_SHOWN
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.coproduction_report import coproduction_section
from peerdesk.store.database import Database

START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
FEW = "fewer than 5"


def add(
    services: Services,
    admin: Actor,
    stage: Stage,
    *,
    day: dt.date = dt.date(2026, 2, 1),
    paid: bool = False,
    advice: bool = False,
    answered: bool = False,
    told: bool = False,
    volunteers: int = 0,
) -> None:
    services.involvement.add(
        admin,
        InvolvementDetails(
            held_on=day,
            title=f"{stage.label} work",
            stage=stage,
            staff_count=1,
            volunteer_count=volunteers,
            service_user_count=3,
            payment_kind=PaymentKind.VOUCHERS if paid else PaymentKind.NONE,
            payment_pence=2000 if paid else 0,
            people_paid=3 if paid else 0,
            benefits_advice_offered=advice,
            outcome=Outcome.CHANGED if answered else Outcome.PENDING,
            we_did="Changed it." if answered else "",
            told_on=dt.date(2026, 3, 1) if told else None,
        ),
    )


def test_figures_of_a_busy_period(services: Services, admin: Actor, database: Database) -> None:
    for i in range(6):
        add(services, admin, Stage.DESIGN, paid=True, advice=i < 3, answered=i < 5, told=i < 4)
    for _ in range(5):
        add(services, admin, Stage.RECRUITMENT)
    add(services, admin, Stage.GOVERNANCE, day=dt.date(2025, 12, 31), paid=True)  # before
    add(services, admin, Stage.GOVERNANCE, day=dt.date(2026, 4, 1))  # after
    section = coproduction_section(database.sessions, START, END, 5)
    assert [(row.label, row.activities.text) for row in section.stages] == [
        ("Design", "6"),
        ("Delivery", "0"),
        ("Evaluation", "0"),
        ("Governance", "0"),
        ("Recruitment", "5"),
    ]
    assert section.activities.text == "11"
    assert (section.staff.text, section.volunteers.text) == ("11", "0")
    assert (section.service_users.text, section.people.text) == ("33", "44")
    assert section.paid_activities.text == "6"
    assert section.people_paid.text == "18"
    assert section.total_paid == "£120.00"
    assert section.benefits_advice.text == "50%"
    assert section.answered.text == "45%"  # 5 of 11
    assert section.told.text == "36%"  # 4 of 11
    assert not section.is_empty
    # a session works as well as a sessionmaker
    with database.sessions() as session:
        assert coproduction_section(session, START, END, 5) == section


def test_small_numbers_are_suppressed(services: Services, admin: Actor, database: Database) -> None:
    for _ in range(2):
        add(services, admin, Stage.GOVERNANCE, paid=True, advice=True, volunteers=1)
    for _ in range(6):
        add(services, admin, Stage.DESIGN, answered=True)
    section = coproduction_section(database.sessions, START, END, 5)
    stages = {row.label: row.activities for row in section.stages}
    assert stages["Governance"].text == FEW
    assert stages["Evaluation"].text == "0"
    # 8 - 6 would give the 2 away: the design count or the total is not shown
    assert NOT_SHOWN in (stages["Design"].text, section.activities.text)
    assert section.volunteers.text == FEW
    assert any(f.hidden for f in (section.staff, section.service_users, section.people))
    # two paid activities: neither their number nor the money they add up to
    assert section.paid_activities.text == FEW
    assert section.total_paid == NOT_SHOWN
    assert section.benefits_advice.text == NOT_SHOWN
    # a share of a number that is not shown is not shown either
    if section.activities.hidden:
        assert section.answered.text == NOT_SHOWN


def test_a_threshold_of_one_shows_everything(
    services: Services, admin: Actor, database: Database
) -> None:
    add(services, admin, Stage.EVALUATION, paid=True, advice=True, answered=True, told=True)
    section = coproduction_section(database.sessions, START, END, 1)
    assert section.activities.text == "1"
    assert section.total_paid == "£20.00"
    assert (section.benefits_advice.text, section.answered.text, section.told.text) == (
        "100%",
        "100%",
        "100%",
    )


def test_an_empty_period(database: Database) -> None:
    section = coproduction_section(database.sessions, START, END, 5)
    assert section.is_empty
    assert section.paid_activities.text == "0"
    assert section.answered.text == "–"
