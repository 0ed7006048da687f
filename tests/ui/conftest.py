"""Fixtures for GUI tests of single dialogs: real services on a temporary database.

Dialogs are opened with ``open()`` (never ``exec()``, which blocks offscreen) and handed to
qtbot, which closes them after the test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.domain.staff import StaffDetails
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.staff_service import StaffRecord
from peerdesk.ui.leaver_dialog import LeaverDialog
from peerdesk.ui.staff_dialog import StaffDialog
from tests.conftest import TODAY

StaffMemberFactory = Callable[..., StaffRecord]


@pytest.fixture
def staff_member_factory(services: Services, admin: Actor) -> StaffMemberFactory:
    """Add a person through the service: ``staff_member_factory("Ada Lovelace", job_title=…)``.

    Any StaffDetails field can be given by keyword; the rest get plain defaults.
    """

    def make(full_name: str, **fields: Any) -> StaffRecord:
        fields.setdefault("role_category", RoleCategory.PEER_WORKER)
        fields.setdefault("employment_type", EmploymentType.PERMANENT)
        fields.setdefault("start_date", dt.date(2023, 4, 3))
        return services.staff.create(admin, StaffDetails(full_name=full_name, **fields))

    return make


@pytest.fixture
def staff_dialog_factory(
    qtbot: QtBot, services: Services, admin: Actor
) -> Callable[..., StaffDialog]:
    """Open the add (no id) or edit (an id) person dialog, with today = tests' TODAY."""

    def make(staff_id: int | None = None) -> StaffDialog:
        dialog = StaffDialog(services, admin, staff_id, today=TODAY)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        return dialog

    return make


@pytest.fixture
def leaver_dialog_factory(
    qtbot: QtBot, services: Services, admin: Actor
) -> Callable[[int], LeaverDialog]:
    """Open the mark-as-leaver dialog for a person, with today = tests' TODAY."""

    def make(staff_id: int) -> LeaverDialog:
        dialog = LeaverDialog(services, admin, staff_id, today=TODAY)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        return dialog

    return make
