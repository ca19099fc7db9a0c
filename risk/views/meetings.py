"""Pages of the risk and vulnerability meeting and its referrals (DESIGN.md §9): a team's meetings,
arranging one, its page (attendees, the agenda as a task list, the decisions and actions), the
decision on each case heard, actions, the referrals waiting for a meeting, referring a case and
declining a referral. Thin: read through ``selectors``, ask ``permissions`` what to offer, write
through ``services`` and put their field errors back on the form (200, never 500)."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases import permissions as case_permissions
from cases import selectors as case_selectors
from yjs.forms import GovUKForm
from yjs.pages import RecordFormPage, page, paginate, require, submit

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
    require(uses_risk_meetings(user), "Risk and vulnerability meetings are read by those who read case records.")


def _sub_navigation(current: str) -> list[dict]:
    items = [("meeting_list", "Meetings"), ("referral_list", "Referrals")]
    return [{"url": reverse(f"risk:{name}"), "label": label, "current": name == current} for name, label in items]


def _page(request, template: str, current: str = "meeting_list", **context) -> HttpResponse:
    return render(request, template, {"sub_navigation": _sub_navigation(current), **context})


class RiskFormPage(RecordFormPage):
    """A risk page around one form (``risk/form.html``) about a record: see ``RecordFormPage``."""

    template_name = "risk/form.html"


class MeetingFormPage(RiskFormPage):
    """A form about a meeting its user runs, or one of its hearings (``about = "hearing"``)."""

    owner = "meeting"
    caption = "{meeting}"

    def find(self, pk: int):
        return _meeting_to_run(self.request, pk)

    def find_record(self, pk: int):
        return selectors.hearing_get(user=self.request.user, meeting=self.meeting, hearing_id=pk)


def meeting_url(meeting, anchor: str = "") -> str:
    return reverse("risk:meeting_detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def _case_url(case, anchor: str = "risk") -> str:
    return reverse("cases:case_detail", args=[case.pk]) + f"#{anchor}"


def _meeting_to_run(request, meeting_id: int):
    _require_section(request.user)
    meeting = meeting_selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    require(
        permissions.can_run_meeting(request.user, meeting.team), "Only a manager of the meeting's team can do this."
    )
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


class MeetingNew(RiskFormPage):
    form_class = forms.MeetingForm
    service = meeting_services.meeting_create
    title = "Arrange a risk and vulnerability meeting"
    intro = "You can add attendees and the cases to hear once it is arranged."
    button_label = "Arrange meeting"
    done = "Meeting arranged for {result.held_on:%-d %B %Y}. Add who is attending"
    back_url = reverse_lazy("risk:meeting_list")

    def load(self):
        _require_section(self.request.user)
        self.teams = selectors.runnable_teams(user=self.request.user)
        require(self.teams, "Only a team manager arranges a risk and vulnerability meeting.")

    def form_kwargs(self):
        teams = self.teams
        initial = {"chair": self.request.user.pk, "team": teams[0].pk}
        return {"teams": teams, "chairs": selectors.team_managers(teams=teams), "initial": initial}

    def service_arguments(self):
        return {}

    def next_url(self, result):
        return meeting_url(result)


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


class HearingAdd(MeetingFormPage):
    form_class = forms.HearingForm
    service = meeting_services.hearing_add
    title = "Add a case to the agenda"
    intro = "Cases referred to the meeting and still waiting come first, oldest referral first."
    button_label = "Add to the agenda"
    done = "{result.case.child.full_name} added to the agenda"

    def form_kwargs(self):
        choices = selectors.agenda_choices(user=self.request.user, meeting=self.meeting)
        return {"referred": choices.referred, "others": choices.others}

    @property
    def back_url(self):
        return meeting_url(self.meeting, "agenda")


class HearingDecide(MeetingFormPage):
    form_class = forms.DecisionForm
    service = meeting_services.hearing_decide
    about = "hearing"
    title = "Record the decision for {hearing.case.child.full_name}"
    button_label = "Record decision"
    done = "Decision recorded for {hearing.case.child.full_name}"

    def loaded(self):
        if self.hearing.is_decided:
            name = self.hearing.case.child.full_name
            messages.info(self.request, f"The meeting's decision for {name} is already recorded")
            return redirect(self.next_url(None))
        return None

    @property
    def back_url(self):
        return meeting_url(self.meeting, "agenda")

    def next_url(self, result):
        return meeting_url(self.meeting, f"hearing-{self.hearing.pk}")

    def context(self):
        return {
            **super().context(),
            "template_above": "risk/includes/hearing_summary.html",
            "hearing": self.hearing,
            "assessment": selectors.latest_assessment(case=self.hearing.case),
        }


class ActionAdd(MeetingFormPage):
    form_class = forms.ActionForm
    service = meeting_services.action_add
    about = "hearing"
    title = "Add an action for {hearing.case.child.full_name}"
    button_label = "Add action"
    done = "Action added"

    def form_kwargs(self):
        return {"members": selectors.team_members(teams=[self.meeting.team])}

    @property
    def back_url(self):
        return meeting_url(self.meeting, f"hearing-{self.hearing.pk}")


@require_POST
def action_complete(request, action_id: int):
    user = request.user
    _require_section(user)
    action = selectors.action_get(user=user, action_id=action_id)
    require(
        permissions.can_complete_action(user, action.owner_id, action.case),
        "Only the action's owner or a manager of the case's team marks it done.",
    )
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


class ReferralMake(RiskFormPage):
    form_class = forms.ReferralForm
    service = referral_services.referral_make
    owner = "case"
    title = "Refer to the risk and vulnerability meeting"
    intro = "The team's managers will put the case on the agenda of {case.team}'s next meeting, or decline it."
    button_label = "Refer case"
    done = "Case referred to the risk and vulnerability meeting"

    def find(self, pk: int):
        user = self.request.user
        _require_section(user)
        case = case_selectors.case_get(user=user, case_id=pk)
        require(
            permissions.can_record_risk(user, case), "Only case workers and managers who work on the case refer it."
        )
        return case

    @property
    def caption(self):
        return f"{self.case.child.full_name}: {self.case.get_case_type_display()}"

    @property
    def back_url(self):
        return _case_url(self.case)


class ReferralDecline(RiskFormPage):
    form_class = forms.DeclineForm
    service = referral_services.referral_decline
    owner = "referral"
    title = "Decline the referral of {referral.case.child.full_name}"
    button_label = "Decline referral"
    done = "Referral of {referral.case.child.full_name} declined"
    back_url = reverse_lazy("risk:referral_list")

    def find(self, pk: int):
        user = self.request.user
        _require_section(user)
        referral = selectors.referral_get(user=user, referral_id=pk)
        require(
            permissions.can_decline_referral(user, referral.case),
            "Only a manager of the case's team declines a referral.",
        )
        return referral

    def loaded(self):
        if self.referral.status != ReferralStatus.AWAITING:
            name = self.referral.case.child.full_name
            messages.info(self.request, f"The referral of {name} is no longer awaiting a meeting")
            return redirect(self.back_url)
        return None

    @property
    def caption(self):
        return self.referral.get_reason_display()

    @property
    def intro(self):
        return self.referral.detail


urlpatterns = [
    page("", meeting_list),
    page("meetings/new/", MeetingNew.as_view()),
    page("meetings/<int:meeting_id>/", meeting_detail),
    page("meetings/<int:meeting_id>/attendees/add/", attendee_add),
    page("meetings/<int:meeting_id>/agenda/add/", HearingAdd.as_view()),
    page("meetings/<int:meeting_id>/agenda/<int:hearing_id>/decision/", HearingDecide.as_view()),
    page("meetings/<int:meeting_id>/agenda/<int:hearing_id>/actions/add/", ActionAdd.as_view()),
    page("actions/<int:action_id>/done/", action_complete),
    page("referrals/", referral_list),
    page("referrals/<int:referral_id>/decline/", ReferralDecline.as_view()),
    page("cases/<int:case_id>/refer/", ReferralMake.as_view()),
]
