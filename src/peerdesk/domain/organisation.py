"""The organisation that uses PeerDesk, and the rules for its settings."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from peerdesk.domain.validation import (
    FieldError,
    ValidationError,
    check_length,
    clean_line,
)

DEFAULT_SUPERVISION_INTERVAL_DAYS = 28
DEFAULT_SMALL_NUMBER_THRESHOLD = 5
DEFAULT_RETENTION_YEARS = 6
_CHARITY_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 /-]{2,19}$")

# The logo printed at the top of every report: a PNG or JPEG file under 2 MB.
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_HEAD_BYTES = 8  # enough of the start of a file to tell PNG and JPEG apart
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"


@dataclass(frozen=True)
class OrganisationDetails:
    name: str
    charity_number: str = ""
    supervision_interval_days: int = DEFAULT_SUPERVISION_INTERVAL_DAYS
    small_number_threshold: int = DEFAULT_SMALL_NUMBER_THRESHOLD
    retention_years: int = DEFAULT_RETENTION_YEARS


def normalise_organisation(details: OrganisationDetails) -> OrganisationDetails:
    """Return the details cleaned, or raise ValidationError listing every problem."""
    cleaned = replace(
        details,
        name=clean_line(details.name),
        charity_number=clean_line(details.charity_number).upper(),
    )
    errors: list[FieldError] = []
    if not cleaned.name:
        errors.append(FieldError("name", "Enter the organisation's name."))
    check_length(errors, "name", "The name", cleaned.name, 200)
    if cleaned.charity_number and not _CHARITY_NUMBER.match(cleaned.charity_number):
        errors.append(
            FieldError(
                "charity_number",
                "A charity number has 3 to 20 letters, digits, spaces or hyphens "
                "(for example 1234567 or SC012345).",
            )
        )
    if not 1 <= cleaned.supervision_interval_days <= 365:
        errors.append(
            FieldError(
                "supervision_interval_days",
                "Supervision interval must be between 1 and 365 days.",
            )
        )
    if not 2 <= cleaned.small_number_threshold <= 50:
        errors.append(
            FieldError(
                "small_number_threshold",
                "The small-number threshold must be between 2 and 50.",
            )
        )
    if not 1 <= cleaned.retention_years <= 100:
        errors.append(FieldError("retention_years", "Keep leavers' records for 1 to 100 years."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def logo_image_kind(head: bytes) -> str | None:
    """ "PNG" or "JPEG" from the first bytes of a file (its signature, not its name), else None."""
    if head.startswith(_PNG_SIGNATURE):
        return "PNG"
    if head.startswith(_JPEG_SIGNATURE):
        return "JPEG"
    return None


def check_logo(file_name: str, size: int, head: bytes) -> None:
    """Raise ValidationError (field ``logo_path``) unless the file is a PNG or JPEG image
    under 2 MB. ``head`` is the file's first LOGO_HEAD_BYTES bytes."""
    if logo_image_kind(head) is None:
        message = f"{file_name} is not a PNG or JPEG image. Choose a PNG or JPEG file."
    elif size >= LOGO_MAX_BYTES:
        megabytes = size / (1024 * 1024)
        message = (
            f"{file_name} is {megabytes:.1f} MB. Choose an image under 2 MB (a logo a few "
            "hundred pixels wide is plenty)."
        )
    else:
        return
    raise ValidationError([FieldError("logo_path", message)])
