"""Opening the supervision dialogs the same way from every page.

Each dialog is opened window-modal with ``open()`` (never ``exec()``), deletes itself when
closed, and calls back after a save so the page that opened it can refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from peerdesk.ui.context import AppContext

if TYPE_CHECKING:
    from peerdesk.ui.session_dialog import SessionDialog
    from peerdesk.ui.supervision_file_dialog import SupervisionFileDialog


def open_session_dialog(
    context: AppContext,
    parent: QWidget,
    staff_id: int,
    session_id: int | None = None,
    on_saved: Callable[[], None] | None = None,
) -> SessionDialog:
    """Record a new one-to-one with the person (``session_id`` None) or open a past one."""
    from peerdesk.ui.session_dialog import SessionDialog

    dialog = SessionDialog(
        context.services, context.actor, staff_id, session_id, parent, today=context.today()
    )
    if on_saved is not None:
        dialog.saved.connect(lambda _record: on_saved())
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def open_supervision_file(
    context: AppContext,
    parent: QWidget,
    staff_id: int,
    tab: str = "agreement",
    on_changed: Callable[[], None] | None = None,
) -> SupervisionFileDialog:
    """The person's agreement, dual-relationship register and absences."""
    from peerdesk.ui.supervision_file_dialog import SupervisionFileDialog

    dialog = SupervisionFileDialog(
        context.services, context.actor, staff_id, parent, today=context.today()
    )
    dialog.show_tab(tab)
    if on_changed is not None:
        dialog.changed.connect(on_changed)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
