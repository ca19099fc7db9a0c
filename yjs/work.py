"""A person's work (DESIGN.md §11): what is overdue and due soon, and what happened to their
children since they last looked, gathered from every app without ``yjs`` importing any.

Each app registers a source from its ``AppConfig.ready`` (as ``cases.selectors.TIMELINE_SOURCES``),
with the titles of the kinds of item it gives (the home page's cards, in the order registered)::

    register(case_work, {"assessment": "Assessments", "review": "Reviews"})

A source is called as ``source(user=, today=)`` and returns the ``WorkItem``s of that person,
within what they may see (a manager's include their teams'), a few queries whatever the rows.
A kind with more items than a list shows (``LIST_LIMIT``) is listed in part, with a ``WorkTally``
of them all (``listed``: the list and its count). ``my_work`` gathers the items, ``work_cards``
the cards; the home page shows the cards by kind, then the lists, and ``GET /api/v1/my-work/``
gives the same.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from .models import Notification, NotificationKind, User
from .working_days import add_working_days

# The most items of one kind a list shows (the earliest due first); its card counts them all.
LIST_LIMIT = 50


@dataclass(frozen=True)
class WorkItem:
    kind: str  # e.g. "assessment", "risk_action", "request_to_answer"
    label: str  # what to do, in a sentence: "Complete the assessment of Sam Smith"
    link: str  # the page where it is done
    due: date | None = None
    case_id: int | None = None
    child_name: str = ""

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


@dataclass(frozen=True)
class WorkTally:
    """Every item of a kind, counted, when a source lists only the first ``LIST_LIMIT`` of them."""

    kind: str
    count: int
    overdue: int


@dataclass
class WorkCard:
    """One kind of item: its title, how many (of which overdue) and the items listed."""

    kind: str
    title: str
    news: bool = False  # what happened (since the person last looked), not what is due
    count: int = 0
    overdue: int = 0
    items: list[WorkItem] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"work-{self.kind.replace('_', '-')}"

    @property
    def partial(self) -> bool:
        return len(self.items) < self.count


WorkSource = Callable[..., Iterable[WorkItem | WorkTally]]
WORK_SOURCES: list[WorkSource] = []
WORK_KINDS: dict[str, str] = {}  # kind → the title of its card
# Told what a person was shown of their work (the page, the API), as ``listener(user=, items=,
# request=, via=)``: ``cases`` records the read of each restricted case shown (``cases.work``).
WORK_SHOWN: list[Callable[..., None]] = []
NEWS: set[str] = set()  # the kinds that tell what happened rather than what is due


def register(source: WorkSource, kinds: dict[str, str], *, news: bool = False) -> None:
    """Add an app's source and the titles of its kinds (once, however often ``ready`` runs);
    ``news``: its kinds tell what happened to the person's children since they last looked."""
    if source not in WORK_SOURCES:
        WORK_SOURCES.append(source)
    for kind, title in kinds.items():
        WORK_KINDS.setdefault(kind, title)
        if news:
            NEWS.add(kind)


def due_soon_horizon(today: date) -> date:
    """The last due date counted as due soon (``MY_WORK_DUE_SOON_DAYS`` ahead)."""
    return today + timedelta(days=settings.MY_WORK_DUE_SOON_DAYS)


def late_if_made_before(today: date, working_days: int) -> datetime:
    """The moment before which something due ``working_days`` working days after the day it was made
    (``add_working_days``) is overdue on ``today``: a filter in SQL that agrees with its due date."""
    day = today - timedelta(days=1)
    while add_working_days(day, working_days) >= today:
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def listed(
    rows: QuerySet,
    *,
    kind: str | Callable[..., str],
    overdue: Q | None,
    item: Callable[..., WorkItem],
    partition: str | None = None,
    limit: int | None = None,
) -> list[WorkItem | WorkTally]:
    """The first ``limit`` of ``rows`` (in their order) as items, and a tally of them all when there
    are more. ``overdue`` says which rows are overdue (None: none ever is). With ``partition`` (a
    field giving each row's kind, ``kind`` then a function of the row) the limit and the tally are
    per kind: one query, the counts taken by window functions before the limit (for short lists,
    such as a person's unread notifications).

    Without it: two queries, the first ``limit`` rows (the database stops at the limit) and a
    narrow count of them all (no joins, no columns). A window count in the first would make the
    database join and sort every row to show fifty: on a team of 9,000 open cases the manager's
    plan targets took 0.8 s that way, 0.2 s this way. (The count is run even when the list is not
    full, so that a page's queries do not depend on its data.)"""
    limit = limit or LIST_LIMIT
    if partition:
        return _listed_by_kind(rows, kind=kind, overdue=overdue, item=item, partition=partition, limit=limit)
    found_rows = list(rows[:limit])
    found: list[WorkItem | WorkTally] = [item(row) for row in found_rows]
    counted = {"total": Count("pk")}
    if overdue is not None:
        counted["overdue"] = Count("pk", filter=overdue)
    counts = rows.order_by().aggregate(**counted)
    if counts["total"] > len(found_rows):
        row_kind = kind(found_rows[0]) if callable(kind) else kind
        found.append(WorkTally(row_kind, counts["total"], counts.get("overdue", 0)))
    return found


