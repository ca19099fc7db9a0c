"""Reads of the community panel volunteers: their names (and whether each may sit) for whoever may
read case records; their contact details for those who keep them (``permissions``)."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from yjs.models import User
from yjs.selectors import one_or_404

from .. import permissions
from ..models import Volunteer

# A volunteer's vetting "lapses soon" within this many days (the list's tag).
LAPSING_WITHIN_DAYS = 30


def volunteer_list(*, user: User) -> QuerySet[Volunteer]:
    """Every volunteer, for those who may see them (none for anyone else)."""
    if not permissions.can_see_volunteers(user):
        return Volunteer.objects.none()
    return Volunteer.objects.all()


def volunteer_get(*, user: User, volunteer_id: int) -> Volunteer:
    return one_or_404(volunteer_list(user=user), volunteer_id, "volunteer")


def volunteers_to_sit(*, user: User) -> QuerySet[Volunteer]:
    """The volunteers a panel may be recorded with: the active ones (the service checks each may sit
    on the day the panel was held)."""
    return volunteer_list(user=user).filter(active=True)


@dataclass(frozen=True)
class VolunteerRow:
    volunteer: Volunteer
    may_sit: bool  # today
    lapsed: bool
    lapses_soon: bool


def vetting_status(volunteer: Volunteer, today: datetime.date | None = None) -> VolunteerRow:
    """Whether the volunteer may sit today, and whether their DBS check has lapsed or lapses within
    ``LAPSING_WITHIN_DAYS`` days."""
    today = today or timezone.localdate()
    expires = volunteer.vetting_expires_on
    lapsed = expires is not None and expires < today
    soon = expires is not None and not lapsed and expires <= today + datetime.timedelta(days=LAPSING_WITHIN_DAYS)
    return VolunteerRow(volunteer=volunteer, may_sit=volunteer.may_sit_on(today), lapsed=lapsed, lapses_soon=soon)
