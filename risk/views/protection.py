"""Pages of MAPPA, MARAC, social care status and safeguarding referrals: forms to record and
update each, reached from the case page's section (``case_protection_section``). Thin: the
services hold the rules, and their errors come back onto the form."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from yjs.models import User
from yjs.pages import RecordFormPage, page, require
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
    require(permissions.can_record_risk(user, case), "You cannot record risk work on this case.")
    return case


class ProtectionFormPage(RecordFormPage):
    """A form on the protection form page about a case its user may record risk work on, or one of its
    records; once the service records it, back to the case page's section."""

    template_name = "risk/protection_form.html"
    owner = "case"

    def find(self, pk: int):
        return _case_to_record_on(self.request, pk)

    @property
    def back_url(self):
        return _case_url(self.case)

    caption = "{case.child.full_name}"


class ReferredOnPage(ProtectionFormPage):
    """A new record, referred today unless the form says otherwise."""

    dated = "referred_on"


class ProtectionUpdatePage(ProtectionFormPage):
    """Changing one of the case's records (``about``, among its ``records``): the form shows it as it is."""

    related = ("case__child",)
    button_label = "Save changes"

    def loaded(self):
        _shown_for_change(self.request, self.record)

    @property
    def record(self):
        return getattr(self, self.about)

    def form_kwargs(self):
        return {"initial": _initial(self.record, self.form_class.base_fields)}


def _shown_for_change(request, record) -> None:
    """An update form shows the record: a read of a restricted case's risk data is audited."""
    if request.method == "GET":
        services.protection_records_viewed(records=[record], user=request.user, via="protection_page", request=request)


def _initial(record, names) -> dict[str, Any]:
    return {name: getattr(record, name) for name in names}


# --- MAPPA ---------------------------------------------------------------------------------------------------


class MappaRecord(ReferredOnPage):
    form_class = forms.MappaForm
    service = services.mappa_record
    done = "MAPPA recorded"
    title = "Record MAPPA"
    button_label = "Save MAPPA"


class MappaUpdate(ProtectionUpdatePage):
    form_class = forms.MappaForm
    service = services.mappa_update
    about = "mappa"
    records = "mappa"
    done = "MAPPA updated"
    title = "Change MAPPA"


# --- MARAC ---------------------------------------------------------------------------------------------------


class MaracRecord(ProtectionFormPage):
    # No date given: a referral is recorded deliberately, not by pressing save on an untouched form.
    form_class = forms.MaracForm
    service = services.marac_record
    done = "MARAC referral recorded"
    title = "Record a MARAC referral"
    intro = "A referral to a multi-agency risk assessment conference about domestic abuse."
    button_label = "Save MARAC referral"


class MaracUpdate(ProtectionUpdatePage):
    form_class = forms.MaracForm
    service = services.marac_update
    about = "marac"
    records = "marac_referrals"
    done = "MARAC referral updated"
    title = "Change the MARAC referral"


# --- Safeguarding referrals ------------------------------------------------------------------------------


class SafeguardingReferralRecord(ReferredOnPage):
    form_class = forms.SafeguardingReferralForm
    service = services.safeguarding_referral_record
    done = "Safeguarding referral recorded"
    title = "Record a safeguarding referral"
    button_label = "Save referral"


class SafeguardingReferralUpdate(ProtectionUpdatePage):
    form_class = forms.SafeguardingReferralForm
    service = services.safeguarding_referral_update
    about = "referral"
    records = "safeguarding_referrals"
    done = "Safeguarding referral updated"
    title = "Change the safeguarding referral"


# --- Social care status ---------------------------------------------------------------------------------


class SocialCareRecord(ProtectionFormPage):
    form_class = forms.SocialCareStatusForm
    service = services.social_care_status_record
    done = "Social care status recorded"
    title = "Record a change of social care status"
    intro = "The status holds from its date until the next change: earlier statuses are kept."
    button_label = "Save status"

    def form_kwargs(self):
        now = selectors.social_care_status_on(child=self.case.child, day=timezone.localdate())
        initial = {"from_date": timezone.localdate()}
        if now is not None:
            initial |= {"local_authority": now.local_authority, "social_worker": now.social_worker}
        return {"initial": initial}

    def service_arguments(self):
        return {"child": self.case.child}


urlpatterns = [
    page("cases/<int:case_id>/mappa/new/", MappaRecord.as_view()),
    page("cases/<int:case_id>/mappa/<int:mappa_id>/", MappaUpdate.as_view()),
    page("cases/<int:case_id>/marac/new/", MaracRecord.as_view()),
    page("cases/<int:case_id>/marac/<int:marac_id>/", MaracUpdate.as_view()),
    page("cases/<int:case_id>/safeguarding-referrals/new/", SafeguardingReferralRecord.as_view()),
    page("cases/<int:case_id>/safeguarding-referrals/<int:referral_id>/", SafeguardingReferralUpdate.as_view()),
    page("cases/<int:case_id>/social-care/new/", SocialCareRecord.as_view()),
]
