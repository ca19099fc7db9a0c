"""Sections that apps above ``cases`` add to its pages: the case page, the manager's dashboard and
the plan page (``cases`` imports no app above it, as with ``events`` and the timeline's sources).

An app appends a ``Section`` from its ``AppConfig.ready``::

    CASE_PAGE_SECTIONS.append(Section("Risk and vulnerability meetings", "risk/sections/case.html", case_context))

``context`` is called as ``context(user=, case=)`` on the case page and the plan page, and
``context(user=, today=)`` on the dashboard; it returns the template's context, or None (or an
empty dict) when the section has nothing to show this user. The page gives the template, besides
that context, ``section`` (its ``title``, and ``id`` for the heading) and the page's own context
(``user``, ``case`` or ``today``, ``request``, the CSRF token). Records of cases that a dashboard section shows
go in its context as ``records`` (each with its ``case``): the dashboard audits those of
restricted cases with its own, in one statement.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

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


CASE_PAGE_SECTIONS: list[Section] = []  # context(user=, case=)
DASHBOARD_SECTIONS: list[Section] = []  # context(user=, today=)
PLAN_PAGE_SECTIONS: list[Section] = []  # context(user=, case=): shown above the plan's form


@dataclass
class Shown:
    """A section as a page shows it (``{% load case_sections %}{% section shown %}``): the section, its
    context, and the records of cases it shows."""

    section: Section
    context: dict[str, Any]

    @property
    def records(self) -> list:
        return list(self.context.get("records", []))


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


def dashboard_sections(*, user: User, today: date) -> list[Shown]:
    return _shown(DASHBOARD_SECTIONS, user=user, today=today)
