"""A form's widget values as plain data, and back: what ``FormKeeper`` keeps when PeerDesk
locks and puts back when the form is opened again.

Only named input widgets count (``objectName``; Qt's own inner widgets, named "qt_…", are
left out). Each value is stored as [kind, value] so it goes back the way it came: text for
line edits and text boxes, the shown text (and the position) for drop-down lists, ISO dates,
numbers for spin boxes, True/False for ticks and choices.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTextEdit,
    QWidget,
)

Values = dict[str, list[Any]]


def _named(root: QWidget) -> list[QWidget]:
    found = []
    seen: set[str] = set()
    for widget in root.findChildren(QWidget):
        name = widget.objectName()
        if not name or name.startswith("qt_") or name in seen:
            continue
        seen.add(name)
        found.append(widget)
    return found


def capture(root: QWidget) -> Values:
    """Every named input's value under ``root``."""
    values: Values = {}
    for widget in _named(root):
        name = widget.objectName()
        if isinstance(widget, QDateEdit):
            values[name] = ["date", widget.date().toString(Qt.DateFormat.ISODate)]
        elif isinstance(widget, QLineEdit):
            if not isinstance(widget.parent(), QComboBox):
                values[name] = ["text", widget.text()]
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            values[name] = ["text", widget.toPlainText()]
        elif isinstance(widget, QComboBox):
            values[name] = ["choice", widget.currentText(), widget.currentIndex()]
        elif isinstance(widget, QSpinBox | QDoubleSpinBox):
            values[name] = ["number", widget.value()]
        elif isinstance(widget, QCheckBox | QRadioButton):
            values[name] = ["tick", widget.isChecked()]
    return values


def restore(root: QWidget, values: Values) -> int:
    """Put ``values`` back into the widgets of the same names; how many were put back.
    A name no longer in the form, or a value it cannot take, is passed over."""
    done = 0
    by_name = {widget.objectName(): widget for widget in _named(root)}
    # ticks first: they often switch on the fields that follow them
    ordered = sorted(values.items(), key=lambda item: 0 if item[1][:1] == ["tick"] else 1)
    for name, value in ordered:
        widget = by_name.get(name)
        if widget is None or not isinstance(value, list) or len(value) < 2:
            continue
        if _put(widget, value):
            done += 1
    return done


def _put(widget: QWidget, value: list[Any]) -> bool:
    kind, data = value[0], value[1]
    if kind == "date" and isinstance(widget, QDateEdit) and isinstance(data, str):
        day = QDate.fromString(data, Qt.DateFormat.ISODate)
        if day.isValid():
            widget.setDate(day)
            return True
    elif kind == "text" and isinstance(data, str):
        if isinstance(widget, QLineEdit):
            widget.setText(data)
            return True
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            widget.setPlainText(data)
            return True
    elif kind == "choice" and isinstance(widget, QComboBox) and isinstance(data, str):
        return _choose(widget, data, value[2] if len(value) > 2 else None)
    elif kind == "number" and isinstance(data, int | float) and not isinstance(data, bool):
        if isinstance(widget, QSpinBox):
            widget.setValue(int(data))
            return True
        if isinstance(widget, QDoubleSpinBox):
            widget.setValue(float(data))
            return True
    elif kind == "tick" and isinstance(widget, QCheckBox | QRadioButton):
        widget.setChecked(bool(data))
        return True
    return False


def _choose(combo: QComboBox, text: str, index: Any) -> bool:
    found = combo.findText(text, Qt.MatchFlag.MatchExactly)
    if found >= 0:
        combo.setCurrentIndex(found)
        return True
    if combo.isEditable():
        combo.setCurrentText(text)
        return True
    if isinstance(index, int) and 0 <= index < combo.count() and not text:
        combo.setCurrentIndex(index)
        return True
    return False
