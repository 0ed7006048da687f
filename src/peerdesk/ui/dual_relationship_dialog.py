"""Add or edit an entry in a person's dual-relationship register.

Callers open them with ``open()``; ``saved`` carries what the service returned.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.enums import DualRelationshipType
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.dual_relationship_service import MAX_AGREED_BY, NON_IDENTIFYING_GUIDANCE
from peerdesk.services.schedule_views import DualRelationshipDetails, DualRelationshipInfo
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import (
    connect_optional,
    current_data,
    date_row,
    field_with_error,
    fill_enum_combo,
    make_date_edit,
    make_error_label,
    make_hint,
    make_text_edit,
    optional_date,
    select_data,
    set_optional_date,
    to_qdate,
)


class RelationshipDialog(FormDialog):
    """Add a dual relationship (``entry`` None) or edit one that has not ended."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        staff_id: int,
        entry: DualRelationshipInfo | None = None,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        title = "Add a dual relationship" if entry is None else "Edit a dual relationship"
        super().__init__(title, "", parent)
        self.setObjectName("relationship_dialog")
        self._services = services
        self._actor = actor
        self._staff_id = staff_id
        self._entry = entry

        self.relationship_type = QComboBox()
        self.relationship_type.setObjectName("relationship_type")
        fill_enum_combo(self.relationship_type, DualRelationshipType)
        self._row("&Kind of relationship *", "relationship_type", self.relationship_type)

        self.description = make_text_edit("description", 3)
        guidance = make_hint(NON_IDENTIFYING_GUIDANCE + ".")
        guidance.setObjectName("description_hint")
        description_box = QWidget()
        box = QVBoxLayout(description_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.description)
        box.addWidget(guidance)
        self._row("&Description *", "description", self.description, description_box)

        self.how_managed = make_text_edit(
            "how_managed", 4, "For example: they never work one-to-one with them"
        )
        self._row("&How it is managed *", "how_managed", self.how_managed)

        self.agreed_by = QLineEdit()
        self.agreed_by.setObjectName("agreed_by")
        self.agreed_by.setMaxLength(MAX_AGREED_BY)
        self.agreed_by.setPlaceholderText("Who agreed how it is managed")
        self._row("A&greed by", "agreed_by", self.agreed_by)

        self.agreed_on_check = QCheckBox("Agreed &on")
        self.agreed_on_check.setObjectName("agreed_on_check")
        self.agreed_on = make_date_edit("agreed_on")
        self.agreed_on.setAccessibleName("Agreed on")
        self._optional_date_row("agreed_on", self.agreed_on_check, self.agreed_on)

        self.review_check = QCheckBox("&Review on")
        self.review_check.setObjectName("review_check")
        self.review_date = make_date_edit("review_date")
        self.review_date.setAccessibleName("Review date")
        self._optional_date_row("review_date", self.review_check, self.review_date)

        self.agreed_on.setDate(to_qdate(today))
        self.review_date.setDate(to_qdate(today))
        if entry is None:
            self.agreed_on_check.setChecked(True)
            self.agreed_by.setText(actor.display_name if actor.user_id is not None else "")
        else:
            self._fill(entry.details)
        for name, edit in (("description", self.description), ("how_managed", self.how_managed)):
            edit.textChanged.connect(lambda f=name: self.errors.clear(f))
        QWidget.setTabOrder(self.relationship_type, self.description)
        QWidget.setTabOrder(self.description, self.how_managed)
        QWidget.setTabOrder(self.how_managed, self.agreed_by)
        QWidget.setTabOrder(self.agreed_by, self.agreed_on_check)
        QWidget.setTabOrder(self.agreed_on_check, self.agreed_on)
        QWidget.setTabOrder(self.agreed_on, self.review_check)
        QWidget.setTabOrder(self.review_check, self.review_date)
        self.resize(580, self.sizeHint().height())
        (self.relationship_type if entry is None else self.description).setFocus()

    def _optional_date_row(self, field: str, check: QCheckBox, date: QDateEdit) -> None:
        error = make_error_label(field)
        self.errors.add(field, error, date)
        connect_optional(check, date)
        self.form.addRow(check, field_with_error(date_row(date), error))

    def _fill(self, d: DualRelationshipDetails) -> None:
        select_data(self.relationship_type, DualRelationshipType(d.relationship_type).value)
        self.description.setPlainText(d.description)
        self.how_managed.setPlainText(d.how_managed)
        self.agreed_by.setText(d.agreed_by)
        set_optional_date(self.agreed_on_check, self.agreed_on, d.agreed_on)
        set_optional_date(self.review_check, self.review_date, d.review_date)

    def details(self) -> DualRelationshipDetails:
        return DualRelationshipDetails(
            relationship_type=DualRelationshipType(current_data(self.relationship_type)),
            description=self.description.toPlainText(),
            how_managed=self.how_managed.toPlainText(),
            agreed_by=self.agreed_by.text(),
            agreed_on=optional_date(self.agreed_on_check, self.agreed_on),
            review_date=optional_date(self.review_check, self.review_date),
        )

    def _save(self) -> DualRelationshipInfo:
        service = self._services.dual_relationships
        if self._entry is None:
            return service.add(self._actor, self._staff_id, self.details())
        return service.update(self._actor, self._entry.id, self.details())
