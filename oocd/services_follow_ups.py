"""Follow-ups of police out-of-court outcomes given to children not known to the YJS (DESIGN.md §11).

A police-only decision for a child with no case before it opens a follow-up on the team that holds
the decision's case, due a configurable number of working days later
(``OOCD_FOLLOW_UP_WORKING_DAYS``): the YJS considers an offer of voluntary support. The team's
managers and police officers are told. It stays open, on their work lists, until someone records
its outcome.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yjs.audit import audit_record
from yjs.models import AuditAction, NotificationKind, Team, User
from yjs.notifications.services import notify
from yjs.roles import Role
from yjs.services import locked, require, stripped
from yjs.working_days import add_working_days

from . import permissions
from .models import Decision, FollowUp, FollowUpOutcome


def follow_up_url(follow_up: FollowUp) -> str:
    return reverse("oocd:follow_up_outcome", args=[follow_up.pk])


@transaction.atomic
def follow_up_open(*, decision: Decision, team: Team) -> FollowUp:
    """Open the follow-up of a police-only decision for a child not known to the YJS (once), and tell
    the team's managers and police officers."""
    existing = FollowUp.objects.filter(decision=decision).first()
    if existing is not None:
        return existing
    follow_up = FollowUp.objects.create(
        decision=decision,
        team=team,
        due_on=add_working_days(timezone.localdate(), settings.OOCD_FOLLOW_UP_WORKING_DAYS),
    )
    audit_record(
        actor=decision.recorded_by,
        action=AuditAction.CREATE,
        obj=follow_up,
        detail={"decision": decision.pk, "team": team.pk},
    )
    child = decision.referral.child
    recipients = (
        User.objects.filter(teams=team, groups__name__in=[Role.TEAM_MANAGER, Role.POLICE_OFFICER], is_active=True)
        .distinct()
        .order_by("pk")
    )
    notify(
        recipients=recipients,
        kind=NotificationKind.POLICE_OUTCOME_FOLLOW_UP,
        subject=f"{decision.outcome.name} for {child.full_name}, not known to the YJS",
        body=f"The police gave {child.full_name} a {decision.outcome.name.lower()} on "
        f"{decision.decided_on:%-d %B %Y}. The child was not known to the YJS: consider an offer of voluntary "
        f"support, and record what was decided by {follow_up.due_on:%-d %B %Y}.",
        link=follow_up_url(follow_up),
    )
    return follow_up


@transaction.atomic
def follow_up_outcome_record(*, follow_up: FollowUp, by: User, outcome: str, note: str = "") -> FollowUp:
    """Record what the YJS decided (once): an offer of voluntary support, and its answer, or why none is needed."""
    require(permissions.can_record_follow_up(by, follow_up), "You cannot record the outcome of this follow-up.")
    follow_up = locked(follow_up)
    note = stripped(note)
    errors: dict[str, str] = {}
    if follow_up.outcome:
        errors["outcome"] = "The outcome of this follow-up has already been recorded"
    elif outcome not in FollowUpOutcome.values:
        errors["outcome"] = "Select the outcome of the follow-up"
    elif outcome == FollowUpOutcome.NOT_NEEDED and not note:
        errors["note"] = "Enter why no offer of support is needed"
    if errors:
        raise ValidationError(errors)
    follow_up.outcome, follow_up.outcome_note = outcome, note
    follow_up.outcome_recorded_by, follow_up.outcome_recorded_at = by, timezone.now()
    follow_up.save(update_fields=["outcome", "outcome_note", "outcome_recorded_by", "outcome_recorded_at"])
    audit_record(actor=by, action=AuditAction.UPDATE, obj=follow_up, detail={"outcome": outcome})
    return follow_up
