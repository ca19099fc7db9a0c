"""Follow-ups of police outcomes for children not known to the YJS: the open ones, and recording an outcome."""

from functools import partial

from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from yjs.pages import GET_AND_POST, paginate, posted, require

from .. import forms, permissions, selectors
from ..services_follow_ups import follow_up_outcome_record
from .section import form_step, page


def _require_follow_ups(user) -> None:
    require(permissions.sees_follow_ups(user), "Follow-ups are for the police officer and the YJS teams.")


@require_GET
def follow_up_list(request):
    """The open follow-ups the user may see, earliest due first."""
    user = request.user
    _require_follow_ups(user)
    rows = paginate(request, selectors.follow_ups_open_for(user))
    for follow_up in rows:
        follow_up.can_record = permissions.can_record_follow_up(user, follow_up)
    return page(request, "oocd/follow_ups.html", "follow_up_list", page=rows, today=timezone.localdate())


@require_http_methods(GET_AND_POST)
def follow_up_outcome(request, follow_up_id: int):
    user = request.user
    _require_follow_ups(user)
    follow_up = selectors.follow_up_get(user=user, follow_up_id=follow_up_id)
    require(
        permissions.can_record_follow_up(user, follow_up),
        "Only the police officer and the team's staff record a follow-up's outcome.",
    )
    decision = follow_up.decision
    child = decision.referral.child
    return form_step(
        request,
        forms.FollowUpOutcomeForm(posted(request)),
        partial(follow_up_outcome_record, follow_up=follow_up),
        done=f"Follow-up recorded for {child.full_name}",
        back_url=reverse("oocd:follow_up_list"),
        title="Record the outcome of the follow-up",
        caption=f"{child.full_name}: {decision.outcome.name.lower()} of {decision.decided_on:%-d %B %Y}",
        intro=f"The police gave this outcome to a child not known to the YJS. Consider an offer of voluntary "
        f"support, and record what was decided. Due by {follow_up.due_on:%-d %B %Y} ({follow_up.team}).",
        button="Save outcome",
    )
