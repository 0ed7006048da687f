"""The staff table model: Qt's model checks, paging with fetchMore, SQL sorting."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from peerdesk.domain.enums import StaffStatus
from peerdesk.services.demo_service import generate_demo
from peerdesk.services.staff_service import StaffQuery
from peerdesk.ui.staff_table_model import (
    COL_NAME,
    COL_ROLE,
    COL_STATUS,
    HEADERS,
    PAGE_SIZE,
    StaffIdRole,
    StaffTableModel,
)
from tests.conftest import TODAY


def test_model_passes_qt_model_checks(qtmodeltester, services, admin, register) -> None:
    model = StaffTableModel(services.staff, admin)
    model.refresh()
    qtmodeltester.check(model, force_py=True)
    model.set_query(StaffQuery(status=StaffStatus.ALL))
    qtmodeltester.check(model, force_py=True)


def test_rows_show_names_roles_status_and_ids(services, admin, register) -> None:
    model = StaffTableModel(services.staff, admin)
    model.set_query(StaffQuery(status=StaffStatus.ALL, search="gwen"))
    assert model.rowCount() == 1
    assert model.data(model.index(0, COL_NAME)) == "Gwen Davies"
    assert model.data(model.index(0, COL_ROLE)) == "Peer worker"
    assert model.data(model.index(0, COL_STATUS)) == "Left 31 Mar 2025"
    assert model.data(model.index(0, 0), StaffIdRole) == register["gone"].id
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert [
        model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
    ] == list(HEADERS)


def test_large_registers_are_fetched_in_pages(qtmodeltester, database, services, admin) -> None:
    generate_demo(database.sessions, admin, staff=PAGE_SIZE * 2 + 50, months=6, seed=9, today=TODAY)
    model = StaffTableModel(services.staff, admin)
    model.set_query(StaffQuery(status=StaffStatus.ALL))
    assert model.total == PAGE_SIZE * 2 + 50
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == model.total
    ids = [model.data(model.index(r, 0), StaffIdRole) for r in range(model.rowCount())]
    assert len(set(ids)) == len(ids)
    qtmodeltester.check(model, force_py=True)


def test_sort_asks_the_service_for_a_new_order(services, admin, register) -> None:
    model = StaffTableModel(services.staff, admin)
    model.refresh()
    model.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    first = model.data(model.index(0, COL_NAME))
    assert first == "Zoë Łukasiewicz"
    model.sort(COL_NAME, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, COL_NAME)) == "Amara Okafor"
