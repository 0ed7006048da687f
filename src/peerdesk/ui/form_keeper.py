"""Keeping a form's typing when PeerDesk locks, and giving it back when the form opens again.

A form dialog makes a ``FormKeeper(dialog, services, actor, form_key, staff_id)``, puts
``keeper.bar`` at the top of its layout and calls ``keeper.start()`` once its own values
are loaded. Locking calls the dialog's ``save_draft_now()``, which calls ``keep_now()``: if
anything was changed, the form's values are kept in the database (services/
form_draft_service) before the window is destroyed. Opening the same form again puts them
back, with a bar saying so and a "Throw it away" button. Saving or cancelling the form
afterwards forgets the draft: the person has decided.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QPushButton

from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.errors import StorageError
from peerdesk.ui.agreement_tab import SUCCESS_COLOUR
from peerdesk.ui.form_helpers import local_time_text
from peerdesk.ui.form_state import Values, capture, restore

RESTORED = (
    "Restored what you were typing when PeerDesk locked ({when}). Save to keep it, or throw "
    "it away to start from what is saved."
)


class FormKeeper(QObject):
    def __init__(
        self,
        dialog: QDialog,
        services: Services,
        actor: Actor,
        form_key: str,
        staff_id: int | None = None,
    ) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._drafts = services.form_drafts
        self._actor = actor
        self._key = form_key
        self._staff_id = staff_id
        self._baseline: Values = {}
        self._restored = False
        self._kept = False  # kept by the lock: the dialog's closing must not forget it

        self.bar = QFrame()
        self.bar.setObjectName("kept_form_bar")
        self.bar.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(8, 6, 8, 6)
        self.label = QLabel()
        self.label.setObjectName("kept_form_message")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setStyleSheet(f"color: {SUCCESS_COLOUR};")
        row.addWidget(self.label, 1)
        self.throw_away_button = QPushButton("Throw it away")
        self.throw_away_button.setObjectName("throw_away_kept_form")
        self.throw_away_button.setAutoDefault(False)
        row.addWidget(self.throw_away_button)
        self.bar.hide()
        self.throw_away_button.clicked.connect(self.throw_away)
        dialog.finished.connect(self._finished)

    @property
    def restored(self) -> bool:
        return self._restored

    def start(self) -> None:
        """Note the form's values as loaded, then put back a kept draft if there is one."""
        self._baseline = capture(self._dialog)
        try:
            kept = self._drafts.get(self._actor, self._key)
        except StorageError:
            return
        if kept is None:
            return
        restore(self._dialog, kept.fields)
        self._restored = True
        self.label.setText(RESTORED.format(when=local_time_text(kept.saved_at)))
        self.bar.show()

    def changed(self) -> bool:
        return capture(self._dialog) != self._baseline

    def keep_now(self) -> bool:
        """Keep the fields changed since the form was loaded, if any; True if kept. Only
        those: the rest comes from what is saved when the form opens again, so a change
        someone else saves meanwhile is not undone."""
        now = capture(self._dialog)
        changed = {name: value for name, value in now.items() if self._baseline.get(name) != value}
        if not changed:
            return False
        try:
            self._drafts.keep(
                self._actor,
                self._key,
                self._dialog.windowTitle(),
                changed,
                staff_id=self._staff_id,
            )
        except StorageError:
            return False
        self._kept = True
        return True

    def throw_away(self) -> None:
        """Back to the saved values, and the draft forgotten."""
        restore(self._dialog, self._baseline)
        self._forget()
        self.bar.hide()

    def _finished(self, _code: int) -> None:
        if self._kept:
            return  # closed by the lock, just after keeping it
        if self._restored:
            self._forget()

    def _forget(self) -> None:
        self._restored = False
        with contextlib.suppress(StorageError):
            self._drafts.drop(self._actor, self._key)
