"""Small pieces the data-entry dialogs share: error labels, hints, date edits and combos.

Messages shown here can quote what a person typed (a team name, say), so every label that
shows them is plain text: a name such as ``<b>Ops</b>`` is shown, never interpreted.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.text import short_date
from peerdesk.domain.validation import FieldError


def local_time_text(moment: dt.datetime) -> str:
    """A stored UTC moment as the person's local "15 Jun 2026 14:05" (naive means UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone()
    return f"{short_date(local.date())} {local:%H:%M}"


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask Yes / Cancel before a change that cannot be taken back; True for Yes (tests
    replace QMessageBox.question, or this name in the module that uses it)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


# A red that reads clearly on the light and dark Fusion palettes (contrast >= 4.5:1 on white).
ERROR_COLOUR = "#b3261e"
DATE_FORMAT = "d MMM yyyy"
NONE_TEXT = "— none —"


# -- labels ---------------------------------------------------------------------------------


def make_error_label(field: str, parent: QWidget | None = None) -> QLabel:
    """A red message for one field, hidden until there is something to say."""
    label = QLabel(parent)
    label.setObjectName(f"{field}_error")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setVisible(False)
    return label


def make_general_error_label(parent: QWidget | None = None) -> QLabel:
    """The message at the top of a dialog for problems that belong to no single field."""
    label = QLabel(parent)
    label.setObjectName("general_error")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(
        f"color: {ERROR_COLOUR}; border: 1px solid {ERROR_COLOUR}; border-radius: 3px;"
        " padding: 6px;"
    )
    label.setVisible(False)
    return label


def make_hint(text: str, parent: QWidget | None = None) -> QLabel:
    """Quiet explanatory text in the palette's placeholder colour."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def field_with_error(field: QWidget | QLayout, error: QLabel) -> QWidget:
    """Stack a field (or a row of widgets) above its error label, for one form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    if isinstance(field, QWidget):
        layout.addWidget(field)
    else:
        layout.addLayout(field)
    layout.addWidget(error)
    return box


def align_label_columns(forms: Iterable[QFormLayout]) -> None:
    """Give the label column of several forms one width, so their fields line up."""
    labels: list[QWidget] = []
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            if widget is not None:
                labels.append(widget)
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


