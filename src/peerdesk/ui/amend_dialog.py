"""Amend the text of a signed supervision record: which part, the new text, and why.

Callers open it with ``open()``; ``amended`` carries the SessionRecord after the amendment.
The original text is kept by the service, with who changed it, when and why.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.supervision_record import (
    AMENDABLE_FIELDS,
    FIELD_LABELS,
    HELD_ONLY_TEXT,
    MAX_NAME_LENGTH,
)
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.supervision_views import SessionRecord
from peerdesk.ui.form_helpers import (
    FieldErrors,
    current_data,
    field_with_error,
    fill_combo,
    make_error_label,
    make_general_error_label,
    make_hint,
    make_save_cancel_buttons,
)


def amendable_fields(record: SessionRecord) -> list[str]:
    """The parts of this record that can be amended (a session not held has no sections)."""
    held = record.outcome.counts_as_supervision
    return [f for f in AMENDABLE_FIELDS if held or f not in HELD_ONLY_TEXT]


class AmendDialog(QDialog):
    amended = Signal(object)  # the SessionRecord, after the amendment is kept

    def __init__(
        self,
        services: Services,
        actor: Actor,
        record: SessionRecord,
        field: str = "agreed_record",
        signer_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._record = record
        self.setObjectName("amend_dialog")
        self.setWindowTitle("Amend the signed record")
        self._build()
        fill_combo(
            self.field_combo,
            ((FIELD_LABELS.get(f, f), f) for f in amendable_fields(record)),
        )
        index = self.field_combo.findData(field)
        self.field_combo.setCurrentIndex(max(index, 0))
        self.amended_by.setText(signer_name or actor.display_name)
        self._show_current()
        self.field_combo.currentIndexChanged.connect(self._show_current)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        shortcut.activated.connect(self.save)
        for name, edit in (("new_text", self.new_text), ("reason", self.reason)):
            edit.textChanged.connect(lambda f=name: self.errors.clear(f))
        self.new_text.setFocus()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.addWidget(
            make_hint(
                "A signed record is never changed silently: the original text is kept "
                "with who changed it, when and why."
            )
        )
        general = make_general_error_label()
        outer.addWidget(general)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        outer.addLayout(form)
        outer.addStretch(1)
        self.errors = FieldErrors(general)

        def row(text: str, field: str, widget: QWidget) -> None:
            label = QLabel(text)
            label.setBuddy(widget)
            error = make_error_label(field)
            form.addRow(label, field_with_error(widget, error))
            self.errors.add(field, error, widget)

        self.field_combo = QComboBox()
        self.field_combo.setObjectName("field")
        row("&Part to amend", "field", self.field_combo)
        self.current_text = QPlainTextEdit()
        self.current_text.setObjectName("current_text")
        self.current_text.setReadOnly(True)
        self.current_text.setTabChangesFocus(True)
        self.current_text.setFixedHeight(self.current_text.fontMetrics().lineSpacing() * 4 + 14)
        form.addRow("Recorded text", self.current_text)
        self.new_text = QPlainTextEdit()
        self.new_text.setObjectName("new_text")
        self.new_text.setTabChangesFocus(True)
        self.new_text.setFixedHeight(self.new_text.fontMetrics().lineSpacing() * 5 + 14)
        row("&New text", "new_text", self.new_text)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("Why the record is being changed")
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 2 + 14)
        row("&Reason *", "reason", self.reason)
        self.amended_by = QLineEdit()
        self.amended_by.setObjectName("amended_by")
        self.amended_by.setMaxLength(MAX_NAME_LENGTH)
        row("Amended &by *", "amended_by", self.amended_by)
        box, self.save_button, self.cancel_button = make_save_cancel_buttons()
        self.save_button.setText("&Save amendment")
        outer.addWidget(box)
        self.resize(580, 440)

    def _show_current(self) -> None:
        field = current_data(self.field_combo)
        text = str(getattr(self._record, field, "") or "")
        self.current_text.setPlainText(text)
        self.new_text.setPlainText(text)
        self.errors.clear_all()

    def save(self) -> None:
        self.errors.clear_all()
        try:
            record = self._services.supervision.amend(
                self._actor,
                self._record.id,
                current_data(self.field_combo),
                self.new_text.toPlainText(),
                self.reason.toPlainText(),
                self.amended_by.text(),
            )
        except ValidationError as exc:
            self.errors.show_errors(list(exc.errors))
            return
        except (NotFound, Conflict, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            return
        self._record = record
        self.amended.emit(record)
        self.accept()
