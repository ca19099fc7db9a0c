"""Pages of the family around the child and the child's needs: the child's family and needs page,
each need's history, and the forms to add, correct and record; the case page's section
(``case_family_section``) shows what holds now and links here. Thin: the services hold the rules,
and their errors come back onto the form."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import Case, Child
from yjs.models import User
from yjs.pages import GET_AND_POST, page, posted, require, submit

from . import forms, permissions, selectors, services
from .forms import initial_yes_no
from .needs import NEEDS, Need

# --- The case page's section ---------------------------------------------------------------------------

SECTION_TEMPLATE = "family/includes/case_family.html"


def case_family_section(*, user: User, case: Case) -> dict[str, Any] | None:
    """The case page's "Family and needs" section: what holds now (the case page itself audits a read
    of a restricted case); None for a user who may not read the child's family."""
    if not permissions.can_view_family(user, case.child):
        return None
    return {
        "family": selectors.child_family(user=user, child=case.child),
        "can_record_family": permissions.can_record_family(user, case.child),
        "case": case,
    }


# --- Helpers -------------------------------------------------------------------------------------------------


def _family_url(child: Child, anchor: str = "") -> str:
    return reverse("family:family_page", args=[child.pk]) + (f"#{anchor}" if anchor else "")


def _child_to_read(request, child_id: int, via: str) -> Child:
    """The child (404 when the user may not read its family); a read of a restricted case's child on a
    GET is audited."""
    child = selectors.child_for_family(user=request.user, child_id=child_id)
    if request.method == "GET":
        services.family_records_viewed(child_ids={child.pk}, user=request.user, via=via, request=request)
    return child


def _child_to_record_on(request, child_id: int) -> Child:
    """The child (404 when the user may not read its family), if the user may record on it (403)."""
    child = _child_to_read(request, child_id, "family_form")
    require(permissions.can_record_family(request.user, child), services.NOT_PERMITTED)
    return child


def _need(slug: str) -> Need:
    if slug not in NEEDS:
        raise Http404("No such need")
    return NEEDS[slug]


def _form_page(
    request, child: Child, form, service, done: str, anchor: str, /, *, title: str, button: str, intro="", **args
) -> HttpResponse:
    if response := submit(request, form, service, done, _family_url(child, anchor), **args):
        return response
    return render(
        request,
        "family/form.html",
        {
            "form": form,
            "title": title,
            "caption": child.full_name,
            "intro": intro,
            "button_label": button,
            "back_url": _family_url(child, anchor),
        },
    )


# --- The family and needs page, and each need's history --------------------------------------------------


@require_GET
def family_page(request, child_id: int) -> HttpResponse:
    user = request.user
    child = _child_to_read(request, child_id, "family_page")
    family = selectors.child_family(user=user, child=child)
    members = [{"member": member, "contact_details": None} for member in family.members]
    sees_details = permissions.sees_contact_details(user)
    if sees_details:
        details = services.family_member_contact_details_view_many(members=family.members, by=user, request=request)
        for row in members:
            row["contact_details"] = details.get(row["member"].pk)
    return render(
        request,
        "family/child_family.html",
        {
            "child": child,
            "family": family,
            "members": members,
            "sees_contact_details": sees_details,
            "can_record_family": permissions.can_record_family(user, child),
            "today": timezone.localdate(),
        },
    )


@require_GET
def need_history(request, child_id: int, need: str) -> HttpResponse:
    kind = _need(need)
    child = _child_to_read(request, child_id, "family_need_history")
    records = selectors.history(need=kind, child=child)
    today = timezone.localdate()
    return render(
        request,
        "family/need_history.html",
        {
            "child": child,
            "need": kind,
            "rows": [(record, selectors.record_summary(kind, record)) for record in records],
            "now": next((record for record in records if record.from_date <= today), None),
            "can_record_family": permissions.can_record_family(request.user, child),
            "back_url": _family_url(child, "needs"),
        },
    )


