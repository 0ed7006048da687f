"""Add or edit a course in the training catalogue: its name, kind, how long it stays valid,
which role categories it is for, and a description.

Callers open it with ``open()``; ``saved`` carries the CourseInfo the service returned.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.enums import CourseKind, RoleCategory
from peerdesk.domain.training import MAX_COURSE_NAME, MAX_VALIDITY_MONTHS, MIN_VALIDITY_MONTHS
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.training_views import CourseDetails, CourseInfo
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import (
    current_data,
    fill_enum_combo,
    make_hint,
    make_text_edit,
    select_data,
)

APPLIES_HINT = {
    CourseKind.MANDATORY: "Required of the ticked roles; tick none if everyone must do it.",
    CourseKind.ROLE_SPECIFIC: "Who the course is for; tick none if it is open to every role.",
    CourseKind.DEVELOPMENT: "Who the course is for; tick none if it is open to every role.",
}


class CourseDialog(FormDialog):
    """Add a course (``course`` None) or edit one."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        course: CourseInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "Add a course" if course is None else "Edit a course"
        super().__init__(title, "", parent)
        self.setObjectName("course_dialog")
        self._services = services
        self._actor = actor
        self._course = course

        self.name = QLineEdit()
        self.name.setObjectName("course_name")
        self.name.setMaxLength(MAX_COURSE_NAME)
        self.name.setPlaceholderText("For example: Safeguarding adults")
        self._row("Course &name *", "name", self.name)

        self.kind = QComboBox()
        self.kind.setObjectName("course_kind")
        fill_enum_combo(self.kind, CourseKind)
        self._row("&Kind *", "kind", self.kind)

        self.validity = QSpinBox()
        self.validity.setObjectName("validity_months")
        self.validity.setRange(MIN_VALIDITY_MONTHS, MAX_VALIDITY_MONTHS)
        self.validity.setSuffix(" months")
        self.validity.setValue(36)
        self.validity.setAccessibleName("Valid for, in months")
        self.never_expires = QCheckBox("&Does not expire")
        self.never_expires.setObjectName("never_expires")
        validity_row = QWidget()
        line = QHBoxLayout(validity_row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.validity)
        line.addSpacing(12)
        line.addWidget(self.never_expires)
        line.addStretch(1)
        self._row("&Valid for", "validity_months", self.validity, validity_row)
        self.never_expires.toggled.connect(lambda on: self.validity.setEnabled(not on))

        self.roles: dict[RoleCategory, QCheckBox] = {}
        roles_box = QWidget()
        roles_box.setObjectName("applies_to")
        outer = QVBoxLayout(roles_box)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        for i, role in enumerate(RoleCategory):
            check = QCheckBox(role.label)
            check.setObjectName(f"applies_{role.value}")
            self.roles[role] = check
            grid.addWidget(check, i // 2, i % 2)
        outer.addLayout(grid)
        self.applies_hint = make_hint("")
        self.applies_hint.setObjectName("applies_hint")
        outer.addWidget(self.applies_hint)
        first_role = self.roles[RoleCategory.PEER_WORKER]
        label = self._row("&Applies to", "applies_to", first_role, roles_box)
        label.setToolTip("The role categories the course is for")

        self.description = make_text_edit("description", 3, "What the course covers")
        self._row("D&escription", "description", self.description)

        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.name.textChanged.connect(lambda _t: self.errors.clear("name"))
        self.validity.valueChanged.connect(lambda _v: self.errors.clear("validity_months"))
        if course is not None:
            self._fill(course)
        self._kind_changed()
        self.resize(560, self.sizeHint().height())
        self.name.setFocus()

    def _fill(self, course: CourseInfo) -> None:
        d = course.details
        self.name.setText(d.name)
        select_data(self.kind, d.kind.value)
        self.never_expires.setChecked(d.validity_months is None)
        if d.validity_months is not None:
            self.validity.setValue(d.validity_months)
        for role, check in self.roles.items():
            check.setChecked(role in d.applies_to)
        self.description.setPlainText(d.description)

    def _kind_changed(self) -> None:
        self.applies_hint.setText(APPLIES_HINT[CourseKind(current_data(self.kind))])

    def details(self) -> CourseDetails:
        return CourseDetails(
            name=self.name.text(),
            kind=CourseKind(current_data(self.kind)),
            validity_months=None if self.never_expires.isChecked() else self.validity.value(),
            applies_to=tuple(role for role, check in self.roles.items() if check.isChecked()),
            description=self.description.toPlainText(),
        )

    def _save(self) -> CourseInfo:
        service = self._services.training
        if self._course is None:
            return service.add_course(self._actor, self.details())
        return service.update_course(self._actor, self._course.id, self.details())
