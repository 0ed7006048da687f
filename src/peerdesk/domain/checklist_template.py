"""Checklist templates: the TOML text of one template, parsed and checked.

A template file looks like this (only these keys; every section has at least one item)::

    key = "organisational-readiness"   # the file name without .toml
    title = "Organisational readiness"
    version = 1
    description = "..."
    sources = ["..."]

    [[sections]]
    title = "Purpose and leadership"

    [[sections.items]]
    key = "purpose-written-down"
    text = "..."
    guidance = "..."                   # may be empty or left out
    source = "..."                     # optional

``parse_template`` raises ``TemplateError`` for anything else, with a message that names the
file and the line, in words a charity manager can act on. Pure: no file I/O here.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

MAX_TITLE = 200
MAX_KEY = 100
MAX_ITEM_TEXT = 300
MAX_GUIDANCE = 1500
MAX_DESCRIPTION = 3000
MAX_SOURCE = 500
KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TEMPLATE_KEYS = ("key", "title", "version", "description", "sources", "sections")
SECTION_KEYS = ("title", "items")
ITEM_KEYS = ("key", "text", "guidance", "source")


class TemplateError(ValueError):
    """A template file PeerDesk cannot use; the message names the file and the line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class TemplateItem:
    key: str
    text: str
    guidance: str = ""
    source: str = ""


@dataclass(frozen=True)
class TemplateSection:
    title: str
    items: tuple[TemplateItem, ...]


@dataclass(frozen=True)
class ChecklistTemplate:
    key: str
    title: str
    version: int
    description: str
    sources: tuple[str, ...]
    sections: tuple[TemplateSection, ...]
    origin: str = ""  # where it was read from, e.g. the file name

    def items(self) -> tuple[TemplateItem, ...]:
        """Every item, in the order the template lists them."""
        return tuple(item for section in self.sections for item in section.items)

    def placed_items(self) -> Iterator[tuple[str, TemplateItem]]:
        """Each item with the title of its section, in order."""
        for section in self.sections:
            for item in section.items:
                yield section.title, item

    @property
    def item_count(self) -> int:
        return sum(len(section.items) for section in self.sections)

    def item(self, key: str) -> TemplateItem | None:
        for item in self.items():
            if item.key == key:
                return item
        return None


def is_valid_key(key: str) -> bool:
    """Lowercase letters, digits and single hyphens between them, e.g. ``hr-policies-2``."""
    return len(key) <= MAX_KEY and KEY_PATTERN.fullmatch(key) is not None


def key_problem(key: str) -> str | None:
    """Why ``key`` cannot be a template or item key, or None if it can."""
    if not key:
        return "Enter a key."
    if len(key) > MAX_KEY:
        return f"The key is too long: keep it to {MAX_KEY} characters."
    if KEY_PATTERN.fullmatch(key) is None:
        return (
            f"The key '{key}' may only use lowercase letters, digits and hyphens "
            "(for example 'recruitment-2026')."
        )
    return None


def suggest_key(title: str) -> str:
    """A key made from a title: "Fair recruitment (2026)" -> "fair-recruitment-2026"."""
    bare = unicodedata.normalize("NFKD", title.casefold())
    ascii_only = "".join(ch for ch in bare if ch.isascii())
    words = re.findall(r"[a-z0-9]+", ascii_only)
    key = "-".join(words)[:MAX_KEY].strip("-")
    return key


# -- parsing ---------------------------------------------------------------------------------


def parse_template(text: str, origin: str) -> ChecklistTemplate:
    """Parse and check one template's TOML text; ``origin`` is its file name (or path).

    When ``origin`` ends with ``.toml`` the template's key must equal the file name
    without it.
    """
    name = PurePath(origin).name or origin or "The template"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, detail = _decode_error(str(exc))
        raise TemplateError(
            f"{name}, line {line}: this is not valid TOML ({detail}). "
            "Check the quotes, equals signs and brackets on that line.",
            line,
        ) from exc
    return _Checker(text, name, origin, data).template()


_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def _decode_error(message: str) -> tuple[int, str]:
    match = _AT_LINE.search(message)
    if match is not None:
        detail = message[: match.start()].strip()
        return int(match.group(1)), f"{_lower_first(detail)} at column {match.group(2)}"
    end = _AT_END.search(message)
    detail = message[: end.start()].strip() if end else message.strip()
    return 1, f"{_lower_first(detail)} at the end of the file"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else "a syntax error"


