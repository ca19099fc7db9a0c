"""What each app holds about a child, registered by the app itself (UK GDPR: retention, subject access).

Each app that records something about a child has a ``personal_data`` module that calls
``register`` with a ``PersonalData``: the models that hold it, how the retention schedule
anonymises it and how a subject access request exports it. Information governance
(``governance.retention``, ``governance.subject_access``) iterates ``registered()`` and writes
to no app's tables itself, so a new app plugs in by registering, as the child's timeline
(``cases.selectors.TIMELINE_SOURCES``) already works. A test fails when a model that refers
to a child or a case is registered nowhere.

``yjs`` imports no app: the apps' modules are found by name (``autodiscover_modules``),
in the order of ``INSTALLED_APPS``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.utils.module_loading import autodiscover_modules

# What a required text field says once its content is gone.
REMOVED = "Removed under the retention schedule"


def _nothing(*_args, **_kwargs) -> dict:
    return {}


@dataclass(frozen=True)
class PersonalData:
    """One app's personal data about a child.

    - ``models``: every model of the app holding something about a child (including those
      whose rows the schedule keeps as they are: a row with no identifying content);
    - ``anonymise(child, today)``: removes what identifies the child and what was written about
      them, keeps what the board report counts; returns the rows changed by kind (for the audit
      event); runs inside the retention schedule's transaction, as the database's owner;
    - ``export(user, child)``: what the user may see about the child, as named parts of the
      subject access record (the PDF's template reads them by name);
    - ``audited(parts)``: the exported objects whose audit events the export lists;
    - ``counts(parts)`` and ``audit_detail(parts)``: what the export's own audit event records.
    """

    app: str
    models: tuple[type[Model], ...]
    anonymise: Callable[[Model, date], dict[str, int]] = _nothing
    export: Callable[[Any, Model], dict[str, Any]] = _nothing
    audited: Callable[[dict[str, Any]], Iterable[Model]] = lambda _parts: ()
    counts: Callable[[dict[str, Any]], dict[str, int]] = _nothing
    audit_detail: Callable[[dict[str, Any]], dict[str, Any]] = _nothing


_REGISTERED: dict[str, PersonalData] = {}


def register(entry: PersonalData) -> PersonalData:
    """Declare an app's personal data (once per app: registering again replaces it)."""
    _REGISTERED[entry.app] = entry
    return entry


def registered() -> list[PersonalData]:
    """Every app's declaration, in the order of ``INSTALLED_APPS``."""
    autodiscover_modules("personal_data")
    order = {config.name: position for position, config in enumerate(apps.get_app_configs())}
    return sorted(_REGISTERED.values(), key=lambda entry: order.get(entry.app, len(order)))


def registered_models() -> set[type[Model]]:
    return {model for entry in registered() for model in entry.models}


# --- notifications ---
# yjs's own: the notifications told to staff (``yjs.notifications``). One may be about a child, but
# none names them: its subject and body are written without the child's name or anything recorded
# about them (the link, a path with an id, leads to the child's pages for those who may see them),
# so anonymising a child leaves notifications as they are, and a subject access export (the child's
# record) holds none of them: they are the staff member's, not the child's.
def _register_notifications() -> None:
    from .models import Notification  # this module is first imported once the apps are loaded

    register(PersonalData(app="yjs", models=(Notification,)))


_register_notifications()
