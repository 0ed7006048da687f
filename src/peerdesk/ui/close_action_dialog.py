"""Close an open action outside a one-to-one: done, or dropped with the reason why.

For an action that will not come up in a next session (the person has left, the work was
done in between). Callers open it with ``open()``; ``saved`` carries the ActionView.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from peerdesk.domain.enums import ActionStatus
from peerdesk.services.actor import Actor
from peerdesk.services.supervision_views import ActionView, OpenAction
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import (
    current_data,
    fill_combo,
    format_date,
    make_hint,
    make_text_edit,
)

if TYPE_CHECKING:
    from peerdesk.services.bundle import Services


def agreed_text(row: OpenAction) -> str:
    text = f"Agreed with {row.supervisee_name} on {format_date(row.action.session_date)}"
    if row.action.due_date is not None:
        text += f", due {format_date(row.action.due_date)}"
    return text + "."


class CloseActionDialog(FormDialog):
    def __init__(
        self, services: Services, actor: Actor, row: OpenAction, parent: QWidget | None = None
    ) -> None:
        super().__init__("Close an action", agreed_text(row), parent)
        self.setObjectName("close_action_dialog")
        self._services = services
        self._actor = actor
        self._action_id = row.action.id

        description = QLabel(row.action.description)
        description.setObjectName("action_description")
        description.setTextFormat(Qt.TextFormat.PlainText)
        description.setWordWrap(True)
        font = description.font()
        font.setBold(True)
        description.setFont(font)
        self.form.insertRow(0, description)

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("close_status")
        fill_combo(
            self.status_combo, [("Done", ActionStatus.DONE), ("Dropped", ActionStatus.DROPPED)]
        )
        self._row("&Outcome", "status", self.status_combo)
        self.note_edit = make_text_edit("close_note", 4, "What happened; for a dropped action, why")
        self._row("&Note", "note", self.note_edit)
        self.form.addRow(
            make_hint(
                "Closing here is for actions that will not come up in a next one-to-one. "
                "The action stays on the record it was agreed in."
            )
        )
        self.note_edit.textChanged.connect(lambda: self.errors.clear("note"))
        self.status_combo.currentIndexChanged.connect(lambda _i: self.errors.clear("note"))
        self.setMinimumWidth(440)
        self.status_combo.setFocus()

    def _save(self) -> ActionView:
        return self._services.actions.close(
            self._actor,
            self._action_id,
            ActionStatus(current_data(self.status_combo)),
            None,
            self.note_edit.toPlainText(),
        )