def make_scroll_area(content: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setObjectName("scroll_area")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    scroll.setWidget(content)
    return scroll


# -- dates ----------------------------------------------------------------------------------


def make_date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setMinimumDate(QDate(1900, 1, 1))
    edit.setMaximumDate(QDate(2200, 12, 31))
    return edit


def format_date(value: dt.date) -> str:
    """Like the date edits show it: "3 Mar 2026"."""
    return short_date(value)


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


# -- combos ---------------------------------------------------------------------------------


def fill_combo(combo: QComboBox, items: Iterable[tuple[str, Any]]) -> None:
    """Replace a combo's items with (text, data) pairs, without emitting change signals."""
    blocked = combo.blockSignals(True)
    try:
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
    finally:
        combo.blockSignals(blocked)


def fill_enum_combo(combo: QComboBox, members: Iterable[Enum]) -> None:
    """List enum members by their label; the item data is the member's value."""
    fill_combo(combo, ((getattr(m, "label", str(m.value)), m.value) for m in members))


def select_data(combo: QComboBox, value: Any) -> bool:
    """Select the item whose data equals ``value``; return whether one was found."""
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            combo.setCurrentIndex(index)
            return True
    return False


def current_data(combo: QComboBox) -> Any:
    index = combo.currentIndex()
    return combo.itemData(index) if index >= 0 else None


# -- field errors ---------------------------------------------------------------------------


class FieldErrors:
    """Error labels by field name, plus a general label for errors that fit no field.

    Fields are registered in visual order, so the first one with a problem gets the focus.
    """

    def __init__(self, general: QLabel, scroll: QScrollArea | None = None) -> None:
        self._general = general
        self._scroll = scroll
        self._labels: dict[str, QLabel] = {}
        self._focus: dict[str, QWidget] = {}

    def add(self, field: str, label: QLabel, focus: QWidget) -> None:
        self._labels[field] = label
        self._focus[field] = focus

    def set_focus_widget(self, field: str, focus: QWidget) -> None:
        self._focus[field] = focus

    def message(self, field: str) -> str:
        label = self._labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def show(self, field: str, message: str) -> None:
        label = self._labels.get(field)
        if label is None:
            self.show_general(message)
            return
        existing = label.text() if not label.isHidden() else ""
        text = f"{existing}\n{message}" if existing and message not in existing else message
        label.setText(text)
        label.setVisible(True)

    def clear(self, field: str) -> None:
        label = self._labels.get(field)
        if label is not None and not label.isHidden():
            label.clear()
            label.setVisible(False)

    def show_general(self, message: str) -> None:
        existing = self._general.text() if not self._general.isHidden() else ""
        text = f"{existing}\n{message}" if existing and message not in existing else message
        self._general.setText(text)
        self._general.setVisible(True)

    def clear_general(self) -> None:
        self._general.clear()
        self._general.setVisible(False)

    def clear_all(self) -> None:
        for field in self._labels:
            self.clear(field)
        self.clear_general()

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Show each message under its field and focus the first field (in visual order)."""
        for error in errors:
            self.show(error.field, error.message)
        bad = {error.field for error in errors}
        for field, widget in self._focus.items():
            if field in bad and self.focus(widget):
                return

    def focus(self, widget: QWidget) -> bool:
        """Move the keyboard focus to a field and scroll it into view, if it can take it."""
        if not widget.isEnabled() or widget.isHidden():
            return False
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._scroll is not None:
            self._scroll.ensureWidgetVisible(widget)
        return True


def make_save_cancel_buttons() -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """Save (default, Ctrl+S) and Cancel (Esc) for a form dialog, with names tests can find."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    box.setObjectName("button_box")
    save = box.button(QDialogButtonBox.StandardButton.Save)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    assert save is not None and cancel is not None
    save.setObjectName("save_button")
    save.setText("&Save")
    save.setToolTip("Save (Ctrl+S)")
    save.setDefault(True)
    cancel.setObjectName("cancel_button")
    cancel.setText("Cancel")
    cancel.setToolTip("Close without saving (Esc)")
    return box, save, cancel


def show_error(label: QLabel, message: str | None) -> None:
    """Show ``message`` in an error label, or hide the label when there is none."""
    label.setText(message or "")
    label.setVisible(bool(message))


def make_section_form(group: QGroupBox) -> QFormLayout:
    """The form inside one section of a dialog: labels on the left, fields growing."""
    form = QFormLayout(group)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    return form


class SectionedFormLayout:
    """Base of a dialog layout made of titled sections of labelled fields.

    Keeps each field's error label in ``errors`` (by field name) and every section's form
    in ``forms`` (so their label columns can be lined up).
    """

    errors: dict[str, QLabel]
    forms: list[QFormLayout]

    def _field(
        self,
        form: QFormLayout,
        text: str,
        field: str,
        widget: QWidget,
        row: QLayout | QWidget | None = None,
    ) -> QWidget:
        """Add a labelled row whose buddy is ``widget``, with the field's error label under it."""
        label = QLabel(text)
        label.setObjectName(f"{field}_label")
        label.setBuddy(widget)
        error = make_error_label(field)
        self.errors[field] = error
        box = field_with_error(row if row is not None else widget, error)
        form.addRow(label, box)
        return box

    def _group(self, title: str, name: str) -> tuple[QGroupBox, QFormLayout]:
        group = QGroupBox(title)
        group.setObjectName(name)
        form = make_section_form(group)
        self.forms.append(form)
        return group, form


def add_save_shortcut(dialog: QWidget, save: Callable[[], object]) -> None:
    """Ctrl+S (the platform's Save key) saves anywhere in the dialog."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), dialog)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(save)


def make_text_edit(name: str, lines: int, placeholder: str = "") -> QPlainTextEdit:
    """A multi-line field that Tab leaves (rather than typing a tab), ``lines`` lines high."""
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def date_row(date: QWidget) -> QWidget:
    """A date edit (or spin box) at its natural width, the rest of the row left empty."""
    widget = QWidget()
    row = QHBoxLayout(widget)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(date)
    row.addStretch(1)
    return widget


def connect_optional(check: QCheckBox, date: QDateEdit) -> None:
    """The checkbox (in the label column) switches its date on and off."""
    check.toggled.connect(date.setEnabled)
    date.setEnabled(check.isChecked())


def optional_date(check: QCheckBox, date: QDateEdit) -> dt.date | None:
    return from_qdate(date.date()) if check.isChecked() else None


def set_optional_date(check: QCheckBox, date: QDateEdit, value: dt.date | None) -> None:
    check.setChecked(value is not None)
    if value is not None:
        date.setDate(to_qdate(value))


class HoursNotANumber(ValueError):
    """Hours a week that are not a number (the form says so by the field)."""


def parse_hours(text: str) -> float | None:
    """Blank means "not set"; "37.5" and "37,5" both mean 37.5; anything else is refused."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        hours = float(cleaned)
    except ValueError:
        raise HoursNotANumber(text) from None
    if not math.isfinite(hours):
        raise HoursNotANumber(text)
    return hours
