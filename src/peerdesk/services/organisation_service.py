"""Setting the organisation up and changing its details."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.organisation import (
    LOGO_HEAD_BYTES,
    OrganisationDetails,
    check_logo,
    normalise_organisation,
)
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.errors import Conflict
from peerdesk.services.views import OrganisationInfo
from peerdesk.store.models import Organisation
from peerdesk.store.types import utc_now

__all__ = ["OrganisationInfo", "OrganisationService"]


class OrganisationService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, actor: Actor) -> OrganisationInfo | None:
        with self._sessions() as session:
            row = session.scalars(select(Organisation).order_by(Organisation.id).limit(1)).first()
            return _info(row) if row else None

    def create(self, actor: Actor, details: OrganisationDetails) -> OrganisationInfo:
        access_rules.require_administrator(actor, "change the organisation's settings")
        cleaned = normalise_organisation(details)
        with self._sessions.begin() as session:
            if session.scalars(select(Organisation.id).limit(1)).first() is not None:
                raise Conflict("The organisation has already been set up.")
            row = Organisation(
                name=cleaned.name,
                charity_number=cleaned.charity_number,
                supervision_interval_days=cleaned.supervision_interval_days,
                small_number_threshold=cleaned.small_number_threshold,
                retention_years=cleaned.retention_years,
            )
            session.add(row)
            session.flush()
            return _info(row)

    def update(self, actor: Actor, details: OrganisationDetails) -> OrganisationInfo:
        access_rules.require_administrator(actor, "change the organisation's settings")
        cleaned = normalise_organisation(details)
        with self._sessions.begin() as session:
            row = session.scalars(select(Organisation).order_by(Organisation.id).limit(1)).first()
            if row is None:
                raise Conflict("Set the organisation up first.")
            row.name = cleaned.name
            row.charity_number = cleaned.charity_number
            row.supervision_interval_days = cleaned.supervision_interval_days
            row.small_number_threshold = cleaned.small_number_threshold
            row.retention_years = cleaned.retention_years
            row.updated_at = utc_now()
            return _info(row)

    def set_logo(self, actor: Actor, path: Path | None) -> OrganisationInfo:
        """Use the image at ``path`` as the logo on every report, or none (``None``).

        The file must exist and be a PNG or JPEG image under 2 MB (ValidationError, field
        ``logo_path``, otherwise). Its absolute path is kept; the other details are unchanged.
        """
        access_rules.require_administrator(actor, "change the organisation's settings")
        value = "" if path is None else str(_checked_logo(Path(path)))
        with self._sessions.begin() as session:
            row = session.scalars(select(Organisation).order_by(Organisation.id).limit(1)).first()
            if row is None:
                raise Conflict("Set the organisation up first.")
            row.logo_path = value
            row.updated_at = utc_now()
            return _info(row)


def _checked_logo(path: Path) -> Path:
    """The logo file's absolute path, once it is known to be a PNG or JPEG under 2 MB."""
    path = path.expanduser().absolute()

    def problem(message: str) -> ValidationError:
        return ValidationError([FieldError("logo_path", message)])

    if path.is_dir():
        raise problem(f"{path.name} is a folder. Choose an image file (PNG or JPEG).")
    try:
        with path.open("rb") as handle:
            size = path.stat().st_size
            head = handle.read(LOGO_HEAD_BYTES)
    except FileNotFoundError:
        raise problem(f"There is no file called {path.name} in {path.parent}.") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise problem(f"PeerDesk cannot read {path.name} ({reason}).") from None
    check_logo(path.name, size, head)
    return path


def _info(row: Organisation) -> OrganisationInfo:
    return OrganisationInfo(
        id=row.id,
        details=OrganisationDetails(
            name=row.name,
            charity_number=row.charity_number,
            supervision_interval_days=row.supervision_interval_days,
            small_number_threshold=row.small_number_threshold,
            retention_years=row.retention_years,
        ),
        logo_path=row.logo_path or "",
    )
