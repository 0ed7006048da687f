"""The checklist panel's smaller dialogs: start a checklist from a template, confirm a
review or a template update, save a checklist as a template, add an item of one's own.

Callers open them with ``open()``; ``saved`` carries what the service returned.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.checklist_template import (
    MAX_KEY,
    MAX_TITLE,
    ChecklistTemplate,
    suggest_key,
)
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.checklist_views import (
    ChecklistDetail,
    ChecklistInfo,
    ChecklistItemView,
    TemplateCatalogue,
    UpdateSummary,
)
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import (
    ERROR_COLOUR,
    format_date,
    make_hint,
    make_scroll_area,
    make_text_edit,
)

KeyRole = Qt.ItemDataRole.UserRole


def template_details(template: ChecklistTemplate, own: bool) -> str:
    """What the template is, for choosing one: description, size, version and sources."""
    sections = len(template.sections)
    lines = [
        template.title,
        "",
        template.description,
        "",
        f"{template.item_count} items in {sections} section{'s' if sections != 1 else ''} · "
        f"version {template.version}"
        + (" · the organisation's own template" if own else " · shipped with PeerDesk"),
        "",
        "Sources:",
        *(f"• {source}" for source in template.sources),
    ]
    return "\n".join(lines)


def problems_text(problems: tuple[str, ...]) -> str:
    return "Some template files could not be read, so they are not listed:\n" + "\n".join(
        f"• {problem}" for problem in problems
    )


class NewChecklistDialog(FormDialog):
    """Choose a template and start a checklist from it."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "New checklist",
            "Choose the template to work through. Its items are copied into the new "
            "checklist, each not started.",
            parent,
        )
        self.setObjectName("new_checklist_dialog")
        self._services = services
        self._actor = actor
        self.save_button.setText("&Start checklist")
        self.save_button.setToolTip("Start the checklist (Ctrl+S)")

        body = QHBoxLayout()
        body.setSpacing(12)
        left = QVBoxLayout()
        label = QLabel("&Choose a template")
        left.addWidget(label)
        self.templates = QListWidget()
        self.templates.setObjectName("templates_list")
        self.templates.setAccessibleName("Templates")
        self.templates.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.templates.setWordWrap(True)
        label.setBuddy(self.templates)
        left.addWidget(self.templates, 1)
        self.reload_button = QPushButton("&Read the template files again")
        self.reload_button.setObjectName("reload_templates_button")
        self.reload_button.setToolTip("After adding or correcting a template file")
        self.reload_button.setAutoDefault(False)  # Enter starts the checklist
        left.addWidget(self.reload_button)
        body.addLayout(left, 2)
        self.details = QLabel()
        self.details.setObjectName("template_details")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details_scroll = make_scroll_area(self.details)
        body.addWidget(details_scroll, 3)
        self.form.addRow(body)

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("title")
        self.title_edit.setMaxLength(MAX_TITLE)
        self._row("Checklist &title", "title", self.title_edit)

        self.problems = QLabel()
        self.problems.setObjectName("template_problems")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(self.problems)
        folders = services.checklists.template_folders
        where = make_hint(
            "Templates are read from "
            + " and ".join(str(folder) for folder in folders)
            + ". A file there with a mistake is listed with the line to correct."
        )
        where.setObjectName("template_folders")
        self.form.addRow(where)

        self.templates.currentItemChanged.connect(lambda *_a: self._show_template())
        self.reload_button.clicked.connect(self.reload)
        self._catalogue = services.checklists.templates(actor)
        self._fill()
        self.resize(820, 560)
        self.templates.setFocus()

    def _fill(self) -> None:
        catalogue = self._catalogue
        self.templates.clear()
        for template in catalogue.templates:
            own = catalogue.is_organisations(template.key)
            entry = QListWidgetItem(template.title + (" (own)" if own else ""))
            entry.setData(KeyRole, template.key)
            entry.setToolTip(template.description)
            self.templates.addItem(entry)
        if catalogue.templates:
            self.templates.setCurrentRow(0)
        else:
            self.details.setText("There are no templates to start a checklist from.")
        self.problems.setText(problems_text(catalogue.problems) if catalogue.problems else "")
        self.problems.setVisible(bool(catalogue.problems))
        self.save_button.setEnabled(bool(catalogue.templates))
        self._show_template()

    def reload(self) -> None:
        self._catalogue = self._services.checklists.reload_templates()
        self._fill()

    def chosen(self) -> ChecklistTemplate | None:
        entry = self.templates.currentItem()
        return self._catalogue.get(entry.data(KeyRole)) if entry is not None else None

    def _show_template(self) -> None:
        template = self.chosen()
        if template is None:
            return
        own = self._catalogue.is_organisations(template.key)
        self.details.setText(template_details(template, own))
        self.title_edit.setPlaceholderText(template.title)

    def catalogue(self) -> TemplateCatalogue:
        return self._catalogue

    def _save(self) -> ChecklistInfo:
        template = self.chosen()
        if template is None:
            raise LookupError("no template")  # the button is disabled then
        return self._services.checklists.start(
            self._actor, template.key, self.title_edit.text() or None
        )


