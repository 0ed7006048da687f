"""Forms kept across a lock: what a user was typing in a form (a person's details, an
involvement activity) when PeerDesk locked, so locking never loses a word.

Each draft belongs to the user who typed it and to one form (``form_key``, such as
"staff:12" or "involvement:new"); keeping it again replaces it. Only that user reads it
back, when they open the same form again. The fields are the form's own widget values, as
typed (they need not be valid yet), held in the encrypted database like everything else
and never copied into the audit trail (``change_audit`` skips this table). A draft about a
person (``staff_id``) goes when that person's records are erased.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.services.actor import Actor
from peerdesk.store.models import FormDraft, StaffMember
from peerdesk.store.types import utc_now

MAX_KEY = 64
MAX_TITLE = 200


@dataclass(frozen=True)
class KeptForm:
    """A form's draft, as kept when PeerDesk locked."""

    form_key: str
    title: str
    fields: dict[str, Any]
    saved_at: dt.datetime  # UTC


def _mine(actor: Actor) -> Any:
    if actor.user_id is None:
        return FormDraft.user_id.is_(None)
    return FormDraft.user_id == actor.user_id


class FormDraftService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def keep(
        self,
        actor: Actor,
        form_key: str,
        title: str,
        fields: Mapping[str, Any],
        staff_id: int | None = None,
    ) -> None:
        """Keep what the actor typed in ``form_key`` (replacing an earlier draft of it)."""
        key = form_key[:MAX_KEY]
        text = json.dumps(dict(fields), ensure_ascii=False, sort_keys=True)
        with self._sessions.begin() as session:
            if staff_id is not None and session.get(StaffMember, staff_id) is None:
                staff_id = None  # the person has gone: the typing is still kept
            session.execute(delete(FormDraft).where(_mine(actor), FormDraft.form_key == key))
            session.add(
                FormDraft(
                    user_id=actor.user_id,
                    form_key=key,
                    staff_id=staff_id,
                    title=title[:MAX_TITLE],
                    fields=text,
                    saved_at=utc_now(),
                )
            )

    def get(self, actor: Actor, form_key: str) -> KeptForm | None:
        """The actor's draft of ``form_key``, or None."""
        with self._sessions() as session:
            row = session.scalars(
                select(FormDraft)
                .where(_mine(actor), FormDraft.form_key == form_key[:MAX_KEY])
                .order_by(FormDraft.id.desc())
                .limit(1)
            ).first()
            return None if row is None else _kept(row)

    def held(self, actor: Actor) -> list[KeptForm]:
        """Every draft the actor has kept, the newest first."""
        with self._sessions() as session:
            rows = session.scalars(
                select(FormDraft).where(_mine(actor)).order_by(FormDraft.saved_at.desc())
            )
            return [_kept(row) for row in rows]

    def drop(self, actor: Actor, form_key: str) -> None:
        """Forget the actor's draft of ``form_key`` (saved, or thrown away)."""
        with self._sessions.begin() as session:
            session.execute(
                delete(FormDraft).where(_mine(actor), FormDraft.form_key == form_key[:MAX_KEY])
            )


def _kept(row: FormDraft) -> KeptForm:
    try:
        fields = json.loads(row.fields)
    except ValueError:
        fields = {}
    return KeptForm(
        form_key=row.form_key,
        title=row.title,
        fields=fields if isinstance(fields, dict) else {},
        saved_at=row.saved_at,
    )
