"""Raise a training need in a one-to-one: a request for a course, linked to the session.

Callers open it with ``open()``; ``saved`` carries the new training record (RecordInfo).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QWidget

from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services.actor import Actor
from peerdesk.services.training_views import RecordInfo
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import current_data, fill_combo, make_text_edit

if TYPE_CHECKING:
    from peerdesk.services.bundle import Services

NO_COURSES = (
    "There are no courses in the catalogue yet: add them under Checklists, Training, "
    "Courses, then raise the need here."
)


class TrainingNeedDialog(FormDialog):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        session_id: int,
        supervisee_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Raise a training need",
            f"A request for {supervisee_name}, linked to this one-to-one. It appears in "
            "their training records, where it can be booked and completed.",
            parent,
        )
        self.setObjectName("training_need_dialog")
        self._services = services
        self._actor = actor
        self._session_id = session_id
        self.course_combo = QComboBox()
        self.course_combo.setObjectName("need_course")
        courses = services.training.courses(actor)
        fill_combo(self.course_combo, [(course.details.name, course.id) for course in courses])
        self._row("&Course *", "course_id", self.course_combo)
        self.notes_edit = make_text_edit("need_notes", 3, "Why, and anything to arrange")
        self._row("&Notes", "notes", self.notes_edit)
        if not courses:
            self.errors.show_general(NO_COURSES)
            self.save_button.setEnabled(False)
        self.setMinimumWidth(460)
        self.course_combo.setFocus()

    def _save(self) -> RecordInfo:
        course_id = current_data(self.course_combo)
        if course_id is None:
            raise ValidationError([FieldError("course_id", "Choose a course.")])
        return self._services.training.raise_need(
            self._actor, self._session_id, int(course_id), self.notes_edit.toPlainText()
        )
