"""A person's work (DESIGN.md §11): what is overdue and due soon, and what happened to their
children since they last looked, gathered from every app without ``yjs`` importing any.

Each app registers a source from its ``AppConfig.ready`` (as ``cases.selectors.TIMELINE_SOURCES``)::

    WORK_SOURCES.append(case_work)

A source is called as ``source(user=, today=)`` and returns the ``WorkItem``s of that person,
within what they may see (a manager's include their teams'). ``my_work`` gathers them; the home
page shows them as cards by kind, then the lists, and ``GET /api/v1/my-work/`` gives the same.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from .models import User


@dataclass(frozen=True)
class WorkItem:
    kind: str  # e.g. "assessment_due", "risk_action", "request_to_answer"
    label: str  # what to do, in a sentence: "Complete the assessment of Sam Smith"
    link: str  # the page where it is done
    due: date | None = None
    case_id: int | None = None
    child_name: str = ""

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


WorkSource = Callable[..., Iterable[WorkItem]]
WORK_SOURCES: list[WorkSource] = []


def my_work(*, user: User, today: date) -> list[WorkItem]:
    """Every source's items for ``user``: the overdue first, then by due date (undated last)."""
    items = [item for source in WORK_SOURCES for item in source(user=user, today=today)]
    return sorted(items, key=lambda item: (item.due is None, item.due or today, item.kind, item.label))