class ConfirmDialog(FormDialog):
    """A question with the consequences spelt out; the action runs on confirm."""

    def __init__(
        self,
        title: str,
        message: str,
        action_text: str,
        action: Callable[[], object],
        parent: QWidget | None = None,
        *,
        name: str = "confirm_dialog",
    ) -> None:
        super().__init__(title, "", parent)
        self.setObjectName(name)
        self._action = action
        self.message = QLabel(message)
        self.message.setObjectName("confirm_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = make_scroll_area(self.message)
        scroll.setMaximumHeight(420)
        self.form.addRow(scroll)
        self.save_button.setText(action_text)
        self.save_button.setToolTip(f"{action_text.replace('&', '')} (Ctrl+S)")
        self.setMinimumWidth(560)
        self.resize(620, self.sizeHint().height())
        self.save_button.setFocus()

    def _save(self) -> object:
        return self._action()


def review_message(detail: ChecklistDetail) -> str:
    version = detail.current_version or detail.template_version
    return (
        f"Start the review of '{detail.title}' (started {format_date(detail.started_on)})?\n\n"
        f"A new checklist starts today from version {version} of '{detail.template_title}'. "
        "Each item's status, owner, evidence, documents and notes are carried forward as the "
        "starting point, to check again one by one; due dates are not, and someone who has "
        "left is no longer the owner.\n\n"
        "This checklist is then archived: it stays readable, but can no longer be changed."
    )


def _listed(title: str, texts: tuple[str, ...]) -> list[str]:
    if not texts:
        return []
    return ["", f"{title} ({len(texts)}):", *(f"• {text}" for text in texts)]


def update_message(detail: ChecklistDetail, summary: UpdateSummary) -> str:
    lines = [
        f"Version {summary.to_version} of '{detail.template_title}' is available; this "
        f"checklist follows version {summary.from_version}. Updating keeps every answer.",
    ]
    lines += _listed("New items, added as not started", summary.added)
    lines += _listed("Items reworded or moved", summary.changed)
    lines += _listed(
        "No longer in the template: kept with their answers, but no longer counted",
        summary.retired,
    )
    if summary.is_empty:
        lines += ["", "No item changes: only the version number moves on."]
    return "\n".join(lines)


class SaveTemplateDialog(FormDialog):
    """Save a checklist's structure as the organisation's own template."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        detail: ChecklistDetail,
        parent: QWidget | None = None,
    ) -> None:
        folder = services.checklists.organisation_folder
        super().__init__(
            "Save as a template",
            "Its sections and items, your own items included, become a new template to start "
            "checklists from. Answers are not saved in the template."
            + (f"\n\nIt is saved in {folder}." if folder is not None else ""),
            parent,
        )
        self.setObjectName("save_template_dialog")
        self._services = services
        self._actor = actor
        self._detail = detail
        self._key_edited = False
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("title")
        self.title_edit.setMaxLength(MAX_TITLE)
        self._row("Template &title *", "title", self.title_edit)
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("key")
        self.key_edit.setMaxLength(MAX_KEY)
        key_box = QWidget()
        key_layout = QVBoxLayout(key_box)
        key_layout.setContentsMargins(0, 0, 0, 0)
        key_layout.setSpacing(2)
        key_layout.addWidget(self.key_edit)
        key_layout.addWidget(
            make_hint("Lowercase letters, digits and hyphens; also the file's name.")
        )
        self._row("&Key *", "key", self.key_edit, key_box)
        self.title_edit.textChanged.connect(self._title_changed)
        self.key_edit.textEdited.connect(self._key_typed)
        self.title_edit.setText(f"{detail.title} (our version)")
        self.save_button.setText("&Save template")
        self.resize(600, self.sizeHint().height())
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    def _title_changed(self, text: str) -> None:
        self.errors.clear("title")
        if not self._key_edited:
            self.key_edit.setText(suggest_key(text))

    def _key_typed(self, _text: str) -> None:
        self._key_edited = True
        self.errors.clear("key")

    def _save(self) -> object:
        return self._services.checklists.save_as_template(
            self._actor, self._detail.id, self.key_edit.text(), self.title_edit.text()
        )


class AddItemDialog(FormDialog):
    """Add one of the organisation's own items to a section (or a new section)."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        detail: ChecklistDetail,
        section: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Add an item",
            "An item of the organisation's own, worked like the template's. It stays in this "
            "checklist and is carried into its review.",
            parent,
        )
        self.setObjectName("add_item_dialog")
        self._services = services
        self._actor = actor
        self._detail = detail
        self.section = QComboBox()
        self.section.setObjectName("section")
        self.section.setEditable(True)
        self.section.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.section.addItems([s.title for s in detail.sections])
        line = self.section.lineEdit()
        if line is not None:
            line.setMaxLength(MAX_TITLE)
            line.setPlaceholderText("A section, or type a new one")
        if section is not None:
            self.section.setCurrentText(section)
        self._row("S&ection *", "section", self.section)
        self.text = make_text_edit("text", 2, "What the organisation should have in place")
        self._row("&Item *", "text", self.text)
        self.guidance = make_text_edit("guidance", 4, "How to tell it is in place (optional)")
        self._row("&Guidance", "guidance", self.guidance)
        self.text.textChanged.connect(lambda: self.errors.clear("text"))
        self.resize(600, self.sizeHint().height())
        self.text.setFocus()

    def _save(self) -> ChecklistItemView:
        return self._services.checklists.add_custom_item(
            self._actor,
            self._detail.id,
            self.section.currentText(),
            self.text.toPlainText(),
            self.guidance.toPlainText(),
        )