# --- Recording needs ------------------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def need_record(request, child_id: int, need: str) -> HttpResponse:
    kind = _need(need)
    child = _child_to_record_on(request, child_id)
    form_class = forms.NEEDS_FORMS[kind.slug]
    initial: dict[str, Any] = {"from_date": timezone.localdate()}
    if (now := selectors.current(need=kind, child=child)) is not None:
        # The provider and hours as they were; each answer (a radio) is given afresh, so a form saved
        # untouched is refused rather than repeating the last record.
        initial |= {
            name: getattr(now, name) for name in ("provider", "hours_offered", "hours_attended") if name in kind.fields
        }
    form = form_class(posted(request), initial=initial)
    return _form_page(
        request,
        child,
        form,
        kind.record,
        f"{kind.title} recorded",
        "needs",
        title=f"Record {kind.noun}",
        intro="The record holds from its date until the next one: earlier records are kept.",
        button="Save record",
        child=child,
    )


# --- Family members ----------------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def family_member_add(request, child_id: int) -> HttpResponse:
    child = _child_to_record_on(request, child_id)
    form = forms.FamilyMemberForm(posted(request), with_contact_details=permissions.sees_contact_details(request.user))
    return _form_page(
        request,
        child,
        form,
        services.family_member_add,
        "Family member added",
        "family",
        title="Add a family member",
        intro="A parent, carer, brother or sister, or someone else in the child's household.",
        button="Save family member",
        child=child,
    )


@require_http_methods(GET_AND_POST)
def family_member_change(request, child_id: int, member_id: int) -> HttpResponse:
    child = _child_to_record_on(request, child_id)
    member = selectors.family_member_get(user=request.user, member_id=member_id)
    if member.child_id != child.pk:
        raise Http404("No such family member")
    names = ["name", "relationship", "relationship_detail", "notes"]
    initial = {name: getattr(member, name) for name in names}
    initial |= initial_yes_no(member, forms.FamilyMemberForm.yes_no_fields)
    with_details = permissions.sees_contact_details(request.user)
    if with_details and request.method == "GET":
        details = services.family_member_contact_details_view_many(members=[member], by=request.user, request=request)
        if found := details.get(member.pk):
            initial |= {name: getattr(found, name) for name in forms.FamilyMemberForm.contact_fields}
    form = forms.FamilyMemberForm(posted(request), initial=initial, with_contact_details=with_details)
    return _form_page(
        request,
        child,
        form,
        services.family_member_update,
        "Family member updated",
        "family",
        title=f"Change {member.name}'s details",
        button="Save changes",
        member=member,
    )


# --- Professionals ---------------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def professional_add(request, child_id: int) -> HttpResponse:
    child = _child_to_record_on(request, child_id)
    form = forms.ProfessionalForm(posted(request), initial={"from_date": timezone.localdate()})
    return _form_page(
        request,
        child,
        form,
        services.professional_add,
        "Professional added",
        "professionals",
        title="Add a professional",
        intro="Someone working with the child: their social worker, school, health or CAMHS worker, or another.",
        button="Save professional",
        child=child,
    )


@require_http_methods(GET_AND_POST)
def professional_change(request, child_id: int, professional_id: int) -> HttpResponse:
    child = _child_to_record_on(request, child_id)
    professional = selectors.professional_get(user=request.user, professional_id=professional_id)
    if professional.child_id != child.pk:
        raise Http404("No such professional")
    names = list(forms.ProfessionalForm.base_fields)
    form = forms.ProfessionalForm(posted(request), initial={name: getattr(professional, name) for name in names})
    return _form_page(
        request,
        child,
        form,
        services.professional_update,
        "Professional updated",
        "professionals",
        title=f"Change {professional.name}'s details",
        intro="Record the date they stopped working with the child when they do.",
        button="Save changes",
        professional=professional,
    )


urlpatterns = [
    page("children/<int:child_id>/", family_page),
    page("children/<int:child_id>/members/new/", family_member_add),
    page("children/<int:child_id>/members/<int:member_id>/", family_member_change),
    page("children/<int:child_id>/professionals/new/", professional_add),
    page("children/<int:child_id>/professionals/<int:professional_id>/", professional_change),
    page("children/<int:child_id>/needs/<slug:need>/", need_history),
    page("children/<int:child_id>/needs/<slug:need>/new/", need_record),
]
