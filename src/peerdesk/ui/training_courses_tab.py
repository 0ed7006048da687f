"""The training catalogue: mandatory, role-specific and development courses, with New, Edit
and Retire. A retired course leaves the matrix and the course lists; its records stay, and
"Show retired courses" lists it again so that it can be restored."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.training_views import CourseInfo
from peerdesk.ui.course_dialog import CourseDialog
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import FieldErrors, make_general_error_label, make_hint
from peerdesk.ui.training_tables import (
    COL_APPLIES,
    COL_KIND,
    COL_NAME,
    COL_RECORDS,
    COL_VALIDITY,
    CourseTableModel,
)

D = TypeVar("D", bound=FormDialog)


def can_edit_catalogue(actor: Actor) -> bool:
    return actor.role in (Role.MANAGER, Role.ADMINISTRATOR)


class TrainingCoursesTab(QWidget):
    changed = Signal()  # after a course is added, edited, retired or restored

    def __init__(
        self, services: Callable[[], Services], actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("training_courses_tab")
        self._services = services
        self._actor = actor
        self.current_dialog: QDialog | None = None
        self._build()
        self.errors = FieldErrors(self.general_error)
        self.show_retired.toggled.connect(lambda _on: self.refresh())
        self.new_button.clicked.connect(self.open_new)
        self.edit_button.clicked.connect(self.open_edit)
        self.retire_button.clicked.connect(self.retire_or_restore)
        self.table.activated.connect(lambda _index: self.open_edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(
            make_hint(
                "Mandatory courses make up the training matrix. A course stays valid for "
                "the months given after it is completed; retire a course you no longer "
                "use (its records are kept)."
            ),
            1,
        )
        self.show_retired = QCheckBox("Show &retired courses")
        self.show_retired.setObjectName("show_retired")
        top.addWidget(self.show_retired, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.general_error = make_general_error_label()
        layout.addWidget(self.general_error)

        self.model = CourseTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("courses_table")
        self.table.setAccessibleName("Courses")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (COL_KIND, 120),
            (COL_VALIDITY, 120),
            (COL_APPLIES, 220),
            (COL_RECORDS, 70),
        ):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.empty_label = make_hint(
            "The catalogue is empty. Add the courses your staff do, starting with the "
            "mandatory ones such as safeguarding and data protection."
        )
        self.empty_label.setObjectName("courses_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty_label, 1)

        buttons = QHBoxLayout()
        self.new_button = QPushButton("Ne&w course…")
        self.new_button.setObjectName("new_course_button")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName("edit_course_button")
        self.retire_button = QPushButton("Re&tire")
        self.retire_button.setObjectName("retire_course_button")
        for button in (self.new_button, self.edit_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    # -- reading --------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        previous = self.selected()
        wanted = select_id if select_id is not None else (previous.id if previous else None)
        self.errors.clear_all()
        try:
            courses = self._services().training.courses(
                self._actor, include_retired=self.show_retired.isChecked()
            )
        except AccessDenied as exc:
            self.errors.show_general(str(exc))
            courses = []
        self.model.set_rows(courses)
        row = self.model.row_of(wanted) if wanted is not None else -1
        if row < 0 and courses:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self.table.setVisible(bool(courses))
        self.empty_label.setVisible(not courses)
        self._update_buttons()

    def selected(self) -> CourseInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        editor = can_edit_catalogue(self._actor)
        course = self.selected()
        self.new_button.setEnabled(editor)
        self.edit_button.setEnabled(editor and course is not None)
        self.retire_button.setEnabled(editor and course is not None)
        retired = course is not None and course.retired
        self.retire_button.setText("Res&tore" if retired else "Re&tire")
        self.retire_button.setToolTip(
            "Bring it back into the catalogue"
            if retired
            else "Take it out of the catalogue and the matrix; its records are kept"
        )

    # -- changing -------------------------------------------------------------------------

    def open_new(self) -> CourseDialog:
        return self._open(CourseDialog(self._services(), self._actor, None, self))

    def open_edit(self) -> CourseDialog | None:
        course = self.selected()
        if course is None or not can_edit_catalogue(self._actor):
            return None
        return self._open(CourseDialog(self._services(), self._actor, course, self))

    def retire_or_restore(self) -> None:
        course = self.selected()
        if course is None:
            return
        service = self._services().training
        try:
            if course.retired:
                result = service.restore_course(self._actor, course.id)
            else:
                result = service.retire_course(self._actor, course.id)
        except (NotFound, Conflict, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            return
        self._saved(result)

    def _open(self, dialog: D) -> D:
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: QDialog) -> None:
        if self.current_dialog is dialog:
            self.current_dialog = None
        dialog.deleteLater()

    def _saved(self, result: object) -> None:
        self.refresh(select_id=result.id if isinstance(result, CourseInfo) else None)
        self.changed.emit()
        self.table.setFocus()
