"""Pages for custody and resettlement (DESIGN.md §10): the children in custody of the user's cases
and their resettlement plans, recording a custody spell on a case, a spell (changed, and its release
recorded) and its resettlement plan (written and completed). Thin: the services hold the rules, and
their errors come back onto the forms. The case page's section "Court and orders" (``court.sections``) links here."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from yjs.pages import GET_AND_POST, page, paginate, posted, require, submit
from yjs.selectors import one_or_404

from .. import permissions
from ..forms import resettlement as forms
from ..models import CustodySpell
from ..selectors import resettlement as selectors
from ..services import resettlement as services

NOT_PERMITTED = services.NOT_PERMITTED


def _spell_url(spell: CustodySpell) -> str:
    return reverse("court:custody_spell_detail", args=[spell.pk])


def _plan_url(spell: CustodySpell) -> str:
    return reverse("court:resettlement_plan", args=[spell.pk])


def _shown(request, spell: CustodySpell, via: str) -> None:
    """A page showing a spell of a restricted case is an audited read of it."""
    if request.method == "GET":
        services.custody_records_viewed(records=[spell], user=request.user, via=via, request=request)


# --- The children in custody -------------------------------------------------------------------------------


@require_GET
def resettlement_list(request) -> HttpResponse:
    require(permissions.can_see_court_list(request.user))
    today = timezone.localdate()
    spells = paginate(request, selectors.children_in_custody(user=request.user, today=today))
    services.custody_records_viewed(records=spells, user=request.user, via="resettlement_list", request=request)
    return render(
        request,
        "court/resettlement/list.html",
        {"page": spells, "rows": selectors.in_custody_rows(list(spells)), "today": today},
    )


# --- Custody spells ---------------------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def custody_spell_add(request, case_id: int) -> HttpResponse:
    case = one_or_404(permissions.visible_cases(request.user).select_related("child"), case_id, "case")
    require(permissions.can_record_court_work(request.user, case), NOT_PERMITTED)
    form = forms.CustodySpellForm(posted(request))
    if response := submit(
        request, form, services.custody_spell_record, "Custody spell recorded", _spell_url, case=case
    ):
        return response
    return render(
        request,
        "court/resettlement/spell_form.html",
        {
            "form": form,
            "title": "Record a custody spell",
            "caption": case.child.full_name,
            "refusal": services.custody_refusal(case),
            "button_label": "Save custody spell",
            "back_url": reverse("cases:case_detail", args=[case.pk]),
        },
    )


@require_http_methods(GET_AND_POST)
def custody_spell_detail(request, pk: int) -> HttpResponse:
    """The spell and its plan; for those who record on the case, its forms: change it, record the release."""
    spell = selectors.custody_spell_get(user=request.user, spell_id=pk)
    can_record = permissions.can_record_court_work(request.user, spell.case)
    which = request.POST.get("form") if request.method == "POST" else None
    if request.method == "POST":
        require(can_record, NOT_PERMITTED)
    _shown(request, spell, "custody_spell_page")
    spell_form = forms.CustodySpellForm(
        request.POST if which == "spell" else None, initial=forms.CustodySpellForm.initial_of(spell)
    )
    release_form = forms.ReleaseForm(request.POST if which == "release" else None)
    if which == "spell":
        done = submit(
            request, spell_form, services.custody_spell_update, "Custody spell changed", _spell_url, spell=spell
        )
    elif which == "release":
        done = submit(
            request, release_form, services.custody_spell_release, "Release recorded", _spell_url, spell=spell
        )
    else:
        done = None
    if done:
        return done
    form = spell_form if which == "spell" else release_form if which == "release" else None
    return render(
        request,
        "court/resettlement/spell_detail.html",
        {
            "spell": spell,
            "plan": getattr(spell, "resettlement_plan", None),
            "can_record": can_record,
            "spell_form": spell_form,
            "release_form": release_form,
            "form": form,  # the form posted, for the error summary
            "today": timezone.localdate(),
        },
    )


# --- Resettlement plans ------------------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def resettlement_plan(request, pk: int) -> HttpResponse:
    """The spell's resettlement plan: written and completed by those who record on the case, read by
    whoever may read it."""
    spell = selectors.custody_spell_get(user=request.user, spell_id=pk)
    plan = getattr(spell, "resettlement_plan", None)
    can_record = permissions.can_record_court_work(request.user, spell.case)
    if request.method == "POST":
        require(can_record, NOT_PERMITTED)
    _shown(request, spell, "resettlement_plan_page")
    editable = plan is not None and plan.completed_on is None and can_record
    form = forms.ResettlementPlanForm(
        posted(request), initial=forms.ResettlementPlanForm.initial_of(plan) if plan else {}
    )
    if editable:
        complete = request.POST.get("complete") == "yes"
        done = "Resettlement plan completed: the notice is sent to the police area" if complete else "Plan saved"
        if response := submit(
            request, form, services.resettlement_plan_save, done, _plan_url(spell), plan=plan, complete=complete
        ):
            return response
    return render(
        request,
        "court/resettlement/plan.html",
        {
            "spell": spell,
            "plan": plan,
            "form": form if editable else None,
            "today": timezone.localdate(),
            "supervised": spell.supervision_on_release in services.SUPERVISED,
            "back_url": _spell_url(spell),
        },
    )


urlpatterns = [
    page("resettlement/", resettlement_list),
    page("cases/<int:case_id>/custody/add/", custody_spell_add),
    page("custody/<int:pk>/", custody_spell_detail),
    page("custody/<int:pk>/resettlement/", resettlement_plan),
]