class _Checker:
    """Checks the parsed data, finding the line of each problem in the text."""

    def __init__(self, text: str, name: str, origin: str, data: dict[str, Any]) -> None:
        self._name = name
        self._origin = origin
        self._data = data
        self._lines = _Locator(text)

    def fail(self, line: int, message: str) -> TemplateError:
        return TemplateError(f"{self._name}, line {line}: {message}", line)

    # -- the template ----------------------------------------------------------------------

    def template(self) -> ChecklistTemplate:
        data = self._data
        for name in data:
            if name not in TEMPLATE_KEYS:
                raise self.fail(
                    self._lines.top(name),
                    f"'{name}' is not a template setting. A template has only "
                    "key, title, version, description, sources and [[sections]].",
                )
        key = self._top_text("key", 'the template has no key (key = "...", the file name).')
        problem = key_problem(key)
        if problem is not None:
            raise self.fail(self._lines.top("key"), _lower_first(problem))
        if self._origin.endswith(".toml"):
            stem = PurePath(self._origin).stem
            if stem != key:
                raise self.fail(
                    self._lines.top("key"),
                    f"the key '{key}' does not match the file name. Call the file "
                    f'{key}.toml, or set key = "{stem}".',
                )
        title = self._top_text("title", "the template has no title.")
        if len(title) > MAX_TITLE:
            raise self.fail(
                self._lines.top("title"),
                f"the title is too long: keep it to {MAX_TITLE} characters.",
            )
        version = data.get("version")
        if version is None:
            raise self.fail(1, "the template has no version (version = 1).")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise self.fail(
                self._lines.top("version"),
                "the version must be a whole number, 1 or more, without quotes (version = 1).",
            )
        description = self._top_text("description", "the template has no description.")
        if len(description) > MAX_DESCRIPTION:
            raise self.fail(
                self._lines.top("description"),
                f"the description is too long: keep it to {MAX_DESCRIPTION} characters.",
            )
        sources = self._sources()
        sections = self._sections()
        return ChecklistTemplate(
            key=key,
            title=title,
            version=version,
            description=description,
            sources=sources,
            sections=sections,
            origin=self._origin,
        )

    def _top_text(self, name: str, missing: str) -> str:
        value = self._data.get(name)
        if value is None:
            raise self.fail(1, missing)
        if not isinstance(value, str):
            raise self.fail(
                self._lines.top(name), f'the {name} must be text in quotes ({name} = "...").'
            )
        value = value.strip()
        if not value:
            raise self.fail(self._lines.top(name), missing.replace(" has no ", " has an empty "))
        return value

    def _sources(self) -> tuple[str, ...]:
        value = self._data.get("sources")
        if value is None:
            raise self.fail(
                1, 'the template names no sources (sources = ["..."]): say where it comes from.'
            )
        line = self._lines.top("sources")
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            raise self.fail(line, 'the sources must be a list of texts: sources = ["...", "..."].')
        sources = tuple(s.strip() for s in value)
        if not sources or not all(sources):
            raise self.fail(
                line, "the sources must name at least one source, and none may be empty."
            )
        for source in sources:
            if len(source) > MAX_SOURCE:
                raise self.fail(
                    line, f"a source is too long: keep each to {MAX_SOURCE} characters."
                )
        return sources

    # -- sections and items ----------------------------------------------------------------

    def _sections(self) -> tuple[TemplateSection, ...]:
        value = self._data.get("sections")
        if value is None:
            raise self.fail(1, "the template has no sections: add at least one [[sections]].")
        if not isinstance(value, list) or not all(isinstance(s, dict) for s in value):
            raise self.fail(
                self._lines.top("sections"),
                "sections must be tables, each starting with a [[sections]] line.",
            )
        if not value:
            raise self.fail(1, "the template has no sections: add at least one [[sections]].")
        sections: list[TemplateSection] = []
        titles: set[str] = set()
        item_keys: set[str] = set()
        for index, raw in enumerate(value):
            section = self._section(index, raw, item_keys)
            if section.title.casefold() in titles:
                raise self.fail(
                    self._lines.section_key(index, "title"),
                    f"there are two sections called '{section.title}'; each needs its own title.",
                )
            titles.add(section.title.casefold())
            sections.append(section)
        return tuple(sections)

    def _section(self, index: int, raw: dict[str, Any], item_keys: set[str]) -> TemplateSection:
        number = index + 1
        for name in raw:
            if name not in SECTION_KEYS:
                raise self.fail(
                    self._lines.section_key(index, name),
                    f"'{name}' is not a section setting. A section has only a title and "
                    "[[sections.items]].",
                )
        title = raw.get("title")
        if title is None:
            raise self.fail(self._lines.section(index), f"section {number} has no title.")
        if not isinstance(title, str) or not title.strip():
            raise self.fail(
                self._lines.section_key(index, "title"),
                f'section {number} needs a title in quotes (title = "...").',
            )
        title = " ".join(title.split())
        if len(title) > MAX_TITLE:
            raise self.fail(
                self._lines.section_key(index, "title"),
                f"the title of section '{title[:40]}…' is too long: keep it to {MAX_TITLE} "
                "characters.",
            )
        raw_items = raw.get("items")
        if raw_items is None or (isinstance(raw_items, list) and not raw_items):
            raise self.fail(
                self._lines.section(index),
                f"the section '{title}' has no items: add at least one [[sections.items]].",
            )
        if not isinstance(raw_items, list) or not all(isinstance(i, dict) for i in raw_items):
            raise self.fail(
                self._lines.section_key(index, "items"),
                f"the items of section '{title}' must be tables, each starting with a "
                "[[sections.items]] line.",
            )
        items = tuple(
            self._item(index, position, raw_item, title, item_keys)
            for position, raw_item in enumerate(raw_items)
        )
        return TemplateSection(title=title, items=items)

    def _item(
        self,
        section: int,
        position: int,
        raw: dict[str, Any],
        section_title: str,
        item_keys: set[str],
    ) -> TemplateItem:
        lines = self._lines
        key = raw.get("key")
        where = f"item {position + 1} of the section '{section_title}'"
        for name in raw:
            if name not in ITEM_KEYS:
                raise self.fail(
                    lines.item_key(section, position, name, key),
                    f"'{name}' is not an item setting. An item has only key, text, "
                    "guidance and source.",
                )
        if key is None:
            raise self.fail(lines.item(section, position, None), f"{where} has no key.")
        if not isinstance(key, str):
            raise self.fail(
                lines.item_key(section, position, "key", None),
                f'the key of {where} must be text in quotes (key = "...").',
            )
        problem = key_problem(key)
        if problem is not None:
            raise self.fail(lines.item_key(section, position, "key", key), _lower_first(problem))
        key_line = lines.item_key(section, position, "key", key)
        if key in item_keys:
            raise self.fail(
                key_line,
                f"the item key '{key}' is used twice; every item needs its own key.",
            )
        item_keys.add(key)
        text = raw.get("text")
        if text is None or (isinstance(text, str) and not text.strip()):
            raise self.fail(
                lines.item_key(section, position, "text", key) if text is not None else key_line,
                f"the item '{key}' has no text.",
            )
        if not isinstance(text, str):
            raise self.fail(
                lines.item_key(section, position, "text", key),
                f"the text of the item '{key}' must be in quotes (text = \"...\").",
            )
        text = " ".join(text.split())
        if len(text) > MAX_ITEM_TEXT:
            raise self.fail(
                lines.item_key(section, position, "text", key),
                f"the text of the item '{key}' is too long: keep it to {MAX_ITEM_TEXT} "
                "characters and put the rest in its guidance.",
            )
        guidance = self._optional_text(section, position, key, raw, "guidance", MAX_GUIDANCE)
        source = self._optional_text(section, position, key, raw, "source", MAX_SOURCE)
        return TemplateItem(key=key, text=text, guidance=guidance, source=source)

    def _optional_text(
        self, section: int, position: int, key: str, raw: dict[str, Any], name: str, limit: int
    ) -> str:
        value = raw.get(name, "")
        line = self._lines.item_key(section, position, name, key)
        if not isinstance(value, str):
            raise self.fail(line, f"the {name} of the item '{key}' must be text in quotes.")
        value = value.strip()
        if len(value) > limit:
            raise self.fail(
                line, f"the {name} of the item '{key}' is too long: keep it to {limit} characters."
            )
        return value


