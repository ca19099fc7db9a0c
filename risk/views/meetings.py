"""Pages of the risk and vulnerability meeting and its referrals (DESIGN.md §9): a team's meetings,
arranging one, its page (attendees, the agenda as a task list, the decisions and actions), the
decision on each case heard, actions, the referrals waiting for a meeting, referring a case and
declining a referral. Thin: read through ``selectors``, ask ``permissions`` what to offer, write
through ``services`` and put their field errors back on the form (200, never 500)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import permissions as case_permissions
from cases import selectors as case_selectors
from yjs.forms import GovUKForm
from yjs.pages import GET_AND_POST, page, paginate, posted, submit

from .. import permissions
from ..forms import meetings as forms
from ..models import ReferralStatus
from ..selectors import meetings as meeting_selectors
from ..selectors import pages as selectors
from ..services import meetings as meeting_services
from ..services import referrals as referral_services

# --- What the pages share ----------------------------------------------------------------------------


def uses_risk_meetings(user) -> bool:
    """Whoever reads case records reads the meetings of the cases they see (as the minutes and the API):
    case workers refer and carry out actions, managers run the meetings, the head of service and victim
    workers read. The police officer attends, and reads no case records here (DESIGN.md §2)."""
    return case_permissions.can_see_case_records(user)


def _require_section(user) -> None:
    if not uses_risk_meetings(user):
        raise PermissionDenied("Risk and vulnerability meetings are read by those who read case records.")


def _sub_navigation(current: str) -> list[dict]:
    items = [("meeting_list", "Meetings"), ("referral_list", "Referrals")]
    return [{"url": reverse(f"risk:{name}"), "label": label, "current": name == current} for name, label in items]


def _page(request, template: str, current: str = "meeting_list", **context) -> HttpResponse:
    return render(request, template, {"sub_navigation": _sub_navigation(current), **context})


def _form_page(request, form, *, title: str, back_url: str, button: str, **context) -> HttpResponse:
    return render(
        request,
        "risk/form.html",
        {"form": form, "title": title, "back_url": back_url, "button_label": button, **context},
    )


def meeting_url(meeting, anchor: str = "") -> str:
    return reverse("risk:meeting_detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def _case_url(case, anchor: str = "risk") -> str:
    return reverse("cases:case_detail", args=[case.pk]) + f"#{anchor}"


def _meeting_to_run(request, meeting_id: int):
    _require_section(request.user)
    meeting = meeting_selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    if not permissions.can_run_meeting(request.user, meeting.team):
        raise PermissionDenied("Only a manager of the meeting's team can do this.")
    return meeting


# --- Meetings -------------------------------------------------------------------------------------


@require_GET
def meeting_list(request):
    user = request.user
    _require_section(user)
    meetings = paginate(request, selectors.meeting_rows(user=user))
    rows = [
        {"meeting": meeting, "decided": sum(1 for hearing in meeting.visible_hearings if hearing.is_decided)}
        for meeting in meetings
    ]
    return _page(
        request,
        "risk/meeting_list.html",
        page=meetings,
        rows=rows,
        can_arrange=bool(selectors.runnable_teams(user=user)),
        today=timezone.localdate(),
    )


@require_http_methods(GET_AND_POST)
def meeting_new(request):
    user = request.user
    _require_section(user)
    teams = selectors.runnable_teams(user=user)
    if not teams:
        raise PermissionDenied("Only a team manager arranges a risk and vulnerability meeting.")
    form = forms.MeetingForm(
        posted(request),
        teams=teams,
        chairs=selectors.team_managers(teams=teams),
        initial={"chair": user.pk, "team": teams[0].pk},
    )
    if done := submit(
        request,
        form,
        meeting_services.meeting_create,
        lambda meeting: f"Meeting arranged for {meeting.held_on:%-d %B %Y}. Add who is attending",
        meeting_url,
    ):
        return done
    return _form_page(
        request,
        form,
        title="Arrange a risk and vulnerability meeting",
        back_url=reverse("risk:meeting_list"),
        button="Arrange meeting",
        intro="You can add attendees and the cases to hear once it is arranged.",
    )


def _meeting_page(request, meeting_id: int, attendee_form=None) -> HttpResponse:
    user = request.user
    _require_section(user)
    shown = selectors.meeting_page(user=user, meeting_id=meeting_id)
    meeting = shown.meeting
    meeting_services.risk_records_viewed(records=shown.hearings, user=user, via="risk_meeting", request=request)
    can_run = permissions.can_run_meeting(user, meeting.team)
    if attendee_form is None and can_run:
        attendee_form = forms.AttendeeForm()
    today = timezone.localdate()
    hearings = [
        {
            "hearing": hearing,
            "actions": [
                {
                    "action": action,
                    "overdue": action.done_on is None and action.due_on < today,
                    # The hearings shown are of cases the user may see: the owner's check of the case
                    # (permissions.can_complete_action) is made, without a query an action.
                    "can_complete": action.done_on is None
                    and (action.owner_id == user.pk or case_permissions.can_manage_case(user, hearing.case)),
                }
                for action in hearing.actions.all()
            ],
        }
        for hearing in shown.hearings
    ]
    return _page(
        request,
        "risk/meeting_detail.html",
        meeting=meeting,
        minutes_url=reverse("risk:meeting_minutes", args=[meeting.pk]),
        attendees=shown.attendees,
        hearings=hearings,
        hidden_hearings=shown.hidden_hearings,
        decided=sum(1 for hearing in shown.hearings if hearing.is_decided),
        can_run=can_run,
        form=attendee_form,
        today=today,
    )


@require_GET
def meeting_detail(request, meeting_id: int):
    return _meeting_page(request, meeting_id)


@require_POST
def attendee_add(request, meeting_id: int):
    meeting = _meeting_to_run(request, meeting_id)
    form = forms.AttendeeForm(request.POST)
    if done := submit(
        request,
        form,
        meeting_services.attendee_add,
        lambda attendee: f"{attendee.name} added to the attendees",
        meeting_url(meeting, "attendees"),
        meeting=meeting,
    ):
        return done
    return _meeting_page(request, meeting_id, attendee_form=form)


@require_http_methods(GET_AND_POST)
def hearing_add(request, meeting_id: int):
    meeting = _meeting_to_run(request, meeting_id)
    choices = selectors.agenda_choices(user=request.user, meeting=meeting)
    form = forms.HearingForm(posted(request), referred=choices.referred, others=choices.others)
    if done := submit(
        request,
        form,
        meeting_services.hearing_add,
        lambda hearing: f"{hearing.case.child.full_name} added to the agenda",
        meeting_url(meeting, "agenda"),
        meeting=meeting,
    ):
        return done
    return _form_page(
        request,
        form,
        title="Add a case to the agenda",
        caption=str(meeting),
        back_url=meeting_url(meeting, "agenda"),
        button="Add to the agenda",
        intro="Cases referred to the meeting and still waiting come first, oldest referral first.",
    )


@require_http_methods(GET_AND_POST)
def hearing_decide(request, meeting_id: int, hearing_id: int):
    meeting = _meeting_to_run(request, meeting_id)
    hearing = selectors.hearing_get(user=request.user, meeting=meeting, hearing_id=hearing_id)
    child = hearing.case.child
    if hearing.is_decided:
        messages.info(request, f"The meeting's decision for {child.full_name} is already recorded")
        return redirect(meeting_url(meeting, f"hearing-{hearing.pk}"))
    form = forms.DecisionForm(posted(request))
    if done := submit(
        request,
        form,
        meeting_services.hearing_decide,
        f"Decision recorded for {child.full_name}",
        meeting_url(meeting, f"hearing-{hearing.pk}"),
        hearing=hearing,
    ):
        return done
    return _form_page(
        request,
        form,
        title=f"Record the decision for {child.full_name}",
        caption=str(meeting),
        back_url=meeting_url(meeting, "agenda"),
        button="Record decision",
        template_above="risk/includes/hearing_summary.html",
        hearing=hearing,
        assessment=selectors.latest_assessment(case=hearing.case),
    )


@require_http_methods(GET_AND_POST)
def action_add(request, meeting_id: int, hearing_id: int):
    meeting = _meeting_to_run(request, meeting_id)
    hearing = selectors.hearing_get(user=request.user, meeting=meeting, hearing_id=hearing_id)
    form = forms.ActionForm(posted(request), members=selectors.team_members(teams=[meeting.team]))
    if done := submit(
        request,
        form,
        meeting_services.action_add,
        "Action added",
        meeting_url(meeting, f"hearing-{hearing.pk}"),
        hearing=hearing,
    ):
        return done
    return _form_page(
        request,
        form,
        title=f"Add an action for {hearing.case.child.full_name}",
        caption=str(meeting),
        back_url=meeting_url(meeting, f"hearing-{hearing.pk}"),
        button="Add action",
    )


@require_POST
def action_complete(request, action_id: int):
    user = request.user
    _require_section(user)
    action = selectors.action_get(user=user, action_id=action_id)
    if not permissions.can_complete_action(user, action.owner_id, action.case):
        raise PermissionDenied("Only the action's owner or a manager of the case's team marks it done.")
    meeting_page_url = meeting_url(action.hearing.meeting, f"hearing-{action.hearing_id}")
    back = _case_url(action.case) if request.POST.get("next") == "case" else meeting_page_url
    form = GovUKForm(request.POST)
    if done := submit(request, form, meeting_services.action_complete, "Action marked as done", back, action=action):
        return done
    # The service refused (the action was done already): say so where the user came from.
    for message in form.non_field_errors():
        messages.error(request, message)
    return redirect(back)


# --- Referrals ------------------------------------------------------------------------------------


@require_GET
def referral_list(request):
    user = request.user
    _require_section(user)
    today = timezone.localdate()
    shown = selectors.referrals_page(user=user, today=today)
    meeting_services.risk_records_viewed(
        records=[row.referral for row in shown.awaiting] + shown.declined + shown.heard,
        user=user,
        via="risk_referrals",
        request=request,
    )
    awaiting = [
        {"row": row, "can_decline": permissions.can_decline_referral(user, row.referral.case)} for row in shown.awaiting
    ]
    return _page(
        request,
        "risk/referral_list.html",
        "referral_list",
        shown=shown,
        awaiting=awaiting,
        within=settings.RISK_MEETING_WITHIN_WORKING_DAYS,
        shown_closed=selectors.SHOWN_CLOSED_REFERRALS,
    )


@require_http_methods(GET_AND_POST)
def referral_make(request, case_id: int):
    user = request.user
    _require_section(user)
    case = case_selectors.case_get(user=user, case_id=case_id)
    if not permissions.can_record_risk(user, case):
        raise PermissionDenied("Only case workers and managers who work on the case refer it.")
    form = forms.ReferralForm(posted(request))
    if done := submit(
        request,
        form,
        referral_services.referral_make,
        "Case referred to the risk and vulnerability meeting",
        _case_url(case),
        case=case,
    ):
        return done
    return _form_page(
        request,
        form,
        title="Refer to the risk and vulnerability meeting",
        caption=f"{case.child.full_name}: {case.get_case_type_display()}",
        back_url=_case_url(case),
        button="Refer case",
        intro=f"The team's managers will put the case on the agenda of {case.team}'s next meeting, or decline it.",
    )


@require_http_methods(GET_AND_POST)
def referral_decline(request, referral_id: int):
    user = request.user
    _require_section(user)
    referral = selectors.referral_get(user=user, referral_id=referral_id)
    if not permissions.can_decline_referral(user, referral.case):
        raise PermissionDenied("Only a manager of the case's team declines a referral.")
    back = reverse("risk:referral_list")
    if referral.status != ReferralStatus.AWAITING:
        messages.info(request, f"The referral of {referral.case.child.full_name} is no longer awaiting a meeting")
        return redirect(back)
    form = forms.DeclineForm(posted(request))
    if done := submit(
        request,
        form,
        referral_services.referral_decline,
        f"Referral of {referral.case.child.full_name} declined",
        back,
        referral=referral,
    ):
        return done
    return _form_page(
        request,
        form,
        title=f"Decline the referral of {referral.case.child.full_name}",
        caption=referral.get_reason_display(),
        back_url=back,
        button="Decline referral",
        intro=referral.detail,
    )


urlpatterns = [
    page("", meeting_list),
    page("meetings/new/", meeting_new),
    page("meetings/<int:meeting_id>/", meeting_detail),
    page("meetings/<int:meeting_id>/attendees/add/", attendee_add),
    page("meetings/<int:meeting_id>/agenda/add/", hearing_add),
    page("meetings/<int:meeting_id>/agenda/<int:hearing_id>/decision/", hearing_decide),
    page("meetings/<int:meeting_id>/agenda/<int:hearing_id>/actions/add/", action_add),
    page("actions/<int:action_id>/done/", action_complete),
    page("referrals/", referral_list),
    page("referrals/<int:referral_id>/decline/", referral_decline),
    page("cases/<int:case_id>/refer/", referral_make),
]
