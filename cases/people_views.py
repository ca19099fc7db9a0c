"""Changing a child's record and a victim's in the browser (DESIGN.md §11). A victim's contact details
are a victim worker's alone: the form shows and takes them only for one, and reading them to fill the
form is recorded in the audit trail, as every read of them is. Thin, as ``views``."""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from yjs.pages import GET_AND_POST, posted, require, submit

from . import forms, permissions, selectors, services
from .views import _case_url, _child_url, _form_page


@require_http_methods(GET_AND_POST)
def child_edit(request, child_id: int):
    """The child's identity, address, looked-after status, social worker and education."""
    user = request.user
    child = selectors.child_get(user=user, child_id=child_id)
    require(permissions.can_change_child(user), "Only case workers and managers change a child's record.")
    initial = {name: getattr(child, name) for name in forms.ChildForm.base_fields}
    initial["looked_after"] = "yes" if child.looked_after else "no"
    form = forms.ChildForm(posted(request), initial=initial)
    if done := submit(request, form, services.child_update, "Child's details saved", _child_url(child), child=child):
        return done
    return _form_page(request, "cases/child_edit.html", form, child=child, back_url=_child_url(child, "identity"))


VICTIM_FIELDS = ("display_name", "is_organisation", "wishes", "at_continuing_risk")


@require_http_methods(GET_AND_POST)
def victim_edit(request, case_id: int, victim_id: int):
    """A victim's record: their wishes, consent and restorative justice for those who work on the case;
    their contact details too for a victim worker."""
    user = request.user
    case = selectors.case_get(user=user, case_id=case_id)
    victim = get_object_or_404(case.victims.all(), pk=victim_id)
    require(
        permissions.can_manage_victims(user, case),
        "Only those who work on the case and victim workers change a victim's record.",
    )
    services.restricted_case_records_viewed(records=[victim], user=user, via="victim_edit", request=request)
    with_contact_details = permissions.can_see_victim_contact_details(user)
    initial = {name: getattr(victim, name) for name in VICTIM_FIELDS}
    initial["consent_to_share"] = "yes" if victim.consent_to_share else "no"
    initial["restorative_justice"] = victim.restorative_justice or "not_discussed"
    if with_contact_details and request.method == "GET":
        details = services.victim_contact_details_view(victim=victim, by=user, request=request)
        if details is not None:
            initial.update({name: getattr(details, name) for name in forms.VictimForm.contact_fields})
    form = forms.VictimForm(posted(request), initial=initial, with_contact_details=with_contact_details)
    back_url = _case_url(case, "victims")
    if done := submit(
        request,
        form,
        services.victim_update,
        lambda _: f"{form.cleaned_data['display_name']} saved",
        back_url,
        victim=victim,
    ):
        return done
    return _form_page(request, "cases/victim_form.html", form, case=case, victim=victim, back_url=back_url)
