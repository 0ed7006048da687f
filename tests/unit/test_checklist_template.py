"""Checklist templates: the shipped ones load; broken ones are refused with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerdesk.domain.checklist_template import (
    ChecklistTemplate,
    TemplateError,
    TemplateItem,
    TemplateSection,
    key_problem,
    parse_template,
    suggest_key,
    template_to_toml,
)
from peerdesk.resources import resource_path
from peerdesk.services.checklist_templates import load_templates

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checklists"

GOOD = """\
key = "readiness"
title = "Readiness"
version = 1
description = "Are we ready?"
sources = ["A guide, 2021"]

[[sections]]
title = "Purpose"

[[sections.items]]
key = "purpose"
text = "The purpose is written down."
guidance = "Keep the minute."
source = "A guide, 2021"

[[sections.items]]
key = "sponsor"
text = "A senior sponsor is named."
guidance = ""

[[sections]]
title = "Money"

[[sections.items]]
key = "budget"
text = "There is a recurring budget."
"""


def broken(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def error_for(text: str, origin: str = "readiness.toml") -> str:
    with pytest.raises(TemplateError) as caught:
        parse_template(text, origin)
    return str(caught.value)


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    found = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return found[occurrence - 1]


# -- the shipped templates --------------------------------------------------------------------


def test_every_shipped_template_loads_without_problems() -> None:
    folder = resource_path("checklists")
    catalogue = load_templates([folder])
    assert catalogue.problems == ()
    files = sorted(p.stem for p in folder.glob("*.toml"))
    assert files, "no templates are shipped"
    assert sorted(t.key for t in catalogue.templates) == files
    for template in catalogue.templates:
        assert template.version >= 1
        assert template.sources
        assert template.item_count == len({item.key for item in template.items()})
        # each writes out and reads back as the same template
        assert parse_template(template_to_toml(template), template.origin) == template


# -- a good template --------------------------------------------------------------------------


def test_a_good_template_parses_in_order() -> None:
    template = parse_template(GOOD, "readiness.toml")
    assert template.key == "readiness"
    assert template.title == "Readiness"
    assert template.version == 1
    assert template.sources == ("A guide, 2021",)
    assert template.origin == "readiness.toml"
    assert [s.title for s in template.sections] == ["Purpose", "Money"]
    assert [i.key for i in template.items()] == ["purpose", "sponsor", "budget"]
    assert template.items()[0] == TemplateItem(
        "purpose", "The purpose is written down.", "Keep the minute.", "A guide, 2021"
    )
    # guidance and source may be left out
    assert template.items()[2].guidance == ""
    assert template.item_count == 3
    assert list(template.placed_items())[2] == ("Money", template.items()[2])


def test_any_origin_not_a_toml_file_skips_the_file_name_check() -> None:
    assert parse_template(GOOD, "pasted text").key == "readiness"


# -- broken templates -------------------------------------------------------------------------


def test_bad_toml_names_the_file_and_line() -> None:
    text = broken('title = "Money"', 'title = "Money')
    line = line_of(text, 'title = "Money')
    message = error_for(text)
    assert message.startswith(f"readiness.toml, line {line}: ")
    assert "not valid TOML" in message


def test_an_item_without_text_names_the_item() -> None:
    text = broken('text = "There is a recurring budget."\n', "")
    line = line_of(text, 'key = "budget"')
    assert error_for(text) == f"readiness.toml, line {line}: the item 'budget' has no text."
    text = broken('text = "A senior sponsor is named."', 'text = "  "')
    line = line_of(text, 'text = "  "')
    assert error_for(text) == f"readiness.toml, line {line}: the item 'sponsor' has no text."


def test_a_duplicate_item_key_is_refused_where_it_repeats() -> None:
    text = broken('key = "budget"', 'key = "purpose"')
    line = line_of(text, 'key = "purpose"', 2)
    message = error_for(text)
    assert message.startswith(f"readiness.toml, line {line}: ")
    assert "the item key 'purpose' is used twice" in message


def test_unknown_keys_are_refused_at_every_level() -> None:
    text = broken('guidance = "Keep the minute."', 'guidance = "Keep the minute."\nowner = "Amy"')
    message = error_for(text)
    assert message.startswith(f"readiness.toml, line {line_of(text, 'owner =')}: 'owner' ")
    assert "not an item setting" in message
    text = broken("version = 1", 'version = 1\nauthor = "Me"')
    assert error_for(text).startswith("readiness.toml, line 4: 'author' is not a template setting")
    text = broken('title = "Money"', 'title = "Money"\ncolour = "red"')
    message = error_for(text)
    assert message.startswith(f"readiness.toml, line {line_of(text, 'colour')}: 'colour' ")
    assert "not a section setting" in message


@pytest.mark.parametrize("value", ['"1"', "0", "1.5", "true"])
def test_the_version_must_be_a_whole_number(value: str) -> None:
    message = error_for(broken("version = 1", f"version = {value}"))
    assert message.startswith("readiness.toml, line 3: the version must be a whole number")


def test_a_section_without_items_is_refused() -> None:
    text = broken(
        '[[sections]]\ntitle = "Money"\n',
        '[[sections]]\ntitle = "Empty"\n\n[[sections]]\ntitle = "Money"\n',
    )
    line = line_of(text, 'title = "Empty"') - 1
    assert error_for(text) == (
        f"readiness.toml, line {line}: the section 'Empty' "
        "has no items: add at least one [[sections.items]]."
    )


def test_the_key_must_match_the_file_name() -> None:
    message = error_for(GOOD, "other-name.toml")
    assert message == (
        "other-name.toml, line 1: the key 'readiness' does not match the file name. Call the "
        'file readiness.toml, or set key = "other-name".'
    )


def test_bad_keys_titles_and_lengths_are_refused() -> None:
    assert "only use lowercase letters" in error_for(broken('key = "purpose"', 'key = "Purpose"'))
    assert "only use lowercase letters" in error_for(
        broken('key = "readiness"', 'key = "Ready Now"'), "x"
    )
    long_text = "x" * 301
    message = error_for(broken("The purpose is written down.", long_text))
    assert "line 12: the text of the item 'purpose' is too long" in message
    assert "has no title" in error_for(broken('title = "Readiness"\n', ""))
    assert "two sections called 'Purpose'" in error_for(
        broken('title = "Money"', 'title = "Purpose"')
    )
    assert "at least one source" in error_for(broken('sources = ["A guide, 2021"]', "sources = []"))
    assert "no sections" in error_for(GOOD.split("[[sections]]")[0])
    assert "has no key" in error_for(broken('key = "budget"\n', ""))


def test_key_helpers() -> None:
    assert key_problem("fair-recruitment-2") is None
    assert key_problem("") == "Enter a key."
    assert key_problem("a--b") is not None
    assert key_problem("-a") is not None
    assert suggest_key("Fair recruitment (2026) — Zoë's") == "fair-recruitment-2026-zoe-s"


def test_writing_escapes_everything_and_reads_back() -> None:
    template = ChecklistTemplate(
        key="tricky",
        title='Quotes " and \\ backslashes',
        version=3,
        description="Line one\nLine two\twith a tab",
        sources=("Café ☕",),
        sections=(
            TemplateSection(
                "Sécurité [1]", (TemplateItem("a", 'Say "hello"', "Guidance\n\nmore", "src"),)
            ),
        ),
        origin="tricky.toml",
    )
    assert parse_template(template_to_toml(template), "tricky.toml") == template


# -- reading folders --------------------------------------------------------------------------


def test_a_broken_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    for path in (FIXTURES / "v1").glob("*.toml"):
        (shipped / path.name).write_text(path.read_text("utf-8"), "utf-8")
    (shipped / "broken.toml").write_text('key = "broken"\ntitle = \n', "utf-8")
    (shipped / "latin.toml").write_bytes('key = "latin"\ntitle = "Caf\xe9"\n'.encode("latin-1"))
    (shipped / "notes.txt").write_text("not a template", "utf-8")
    catalogue = load_templates([shipped, tmp_path / "no-such-folder"])
    assert [t.key for t in catalogue.templates] == ["fair-recruitment", "peer-roles"]
    assert len(catalogue.problems) == 2
    assert catalogue.problems[0].startswith("broken.toml, line 2: this is not valid TOML")
    assert catalogue.problems[1] == (
        "latin.toml, line 2: the file is not saved as UTF-8 text. Save it as UTF-8 in your "
        "text editor."
    )
    assert catalogue.organisation_keys == frozenset()


def test_an_organisation_template_may_not_replace_a_shipped_one(tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    clash = (FIXTURES / "v2" / "fair-recruitment.toml").read_text("utf-8")
    (own / "fair-recruitment.toml").write_text(clash, "utf-8")
    mine = clash.replace('"fair-recruitment"', '"our-recruitment"').replace(
        'title = "Fair recruitment"', 'title = "Our recruitment"'
    )
    (own / "our-recruitment.toml").write_text(mine, "utf-8")
    catalogue = load_templates([FIXTURES / "v1", own])
    assert [t.key for t in catalogue.templates] == [
        "fair-recruitment",
        "peer-roles",
        "our-recruitment",
    ]
    assert catalogue.get("fair-recruitment").version == 1  # the shipped one stays
    assert catalogue.organisation_keys == {"our-recruitment"}
    assert catalogue.is_organisations("our-recruitment")
    assert catalogue.problems == (
        f"fair-recruitment.toml (in {own}): the key 'fair-recruitment' is already used by the "
        "template 'Fair recruitment' shipped with PeerDesk. Give this template another key "
        "and file name.",
    )


def test_a_missing_shipped_folder_is_reported(tmp_path: Path) -> None:
    catalogue = load_templates([tmp_path / "gone"])
    assert catalogue.templates == ()
    assert "installation looks incomplete" in catalogue.problems[0]
