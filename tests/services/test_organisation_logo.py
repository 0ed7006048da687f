"""The organisation's logo for reports: a PNG or JPEG file under 2 MB, kept by its path."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from peerdesk.domain.organisation import (
    LOGO_MAX_BYTES,
    OrganisationDetails,
    check_logo,
    logo_image_kind,
)
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict

DETAILS = OrganisationDetails(name="Brighter Paths", charity_number="SC012345")
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


def png_bytes(width: int = 4, height: int = 2) -> bytes:
    """A small, real PNG image (solid green), made without any imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x2f\x6f\x55" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def organisation(services: Services, admin: Actor) -> None:
    services.organisation.create(admin, DETAILS)


def logo_of(services: Services, admin: Actor) -> str:
    info = services.organisation.get(admin)
    assert info is not None
    return info.logo_path


def test_a_png_becomes_the_logo_and_the_details_stay(
    services: Services, admin: Actor, organisation: None, tmp_path: Path
) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(png_bytes())
    info = services.organisation.set_logo(admin, path)
    assert info.logo_path == str(path)
    assert info.details == DETAILS
    assert services.organisation.get(admin) == info


def test_a_jpeg_is_accepted_whatever_its_name(
    services: Services, admin: Actor, organisation: None, tmp_path: Path
) -> None:
    path = tmp_path / "Our logo (2026).JPG"
    path.write_bytes(JPEG_HEAD + b"\x00" * 200)
    services.organisation.set_logo(admin, path)
    assert logo_of(services, admin) == str(path)


def test_a_relative_path_is_kept_as_an_absolute_one(
    services: Services,
    admin: Actor,
    organisation: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "logo.png").write_bytes(png_bytes())
    monkeypatch.chdir(tmp_path)
    services.organisation.set_logo(admin, Path("logo.png"))
    assert logo_of(services, admin) == str(tmp_path / "logo.png")


def test_changing_the_details_keeps_the_logo_and_none_clears_it(
    services: Services, admin: Actor, organisation: None, tmp_path: Path
) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(png_bytes())
    services.organisation.set_logo(admin, path)
    updated = services.organisation.update(admin, OrganisationDetails(name="Hillside Peers"))
    assert updated.logo_path == str(path)
    cleared = services.organisation.set_logo(admin, None)
    assert cleared.logo_path == ""
    assert cleared.details.name == "Hillside Peers"
    assert logo_of(services, admin) == ""


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("logo.png", b"not really an image", "logo.png is not a PNG or JPEG image"),
        ("logo.gif", b"GIF89a" + b"\x00" * 50, "logo.gif is not a PNG or JPEG image"),
        ("empty.png", b"", "empty.png is not a PNG or JPEG image"),
        ("big.png", png_bytes() + b"\x00" * LOGO_MAX_BYTES, "big.png is 2.0 MB"),
        ("missing.png", None, "There is no file called missing.png"),
    ],
)
def test_anything_but_a_small_png_or_jpeg_is_refused_and_nothing_changes(
    services: Services,
    admin: Actor,
    organisation: None,
    tmp_path: Path,
    name: str,
    content: bytes | None,
    words: str,
) -> None:
    good = tmp_path / "good.png"
    good.write_bytes(png_bytes())
    services.organisation.set_logo(admin, good)
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ValidationError) as raised:
        services.organisation.set_logo(admin, path)
    message = raised.value.message_for("logo_path")
    assert message is not None and message.startswith(words)
    assert logo_of(services, admin) == str(good)


def test_a_folder_is_refused(
    services: Services, admin: Actor, organisation: None, tmp_path: Path
) -> None:
    folder = tmp_path / "logo.png"
    folder.mkdir()
    with pytest.raises(ValidationError) as raised:
        services.organisation.set_logo(admin, folder)
    assert raised.value.message_for("logo_path") == (
        "logo.png is a folder. Choose an image file (PNG or JPEG)."
    )


def test_a_logo_needs_the_organisation_and_an_administrator(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(png_bytes())
    with pytest.raises(Conflict):
        services.organisation.set_logo(admin, path)
    services.organisation.create(admin, DETAILS)
    manager = Actor(user_id=6, display_name="M", role=Role.MANAGER)
    with pytest.raises(AccessDenied):
        services.organisation.set_logo(manager, path)
    assert logo_of(services, admin) == ""


def test_the_rule_reads_the_signature_and_the_size() -> None:
    assert logo_image_kind(png_bytes()[:8]) == "PNG"
    assert logo_image_kind(JPEG_HEAD[:8]) == "JPEG"
    assert logo_image_kind(b"<svg xml") is None
    check_logo("a.png", LOGO_MAX_BYTES - 1, png_bytes()[:8])  # just under: fine
    with pytest.raises(ValidationError):
        check_logo("a.png", LOGO_MAX_BYTES, png_bytes()[:8])
