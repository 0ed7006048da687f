"""Settings: the supervision standard beyond the default interval (kept with the
organisation's details): new starters, "due this week", and intervals per role category."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from peerdesk.domain.enums import RoleCategory
from peerdesk.domain.validation import ValidationError
from peerdesk.services.errors import Conflict
from peerdesk.ui.context import AppContext
from peerdesk.ui.form_helpers import make_error_label, show_error

SAME_AS_DEFAULT = "Same as the default"


def _days_spin(name: str, low: int, high: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setSuffix(" days")
    return spin


class StandardEditor(QGroupBox):
    saved = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Supervision standard", parent)
        self._context = context
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.new_starter_spin = _days_spin("new_starter_days", 1, 365)
        self.due_soon_spin = _days_spin("due_soon_days", 0, 60)
        for text, spin in (
            ("A new starter's &first session within", self.new_starter_spin),
            ("Show as &due this week from", self.due_soon_spin),
        ):
            label = QLabel(text)
            label.setBuddy(spin)
            form.addRow(label, spin)
        self.due_soon_spin.setSuffix(" days before")
        hint = QLabel("Where a role is supervised more or less often than the default:")
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        form.addRow(hint)
        self.role_spins: dict[RoleCategory, QSpinBox] = {}
        for role in RoleCategory:
            spin = _days_spin(f"interval_{role.value}", 0, 365)
            spin.setSpecialValueText(SAME_AS_DEFAULT)
            spin.setAccessibleName(f"{role.label}: supervision every")
            self.role_spins[role] = spin
            form.addRow(role.label, spin)
        self.error = make_error_label("standard")
        form.addRow(self.error)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save supervision standard")
        self.save_button.setObjectName("save_standard_button")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("muted")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved_label, 1)
        form.addRow(buttons)
        self.save_button.clicked.connect(self.save)
        self.load()

    def load(self) -> None:
        standard = self._context.services.schedule.standard(self._context.actor)
        self.new_starter_spin.setValue(standard.new_starter_days)
        self.due_soon_spin.setValue(standard.due_soon_days)
        for role, spin in self.role_spins.items():
            spin.setValue(standard.interval_by_role.get(role, 0))

    def save(self) -> None:
        schedule = self._context.services.schedule
        actor = self._context.actor
        # the default interval is edited with the organisation's details: keep it as it is
        standard = replace(
            schedule.standard(actor),
            new_starter_days=self.new_starter_spin.value(),
            due_soon_days=self.due_soon_spin.value(),
            interval_by_role={
                role: spin.value() for role, spin in self.role_spins.items() if spin.value()
            },
        )
        try:
            schedule.set_standard(actor, standard)
        except (ValidationError, Conflict) as exc:
            show_error(self.error, str(exc))
            self.saved_label.setText("Not saved.")
            return
        show_error(self.error, None)
        self.load()
        self.saved_label.setText("Saved.")
        self.saved.emit()
