"""Reads of the follow-ups of police outcomes for children not known to the YJS, scoped by
``oocd.permissions`` (fixed query counts): the lists, one follow-up, and the open ones a person's
work list shows (``follow_ups_open_for``)."""

from django.db.models import QuerySet
from django.http import Http404

from cases.models import Child
from cases.selectors import TimelineEvent
from yjs.models import User

from . import permissions
from .models import FollowUp


def follow_up_list(*, user: User) -> QuerySet[FollowUp]:
    """The follow-ups the user may see, earliest due first, with the child, the police outcome and the team."""
    return (
        permissions.visible_follow_ups(user)
        .select_related("decision__referral__child", "decision__outcome", "team", "outcome_recorded_by")
        .order_by("due_on", "id")
    )


def follow_ups_open_for(user: User) -> QuerySet[FollowUp]:
    """The open follow-ups (no outcome recorded yet) the user may see, ordered by ``due_on``: for
    the police officer's and the managers' work lists."""
    return follow_up_list(user=user).filter(outcome="")


def follow_up_get(*, user: User, follow_up_id: int) -> FollowUp:
    follow_up = follow_up_list(user=user).filter(pk=follow_up_id).first()
    if follow_up is None:
        raise Http404("No such follow-up")
    return follow_up


def follow_up_timeline_events(*, user: User, child: Child) -> list[TimelineEvent]:
    """The child's timeline (``cases.selectors.TIMELINE_SOURCES``): each follow-up the user may see,
    opened and, once recorded, its outcome."""
    events: list[TimelineEvent] = []
    for follow_up in follow_up_list(user=user).filter(decision__referral__child=child):
        outcome = follow_up.decision.outcome.name
        events.append(
            TimelineEvent(
                follow_up.opened_at,
                "Follow-up opened: consider an offer of voluntary support",
                f"{outcome} from the police for a child not known to the YJS; {follow_up.team} to record the "
                f"outcome by {follow_up.due_on:%-d %B %Y}.",
                "",
                "oocd",
            )
        )
        if follow_up.outcome:
            note = f" {follow_up.outcome_note}" if follow_up.outcome_note else ""
            events.append(
                TimelineEvent(
                    follow_up.outcome_recorded_at,
                    f"Follow-up: {follow_up.get_outcome_display()}",
                    f"After the {outcome.lower()}.{note}",
                    str(follow_up.outcome_recorded_by or ""),
                    "oocd",
                )
            )
    return events
