"""Writes for the risk and vulnerability meeting (DESIGN.md §9): arranging a team's meeting, who
attended, the cases it hears (with their awaiting referrals), the decision on each and the actions
it sets. The team's managers run the meeting (``permissions.can_run_meeting``); an action's owner,
or a manager of the team for a partner agency's action, marks it done.

A meeting needs no quorum: unlike an out-of-court disposal panel, its decisions stand whoever
attended (the attendees are recorded for the minutes).
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, Level, Plan
from yjs.audit import audit_record, audit_record_many
from yjs.models import AuditAction, Notification, NotificationKind, Team, User
from yjs.notifications.services import notify
from yjs.services import audited_create, audited_update, locked, require, stripped, validate
from yjs.validators import long_date, not_in_future, sentence

from .. import permissions
from ..models import Action, Attendee, Hearing, Meeting, Referral, ReferralStatus

RUN_THE_MEETING = "Only a manager of the team can run its risk and vulnerability meeting."
# A level at which the meeting must say how the risk is managed (GOV.UK: say why the answer is needed).
HIGH_LEVELS = (Level.HIGH, Level.VERY_HIGH)


def _team_member(user: User | None, team: Team) -> bool:
    return user is not None and user.is_active and team.pk in user.team_ids


def _on_or_after_meeting(
    errors: dict[str, str], meeting: Meeting, *, field: str, value: date | None, noun: str
) -> None:
    """Ask for a date (``noun``: "the due date") that is not before the day of the meeting."""
    if value is None:
        errors[field] = f"Enter {noun}"
    elif value < meeting.held_on:
        errors[field] = f"{sentence(noun)} must be on or after the date of the meeting"


# --- The meeting and who attended ---------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, team: Team, by: User, held_on: date, chair: User, notes: str = "") -> Meeting:
    """Arrange a team's meeting: a manager of the team, chaired by a member of the team."""
    require(permissions.can_run_meeting(by, team), RUN_THE_MEETING)
    errors = {}
    if held_on is None:
        errors["held_on"] = "Enter the date of the meeting"
    if chair is None:
        errors["chair"] = "Select the chair"
    elif not _team_member(chair, team):
        errors["chair"] = f"Select a member of the {team} team to chair the meeting"
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(team=team, held_on=held_on, chair=chair, notes=stripped(notes), recorded_by=by)
    return audited_create(meeting, by=by, detail={"team": team.pk, "held_on": str(held_on), "chair": chair.pk})


@transaction.atomic
def attendee_add(*, meeting: Meeting, by: User, name: str, agency: str, role: str = "") -> Attendee:
    require(permissions.can_run_meeting(by, meeting.team), RUN_THE_MEETING)
    errors = {}
    if not stripped(name):
        errors["name"] = "Enter the attendee's name"
    if not stripped(agency):
        errors["agency"] = "Enter the attendee's agency"
    if errors:
        raise ValidationError(errors)
    attendee = Attendee(meeting=meeting, name=stripped(name), agency=stripped(agency), role=stripped(role))
    validate(attendee)
    attendee.save()
    audit_record(actor=by, action=AuditAction.UPDATE, obj=meeting, detail={"attendee_added": str(attendee)})
    return attendee


@transaction.atomic
def attendee_remove(*, attendee: Attendee, by: User) -> None:
    meeting = attendee.meeting
    require(permissions.can_run_meeting(by, meeting.team), RUN_THE_MEETING)
    description = str(attendee)
    attendee.delete()
    audit_record(actor=by, action=AuditAction.UPDATE, obj=meeting, detail={"attendee_removed": description})


# --- The cases heard and the decisions ---------------------------------------------------------------


def _awaiting_referrals(case_id: int) -> list[Referral]:
    return list(Referral.objects.filter(case_id=case_id, status=ReferralStatus.AWAITING))