def _listed_by_kind(
    rows: QuerySet,
    *,
    kind: Callable[..., str],
    overdue: Q | None,
    item: Callable[..., WorkItem],
    partition: str,
    limit: int,
) -> list[WorkItem | WorkTally]:
    by = {"partition_by": [F(partition)]}
    counted = rows.annotate(work_total=Window(Count("pk"), **by))
    if overdue is not None:
        counted = counted.annotate(work_overdue=Window(Count("pk", filter=overdue), **by))
    order = list(rows.query.order_by) or ["pk"]
    counted = counted.annotate(work_position=Window(RowNumber(), order_by=order, **by))
    found: list[WorkItem | WorkTally] = []
    shown: dict[str, list] = {}
    for row in counted.filter(work_position__lte=limit):
        found.append(item(row))
        shown.setdefault(kind(row), []).append(row)
    for row_kind, kind_rows in shown.items():
        first = kind_rows[0]
        if first.work_total > len(kind_rows):
            found.append(WorkTally(row_kind, first.work_total, getattr(first, "work_overdue", 0)))
    return found


def combined(kind: str, today: date, *lists: list[WorkItem | WorkTally]) -> list[WorkItem | WorkTally]:
    """The lists of one kind from several queries (``listed`` each) as one, with one tally of them
    all when any of them was listed in part."""
    items: list[WorkItem | WorkTally] = []
    count = overdue = 0
    partial = False
    for found in lists:
        shown = [entry for entry in found if isinstance(entry, WorkItem)]
        tally = next((entry for entry in found if isinstance(entry, WorkTally)), None)
        items += shown
        count += tally.count if tally else len(shown)
        overdue += tally.overdue if tally else sum(entry.overdue(today) for entry in shown)
        partial = partial or tally is not None
    return [*items, WorkTally(kind, count, overdue)] if partial else items


# --- Since you last looked: what the person was told and has not read -------------------------------

NEWS_KINDS = {
    NotificationKind.ARREST.value: "Arrests",
    NotificationKind.POLICE_INFORMATION.value: "New police information",
    NotificationKind.FLAG_RAISED.value: "Flags raised",
}


def since_you_last_looked(*, user: User, today: date) -> list[WorkItem | WorkTally]:
    """The person's unread notifications of arrests, police information and flags on the children
    they work with (``yjs.notifications``), newest first: one query."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True, kind__in=list(NEWS_KINDS)).order_by(
        "-created_at", "-id"
    )
    return listed(
        unread.only("kind", "subject", "link", "created_at"),
        kind=lambda notification: str(notification.kind),
        partition="kind",
        overdue=None,
        item=lambda notification: WorkItem(
            kind=str(notification.kind), label=notification.subject, link=notification.link or "/notifications/"
        ),
    )


def _gather(*, user: User, today: date) -> tuple[list[WorkItem], dict[str, WorkTally]]:
    items: list[WorkItem] = []
    tallies: dict[str, WorkTally] = {}
    for source in WORK_SOURCES:
        for found in source(user=user, today=today):
            if isinstance(found, WorkTally):
                tallies[found.kind] = found
            else:
                items.append(found)
    return in_order(items, today), tallies


def in_order(items: list[WorkItem], today: date) -> list[WorkItem]:
    """The overdue first, then by due date (undated last)."""
    return sorted(items, key=lambda item: (item.due is None, item.due or today, item.kind, item.label))


def work_shown(*, user: User, items: list[WorkItem], request=None, via: str) -> None:
    for listener in WORK_SHOWN:
        listener(user=user, items=items, request=request, via=via)


def my_work(*, user: User, today: date) -> list[WorkItem]:
    """Every source's items for ``user``: the overdue first, then by due date (undated last)."""
    return _gather(user=user, today=today)[0]


def work_cards(*, user: User, today: date) -> list[WorkCard]:
    """One card per kind the person has items of, in the order the kinds were registered, each with
    its count and overdue count (of every item, when its list shows only some) and its items."""
    items, tallies = _gather(user=user, today=today)
    cards = {kind: WorkCard(kind, title, news=kind in NEWS) for kind, title in WORK_KINDS.items()}
    for item in items:
        card = cards.setdefault(item.kind, WorkCard(item.kind, item.kind.replace("_", " ").capitalize()))
        card.items.append(item)
        card.count += 1
        card.overdue += item.overdue(today)
    for kind, tally in tallies.items():
        card = cards.setdefault(kind, WorkCard(kind, kind.replace("_", " ").capitalize()))
        card.count, card.overdue = tally.count, tally.overdue
    return [card for card in cards.values() if card.count]
