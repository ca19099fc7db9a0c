"""Pages of MAPPA, MARAC, social care status and safeguarding referrals: forms to record and
update each, reached from the case page's section (``case_protection_section``). Thin: the
services hold the rules, and their errors come back onto the form."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cases.models import Case
from yjs.models import User
from yjs.pages import GET_AND_POST, page, posted, submit
from yjs.selectors import one_or_404

from .. import permissions
from ..forms import protection as forms
from ..selectors import protection as selectors
from ..services import protection as services

# --- The case page's section -------------------------------------------------------------------------

SECTION_TEMPLATE = "risk/includes/case_protection.html"


def case_protection_section(*, user: User, case: Case) -> dict[str, Any] | None:
    """The context of the case page's section on MAPPA, MARAC, social care and safeguarding (the
    case page itself audits a read of a restricted case); None for a user who may not read it."""
    if not permissions.can_view_risk(user, case):
        return None
    return {
        "protection": selectors.case_protection(user=user, case=case),
        "can_record_protection": permissions.can_record_risk(user, case),
        "case": case,
    }


# --- Helpers --------------------------------------------------------------------------------------------


def _case_url(case: Case) -> str:
    return reverse("cases:case_detail", args=[case.pk]) + "#protection"


def _case_to_record_on(request, case_id: int) -> Case:
    """The case (404 when the user may not read its risk work), if the user may record on it (403)."""
    user = request.user
    case = one_or_404(permissions.visible_cases(user).select_related("child"), case_id, "case")
    if not permissions.can_record_risk(user, case):
        raise PermissionDenied("You cannot record risk work on this case.")
    return case


def _form_page(
    request, case: Case, form, service, done: str, /, *, title: str, button: str, intro: str = "", **args
) -> HttpResponse:
    """The form on the protection form page; once the service (given ``args`` and the form's data)
    records it, back to the case page's section."""
    if response := submit(request, form, service, done, _case_url(case), **args):
        return response
    return render(
        request,
        "risk/protection_form.html",
        {
            "form": form,
            "title": title,
            "caption": case.child.full_name,
            "intro": intro,
            "button_label": button,
            "back_url": _case_url(case),
        },
    )


def _shown_for_change(request, record) -> None:
    """An update form shows the record: a read of a restricted case's risk data is audited."""
    if request.method == "GET":
        services.protection_records_viewed(records=[record], user=request.user, via="protection_page", request=request)


def _initial(record, names) -> dict[str, Any]:
    return {name: getattr(record, name) for name in names}


# --- MAPPA ---------------------------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def mappa_record(request, case_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    form = forms.MappaForm(posted(request), initial={"referred_on": timezone.localdate()})
    return _form_page(
        request,
        case,
        form,
        services.mappa_record,
        "MAPPA recorded",
        title="Record MAPPA",
        button="Save MAPPA",
        case=case,
    )


@require_http_methods(GET_AND_POST)
def mappa_update(request, case_id: int, mappa_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    mappa = get_object_or_404(case.mappa.select_related("case__child"), pk=mappa_id)
    _shown_for_change(request, mappa)
    form = forms.MappaForm(posted(request), initial=_initial(mappa, forms.MappaForm.base_fields))
    return _form_page(
        request,
        case,
        form,
        services.mappa_update,
        "MAPPA updated",
        title="Change MAPPA",
        button="Save changes",
        mappa=mappa,
    )


# --- MARAC ---------------------------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def marac_record(request, case_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    # No date given: a referral is recorded deliberately, not by pressing save on an untouched form.
    form = forms.MaracForm(posted(request))
    return _form_page(
        request,
        case,
        form,
        services.marac_record,
        "MARAC referral recorded",
        title="Record a MARAC referral",
        intro="A referral to a multi-agency risk assessment conference about domestic abuse.",
        button="Save MARAC referral",
        case=case,
    )


@require_http_methods(GET_AND_POST)
def marac_update(request, case_id: int, marac_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    marac = get_object_or_404(case.marac_referrals.select_related("case__child"), pk=marac_id)
    _shown_for_change(request, marac)
    form = forms.MaracForm(posted(request), initial=_initial(marac, forms.MaracForm.base_fields))
    return _form_page(
        request,
        case,
        form,
        services.marac_update,
        "MARAC referral updated",
        title="Change the MARAC referral",
        button="Save changes",
        marac=marac,
    )


# --- Safeguarding referrals ------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def safeguarding_referral_record(request, case_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    form = forms.SafeguardingReferralForm(posted(request), initial={"referred_on": timezone.localdate()})
    return _form_page(
        request,
        case,
        form,
        services.safeguarding_referral_record,
        "Safeguarding referral recorded",
        title="Record a safeguarding referral",
        button="Save referral",
        case=case,
    )


@require_http_methods(GET_AND_POST)
def safeguarding_referral_update(request, case_id: int, referral_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    referral = get_object_or_404(case.safeguarding_referrals.select_related("case__child"), pk=referral_id)
    _shown_for_change(request, referral)
    form = forms.SafeguardingReferralForm(
        posted(request), initial=_initial(referral, forms.SafeguardingReferralForm.base_fields)
    )
    return _form_page(
        request,
        case,
        form,
        services.safeguarding_referral_update,
        "Safeguarding referral updated",
        title="Change the safeguarding referral",
        button="Save changes",
        referral=referral,
    )


# --- Social care status ---------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def social_care_record(request, case_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    now = selectors.social_care_status_on(child=case.child, day=timezone.localdate())
    initial = {"from_date": timezone.localdate()}
    if now is not None:
        initial |= {"local_authority": now.local_authority, "social_worker": now.social_worker}
    form = forms.SocialCareStatusForm(posted(request), initial=initial)
    return _form_page(
        request,
        case,
        form,
        services.social_care_status_record,
        "Social care status recorded",
        title="Record a change of social care status",
        intro="The status holds from its date until the next change: earlier statuses are kept.",
        button="Save status",
        child=case.child,
    )


urlpatterns = [
    page("cases/<int:case_id>/mappa/new/", mappa_record),
    page("cases/<int:case_id>/mappa/<int:mappa_id>/", mappa_update),
    page("cases/<int:case_id>/marac/new/", marac_record),
    page("cases/<int:case_id>/marac/<int:marac_id>/", marac_update),
    page("cases/<int:case_id>/safeguarding-referrals/new/", safeguarding_referral_record),
    page("cases/<int:case_id>/safeguarding-referrals/<int:referral_id>/", safeguarding_referral_update),
    page("cases/<int:case_id>/social-care/new/", social_care_record),
]