@transaction.atomic
def hearing_add(*, meeting: Meeting, by: User, case: Case) -> Hearing:
    """Put an open case of the meeting's team on its agenda, once, with the referrals awaiting a meeting."""
    require(permissions.can_run_meeting(by, meeting.team), RUN_THE_MEETING)
    if case.team_id != meeting.team_id:
        raise ValidationError({"case": f"Select a case of the {meeting.team} team"})
    if not case.is_open:
        raise ValidationError({"case": "Select an open case: this case is closed"})
    # Locked, so that two managers adding the same case at once get one hearing and one error.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if Hearing.objects.filter(meeting=meeting, case=case).exists():
        raise ValidationError({"case": "This case is already on the meeting's agenda"})
    hearing = Hearing.objects.create(meeting=meeting, case=case)
    referrals = _awaiting_referrals(case.pk)
    hearing.referrals.add(*referrals)
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=hearing,
        detail={"meeting": meeting.pk, "case": case.pk, "referrals": [referral.pk for referral in referrals]},
    )
    return hearing


@transaction.atomic
def hearing_decide(
    *,
    hearing: Hearing,
    by: User,
    risk_of_serious_harm: str,
    safety_and_wellbeing: str,
    external_controls: str,
    contingency: str,
    decision: str,
    next_review_on: date | None,
) -> Hearing:
    """Record the meeting's decision on a case: the levels agreed, how the risk is managed (external
    controls and contingency, required when a level is high or very high), what was decided and when
    the meeting reviews the case next. The case's referrals are then heard, and the decision goes into
    the case's plan when the plan is still open to change (a countersigned plan is final: its page reads
    the decisions through ``selectors.case_risk_decisions``)."""
    hearing = locked(hearing, "meeting__team", "case__child", only_its_row=True)
    meeting = hearing.meeting
    require(permissions.can_run_meeting(by, meeting.team), RUN_THE_MEETING)
    if hearing.is_decided:
        raise ValidationError("The meeting's decision on this case is already recorded")
    if meeting.held_on > timezone.localdate():
        raise ValidationError(
            f"The meeting is on {long_date(meeting.held_on)}: record its decisions on or after that day"
        )
    external_controls, contingency, decision = stripped(external_controls), stripped(contingency), stripped(decision)
    errors: dict[str, str] = {}
    if risk_of_serious_harm not in Level.values:
        errors["risk_of_serious_harm"] = "Select the agreed risk of serious harm"
    if safety_and_wellbeing not in Level.values:
        errors["safety_and_wellbeing"] = "Select the agreed safety and wellbeing level"
    if risk_of_serious_harm in HIGH_LEVELS or safety_and_wellbeing in HIGH_LEVELS:
        if not external_controls:
            errors["external_controls"] = (
                "Enter the external controls, as risk of serious harm or safety and wellbeing is high or very high"
            )
        if not contingency:
            errors["contingency"] = (
                "Enter the contingency plan, as risk of serious harm or safety and wellbeing is high or very high"
            )
    if not decision:
        errors["decision"] = "Enter what the meeting decided"
    _on_or_after_meeting(
        errors, meeting, field="next_review_on", value=next_review_on, noun="the date of the next review"
    )
    if errors:
        raise ValidationError(errors)

    # Referrals made since the case was put on the agenda are heard with it.
    hearing.referrals.add(*_awaiting_referrals(hearing.case_id))
    values = {
        "risk_of_serious_harm": risk_of_serious_harm,
        "safety_and_wellbeing": safety_and_wellbeing,
        "external_controls": external_controls,
        "contingency": contingency,
        "decision": decision,
        "next_review_on": next_review_on,
        "decided_by": by,
        "decided_at": timezone.now(),
    }
    for field, value in values.items():
        setattr(hearing, field, value)
    validate(hearing)
    hearing.save(update_fields=list(values))
    detail = {field: str(value) for field, value in values.items() if field not in ("decided_by", "decided_at")}
    audit_record(actor=by, action=AuditAction.UPDATE, obj=hearing, detail={"decided": True, **detail})
    _referrals_heard(hearing, by=by)
    _into_the_plan(hearing, by=by)
    return hearing