# -- finding lines ---------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]*?)\s*\]\]?\s*(#.*)?$")
_ASSIGNMENT = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")


@dataclass
class _Table:
    line: int  # the header line, 0 for the top of the file
    end: int  # the last line of the table (inclusive)
    section: int | None = None
    item: int | None = None


class _Locator:
    """Where things are in the text: the top-level keys, each [[sections]] and
    [[sections.items]] table, and the keys inside them. A best effort: when something
    cannot be found the answer is the nearest table's line, or line 1."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._tables: list[_Table] = [_Table(0, len(self._lines))]
        section = -1
        item = -1
        in_string: str | None = None
        for number, line in enumerate(self._lines, start=1):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            for quotes in ('"""', "'''"):
                if line.count(quotes) % 2 == 1:
                    in_string = quotes
                    break
            if in_string is not None:
                continue
            match = _HEADER.match(line)
            if match is None:
                continue
            self._tables[-1].end = number - 1
            name = "".join(match.group(2).split())
            if match.group(1) == "[[" and name == "sections":
                section += 1
                item = -1
                self._tables.append(_Table(number, len(self._lines), section=section))
            elif match.group(1) == "[[" and name == "sections.items":
                item += 1
                self._tables.append(_Table(number, len(self._lines), section=section, item=item))
            else:
                self._tables.append(_Table(number, len(self._lines)))

    def _key_in(self, table: _Table, name: str) -> int | None:
        first = table.line  # the header itself is line table.line; keys follow it
        for number in range(first + 1, table.end + 1):
            match = _ASSIGNMENT.match(self._lines[number - 1])
            if match is not None and name in match.groups():
                return number
        return None

    def _find(self, section: int | None, item: int | None) -> _Table | None:
        for table in self._tables:
            if table.line and table.section == section and table.item == item:
                return table
        return None

    def top(self, name: str) -> int:
        found = self._key_in(self._tables[0], name)
        if found is not None:
            return found
        if name == "sections":
            first = self._find(0, None)
            return first.line if first is not None else 1
        return 1

    def section(self, index: int) -> int:
        table = self._find(index, None)
        return table.line if table is not None else self.top("sections")

    def section_key(self, index: int, name: str) -> int:
        table = self._find(index, None)
        if table is None:
            return self.top("sections")
        found = self._key_in(table, name)
        return found if found is not None else table.line

    def item(self, section: int, position: int, key: object) -> int:
        table = self._find(section, position)
        if table is not None:
            return table.line
        if isinstance(key, str) and key:
            for number, line in enumerate(self._lines, start=1):
                if f'"{key}"' in line or f"'{key}'" in line:
                    return number
        return self.section(section)

    def item_key(self, section: int, position: int, name: str, key: object) -> int:
        table = self._find(section, position)
        if table is not None:
            found = self._key_in(table, name)
            if found is not None:
                return found
            if name != "key":
                found = self._key_in(table, "key")
                if found is not None:
                    return found
            return table.line
        return self.item(section, position, key)


# -- writing ---------------------------------------------------------------------------------


def template_to_toml(template: ChecklistTemplate) -> str:
    """The TOML text of a template, in the shipped files' layout; ``parse_template`` reads
    it back as the same template."""
    lines = [
        f"key = {toml_string(template.key)}",
        f"title = {toml_string(template.title)}",
        f"version = {template.version}",
        f"description = {toml_string(template.description)}",
        "sources = [",
        *(f"    {toml_string(source)}," for source in template.sources),
        "]",
    ]
    for section in template.sections:
        lines += ["", "[[sections]]", f"title = {toml_string(section.title)}"]
        for item in section.items:
            lines += [
                "",
                "[[sections.items]]",
                f"key = {toml_string(item.key)}",
                f"text = {toml_string(item.text)}",
                f"guidance = {toml_string(item.guidance)}",
            ]
            if item.source:
                lines.append(f"source = {toml_string(item.source)}")
    return "\n".join(lines) + "\n"


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b"}


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string, every special character escaped."""
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
