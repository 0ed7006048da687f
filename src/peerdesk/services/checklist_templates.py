"""Reading checklist templates from their folders: the shipped one first, then the
organisation's own.

A file that cannot be used is reported in ``TemplateCatalogue.problems`` (one plain
sentence naming the file and line) and skipped; it never stops the app. The organisation's
folder may not exist yet: then it simply has no templates of its own. An organisation
template may add to the shipped ones, never replace one: a clashing key is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from peerdesk.domain.checklist_template import ChecklistTemplate, TemplateError, parse_template
from peerdesk.services.checklist_views import TemplateCatalogue

__all__ = ["TemplateCatalogue", "load_templates", "read_template_file"]

MAX_FILE_BYTES = 1_000_000


def read_template_file(path: Path) -> ChecklistTemplate:
    """Read and parse one template file; raises TemplateError with a plain message."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TemplateError(
                f"{path.name}: the file is too large to be a checklist template ({size:,} bytes)."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(
            f"{path.name}: PeerDesk could not read the file ({exc.strerror or exc})."
        ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TemplateError(
            f"{path.name}, line {line}: the file is not saved as UTF-8 text. Save it as "
            "UTF-8 in your text editor.",
            line,
        ) from exc
    return parse_template(text, path.name)


def load_templates(folders: Sequence[Path]) -> TemplateCatalogue:
    """Every usable template in ``folders`` (the shipped folder first), each folder's in
    title order, with a problem for each file skipped."""
    templates: list[ChecklistTemplate] = []
    problems: list[str] = []
    organisation_keys: set[str] = set()
    owners: dict[str, ChecklistTemplate] = {}
    for index, folder in enumerate(folders):
        shipped = index == 0
        if not folder.is_dir():
            if shipped:
                problems.append(
                    f"The checklist templates shipped with PeerDesk are missing ({folder}); "
                    "the installation looks incomplete."
                )
            elif folder.exists():
                problems.append(
                    f"{folder} should be a folder of checklist templates, but it is a file."
                )
            continue
        try:
            paths = sorted(p for p in folder.iterdir() if p.suffix == ".toml" and p.is_file())
        except OSError as exc:
            problems.append(f"PeerDesk could not list the templates in {folder} ({exc}).")
            continue
        found: list[ChecklistTemplate] = []
        for path in paths:
            try:
                template = read_template_file(path)
            except TemplateError as exc:
                problems.append(str(exc) if shipped else f"{exc} (in {folder})")
                continue
            existing = owners.get(template.key)
            if existing is not None:
                problems.append(
                    f"{path.name} (in {folder}): the key '{template.key}' is already used by "
                    f"the template '{existing.title}'"
                    + (" shipped with PeerDesk" if existing.key not in organisation_keys else "")
                    + ". Give this template another key and file name."
                )
                continue
            owners[template.key] = template
            if not shipped:
                organisation_keys.add(template.key)
            found.append(template)
        templates.extend(sorted(found, key=lambda t: (t.title.casefold(), t.key)))
    return TemplateCatalogue(
        templates=tuple(templates),
        problems=tuple(problems),
        organisation_keys=frozenset(organisation_keys),
    )