def _referrals_heard(hearing: Hearing, *, by: User) -> None:
    referrals = list(hearing.referrals.filter(status=ReferralStatus.AWAITING).select_related("case__child"))
    if not referrals:
        return
    Referral.objects.filter(pk__in=[referral.pk for referral in referrals]).update(status=ReferralStatus.HEARD)
    audit_record_many(
        actor=by,
        action=AuditAction.UPDATE,
        objs=referrals,
        detail={"status": [ReferralStatus.AWAITING.value, ReferralStatus.HEARD.value], "hearing": hearing.pk},
    )


def decision_summary(hearing: Hearing) -> str:
    """The decision as the plan records it."""
    lines = [
        f"Risk and vulnerability meeting, {long_date(hearing.meeting.held_on)}: "
        f"risk of serious harm {hearing.get_risk_of_serious_harm_display().lower()}, "
        f"safety and wellbeing {hearing.get_safety_and_wellbeing_display().lower()}.",
        hearing.decision,
    ]
    if hearing.external_controls:
        lines.append(f"External controls: {hearing.external_controls}")
    if hearing.contingency:
        lines.append(f"Contingency: {hearing.contingency}")
    if hearing.next_review_on:
        lines.append(f"Next review by {long_date(hearing.next_review_on)}.")
    return "\n".join(lines)


def _into_the_plan(hearing: Hearing, *, by: User) -> None:
    """Add the decision to the case's latest plan while it is not countersigned (a countersigned plan
    is final); with no plan, or a final one, the plan's page reads the decisions from the meetings."""
    plan = Plan.objects.select_for_update().filter(case_id=hearing.case_id).order_by("-written_at", "-id").first()
    if plan is None or plan.countersigned_at:
        return
    summary = decision_summary(hearing)
    decisions = f"{plan.risk_meeting_decisions.rstrip()}\n\n{summary}" if plan.risk_meeting_decisions else summary
    audited_update(plan, by=by, detail={"risk_meeting_decision": hearing.pk}, risk_meeting_decisions=decisions)


# --- Actions ----------------------------------------------------------------------------------------


@transaction.atomic
def action_add(
    *,
    hearing: Hearing,
    by: User,
    description: str,
    due_on: date | None,
    owner: User | None = None,
    owner_agency: str = "",
) -> Action:
    """An action the meeting set on a case: owned by a member of the team who can see the case, or by a
    named partner agency; due on or after the day of the meeting."""
    meeting = hearing.meeting
    require(permissions.can_run_meeting(by, meeting.team), RUN_THE_MEETING)
    description, owner_agency = stripped(description), stripped(owner_agency)
    errors: dict[str, str] = {}
    if not description:
        errors["description"] = "Enter what needs to be done"
    if owner is not None and owner_agency:
        errors["owner"] = "Select a person or name a partner agency, not both"
    elif owner is None and not owner_agency:
        errors["owner"] = "Select who will do it, or name the partner agency"
    elif owner is not None and not (
        _team_member(owner, meeting.team) and permissions.can_view_risk(owner, hearing.case)
    ):
        errors["owner"] = f"Select a member of the {meeting.team} team who can see this case"
    _on_or_after_meeting(errors, meeting, field="due_on", value=due_on, noun="the due date")
    if errors:
        raise ValidationError(errors)
    action = Action(
        hearing=hearing,
        case_id=hearing.case_id,
        description=description,
        owner=owner,
        owner_agency=owner_agency,
        due_on=due_on,
        recorded_by=by,
    )
    return audited_create(action, by=by, detail={"hearing": hearing.pk, "due_on": str(due_on)})


