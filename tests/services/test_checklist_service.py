"""The checklist service on a real database, with small fixture templates."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from peerdesk.domain.checklist_template import parse_template
from peerdesk.domain.enums import ChecklistItemStatus as S
from peerdesk.domain.enums import RoleCategory
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.checklist_service import ChecklistService, carried_forward_note
from peerdesk.services.checklist_views import ItemAnswer
from peerdesk.services.demo_checklists import add_checklist_demo
from peerdesk.services.demo_service import generate_demo
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.staff_service import StaffRecord
from peerdesk.store.database import Database
from peerdesk.store.models import Checklist, ChecklistItem, ChecklistStatusChange, StaffMember
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checklists"


class Clock:
    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    shipped = tmp_path / "shipped"
    shutil.copytree(FIXTURES / "v1", shipped)
    return shipped, tmp_path / "own"


@pytest.fixture
def checklists(database: Database, clock: Clock, folders: tuple[Path, Path]) -> ChecklistService:
    return ChecklistService(database.sessions, today=clock, template_folders=folders)


@pytest.fixture
def people(services: Services, admin: Actor) -> dict[str, StaffRecord]:
    return {
        "amara": add_person(services, admin, "Amara Okafor", role=RoleCategory.MANAGER),
        "ben": add_person(services, admin, "Ben Carter"),
        "gwen": add_person(
            services, admin, "Gwen Davies", end=dt.date(2026, 3, 31), reason="New job"
        ),
    }


def publish_v2(folders: tuple[Path, Path], checklists: ChecklistService) -> None:
    shutil.copyfile(FIXTURES / "v2" / "fair-recruitment.toml", folders[0] / "fair-recruitment.toml")
    checklists.reload_templates()


def item_by_key(checklists: ChecklistService, admin: Actor, checklist_id: int, key: str):
    detail = checklists.get(admin, checklist_id)
    return next(i for i in detail.items() if i.item_key == key)


def history_rows(database: Database) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(ChecklistStatusChange)) or 0


@pytest.fixture
def count_queries(database: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", before)
    yield statements
    event.remove(database.engine, "before_cursor_execute", before)


# -- templates and starting -------------------------------------------------------------------


def test_templates_are_read_once_and_on_reload(checklists, admin, folders) -> None:
    catalogue = checklists.templates(admin)
    assert [t.key for t in catalogue.templates] == ["fair-recruitment", "peer-roles"]
    assert catalogue.problems == ()
    (folders[0] / "broken.toml").write_text("key = ", "utf-8")
    assert checklists.templates(admin) is catalogue  # kept
    reloaded = checklists.reload_templates()
    assert reloaded.problems and reloaded.problems[0].startswith("broken.toml, line 1:")
    assert len(reloaded.templates) == 2


def test_start_copies_the_template_items_not_started(checklists, admin) -> None:
    info = checklists.start(admin, "fair-recruitment")
    assert (info.title, info.template_version, info.started_on) == ("Fair recruitment", 1, TODAY)
    assert info.review_of_id is None and not info.archived
    detail = checklists.get(admin, info.id)
    assert [s.title for s in detail.sections] == ["Adverts and applications", "Interviews"]
    assert [i.item_key for i in detail.items()] == [
        "lived-experience-valued",
        "ban-the-box",
        "plain-language",
        "peer-on-panel",
        "questions-in-advance",
    ]
    first = detail.items()[0]
    assert first.text == "Adverts say that lived experience is valued."
    assert first.guidance == "Say it plainly in the advert and the job description."
    assert first.source == "A test source"
    assert {i.status for i in detail.items()} == {S.NOT_STARTED}
    assert detail.progress.summary() == "0 of 5 in place (0%)"
    assert not detail.update_available
    named = checklists.start(admin, "peer-roles", title="  Peer roles 2026 ")
    assert named.title == "Peer roles 2026"
    summaries = checklists.list(admin)
    assert [s.title for s in summaries] == ["Peer roles 2026", "Fair recruitment"]
    assert summaries[1].progress.applicable == 5
    assert summaries[1].template_title == "Fair recruitment"


def test_start_refuses_unknown_templates_and_non_managers(checklists, admin) -> None:
    with pytest.raises(NotFound, match="not available"):
        checklists.start(admin, "no-such-template")
    supervisor = Actor(user_id=5, display_name="Sam", role=Role.SUPERVISOR)
    with pytest.raises(AccessDenied):
        checklists.start(supervisor, "peer-roles")
    assert checklists.list(admin) == []


def test_get_opens_a_large_checklist_in_two_queries(checklists, admin, count_queries) -> None:
    info = checklists.start(admin, "fair-recruitment")
    for n in range(95):
        checklists.add_custom_item(admin, info.id, "Interviews", f"Own item {n}")
    checklists.templates(admin)
    count_queries.clear()
    detail = checklists.get(admin, info.id)
    assert len(detail.items()) == 100
    assert len(count_queries) <= 2


# -- answering --------------------------------------------------------------------------------


def test_history_is_written_only_when_the_status_changes(
    checklists, admin, people, database
) -> None:
    info = checklists.start(admin, "fair-recruitment")
    item = item_by_key(checklists, admin, info.id, "ban-the-box")
    amara = people["amara"].id
    saved = checklists.update_item(
        admin,
        item.id,
        ItemAnswer(
            status=S.IN_PROGRESS,
            owner_id=amara,
            evidence="  Draft form  ",
            evidence_paths=("/docs/form.docx", "", "/docs/form.docx", "  /docs/policy.pdf "),
            due_date=dt.date(2026, 9, 1),
            notes="Ask HR.",
        ),
        note="Started on it",
    )
    assert saved.status is S.IN_PROGRESS
    assert saved.owner_name == "Amara Okafor"
    assert saved.evidence == "Draft form"
    assert saved.evidence_paths == ("/docs/form.docx", "/docs/policy.pdf")
    assert saved.due_date == dt.date(2026, 9, 1)
    assert saved.has_history
    assert history_rows(database) == 1
    # editing the evidence alone is not history
    checklists.update_item(admin, item.id, replace(saved.answer(), evidence="Final form"))
    assert history_rows(database) == 1
    checklists.update_item(admin, item.id, ItemAnswer(status=S.IN_PLACE, owner_id=amara))
    changes = checklists.history(admin, item.id)
    assert [(c.old_status, c.new_status) for c in changes] == [
        (S.NOT_STARTED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.IN_PLACE),
    ]
    assert changes[0].note == "Started on it"
    assert changes[0].changed_by == "Administrator"
    assert changes[0].changed_on == TODAY
    assert changes[0].changed_at.tzinfo is not None
    detail = checklists.get(admin, info.id)
    assert detail.progress.summary() == "1 of 5 in place (20%)"
    assert detail.sections[0].progress.summary() == "1 of 3 in place (33%)"


def test_not_applicable_needs_a_reason(checklists, admin, database) -> None:
    info = checklists.start(admin, "peer-roles")
    item = item_by_key(checklists, admin, info.id, "progression")
    with pytest.raises(ValidationError) as caught:
        checklists.update_item(admin, item.id, ItemAnswer(status=S.NOT_APPLICABLE, na_reason=" "))
    assert caught.value.message_for("na_reason") == (
        "Say why this item does not apply to the organisation."
    )
    assert history_rows(database) == 0  # nothing written
    saved = checklists.update_item(
        admin,
        item.id,
        ItemAnswer(status=S.NOT_APPLICABLE, na_reason="We have only two peer workers."),
    )
    assert saved.na_reason == "We have only two peer workers."
    assert checklists.get(admin, info.id).progress.summary() == "0 of 2 in place (0%)"
    # the reason goes with the status
    back = checklists.update_item(
        admin, item.id, ItemAnswer(status=S.IN_PROGRESS, na_reason="stale")
    )
    assert back.na_reason == ""


def test_answers_are_checked_and_nothing_is_half_saved(checklists, admin, people) -> None:
    info = checklists.start(admin, "peer-roles")
    item = item_by_key(checklists, admin, info.id, "pay-band")
    with pytest.raises(ValidationError) as caught:
        checklists.update_item(
            admin,
            item.id,
            ItemAnswer(
                status=S.IN_PLACE,
                evidence_paths=("https://example.org/policy", "x" * 1001),
                evidence="e" * 5001,
            ),
        )
    errors = caught.value
    assert "web links" in errors.message_for("evidence_paths")
    assert "too long" in errors.message_for("evidence")
    with pytest.raises(ValidationError) as caught:
        checklists.update_item(admin, item.id, ItemAnswer(status=S.IN_PLACE, owner_id=9999))
    assert "no longer in the register" in caught.value.message_for("owner_id")
    assert item_by_key(checklists, admin, info.id, "pay-band").status is S.NOT_STARTED
    supervisor = Actor(user_id=5, display_name="Sam", role=Role.SUPERVISOR)
    with pytest.raises(AccessDenied):
        checklists.update_item(supervisor, item.id, ItemAnswer(status=S.IN_PLACE))
    with pytest.raises(NotFound):
        checklists.update_item(admin, 123456, ItemAnswer(status=S.IN_PLACE))


def test_progress_over_time(checklists, admin, clock) -> None:
    clock.day = dt.date(2026, 1, 10)
    info = checklists.start(admin, "peer-roles")
    items = checklists.get(admin, info.id).items()
    clock.day = dt.date(2026, 2, 1)
    checklists.update_item(admin, items[0].id, ItemAnswer(status=S.IN_PLACE))
    clock.day = dt.date(2026, 3, 1)
    checklists.update_item(admin, items[1].id, ItemAnswer(status=S.NOT_APPLICABLE, na_reason="n"))
    checklists.update_item(admin, items[2].id, ItemAnswer(status=S.IN_PROGRESS))
    points = checklists.progress_over_time(admin, info.id)
    assert [(p.day, p.in_place, p.applicable, p.percent) for p in points] == [
        (dt.date(2026, 1, 10), 0, 3, 0),
        (dt.date(2026, 2, 1), 1, 3, 33),
        (dt.date(2026, 3, 1), 1, 2, 50),
    ]


# -- the organisation's own items -------------------------------------------------------------


def test_own_items_are_added_to_a_section_and_removed_until_answered(checklists, admin) -> None:
    info = checklists.start(admin, "fair-recruitment")
    added = checklists.add_custom_item(
        admin, info.id, "Adverts and applications", " Adverts go to  the recovery college ", ""
    )
    assert (added.item_key, added.is_custom, added.text) == (
        "custom-1",
        True,
        "Adverts go to the recovery college",
    )
    second = checklists.add_custom_item(admin, info.id, "Our own section", "Something else", "g")
    detail = checklists.get(admin, info.id)
    assert [s.title for s in detail.sections] == [
        "Adverts and applications",
        "Interviews",
        "Our own section",
    ]
    assert [i.item_key for i in detail.sections[0].items][-1] == "custom-1"
    assert second.item_key == "custom-2"
    with pytest.raises(ValidationError) as caught:
        checklists.add_custom_item(admin, info.id, "Interviews", "  ")
    assert caught.value.message_for("text") == "Enter what the item asks for."
    # a template item never goes; an answered own item stays
    template_item = detail.items()[0]
    with pytest.raises(Conflict, match="cannot be removed"):
        checklists.remove_custom_item(admin, template_item.id)
    checklists.update_item(admin, added.id, ItemAnswer(status=S.IN_PROGRESS))
    checklists.update_item(admin, added.id, ItemAnswer(status=S.NOT_STARTED))
    assert not checklists.item(admin, added.id).removable
    with pytest.raises(Conflict, match="already recorded"):
        checklists.remove_custom_item(admin, added.id)
    assert checklists.item(admin, second.id).removable
    checklists.remove_custom_item(admin, second.id)
    assert "Our own section" not in [s.title for s in checklists.get(admin, info.id).sections]


# -- template updates -------------------------------------------------------------------------


def test_a_template_update_keeps_every_answer(checklists, admin, folders, people) -> None:
    info = checklists.start(admin, "fair-recruitment")

    def answer(key: str, status: S, **extra: object) -> None:
        item = item_by_key(checklists, admin, info.id, key)
        checklists.update_item(admin, item.id, ItemAnswer(status=status, **extra))

    answer("lived-experience-valued", S.IN_PLACE, evidence="Advert March 2026")
    answer("plain-language", S.IN_PROGRESS, owner_id=people["ben"].id)
    answer("questions-in-advance", S.IN_PLACE, notes="Done since 2024")
    own = checklists.add_custom_item(admin, info.id, "Interviews", "Interview rooms are quiet")
    assert not checklists.list(admin)[0].update_available
    publish_v2(folders, checklists)
    summary = checklists.list(admin)[0]
    assert summary.update_available and summary.current_version == 2

    preview = checklists.preview_template_update(admin, info.id)
    assert (preview.from_version, preview.to_version) == (1, 2)
    assert preview.added == (
        "An easy-read application pack is available.",
        "Every candidate is asked what adjustments would help at interview.",
    )
    assert preview.changed == (
        "Adverts and job descriptions say that lived experience is valued.",
        "Job descriptions are in plain language.",  # moved to Interviews
    )
    assert preview.retired == ("Candidates get the questions in advance.",)
    assert checklists.get(admin, info.id).template_version == 1  # a preview writes nothing

    applied = checklists.apply_template_update(admin, info.id)
    assert applied == preview
    detail = checklists.get(admin, info.id)
    assert detail.template_version == 2 and not detail.update_available
    by_key = {i.item_key: i for i in detail.items()}
    assert by_key["lived-experience-valued"].text.startswith("Adverts and job descriptions")
    assert by_key["lived-experience-valued"].evidence == "Advert March 2026"
    assert by_key["lived-experience-valued"].status is S.IN_PLACE
    assert by_key["plain-language"].section == "Interviews"
    assert by_key["plain-language"].owner_name == "Ben Carter"
    assert by_key["easy-read-pack"].status is S.NOT_STARTED
    retired = by_key["questions-in-advance"]
    assert retired.retired and retired.notes == "Done since 2024" and retired.status is S.IN_PLACE
    assert by_key[own.item_key].section == "Interviews" and not by_key[own.item_key].retired
    assert [[i.item_key for i in s.items] for s in detail.sections] == [
        ["lived-experience-valued", "ban-the-box", "easy-read-pack"],
        [
            "peer-on-panel",
            "plain-language",
            "adjustments-offered",
            "questions-in-advance",
            "custom-1",
        ],
    ]
    # the retired item no longer counts: six template items and the own one
    assert detail.progress.summary() == "1 of 7 in place (14%)"
    with pytest.raises(Conflict, match="already follows version 2"):
        checklists.preview_template_update(admin, info.id)


# -- yearly reviews ---------------------------------------------------------------------------


def test_a_review_carries_forward_and_archives_the_earlier_one(
    checklists, admin, clock, people, database
) -> None:
    clock.day = dt.date(2025, 6, 2)
    first = checklists.start(admin, "fair-recruitment")
    items = {i.item_key: i for i in checklists.get(admin, first.id).items()}
    checklists.update_item(
        admin,
        items["lived-experience-valued"].id,
        ItemAnswer(
            status=S.IN_PLACE,
            owner_id=people["amara"].id,
            evidence="Advert",
            evidence_paths=("/docs/advert.pdf",),
            due_date=dt.date(2025, 7, 1),
            notes="Checked by HR",
        ),
    )
    checklists.update_item(
        admin,
        items["ban-the-box"].id,
        ItemAnswer(status=S.IN_PROGRESS, owner_id=people["gwen"].id),  # she has left since
    )
    checklists.update_item(
        admin, items["peer-on-panel"].id, ItemAnswer(status=S.NOT_APPLICABLE, na_reason="Tiny")
    )
    own = checklists.add_custom_item(admin, first.id, "Interviews", "Our own item")
    checklists.update_item(admin, own.id, ItemAnswer(status=S.IN_PLACE))

    clock.day = TODAY
    publish_v2(checklists=checklists, folders=checklists.template_folders)
    review = checklists.start_review(admin, first.id)
    assert review.review_of_id == first.id
    assert review.template_version == 2  # the template's current version
    assert review.title == "Fair recruitment"
    old = checklists.get(admin, first.id)
    assert old.archived_on == TODAY and old.reviewed_by_id == review.id
    assert old.progress.in_place == 2  # still readable, as it was

    new = checklists.get(admin, review.id)
    assert new.review_of_started_on == dt.date(2025, 6, 2)
    by_key = {i.item_key: i for i in new.items()}
    carried = by_key["lived-experience-valued"]
    assert (carried.status, carried.owner_name, carried.evidence, carried.notes) == (
        S.IN_PLACE,
        "Amara Okafor",
        "Advert",
        "Checked by HR",
    )
    assert carried.evidence_paths == ("/docs/advert.pdf",)
    assert carried.due_date is None  # last year's dates are not carried
    assert by_key["ban-the-box"].status is S.IN_PROGRESS
    assert by_key["ban-the-box"].owner_id is None  # a leaver is not carried as owner
    assert by_key["peer-on-panel"].na_reason == "Tiny"
    assert by_key["custom-1"].is_custom and by_key["custom-1"].status is S.IN_PLACE
    assert by_key["easy-read-pack"].status is S.NOT_STARTED
    assert "questions-in-advance" not in by_key  # the template dropped it
    changes = checklists.history(admin, carried.id)
    assert [(c.old_status, c.new_status, c.note) for c in changes] == [
        (None, S.IN_PLACE, "Carried forward from the review of 2 June 2025")
    ]
    assert carried_forward_note(dt.date(2025, 6, 2)) == changes[0].note
    assert checklists.history(admin, by_key["easy-read-pack"].id) == []
    assert [p.percent for p in checklists.progress_over_time(admin, review.id)] == [33]

    summaries = checklists.list(admin)
    assert [(s.id, s.archived) for s in summaries] == [(review.id, False), (first.id, True)]
    # the archived one is read-only
    with pytest.raises(Conflict, match="can be read but no longer changed"):
        checklists.update_item(admin, items["plain-language"].id, ItemAnswer(status=S.IN_PLACE))
    with pytest.raises(Conflict, match="already reviewed"):
        checklists.start_review(admin, first.id)
    with pytest.raises(Conflict):
        checklists.add_custom_item(admin, first.id, "Interviews", "Late")


def test_a_review_works_when_the_template_has_gone(checklists, admin, folders) -> None:
    info = checklists.start(admin, "peer-roles")
    items = checklists.get(admin, info.id).items()
    checklists.update_item(admin, items[0].id, ItemAnswer(status=S.IN_PLACE))
    own = checklists.add_custom_item(admin, info.id, "The roles", "Our own")
    (folders[0] / "peer-roles.toml").unlink()
    checklists.reload_templates()
    assert checklists.list(admin)[0].current_version is None
    review = checklists.start_review(admin, info.id)
    detail = checklists.get(admin, review.id)
    assert [i.item_key for i in detail.items()] == [i.item_key for i in items] + ["custom-1"]
    assert detail.items()[0].status is S.IN_PLACE
    assert detail.items()[-1].is_custom and not detail.items()[0].is_custom
    assert detail.items()[-1].text == own.text
    assert detail.template_version == 1


def test_a_failed_review_writes_nothing(checklists, admin, database) -> None:
    info = checklists.start(admin, "peer-roles")
    with pytest.raises(ValidationError):
        checklists.start_review(admin, info.id, title="x" * 201)
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Checklist)) == 1
        assert session.get(Checklist, info.id).archived_on is None


# -- saving as a template ---------------------------------------------------------------------


def test_save_as_template_round_trips(checklists, admin, folders, people) -> None:
    info = checklists.start(admin, "fair-recruitment")
    own = checklists.add_custom_item(
        admin, info.id, "Interviews", 'Rooms are "quiet"', "Book\nthe small room"
    )
    checklists.update_item(
        admin, own.id, ItemAnswer(status=S.IN_PLACE, evidence="Secret answer", notes="n")
    )
    path = checklists.save_as_template(admin, info.id, "our-recruitment", " Our recruitment ")
    assert path == folders[1] / "our-recruitment.toml"
    text = path.read_text("utf-8")
    assert "Secret answer" not in text and "in_place" not in text
    template = parse_template(text, path.name)
    assert (template.key, template.title, template.version) == (
        "our-recruitment",
        "Our recruitment",
        1,
    )
    assert template.sources == ("A test source", "Another test source")
    assert [i.key for i in template.items()][-1] == "custom-1"
    assert template.items()[-1].text == 'Rooms are "quiet"'
    assert template.items()[-1].guidance == "Book\nthe small room"
    assert template.items()[0].source == "A test source"
    assert [p.name for p in folders[1].iterdir()] == ["our-recruitment.toml"]  # no temp file
    # it is a template like any other now
    catalogue = checklists.templates(admin)
    assert catalogue.is_organisations("our-recruitment")
    started = checklists.start(admin, "our-recruitment")
    assert len(checklists.get(admin, started.id).items()) == 6


def test_save_as_template_refuses_clashes_and_bad_keys(checklists, admin, database) -> None:
    info = checklists.start(admin, "peer-roles")
    with pytest.raises(Conflict, match="already a template with the key 'fair-recruitment'"):
        checklists.save_as_template(admin, info.id, "fair-recruitment", "Mine")
    with pytest.raises(ValidationError) as caught:
        checklists.save_as_template(admin, info.id, "Our Roles!", "")
    assert "lowercase letters" in caught.value.message_for("key")
    assert caught.value.message_for("title") == "Enter the template's title."
    checklists.save_as_template(admin, info.id, "our-roles", "Our roles")
    with pytest.raises(Conflict, match="already a template with the key 'our-roles'"):
        checklists.save_as_template(admin, info.id, "our-roles", "Our roles again")
    shipped_only = ChecklistService(
        database.sessions, today=lambda: TODAY, template_folders=[FIXTURES / "v1"]
    )
    with pytest.raises(Conflict, match="no folder for the organisation's own templates"):
        shipped_only.save_as_template(admin, info.id, "x", "X")


def test_an_own_item_keeps_its_answers_when_the_template_takes_its_key(
    checklists, admin, folders
) -> None:
    info = checklists.start(admin, "peer-roles")
    own = checklists.add_custom_item(admin, info.id, "The roles", "Our own item")
    checklists.update_item(admin, own.id, ItemAnswer(status=S.IN_PLACE, notes="ours"))
    path = folders[0] / "peer-roles.toml"
    text = path.read_text("utf-8").replace("version = 1", "version = 2")
    path.write_text(text + '\n[[sections.items]]\nkey = "custom-1"\ntext = "New one"\n', "utf-8")
    checklists.reload_templates()
    assert checklists.apply_template_update(admin, info.id).added == ("New one",)
    by_text = {i.text: i for i in checklists.get(admin, info.id).items()}
    assert by_text["New one"].item_key == "custom-1" and not by_text["New one"].is_custom
    mine = by_text["Our own item"]
    assert (mine.item_key, mine.is_custom, mine.notes) == ("custom-2", True, "ours")


# -- demo data --------------------------------------------------------------------------------


def demo_register(database: Database, admin: Actor) -> list[dict[str, object]]:
    """A fictional register made by the demo, as the ``people`` the demo functions get."""
    generate_demo(database.sessions, admin, staff=40, months=3, seed=3, today=TODAY)
    with database.sessions.begin() as session:  # the demo's own checklists: start afresh
        for checklist in session.scalars(select(Checklist)):
            session.delete(checklist)
    with database.sessions() as session:
        return [
            {
                "id": m.id,
                "full_name": m.full_name,
                "role_category": m.role_category,
                "employment_type": m.employment_type,
                "start_date": m.start_date,
                "end_date": m.end_date,
                "supervisor_id": m.supervisor_id,
                "team_id": m.team_id,
            }
            for m in session.scalars(select(StaffMember).order_by(StaffMember.id))
        ]


def test_demo_checklists_are_partly_worked_with_a_review(
    database, services, admin, checklists
) -> None:
    people = demo_register(database, admin)
    shipped = services.checklists.templates(admin).templates
    # (its speed is measured by benchmarks/bench_demo.py, never asserted here)
    with database.sessions.begin() as session:
        made = add_checklist_demo(session, random.Random(7), people, TODAY, shipped)
    assert made == 5
    summaries = services.checklists.list(admin)
    assert len(summaries) == 5
    archived = [s for s in summaries if s.archived]
    assert len(archived) == 1
    review = next(s for s in summaries if s.review_of_id == archived[0].id)
    assert review.template_key == "organisational-readiness"
    assert (review.started_on - archived[0].started_on).days >= 365
    assert archived[0].archived_on == review.started_on
    for summary in summaries:
        assert 0 < summary.progress.in_place < summary.progress.applicable
    points = services.checklists.progress_over_time(admin, archived[0].id)
    assert len({p.day.month for p in points}) >= 6  # spread over the year
    assert points[-1].percent > points[0].percent
    detail = services.checklists.get(admin, review.id)
    carried = [i for i in detail.items() if i.status is not S.NOT_STARTED]
    notes = {c.note for c in services.checklists.history(admin, carried[0].id)}
    assert any(note.startswith("Carried forward from the review of") for note in notes)


def test_demo_checklists_are_the_same_for_the_same_seed(database, admin, services) -> None:
    people = demo_register(database, admin)
    shipped = services.checklists.templates(admin).templates

    def snapshot() -> list[tuple[object, ...]]:
        with database.sessions() as session:
            return [
                (i.item_key, i.status, i.owner_id, i.evidence, i.due_date)
                for i in session.scalars(select(ChecklistItem).order_by(ChecklistItem.id))
            ]

    with database.sessions.begin() as session:
        add_checklist_demo(session, random.Random(11), people, TODAY, shipped)
    first = snapshot()
    with database.sessions.begin() as session:
        for row in session.scalars(select(Checklist)):
            session.delete(row)
    with database.sessions.begin() as session:
        add_checklist_demo(session, random.Random(11), people, TODAY, shipped)
    assert snapshot() == first
    with database.sessions.begin() as session:
        assert add_checklist_demo(session, random.Random(1), [], TODAY, ()) == 0
