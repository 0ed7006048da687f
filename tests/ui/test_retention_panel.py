"""The Retention and erasure panel, driven like an administrator would."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.retention import Keepable, RecordKind
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.ui.context import AppContext
from peerdesk.ui.erasure_dialog import ErasureDialog
from peerdesk.ui.retention_panel import EMPTY_QUEUE, RetentionPanel
from tests.ui.app_fixtures import add_person


@pytest.fixture
def panel(
    qtbot: QtBot, app_context: AppContext, services: Services, admin: Actor
) -> RetentionPanel:
    services.organisation.create(admin, OrganisationDetails(name="Brighter Paths"))
    gone = add_person(
        services,
        admin,
        "Gwen Davies",
        start=dt.date(2012, 1, 9),
        end=dt.date(2018, 3, 30),
        reason="Moved away",
    )
    services.absences.add(admin, gone.id, dt.date(2017, 2, 1), dt.date(2017, 2, 10), "Sick")
    add_person(services, admin, "Cora Current")
    widget = RetentionPanel(app_context)
    qtbot.addWidget(widget)
    widget.refresh()
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _people(panel: RetentionPanel) -> list[tuple[str, str]]:
    model = panel.model
    return [
        (model.index(row, 0).data(), model.index(row, 2).data()) for row in range(model.rowCount())
    ]


def test_changing_a_period_and_saving(
    qtbot: QtBot, panel: RetentionPanel, services: Services, admin: Actor
) -> None:
    spin = panel.period_spins[RecordKind.TRAINING]
    assert spin.value() == 72
    spin.selectAll()
    qtbot.keyClicks(spin.lineEdit(), "30")
    assert spin.value() == 30
    panel.keep_checks[Keepable.TEAM].setChecked(True)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    settings = services.retention.settings(admin)
    assert settings.periods[RecordKind.TRAINING] == 30
    assert Keepable.TEAM in settings.kept
    assert panel.settings_message.text() == "Saved."
    words = panel.findChild(type(panel.settings_message), "period_words_training")
    assert words is not None and words.text() == "(2 years and 6 months)"


def test_the_queue_lists_a_leaver_past_their_date(panel: RetentionPanel) -> None:
    people = _people(panel)
    assert ("Gwen Davies", "Absences") in people
    assert all(name == "Gwen Davies" for name, _kind in people)  # current staff never
    assert panel.empty_label.isHidden()
    assert not panel.erase_person_button.isEnabled()  # nothing selected yet


def test_erasing_a_person_needs_the_tick_and_empties_the_queue(
    qtbot: QtBot, panel: RetentionPanel, services: Services, admin: Actor
) -> None:
    panel.table.selectRow(0)
    assert panel.erase_person_button.isEnabled()
    qtbot.mouseClick(panel.erase_person_button, Qt.MouseButton.LeftButton)
    dialog = panel.current_dialog
    assert isinstance(dialog, ErasureDialog)
    qtbot.waitExposed(dialog)
    text = dialog.plan_label.text()
    assert "Goes: Absences: 1 absence." in text
    assert "Stays, because your organisation keeps it: name, dates of employment." in text
    assert "Backups made before today still hold these records" in text
    assert not dialog.erase_button.isEnabled()
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)  # does nothing
    assert services.retention.queue(admin) != []
    tick = dialog.findChild(QCheckBox, "understand_check")
    assert tick is not None
    qtbot.keyClick(tick, Qt.Key.Key_Space)
    assert dialog.erase_button.isEnabled()
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert dialog.done_label.text().startswith("Erased.")
    assert services.retention.queue(admin) == []
    assert panel.model.rowCount() == 0
    assert not panel.empty_label.isHidden() and panel.empty_label.text() == EMPTY_QUEUE
    assert panel.message.text().startswith("Erased.")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # now "Close"
    assert panel.current_dialog is None


def test_erasing_one_kind_leaves_the_rest_listed(
    qtbot: QtBot, panel: RetentionPanel, services: Services, admin: Actor
) -> None:
    row = next(n for n, (_name, kind) in enumerate(_people(panel)) if kind == "Absences")
    panel.table.selectRow(row)
    qtbot.mouseClick(panel.erase_records_button, Qt.MouseButton.LeftButton)
    dialog = panel.current_dialog
    assert isinstance(dialog, ErasureDialog)
    dialog.understand.setChecked(True)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    kinds = [kind for _name, kind in _people(panel)]
    assert "Absences" not in kinds and kinds  # personal details are still listed
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_erasing_one_record_chosen_from_the_list(
    qtbot: QtBot, panel: RetentionPanel, services: Services, admin: Actor
) -> None:
    from PySide6.QtWidgets import QLabel

    from peerdesk.ui.record_picker_dialog import RecordPickerDialog

    gwen = services.retention.queue(admin)[0].staff_id
    services.absences.add(admin, gwen, dt.date(2016, 5, 2), dt.date(2016, 5, 6), "Flu")
    panel.refresh()
    people = _people(panel)
    panel.table.selectRow(people.index(("Gwen Davies", "Personal details")))
    assert not panel.erase_one_button.isEnabled()  # fields of their record, not records
    panel.table.selectRow(people.index(("Gwen Davies", "Absences")))
    assert panel.erase_one_button.isEnabled()
    qtbot.mouseClick(panel.erase_one_button, Qt.MouseButton.LeftButton)
    picker = panel.current_dialog
    assert isinstance(picker, RecordPickerDialog)
    qtbot.waitExposed(picker)
    labels = [picker.list.item(n).text() for n in range(picker.list.count())]
    assert labels == [
        "Absence from 1 Feb 2017 to 10 Feb 2017",
        "Absence from 2 May 2016 to 6 May 2016",
    ]
    # the keyboard: down to the older absence, Enter to go on
    qtbot.keyClick(picker.list, Qt.Key.Key_Down)
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    dialog = panel.current_dialog
    assert isinstance(dialog, ErasureDialog)
    qtbot.waitExposed(dialog)
    heading = dialog.findChild(QLabel, "erasure_heading")
    assert heading is not None and heading.text() == "Erase this record of Gwen Davies?"
    text = dialog.plan_label.text()
    assert "Absence from 2 May 2016 to 6 May 2016" in text and "Goes: 1 absence." in text
    assert text.count("Backups made before today") == 1
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClick(dialog.understand, Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert dialog.done_label.text().startswith("Erased one record: 1 absence removed")
    # the other absence stays, and the queue still lists the kind
    left = services.retention.records(admin, gwen, RecordKind.ABSENCES)
    assert [r.label for r in left] == ["Absence from 1 Feb 2017 to 10 Feb 2017"]
    assert ("Gwen Davies", "Absences") in _people(panel)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert panel.current_dialog is None


def test_the_record_picker_says_whose_records_and_of_what_kind(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLabel

    from peerdesk.services.retention_views import HeldRecord
    from peerdesk.ui.record_picker_dialog import RecordPickerDialog

    record = HeldRecord(RecordKind.TRAINING, "training", 7, None, "Safeguarding: requested")
    picker = RecordPickerDialog("Gwen Davies", RecordKind.TRAINING, [record])
    qtbot.addWidget(picker)
    chosen: list[HeldRecord] = []
    picker.chosen.connect(chosen.append)
    heading = picker.findChild(QLabel, "record_picker_heading")
    assert heading is not None
    assert heading.text() == "Which of Gwen Davies's records do you want to erase?"
    assert picker.empty.isHidden()
    qtbot.mouseClick(picker.erase_button, Qt.MouseButton.LeftButton)
    assert chosen == [record]
    empty = RecordPickerDialog("Gwen Davies", RecordKind.TRAINING, [])
    qtbot.addWidget(empty)
    assert not empty.erase_button.isEnabled() and not empty.empty.isHidden()