@transaction.atomic
def action_complete(*, action: Action, by: User, done_on: date | None = None) -> Action:
    """Mark an action done (today, unless given): its owner, or a manager of the team (who marks a partner
    agency's)."""
    action = locked(action, "case", "hearing__meeting", only_its_row=True)
    require(
        permissions.can_complete_action(by, action.owner_id, action.case),
        "Only the action's owner, or a manager of the team, can mark it done.",
    )
    if action.done_on is not None:
        raise ValidationError("This action is already marked as done")
    done_on = done_on or timezone.localdate()
    errors: dict[str, str] = {}
    not_in_future(done_on, "done_on", errors, "date it was done")
    if not errors:
        _on_or_after_meeting(
            errors, action.hearing.meeting, field="done_on", value=done_on, noun="the date it was done"
        )
    if errors:
        raise ValidationError(errors)
    return audited_update(action, by=by, detail={"done_on": ["", str(done_on)]}, done_on=done_on, done_by=by)


# --- Overdue actions ------------------------------------------------------------------------------------

OVERDUE_LOCK = 0x7269_736B  # one run at a time (a PostgreSQL advisory lock key)


def action_url(action: Action) -> str:
    return reverse("risk:meeting_detail", args=[action.hearing.meeting_id]) + f"#action-{action.pk}"


@transaction.atomic
def overdue_actions_notify(*, today: date | None = None) -> int:
    """Tell the owner of each action not done by its due date, once per action and owner (a new owner
    is told too), while they may still see its case. The notification names neither the child nor what
    is to be done: it links to the action on the meeting's page. Returns how many were told."""
    today = today or timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [OVERDUE_LOCK])
    overdue = list(
        Action.objects.filter(done_on__isnull=True, due_on__lt=today, owner__is_active=True)
        .select_related("owner", "hearing")
        .order_by("due_on", "id")
    )
    told = set(
        Notification.objects.filter(
            kind=NotificationKind.OVERDUE_ACTION, link__in=[action_url(action) for action in overdue]
        ).values_list("recipient_id", "link")
    )
    by_owner: dict[int, list[Action]] = {}
    for action in overdue:
        if (action.owner_id, action_url(action)) not in told:
            by_owner.setdefault(action.owner_id, []).append(action)
    count = 0
    for actions in by_owner.values():
        owner = actions[0].owner
        seen = permissions.visible_cases(owner).filter(pk__in={action.case_id for action in actions})
        visible = set(seen.values_list("pk", flat=True))
        for action in actions:
            if action.case_id in visible:
                count += len(
                    notify(
                        recipients=[owner],
                        kind=NotificationKind.OVERDUE_ACTION,
                        subject="A risk meeting action you own is overdue",
                        body=f"Due on {long_date(action.due_on)}. Mark it done on the meeting's page when it is.",
                        link=action_url(action),
                    )
                )
    return count


# --- Reads recorded in the audit trail -------------------------------------------------------------------


def risk_records_viewed(*, records: Iterable, user: User, via: str, request=None) -> int:
    """Showing hearings, actions or referrals (each with its ``case``) is a read of each restricted
    case among them, recorded as every read of a restricted case's records is."""
    return case_services.restricted_case_records_viewed(records=records, user=user, via=via, request=request)


@transaction.atomic
def meeting_minutes_export(*, meeting: Meeting, hearings: list[Hearing], by: User, request=None) -> None:
    """Downloading a meeting's minutes: an export in the audit trail naming the cases it shows (only
    those the user may see), and a read of each restricted one."""
    audit_record(
        actor=by,
        action=AuditAction.EXPORT,
        obj=meeting,
        request=request,
        detail={
            "export": "risk_meeting_minutes",
            "hearings": [hearing.pk for hearing in hearings],
            "cases": [hearing.case_id for hearing in hearings],
        },
    )
    risk_records_viewed(records=hearings, user=by, via="risk_meeting_minutes", request=request)
