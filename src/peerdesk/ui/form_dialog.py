"""A small form dialog: a titled form with a general error, Save (Ctrl+S, Enter) and
Cancel (Esc); subclasses add rows and say what saving does. And the one-date dialog.

Callers open them with ``open()``; ``saved`` carries what the service returned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.ui.form_helpers import (
    FieldErrors,
    add_save_shortcut,
    date_row,
    field_with_error,
    from_qdate,
    make_date_edit,
    make_error_label,
    make_general_error_label,
    make_hint,
    make_save_cancel_buttons,
    to_qdate,
)


class FormDialog(QDialog):
    """A titled form with a general error, Save (Ctrl+S, Enter) and Cancel (Esc)."""

    saved = Signal(object)

    def __init__(self, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(10)
        if intro:
            outer.addWidget(make_hint(intro))
        general = make_general_error_label()
        outer.addWidget(general)
        self.errors = FieldErrors(general)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        outer.addLayout(self.form)
        outer.addStretch(1)
        self.button_box, self.save_button, self.cancel_button = make_save_cancel_buttons()
        outer.addWidget(self.button_box)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        add_save_shortcut(self, self.save)

    def _row(self, text: str, field: str, widget: QWidget, row: QWidget | None = None) -> QLabel:
        label = QLabel(text)
        label.setObjectName(f"{field}_label")
        label.setBuddy(widget)
        error = make_error_label(field)
        self.form.addRow(label, field_with_error(row if row is not None else widget, error))
        self.errors.add(field, error, widget)
        return label

    def save(self) -> None:
        self.errors.clear_all()
        try:
            result = self._save()
        except ValidationError as exc:
            self.errors.show_errors(list(exc.errors))
            return
        except (NotFound, Conflict, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            return
        self.saved.emit(result)
        self.accept()

    def _save(self) -> object:
        raise NotImplementedError


class DateDialog(FormDialog):
    """Ask for one date and hand it to ``save``; its errors show under the date."""

    def __init__(
        self,
        title: str,
        intro: str,
        label: str,
        field: str,
        initial: dt.date,
        save: Callable[[dt.date], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, intro, parent)
        self.setObjectName(f"{field}_dialog")
        self._save_date = save
        self.date = make_date_edit(field)
        self.date.setDate(to_qdate(initial))
        self._row(label, field, self.date, date_row(self.date))
        self.date.dateChanged.connect(lambda _d: self.errors.clear(field))
        self.setMinimumWidth(460)
        self.date.setFocus()

    def _save(self) -> object:
        return self._save_date(from_qdate(self.date.date()))
