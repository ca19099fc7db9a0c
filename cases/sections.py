"""Sections that apps above ``cases`` add to its pages: the case page, the plan page and the
manager's dashboard (``cases`` imports no app above it, as with ``events`` and the timeline's sources).

An app adds a ``Section`` from its ``AppConfig.ready``::

    add_section(CASE_PAGE_SECTIONS, Section("Risk and vulnerability meetings", "risk/sections/case.html", case_context))

``context`` is called as ``context(user=, case=)``; it returns the template's context, or None (or
an empty dict) when the section has nothing to show this user. The page gives the template, besides
that context, ``section`` (its ``title``, and ``id`` for the heading) and the page's own context
(``user``, ``case``, ``request``, the CSRF token).

The dashboard's are lists (``DashboardList``): a summary card each on the dashboard, with its count,
and a page each (``/cases/dashboard/<slug>/``) of its rows, paged and filtered by case worker and by
kind. The list page audits the records of restricted cases it shows (``record``), in one statement.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.text import slugify

from yjs.models import User

from .models import Case


@dataclass(frozen=True)
class Section:
    title: str
    template: str
    context: Callable[..., dict[str, Any] | None]
    anchor: str = ""  # the heading's id (the page links to it); by default from the title

    @property
    def id(self) -> str:
        return self.anchor or slugify(self.title)


def _themselves(rows: list, **_) -> list:
    return rows


def _itself(row):
    return row


@dataclass(frozen=True)
class DashboardList:
    """A list of the manager's dashboard.

    ``rows(user=, today=, worker=, kind=)`` gives its rows in order, of the user's own teams, as a
    QuerySet (so that a page of them is one query and the count another): ``worker`` is the case's
    allocated worker (``cases.selectors.of_worker``), ``kind`` one of ``kinds``' values or "" for any.
    ``template`` draws the table of a page of them, given ``rows`` (``shown(records, user=, today=)``
    of the page's records: by default the records themselves), ``page`` and ``today``; ``record(row)``
    is the record of a case the row shows (with its ``case``), for the audit of restricted cases.
    """

    title: str
    slug: str  # its page's address, and its card's id
    summary: str  # what the count on its card counts: "past their due date and not completed"
    rows: Callable[..., QuerySet]
    template: str
    kinds: Sequence[tuple[str, str]] = ()  # no filter by kind when empty
    kind_label: str = "Type"
    shown: Callable[..., list] = _themselves
    record: Callable[[Any], Any] = _itself


CASE_PAGE_SECTIONS: list[Section] = []  # context(user=, case=)
PLAN_PAGE_SECTIONS: list[Section] = []  # context(user=, case=): shown above the plan's form
DASHBOARD_SECTIONS: list[DashboardList] = []  # after the dashboard's own lists (cases.dashboard_views)


def add_section(sections: list, section: Section | DashboardList) -> None:
    """Add an app's section to one of the lists above (once, however often ``ready`` runs)."""
    if section not in sections:
        sections.append(section)


@dataclass
class Shown:
    """A section as a page shows it (``{% load case_sections %}{% section shown %}``): the section and its context."""

    section: Section
    context: dict[str, Any]


def _shown(sections: list[Section], **arguments) -> list[Shown]:
    shown = []
    for section in sections:
        if context := section.context(**arguments):
            shown.append(Shown(section, context))
    return shown


def case_page_sections(*, user: User, case: Case) -> list[Shown]:
    return _shown(CASE_PAGE_SECTIONS, user=user, case=case)


def plan_page_sections(*, user: User, case: Case) -> list[Shown]:
    return _shown(PLAN_PAGE_SECTIONS, user=user, case=case)
