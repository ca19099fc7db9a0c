"""The interventions pages (DESIGN.md §10): the catalogue and its forms; a case's interventions page
(referrals, reparation, restorative justice, victim safety plans) and the forms to record each; the
case page's section (``case_interventions_section``) links to it. Thin: the services hold the rules,
and their errors come back onto the form."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.models import Case
from yjs.models import User
from yjs.pages import FormPage, RecordFormPage, page, paginate, require

from . import forms, permissions, selectors
from .services import catalogue, referrals, reparation, victims
from .services.common import intervention_records_viewed

# --- The case page's section ---------------------------------------------------------------------------

SECTION_TEMPLATE = "interventions/includes/case_section.html"


def case_interventions_section(*, user: User, case: Case) -> dict[str, Any] | None:
    """The case page's "Interventions" section: counts and a link to the case's interventions page
    (the case page itself audits a read of a restricted case); None for a user who may not read them."""
    if not permissions.can_view_interventions(user, case):
        return None
    return {"summary": selectors.case_summary(case=case), "case": case}


# --- Helpers ----------------------------------------------------------------------------------------------


def _case_url(case: Case, anchor: str = "") -> str:
    return reverse("interventions:case_interventions", args=[case.pk]) + (f"#{anchor}" if anchor else "")


def _case_to_read(request, case_id: int, via: str) -> Case:
    """The case (404 when the user may not read it); a read of a restricted case on a GET is audited."""
    case = selectors.case_to_read(user=request.user, case_id=case_id)
    if request.method == "GET":
        intervention_records_viewed(records=[case], user=request.user, via=via, request=request)
    return case


def _case_to_record_on(request, case_id: int, *, victim_work: bool = False) -> Case:
    """The case (404), if the user may record interventions (or, ``victim_work``, work with its victims) on it (403)."""
    case = _case_to_read(request, case_id, "interventions_form")
    if victim_work:
        if not permissions.can_record_victim_work(request.user, case):
            raise PermissionDenied(victims.NOT_PERMITTED)
    elif not permissions.can_record_interventions(request.user, case):
        raise PermissionDenied(referrals.NOT_PERMITTED)
    return case


class InterventionsFormPage(FormPage):
    template_name = "interventions/form.html"
    back_url = reverse_lazy("interventions:catalogue")


class CaseFormPage(RecordFormPage):
    """A form about a case's interventions (``victim_work``: about its victims), or one of its records; then
    back to its ``anchor`` on the case's interventions page."""

    template_name = InterventionsFormPage.template_name
    owner = "case"
    victim_work = False
    anchor = ""
    shown: tuple[str, ...] = ()  # the record's fields the form starts at, as they are

    def find(self, pk: int):
        return _case_to_record_on(self.request, pk, victim_work=self.victim_work)

    def form_kwargs(self):
        kwargs = super().form_kwargs()
        if self.shown:
            kwargs["initial"] = kwargs.get("initial", {}) | _initial(getattr(self, self.about), self.shown)
        return kwargs

    @property
    def back_url(self):
        return _case_url(self.case, self.anchor)

    caption = "{case.child.full_name}"


def _initial(record, names) -> dict[str, Any]:
    return {name: getattr(record, name) for name in names}


# --- The catalogue ------------------------------------------------------------------------------------------


def _catalogue_reader(request) -> None:
    require(permissions.can_see_catalogue(request.user), "You cannot see the catalogue of interventions.")


def _catalogue_keeper(request) -> None:
    require(permissions.can_keep_catalogue(request.user), catalogue.NOT_PERMITTED)


@require_GET
def catalogue_page(request) -> HttpResponse:
    _catalogue_reader(request)
    rows = selectors.intervention_list(user=request.user).order_by("-active", "name", "id")
    return render(
        request,
        "interventions/catalogue.html",
        {"page": paginate(request, rows), "can_keep_catalogue": permissions.can_keep_catalogue(request.user)},
    )


class InterventionAdd(InterventionsFormPage):
    form_class = forms.InterventionForm
    service = catalogue.intervention_add
    done = "Intervention added to the catalogue"
    title = "Add an intervention"
    intro = "An intervention or programme that children can be referred to."
    button_label = "Save intervention"

    def load(self):
        _catalogue_keeper(self.request)


class InterventionChange(RecordFormPage):
    template_name = InterventionsFormPage.template_name
    back_url = InterventionsFormPage.back_url
    form_class = forms.InterventionChangeForm
    service = catalogue.intervention_update
    owner = "intervention"
    done = "Intervention updated"
    button_label = "Save changes"

    def find(self, pk: int):
        _catalogue_keeper(self.request)
        return selectors.intervention_get(user=self.request.user, intervention_id=pk)

    title = "Change {intervention.name}"

    def form_kwargs(self):
        initial = _initial(self.intervention, ["name", "intervention_type", "provider", "suitable_for", "sessions"])
        initial["active"] = "yes" if self.intervention.active else "no"
        return {"initial": initial}


# --- The case's interventions page ------------------------------------------------------------------------


@require_GET
def case_interventions(request, case_id: int) -> HttpResponse:
    user = request.user
    case = _case_to_read(request, case_id, "interventions_page")
    found = selectors.case_interventions(user=user, case=case)
    return render(
        request,
        "interventions/case_interventions.html",
        {
            "case": case,
            "found": found,
            "placements": [
                (placement, selectors.hours_text(placement.hours_done), found.sessions[placement.pk])
                for placement in found.placements
            ],
            "can_record": permissions.can_record_interventions(user, case),
            "can_record_victim_work": permissions.can_record_victim_work(user, case),
            "can_see_catalogue": permissions.can_see_catalogue(user),
        },
    )


