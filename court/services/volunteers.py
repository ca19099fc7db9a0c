"""Community panel volunteers: kept by team managers and the head of service (DESIGN.md §10).

A volunteer sits on a referral order panel only while active, trained and vetted (a DBS check not
lapsed): ``Volunteer.may_sit_on``; the panels' service refuses any other by name.
"""

from datetime import date
from typing import Any

from django.db import transaction

from yjs.models import User
from yjs.services import audited_change, audited_create, locked, only_known_fields, require
from yjs.validators import normalise_name, not_before, not_in_future

from .. import permissions
from ..models import Volunteer

NOT_PERMITTED = "Only a team manager or the head of service can keep the community panel volunteers."

VOLUNTEER_FIELDS = {"name", "email", "phone", "vetted_on", "vetting_expires_on", "trained_on", "active"}


def _errors(volunteer: Volunteer) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (volunteer.name or "").strip():
        errors["name"] = "Enter the volunteer's name"
    not_in_future(volunteer.vetted_on, "vetted_on", errors, "date of the DBS check")
    not_in_future(volunteer.trained_on, "trained_on", errors, "date panel training was completed")
    if volunteer.vetting_expires_on and volunteer.vetted_on is None:
        errors["vetted_on"] = "Enter the date of the DBS check"
    not_before(
        volunteer.vetting_expires_on,
        volunteer.vetted_on,
        "vetting_expires_on",
        errors,
        "date the DBS check lapses",
        "the date of the check",
        unless="vetted_on",
    )
    if volunteer.vetted_on and volunteer.vetting_expires_on is None:
        errors["vetting_expires_on"] = "Enter the date the DBS check lapses"
    return errors


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    if "name" in fields:
        fields["name"] = normalise_name(fields["name"] or "")
    for name in ("email", "phone"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    return fields


@transaction.atomic
def volunteer_add(
    *,
    by: User,
    name: str,
    email: str = "",
    phone: str = "",
    vetted_on: date | None = None,
    vetting_expires_on: date | None = None,
    trained_on: date | None = None,
    active: bool = True,
) -> Volunteer:
    """Add a community panel volunteer, with their vetting and training as far as known."""
    require(permissions.can_keep_volunteers(by), NOT_PERMITTED)
    fields = _clean({"name": name, "email": email, "phone": phone})
    volunteer = Volunteer(
        **fields,
        vetted_on=vetted_on,
        vetting_expires_on=vetting_expires_on,
        trained_on=trained_on,
        active=bool(active),
    )
    return audited_create(volunteer, by=by, errors=_errors)


@transaction.atomic
def volunteer_update(*, volunteer: Volunteer, by: User, **fields: Any) -> Volunteer:
    """Change a volunteer's details, vetting, training or whether they are active: only the fields
    given (nothing given is erased)."""
    require(permissions.can_keep_volunteers(by), NOT_PERMITTED)
    only_known_fields(fields, VOLUNTEER_FIELDS)
    volunteer = locked(volunteer)
    fields = _clean(fields)
    return audited_change(volunteer, by=by, fields=fields, errors=_errors)
