"""The dashboard: who needs supervision today, overdue actions and reviews due, from real
data only. It opens on exactly that; the register's own figures sit in one line above."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.supervision_schedule import SupervisionStatus
from peerdesk.services.actor import Role
from peerdesk.services.schedule_views import (
    ScheduleRow,
    count_statuses,
)
from peerdesk.services.startup_view import StartupView
from peerdesk.services.views import OrganisationInfo
from peerdesk.ui.context import AppContext
from peerdesk.ui.erasure_reminder import ErasureReminder

if TYPE_CHECKING:
    from peerdesk.services.supervision_views import OpenAction
    from peerdesk.services.training_views import ExpiringTraining
from peerdesk.ui.launchers import open_session_dialog, open_supervision_file
from peerdesk.ui.pages.dashboard_lines import (
    ReviewLine,
    action_line,
    person_line,
    review_lines,
    training_line,
)

REVIEW_WINDOW_DAYS = 7  # reviews already past, or falling due in the next week
OVERDUE_COLOUR = "#b3261e"
DUE_SOON_COLOUR = "#8a5a00"
LOADING_TEXT = "Working out who is due…"
# what a list item leads to
StaffRole = Qt.ItemDataRole.UserRole
TabRole = Qt.ItemDataRole.UserRole + 1
PolicyRole = Qt.ItemDataRole.UserRole + 2

REGISTER_FIGURES = (("current staff", "current staff"), ("leavers", "leavers"), ("teams", "teams"))
SUPERVISION_FIGURES = (
    ("overdue", "overdue for supervision"),
    ("due_soon", "due this week"),
    ("up_to_date", "up to date"),
    ("overdue_actions", "actions overdue"),
)
REVIEW_FIGURES = (
    ("agreement_reviews", "agreement reviews due"),
    ("relationship_reviews", "dual-relationship reviews due"),
    ("policy_reviews", "policy reviews due"),
    ("training_expiring", "training expiring or expired"),
)
POLICY_WINDOW_DAYS = 30  # a policy review takes longer to arrange than a conversation
TRAINING_WINDOW_DAYS = 60


def _list(name: str, accessible: str, headers: Sequence[str]) -> QTreeWidget:
    """A flat list in columns, the last one (the state) sized to its text."""
    widget = QTreeWidget()
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    widget.setRootIsDecorated(False)
    widget.setUniformRowHeights(True)
    widget.setAlternatingRowColors(True)
    widget.setAllColumnsShowFocus(True)
    widget.setHeaderLabels(list(headers))
    widget.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = widget.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.ResizeToContents)
    return widget


def _tab(tree: QTreeWidget, button: QPushButton) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 8, 0, 0)
    layout.addWidget(tree, 1)
    row = QHBoxLayout()
    row.addWidget(button)
    row.addStretch(1)
    layout.addLayout(row)
    return page


def _item(
    columns: Sequence[str], colour: str | None, staff_id: int | None, tab: str = ""
) -> QTreeWidgetItem:
    """A row leading to a person (or, with no ``staff_id``, to something else);
    ``colour`` marks the last column (how late it is)."""
    item = QTreeWidgetItem(list(columns))
    item.setData(0, StaffRole, staff_id)
    item.setData(0, TabRole, tab)
    for column, text in enumerate(columns):
        item.setToolTip(column, text)
    if colour:
        item.setForeground(len(columns) - 1, QBrush(QColor(colour)))
    return item


def _empty(widget: QTreeWidget, text: str) -> None:
    item = QTreeWidgetItem([text])
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    widget.addTopLevelItem(item)
    item.setFirstColumnSpanned(True)


class DashboardPage(QWidget):
    """Opens on who needs supervision; Enter on a person records a one-to-one with them."""

    actions_requested = Signal()  # the user wants the full list of open actions
    policy_requested = Signal(int)  # the user wants this policy in the register
    training_requested = Signal(int)  # the user wants this person's training records
    supervision_changed = Signal()  # something was recorded from here
    assessments_requested = Signal()  # an administrator wants the risk assessments to erase
    retention_requested = Signal()  # an administrator wants the retention review queue

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        startup: StartupView | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        heading_row = QHBoxLayout()
        self.heading = QLabel("Dashboard")
        self.heading.setObjectName("page_heading")
        heading_row.addWidget(self.heading)
        heading_row.addStretch(1)
        self.organisation_label = QLabel()
        self.organisation_label.setObjectName("organisation_label")
        self.organisation_label.setTextFormat(Qt.TextFormat.PlainText)
        heading_row.addWidget(self.organisation_label)
        layout.addLayout(heading_row)
        self.erasure_reminder = ErasureReminder()
        self.erasure_reminder.assessments_requested.connect(self.assessments_requested)
        self.erasure_reminder.retention_requested.connect(self.retention_requested)
        layout.addWidget(self.erasure_reminder)

        self.figures: dict[str, QLabel] = {}
        register = QHBoxLayout()
        register.setSpacing(6)
        for key, caption in REGISTER_FIGURES:
            number = QLabel("–")
            number.setObjectName("register_number")
            number.setAccessibleName(caption)
            self.figures[key] = number
            text = QLabel(caption)
            text.setObjectName("muted")
            register.addWidget(number)
            register.addWidget(text)
            register.addSpacing(14)
        register.addStretch(1)
        layout.addLayout(register)

        cards = QGridLayout()
        cards.setSpacing(10)
        for row, figures in enumerate((SUPERVISION_FIGURES, REVIEW_FIGURES)):
            for column, (key, caption) in enumerate(figures):
                cards.addWidget(self._card(key, caption), row, column)
                cards.setColumnStretch(column, 1)
        layout.addLayout(cards)

        # one list at a time, full width: it opens on who needs supervision
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboard_tabs")
        self.tabs.setDocumentMode(True)
        self.attention_list = _list(
            "attention_list", "Who needs supervision", ("Name", "Supervisor", "Supervision")
        )
        self.record_button = QPushButton("&Record a one-to-one…")
        self.record_button.setObjectName("dashboard_record_button")
        self.record_button.setToolTip("Record a session with the chosen person (Enter)")
        self.tabs.addTab(_tab(self.attention_list, self.record_button), "")
        self.actions_list = _list(
            "overdue_actions_list", "Overdue actions", ("Action", "Whose supervision", "Overdue")
        )
        self.all_actions_button = QPushButton("See all open &actions")
        self.all_actions_button.setObjectName("all_actions_button")
        self.all_actions_button.setToolTip(
            "Every open action, leavers' records included, on the supervision page"
        )
        self.tabs.addTab(_tab(self.actions_list, self.all_actions_button), "")
        self.reviews_list = _list("reviews_list", "Reviews due", ("Name", "Review of", "When"))
        self.open_review_button = QPushButton("&Open the review…")
        self.open_review_button.setObjectName("open_review_button")
        self.tabs.addTab(_tab(self.reviews_list, self.open_review_button), "")
        self.training_list = _list(
            "training_list", "Training expiring or expired", ("Name", "Course", "When")
        )
        self.open_training_button = QPushButton("Open their training recor&ds…")
        self.open_training_button.setObjectName("open_training_button")
        self.tabs.addTab(_tab(self.training_list, self.open_training_button), "")
        self._title_tabs(None, None, None, None)
        layout.addWidget(self.tabs, 1)

        self.attention_list.itemActivated.connect(lambda _item, _column: self.record_session())
        self.attention_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.record_button.clicked.connect(self.record_session)
        self.actions_list.itemActivated.connect(self._action_chosen)
        self.all_actions_button.clicked.connect(self.actions_requested.emit)
        self.reviews_list.itemActivated.connect(self._review_chosen)
        self.training_list.itemActivated.connect(self._training_chosen)
        self.training_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.open_training_button.clicked.connect(self._open_training)
        self.reviews_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.open_review_button.clicked.connect(self._open_review)

        if startup is not None:
            # the schedule needs the services, which finish loading once the window shows
            self._show(startup.organisation, startup.counts)
            for widget in (
                self.attention_list,
                self.actions_list,
                self.reviews_list,
                self.training_list,
            ):
                _empty(widget, LOADING_TEXT)
            self._update_buttons()
        else:
            self.refresh()

    def _card(self, key: str, caption: str) -> QFrame:
        card = QFrame()
        card.setObjectName("figure_card")
        # the figure beside its caption: eight cards in two short rows leave room for the lists
        card_layout = QHBoxLayout(card)
        card_layout.setContentsMargins(10, 6, 10, 6)
        card_layout.setSpacing(8)
        number = QLabel("–")
        number.setObjectName("figure_number")
        number.setAccessibleName(caption)
        text = QLabel(caption)
        text.setObjectName("muted")
        text.setWordWrap(True)
        card_layout.addWidget(number)
        card_layout.addWidget(text, 1)
        self.figures[key] = number
        return card

    def refresh(self) -> None:
        context = self._context
        services = context.services
        actor, today = context.actor, context.today()
        self._show(services.organisation.get(actor), services.health.counts(actor))
        everyone = services.schedule.overview(actor)
        counts = count_statuses(everyone)
        for key in ("overdue", "due_soon", "up_to_date"):
            self.figures[key].setText(f"{getattr(counts, key):,}")
        needing = [
            row
            for row in everyone
            if row.status in (SupervisionStatus.OVERDUE, SupervisionStatus.DUE_SOON)
        ]
        # leavers' actions stay in the full list on the supervision page, not here
        overdue_actions = [
            action
            for action in services.actions.overdue(actor, today)
            if action.supervisee_is_current
        ]
        agreements = services.agreements.reviews_due(actor, REVIEW_WINDOW_DAYS, today=today)
        relationships = services.dual_relationships.reviews_due(
            actor, REVIEW_WINDOW_DAYS, today=today
        )
        policies = services.policies.reviews_due(actor, POLICY_WINDOW_DAYS, today=today)
        reviews = review_lines(
            agreements,
            relationships,
            services.wellness.reviews_due(actor, REVIEW_WINDOW_DAYS, today=today),
            services.apprenticeships.reviews_due(actor, REVIEW_WINDOW_DAYS, today=today),
            policies,
        )
        expiring = services.training.expiring(actor, TRAINING_WINDOW_DAYS, today=today)
        figures = {
            "training_expiring": len(expiring),
            "overdue_actions": len(overdue_actions),
            "agreement_reviews": len(agreements),
            "relationship_reviews": len(relationships),
            "policy_reviews": len(policies),
        }
        for key, value in figures.items():
            self.figures[key].setText(f"{value:,}")
        self._fill_attention(needing, today)
        self._fill_actions(overdue_actions)
        self._fill_reviews(reviews)
        self._fill_training(expiring)
        self._title_tabs(len(needing), len(overdue_actions), len(reviews), len(expiring))
        self._update_buttons()
        if actor.role is Role.ADMINISTRATOR:
            self.erasure_reminder.show_counts(
                services.fair_chance.count_due_for_deletion(actor, today),
                len({row.staff_id for row in services.retention.queue(actor)}),
            )

    # -- what the lists lead to ------------------------------------------------------------

    def chosen_staff_id(self) -> int | None:
        item = self.attention_list.currentItem()
        value = item.data(0, StaffRole) if item is not None else None
        return int(value) if value is not None else None

    def record_session(self) -> None:
        staff_id = self.chosen_staff_id()
        if staff_id is not None:
            open_session_dialog(self._context, self, staff_id, None, self._recorded)

    def _action_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        """The person's open actions are reviewed one by one at the top of a new record."""
        staff_id = item.data(0, StaffRole)
        if staff_id is not None:
            open_session_dialog(self._context, self, int(staff_id), None, self._recorded)

    def _review_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        policy_id = item.data(0, PolicyRole)
        if policy_id is not None:
            self.policy_requested.emit(int(policy_id))
            return
        staff_id = item.data(0, StaffRole)
        if staff_id is not None:
            open_supervision_file(
                self._context, self, int(staff_id), str(item.data(0, TabRole)), self._recorded
            )

    def _training_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        staff_id = item.data(0, StaffRole)
        if staff_id is not None:
            self.training_requested.emit(int(staff_id))

    def _open_training(self) -> None:
        item = self.training_list.currentItem()
        if item is not None:
            self._training_chosen(item)

    def _open_review(self) -> None:
        item = self.reviews_list.currentItem()
        if item is not None:
            self._review_chosen(item)

    def _recorded(self) -> None:
        self.refresh()
        self.supervision_changed.emit()

    # -- filling ---------------------------------------------------------------------------

    def _fill_attention(self, rows: Sequence[ScheduleRow], today: dt.date) -> None:
        chosen = self.chosen_staff_id()
        widget = self.attention_list
        widget.clear()
        items = []
        for row in rows:
            colour = OVERDUE_COLOUR if row.status is SupervisionStatus.OVERDUE else DUE_SOON_COLOUR
            name, status, supervisor = person_line(row, today)
            items.append(_item((name, supervisor, status), colour, row.staff_id))
        widget.addTopLevelItems(items)
        if not rows:
            _empty(widget, "No one is overdue or due this week.")
            return
        current = next((i for i in items if i.data(0, StaffRole) == chosen), items[0])
        widget.setCurrentItem(current)

    def _fill_actions(self, rows: Sequence[OpenAction]) -> None:
        widget = self.actions_list
        widget.clear()
        items = []
        for row in rows:
            item = _item(action_line(row), OVERDUE_COLOUR, row.action.staff_id)
            item.setToolTip(0, row.action.description)
            items.append(item)
        widget.addTopLevelItems(items)
        if not rows:
            _empty(widget, "No action is overdue.")

    def _fill_reviews(self, lines: Sequence[ReviewLine]) -> None:
        widget = self.reviews_list
        widget.clear()
        items = []
        for line in lines:
            item = _item(
                line.columns,
                OVERDUE_COLOUR if line.overdue else None,
                line.staff_id,
                line.tab,
            )
            item.setData(0, PolicyRole, line.policy_id)
            items.append(item)
        widget.addTopLevelItems(items)
        if not lines:
            _empty(
                widget,
                "Nothing is due for review: no agreement, dual relationship, "
                "wellness plan, apprenticeship or policy.",
            )

    def _fill_training(self, rows: Sequence[ExpiringTraining]) -> None:
        widget = self.training_list
        widget.clear()
        widget.addTopLevelItems(
            [
                _item(
                    training_line(row),
                    OVERDUE_COLOUR if row.is_expired else DUE_SOON_COLOUR,
                    row.staff_id,
                )
                for row in rows
            ]
        )
        if not rows:
            _empty(
                widget,
                f"No required training has expired or expires in the next "
                f"{TRAINING_WINDOW_DAYS} days.",
            )

    def _show(
        self, organisation: OrganisationInfo | None, counts: Sequence[tuple[str, int]]
    ) -> None:
        name = organisation.name if organisation else "No organisation set up yet"
        self.organisation_label.setText(name)
        figures = dict(counts)
        for key, _caption in REGISTER_FIGURES:
            self.figures[key].setText(f"{figures.get(key, 0):,}")

    def _update_buttons(self) -> None:
        self.record_button.setEnabled(self.chosen_staff_id() is not None)
        training = self.training_list.currentItem()
        self.open_training_button.setEnabled(
            training is not None and training.data(0, StaffRole) is not None
        )
        review = self.reviews_list.currentItem()
        self.open_review_button.setEnabled(
            review is not None
            and (review.data(0, StaffRole) is not None or review.data(0, PolicyRole) is not None)
        )

    def _title_tabs(
        self,
        people: int | None,
        actions: int | None,
        reviews: int | None,
        training: int | None = None,
    ) -> None:
        def title(text: str, count: int | None) -> str:
            return text if count is None else f"{text} ({count:,})"

        self.tabs.setTabText(0, title("&Who needs supervision", people))
        self.tabs.setTabText(1, title("Overdue ac&tions", actions))
        self.tabs.setTabText(2, title("Re&views due", reviews))
        self.tabs.setTabText(3, title("Training e&xpiring", training))
