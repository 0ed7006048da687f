"""Choosing one of a leaver's records to erase on its own: the records of one kind, newest
first, each described by its date and sort (never its content).

``RecordPickerDialog(name, kind, records)``; signal ``chosen(record)`` with the HeldRecord
when the user presses "Erase…" (Alt+E) or Enter, or double-clicks a record. Escape closes.
The confirmation that follows is the caller's (ui/erasure_dialog).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.retention import RecordKind
from peerdesk.services.retention_views import HeldRecord
from peerdesk.ui.form_helpers import make_hint

RecordRole = Qt.ItemDataRole.UserRole + 1


class RecordPickerDialog(QDialog):
    chosen = Signal(object)  # the HeldRecord

    def __init__(
        self,
        name: str,
        kind: RecordKind,
        records: list[HeldRecord],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("record_picker_dialog")
        self.setWindowTitle("Erase one record — PeerDesk")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        heading = QLabel(f"Which of {name}'s records do you want to erase?")
        heading.setObjectName("record_picker_heading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(
            make_hint(
                f"{kind.label}, newest first. The other records stay. The next step says "
                "exactly what goes with the record you choose, and asks you to confirm."
            )
        )
        self.list = QListWidget()
        self.list.setObjectName("record_list")
        self.list.setAccessibleName("Records")
        for record in records:
            item = QListWidgetItem(record.label)
            item.setData(RecordRole, record)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        self.empty = make_hint("There is nothing of this kind left to erase.")
        self.empty.setObjectName("record_picker_empty")
        self.empty.setVisible(not records)
        layout.addWidget(self.empty)

        self.buttons = QDialogButtonBox()
        self.erase_button = QPushButton("&Erase…")
        self.erase_button.setObjectName("choose_record_button")
        self.erase_button.setDefault(True)
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        cancel.setObjectName("cancel_button")
        layout.addWidget(self.buttons)

        self.erase_button.clicked.connect(self.choose)
        cancel.clicked.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.choose())
        self.list.currentRowChanged.connect(lambda _row: self._update())
        if records:
            self.list.setCurrentRow(0)
        self.list.setFocus()
        self._update()

    def selected(self) -> HeldRecord | None:
        item = self.list.currentItem()
        if item is None:
            return None
        record = item.data(RecordRole)
        return record if isinstance(record, HeldRecord) else None

    def choose(self) -> None:
        record = self.selected()
        if record is None:
            return
        self.accept()
        self.chosen.emit(record)

    def _update(self) -> None:
        self.erase_button.setEnabled(self.selected() is not None)
