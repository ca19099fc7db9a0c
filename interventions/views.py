"""The interventions pages (DESIGN.md §10): the catalogue and its forms; a case's interventions page
(referrals, reparation, restorative justice, victim safety plans) and the forms to record each; the
case page's section (``case_interventions_section``) links to it. Thin: the services hold the rules,
and their errors come back onto the form."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import Case
from yjs.models import User
from yjs.pages import GET_AND_POST, page, paginate, posted, submit

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


def _form_page(
    request, form, service, done: str, back_url: str, /, *, title: str, button: str, caption="", intro="", **args
) -> HttpResponse:
    if response := submit(request, form, service, done, back_url, **args):
        return response
    return render(
        request,
        "interventions/form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "button_label": button,
            "back_url": back_url,
        },
    )


def _initial(record, names) -> dict[str, Any]:
    return {name: getattr(record, name) for name in names}


# --- The catalogue ------------------------------------------------------------------------------------------


def _catalogue_reader(request) -> None:
    if not permissions.can_see_catalogue(request.user):
        raise PermissionDenied("You cannot see the catalogue of interventions.")


def _catalogue_keeper(request) -> None:
    if not permissions.can_keep_catalogue(request.user):
        raise PermissionDenied(catalogue.NOT_PERMITTED)


@require_GET
def catalogue_page(request) -> HttpResponse:
    _catalogue_reader(request)
    rows = selectors.intervention_list(user=request.user).order_by("-active", "name", "id")
    return render(
        request,
        "interventions/catalogue.html",
        {"page": paginate(request, rows), "can_keep_catalogue": permissions.can_keep_catalogue(request.user)},
    )


@require_http_methods(GET_AND_POST)
def intervention_add(request) -> HttpResponse:
    _catalogue_keeper(request)
    return _form_page(
        request,
        forms.InterventionForm(posted(request)),
        catalogue.intervention_add,
        "Intervention added to the catalogue",
        reverse("interventions:catalogue"),
        title="Add an intervention",
        intro="An intervention or programme that children can be referred to.",
        button="Save intervention",
    )


@require_http_methods(GET_AND_POST)
def intervention_change(request, intervention_id: int) -> HttpResponse:
    _catalogue_keeper(request)
    intervention = selectors.intervention_get(user=request.user, intervention_id=intervention_id)
    initial = _initial(intervention, ["name", "intervention_type", "provider", "suitable_for", "sessions"])
    initial["active"] = "yes" if intervention.active else "no"
    return _form_page(
        request,
        forms.InterventionChangeForm(posted(request), initial=initial),
        catalogue.intervention_update,
        "Intervention updated",
        reverse("interventions:catalogue"),
        title=f"Change {intervention.name}",
        button="Save changes",
        intervention=intervention,
    )


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


@require_http_methods(GET_AND_POST)
def referral_make(request, case_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    form = forms.ReferralForm(
        posted(request), initial={"referred_on": timezone.localdate()}, interventions=selectors.interventions_in_use()
    )
    return _form_page(
        request,
        form,
        referrals.referral_make,
        "Referral made",
        _case_url(case, "referrals"),
        title="Refer to an intervention",
        caption=case.child.full_name,
        button="Save referral",
        case=case,
    )


def _referral(case: Case, referral_id: int):
    return get_object_or_404(case.intervention_referrals.select_related("case__child", "intervention"), pk=referral_id)


@require_http_methods(GET_AND_POST)
def referral_progress(request, case_id: int, referral_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    referral = _referral(case, referral_id)
    initial = _initial(referral, ["referred_on", "reason", "started_on", "sessions_offered", "sessions_attended"])
    return _form_page(
        request,
        forms.ReferralProgressForm(posted(request), initial=initial),
        referrals.referral_update,
        "Referral updated",
        _case_url(case, "referrals"),
        title=f"Record progress: {referral.intervention.name}",
        caption=case.child.full_name,
        intro="Record the date the child started and the sessions offered and attended so far, or correct the "
        "referral.",
        button="Save progress",
        referral=referral,
    )


@require_http_methods(GET_AND_POST)
def referral_end(request, case_id: int, referral_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    referral = _referral(case, referral_id)
    initial = _initial(referral, ["sessions_offered", "sessions_attended"]) | {"ended_on": timezone.localdate()}
    return _form_page(
        request,
        forms.ReferralEndForm(posted(request), initial=initial),
        referrals.referral_end,
        "Referral ended",
        _case_url(case, "referrals"),
        title=f"End the referral: {referral.intervention.name}",
        caption=case.child.full_name,
        button="End referral",
        referral=referral,
    )


# --- Reparation -------------------------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def placement_add(request, case_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    return _form_page(
        request,
        forms.PlacementForm(posted(request), initial={"started_on": timezone.localdate()}),
        reparation.reparation_placement_add,
        "Reparation placement recorded",
        _case_url(case, "reparation"),
        title="Record a reparation placement",
        caption=case.child.full_name,
        button="Save placement",
        case=case,
    )


def _placement(case: Case, placement_id: int):
    return get_object_or_404(case.reparation_placements.select_related("case__child"), pk=placement_id)


@require_http_methods(GET_AND_POST)
def placement_change(request, case_id: int, placement_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    placement = _placement(case, placement_id)
    form = forms.PlacementForm(posted(request), initial=_initial(placement, forms.PlacementForm.base_fields))
    return _form_page(
        request,
        form,
        reparation.reparation_placement_update,
        "Reparation placement updated",
        _case_url(case, "reparation"),
        title=f"Change the placement at {placement.placement}",
        caption=case.child.full_name,
        button="Save changes",
        placement=placement,
    )


@require_http_methods(GET_AND_POST)
def session_record(request, case_id: int, placement_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    placement = _placement(case, placement_id)
    done = reparation.hours_done(placement)
    remaining = selectors.hours_text(placement.hours_ordered - done)
    return _form_page(
        request,
        forms.SessionForm(posted(request), initial={"done_on": timezone.localdate()}),
        reparation.reparation_session_record,
        "Reparation session recorded",
        _case_url(case, "reparation"),
        title=f"Record a session at {placement.placement}",
        caption=case.child.full_name,
        intro=f"{selectors.hours_text(done)} of {placement.hours_ordered} hours done; {remaining} remaining.",
        button="Save session",
        placement=placement,
    )


# --- Restorative justice and victim safety plans --------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def restorative_justice_record(request, case_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id, victim_work=True)
    form = forms.RestorativeJusticeForm(posted(request), victims=case.victims.all())
    return _form_page(
        request,
        form,
        victims.restorative_justice_record,
        "Restorative justice recorded",
        _case_url(case, "restorative-justice"),
        title="Record restorative justice",
        caption=case.child.full_name,
        button="Save",
        case=case,
    )


@require_http_methods(GET_AND_POST)
def restorative_justice_update(request, case_id: int, record_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id, victim_work=True)
    record = get_object_or_404(case.restorative_justice.select_related("case__child"), pk=record_id)
    names = ["restorative_type", "victim", "victim_part", "held_on", "outcome"]
    form = forms.RestorativeJusticeForm(posted(request), initial=_initial(record, names), victims=case.victims.all())
    return _form_page(
        request,
        form,
        victims.restorative_justice_update,
        "Restorative justice updated",
        _case_url(case, "restorative-justice"),
        title="Change the restorative justice record",
        caption=case.child.full_name,
        button="Save changes",
        record=record,
    )


@require_http_methods(GET_AND_POST)
def safety_plan_record(request, case_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id, victim_work=True)
    form = forms.SafetyPlanForm(
        posted(request), initial={"agreed_on": timezone.localdate()}, victims=case.victims.all()
    )
    return _form_page(
        request,
        form,
        victims.victim_safety_plan_record,
        "Victim safety plan recorded",
        _case_url(case, "safety-plans"),
        title="Record a victim safety plan",
        caption=case.child.full_name,
        button="Save plan",
        case=case,
    )


@require_http_methods(GET_AND_POST)
def safety_plan_update(request, case_id: int, plan_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id, victim_work=True)
    plan = get_object_or_404(case.victim_safety_plans.select_related("case__child"), pk=plan_id)
    names = ["victim", "measures", "agreed_on", "review_on"]
    form = forms.SafetyPlanForm(posted(request), initial=_initial(plan, names), victims=case.victims.all())
    return _form_page(
        request,
        form,
        victims.victim_safety_plan_update,
        "Victim safety plan updated",
        _case_url(case, "safety-plans"),
        title="Change the victim safety plan",
        caption=case.child.full_name,
        button="Save changes",
        plan=plan,
    )


urlpatterns = [
    page("", catalogue_page, "catalogue"),
    page("new/", intervention_add),
    page("<int:intervention_id>/", intervention_change),
    page("cases/<int:case_id>/", case_interventions),
    page("cases/<int:case_id>/referrals/new/", referral_make),
    page("cases/<int:case_id>/referrals/<int:referral_id>/", referral_progress),
    page("cases/<int:case_id>/referrals/<int:referral_id>/end/", referral_end),
    page("cases/<int:case_id>/reparation/new/", placement_add),
    page("cases/<int:case_id>/reparation/<int:placement_id>/", placement_change),
    page("cases/<int:case_id>/reparation/<int:placement_id>/sessions/new/", session_record),
    page("cases/<int:case_id>/restorative-justice/new/", restorative_justice_record),
    page("cases/<int:case_id>/restorative-justice/<int:record_id>/", restorative_justice_update),
    page("cases/<int:case_id>/safety-plans/new/", safety_plan_record),
    page("cases/<int:case_id>/safety-plans/<int:plan_id>/", safety_plan_update),
]