# --- Referrals ------------------------------------------------------------------------------------------------


class ReferralMake(CaseFormPage):
    form_class = forms.ReferralForm
    service = referrals.referral_make
    anchor = "referrals"
    done = "Referral made"
    title = "Refer to an intervention"
    button_label = "Save referral"

    def form_kwargs(self):
        return {"initial": {"referred_on": timezone.localdate()}, "interventions": selectors.interventions_in_use()}


class ReferralPage(CaseFormPage):
    """A form about one of the case's referrals."""

    anchor = "referrals"
    about = "referral"
    records = "intervention_referrals"
    related = ("case__child", "intervention")


class ReferralProgress(ReferralPage):
    form_class = forms.ReferralProgressForm
    service = referrals.referral_update
    done = "Referral updated"
    intro = "Record the date the child started and the sessions offered and attended so far, or correct the referral."
    button_label = "Save progress"
    shown = ("referred_on", "reason", "started_on", "sessions_offered", "sessions_attended")
    title = "Record progress: {referral.intervention.name}"


class ReferralEnd(ReferralPage):
    form_class = forms.ReferralEndForm
    service = referrals.referral_end
    done = "Referral ended"
    button_label = "End referral"
    shown = ("sessions_offered", "sessions_attended")
    dated = "ended_on"
    title = "End the referral: {referral.intervention.name}"


class PlacementAdd(CaseFormPage):
    form_class = forms.PlacementForm
    service = reparation.reparation_placement_add
    anchor = "reparation"
    done = "Reparation placement recorded"
    title = "Record a reparation placement"
    button_label = "Save placement"
    dated = "started_on"


class PlacementPage(CaseFormPage):
    """A form about one of the case's reparation placements."""

    anchor = "reparation"
    about = "placement"
    records = "reparation_placements"
    related = ("case__child",)


class PlacementChange(PlacementPage):
    form_class = forms.PlacementForm
    service = reparation.reparation_placement_update
    done = "Reparation placement updated"
    button_label = "Save changes"
    shown = tuple(forms.PlacementForm.base_fields)
    title = "Change the placement at {placement.placement}"


class SessionRecord(PlacementPage):
    form_class = forms.SessionForm
    service = reparation.reparation_session_record
    done = "Reparation session recorded"
    title = "Record a session at {placement.placement}"
    dated = "done_on"
    button_label = "Save session"

    def loaded(self):
        placement = self.placement
        done = reparation.hours_done(placement)
        remaining = selectors.hours_text(placement.hours_ordered - done)
        self.intro = f"{selectors.hours_text(done)} of {placement.hours_ordered} hours done; {remaining} remaining."


class VictimWorkPage(CaseFormPage):
    """A form about restorative justice or a victim safety plan, its victim one of the case's."""

    victim_work = True

    def form_kwargs(self):
        return {**super().form_kwargs(), "victims": self.case.victims.all()}


class RestorativeJusticeRecord(VictimWorkPage):
    form_class = forms.RestorativeJusticeForm
    service = victims.restorative_justice_record
    anchor = "restorative-justice"
    done = "Restorative justice recorded"
    title = "Record restorative justice"
    button_label = "Save"


class RestorativeJusticeUpdate(VictimWorkPage):
    form_class = forms.RestorativeJusticeForm
    service = victims.restorative_justice_update
    anchor = "restorative-justice"
    done = "Restorative justice updated"
    title = "Change the restorative justice record"
    button_label = "Save changes"

    about = "record"
    records = "restorative_justice"
    related = ("case__child",)
    shown = ("restorative_type", "victim", "victim_part", "held_on", "outcome")


class SafetyPlanRecord(VictimWorkPage):
    form_class = forms.SafetyPlanForm
    service = victims.victim_safety_plan_record
    anchor = "safety-plans"
    done = "Victim safety plan recorded"
    title = "Record a victim safety plan"
    button_label = "Save plan"
    dated = "agreed_on"


class SafetyPlanUpdate(VictimWorkPage):
    form_class = forms.SafetyPlanForm
    service = victims.victim_safety_plan_update
    anchor = "safety-plans"
    done = "Victim safety plan updated"
    title = "Change the victim safety plan"
    button_label = "Save changes"

    about = "plan"
    records = "victim_safety_plans"
    related = ("case__child",)
    shown = ("victim", "measures", "agreed_on", "review_on")


urlpatterns = [
    page("", catalogue_page, "catalogue"),
    page("new/", InterventionAdd.as_view()),
    page("<int:intervention_id>/", InterventionChange.as_view()),
    page("cases/<int:case_id>/", case_interventions),
    page("cases/<int:case_id>/referrals/new/", ReferralMake.as_view()),
    page("cases/<int:case_id>/referrals/<int:referral_id>/", ReferralProgress.as_view()),
    page("cases/<int:case_id>/referrals/<int:referral_id>/end/", ReferralEnd.as_view()),
    page("cases/<int:case_id>/reparation/new/", PlacementAdd.as_view()),
    page("cases/<int:case_id>/reparation/<int:placement_id>/", PlacementChange.as_view()),
    page("cases/<int:case_id>/reparation/<int:placement_id>/sessions/new/", SessionRecord.as_view()),
    page("cases/<int:case_id>/restorative-justice/new/", RestorativeJusticeRecord.as_view()),
    page("cases/<int:case_id>/restorative-justice/<int:record_id>/", RestorativeJusticeUpdate.as_view()),
    page("cases/<int:case_id>/safety-plans/new/", SafetyPlanRecord.as_view()),
    page("cases/<int:case_id>/safety-plans/<int:plan_id>/", SafetyPlanUpdate.as_view()),
]
