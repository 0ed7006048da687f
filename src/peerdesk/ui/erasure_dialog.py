"""The confirmation before erasing a leaver's records: what goes, what stays, that backups
still hold the records until they are rotated out, and a tick ("I understand this cannot be
undone") before the Erase button works. After erasing it says what was done, in plain words.

``ErasureDialog(plan, erase)``: ``plan`` is the service's ErasurePlan; ``erase`` does the
erasure and returns an ErasureResult (or raises a service error, shown in the dialog).
Signal ``erased(result)`` after a successful erasure. Keys: Alt+U ticks, Alt+E erases,
Escape closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied
from peerdesk.services.errors import Conflict, NotFound, StorageError
from peerdesk.services.retention_views import ErasurePlan, ErasureResult
from peerdesk.ui.form_helpers import make_general_error_label, make_hint

BACKUPS_NOTE = "Backups made before today still hold these records until they are rotated out."


class ErasureDialog(QDialog):
    erased = Signal(object)  # the ErasureResult

    def __init__(
        self,
        plan: ErasurePlan,
        erase: Callable[[], ErasureResult],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("erasure_dialog")
        self._erase = erase
        self.result_value: ErasureResult | None = None
        if plan.whole_person:
            what = "Erase person"
        elif plan.record:
            what = "Erase one record"
        else:
            what = "Erase these records"
        self.setWindowTitle(f"{what} — PeerDesk")
        self.setMinimumWidth(520)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        if plan.whole_person:
            question = f"Erase everything about {plan.name}?"
        elif plan.record:
            question = f"Erase this record of {plan.name}?"
        else:
            question = f"Erase {plan.kinds[0].kind.label.lower()} of {plan.name}?"
        heading = QLabel(question)
        heading.setObjectName("erasure_heading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)

        sentences = list(plan.sentences)
        if not any(line.startswith("Backups made before today") for line in sentences):
            sentences.insert(max(0, len(sentences) - 1), BACKUPS_NOTE)
        self.plan_label = QLabel("\n".join(f"• {line}" for line in sentences))
        self.plan_label.setObjectName("erasure_plan")
        self.plan_label.setTextFormat(Qt.TextFormat.PlainText)
        self.plan_label.setWordWrap(True)
        self.plan_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plan_label.setAccessibleName("What erasing does")
        layout.addWidget(self.plan_label)

        self.error = make_general_error_label(self)
        layout.addWidget(self.error)

        self.understand = QCheckBox("I &understand this cannot be undone")
        self.understand.setObjectName("understand_check")
        layout.addWidget(self.understand)

        self.done_label = make_hint("")
        self.done_label.setObjectName("erasure_done")
        self.done_label.hide()
        layout.addWidget(self.done_label)

        self.buttons = QDialogButtonBox()
        self.erase_button = QPushButton("&Erase")
        self.erase_button.setObjectName("erase_button")
        self.erase_button.setEnabled(False)
        self.erase_button.setAutoDefault(False)
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        assert self.cancel_button is not None
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setDefault(True)
        layout.addWidget(self.buttons)

        self.understand.toggled.connect(self.erase_button.setEnabled)
        self.erase_button.clicked.connect(self.erase)
        self.cancel_button.clicked.connect(self.reject)
        self.understand.setFocus()

    def erase(self) -> None:
        if not self.understand.isChecked():
            return
        self.error.hide()
        try:
            result = self._erase()
        except (Conflict, NotFound, AccessDenied, ValidationError, StorageError) as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.result_value = result
        self.understand.setEnabled(False)
        self.erase_button.setEnabled(False)
        self.erase_button.hide()
        self.done_label.setText(result.message)
        self.done_label.show()
        assert self.cancel_button is not None
        self.cancel_button.setText("Close")
        self.cancel_button.clicked.disconnect()
        self.cancel_button.clicked.connect(self.accept)
        self.cancel_button.setFocus()
        self.erased.emit(result)
