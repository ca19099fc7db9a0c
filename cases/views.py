"""Case pages. Thin: read through ``selectors``, ask ``permissions`` what to offer,
write through ``services`` and put their field errors back on the form."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from yjs.navigation import NAVIGATION
from yjs.pages import GET_AND_POST, posted, submit
from yjs.roles import Role

from . import forms, pdf, permissions, sections, selectors, services
from .models import FlagType
from .selectors import AssessmentStatus

# --- Helpers ------------------------------------------------------------------------------


def _uses_cases(user) -> bool:
    """The users the service navigation shows the Cases section to."""
    return next(item for item in NAVIGATION if item.url_name == "cases:index").visible_to(user)


def _sees_dashboard(user) -> bool:
    return permissions.can_see_dashboard(user)


def _can_add_children(user) -> bool:
    return user.has_role(*permissions.CHILD_CREATOR_ROLES)


def _can_open_cases(user) -> bool:
    return any(permissions.can_open_case(user, team_id) for team_id in user.team_ids)


def _case_url(case, anchor: str = "") -> str:
    return reverse("cases:case_detail", args=[case.pk]) + (f"#{anchor}" if anchor else "")


def _child_url(child, anchor: str = "") -> str:
    return reverse("cases:child_detail", args=[child.pk]) + (f"#{anchor}" if anchor else "")


def _case_caption(case) -> str:
    return f"{case.child.full_name}: {case.get_case_type_display()}"


def _form_page(request, template: str, form, **context) -> HttpResponse:
    return render(request, template, {"form": form, **context})


def _form(
    request,
    form,
    service,
    *,
    back_url: str,
    done,
    title: str,
    caption: str,
    button_label: str,
    intro: str = "",
    **arguments,
):
    """A small form on the shared form page: the service records it as the user's; then back where it came from."""
    if response := submit(request, form, service, done, back_url, **arguments):
        return response
    return _form_page(
        request,
        "cases/form.html",
        form,
        title=title,
        caption=caption,
        intro=intro,
        button_label=button_label,
        back_url=back_url,
    )


def _open_return(record):
    """The return of an assessment or plan not yet resubmitted, from its prefetched ``returns``."""
    return next((returned for returned in record.returns.all() if returned.is_open), None)


def _case_to_work_on(request, case_id: int):
    case = selectors.case_get(user=request.user, case_id=case_id)
    if not permissions.can_work_on_case(request.user, case):
        raise PermissionDenied("You cannot record work on this case.")
    return case


def _case_to_manage(request, case_id: int):
    case = selectors.case_get(user=request.user, case_id=case_id)
    if not permissions.can_manage_case(request.user, case):
        raise PermissionDenied("Only a manager of the case's team can do this.")
    return case


# --- Landing and caseload (the dashboard: dashboard_views) ------------------------------------


@require_GET
def index(request):
    """A case worker's caseload; managers go to their dashboard; others find a child."""
    user = request.user
    if not _uses_cases(user):
        raise PermissionDenied
    if not user.has_role(Role.CASE_WORKER) and user.has_role(Role.TEAM_MANAGER):
        return redirect("cases:dashboard")
    caseload = selectors.caseload(user=user) if user.has_role(Role.CASE_WORKER) else None
    if caseload:
        services.restricted_case_records_viewed(
            records=[row.case for row in caseload], user=user, via="caseload", request=request
        )
    returned = list(selectors.returned_work(user=user)) if user.has_role(Role.CASE_WORKER) else []
    if returned:
        services.restricted_case_records_viewed(
            records=[row.assessment or row.plan for row in returned], user=user, via="returned_work", request=request
        )
    return render(
        request,
        "cases/index.html",
        {
            "caseload": caseload,
            "returned": returned,
            "search_form": forms.ChildSearchForm(),
            "sees_dashboard": _sees_dashboard(user),
            "can_add_child": _can_add_children(user),
            "today": timezone.localdate(),
        },
    )


# --- Children -----------------------------------------------------------------------------------


@require_GET
def child_search(request):
    user = request.user
    if not _uses_cases(user):
        raise PermissionDenied
    searched = "q" in request.GET
    form = forms.ChildSearchForm(request.GET if searched else None)
    results = None
    if searched and form.is_valid():
        results = selectors.child_search(user=user, query=form.cleaned_data["q"])
    return render(
        request,
        "cases/child_search.html",
        {"form": form, "results": results, "can_add_child": _can_add_children(user)},
    )


@require_http_methods(GET_AND_POST)
def child_add(request):
    if not _can_add_children(request.user):
        raise PermissionDenied("Only case workers and managers add children.")
    form = forms.ChildForm(posted(request))
    if done := submit(request, form, services.child_create, lambda child: f"{child.full_name} added", _child_url):
        return done
    return _form_page(request, "cases/child_form.html", form, back_url=reverse("cases:child_search"))


@require_GET
def child_detail(request, child_id: int):
    user = request.user
    record = selectors.child_record(user=user, child_id=child_id)
    services.timeline_view_record(events=record.timeline, user=user, request=request)
    return render(
        request,
        "cases/child_detail.html",
        {
            "record": record,
            "child": record.child,
            "age": relativedelta(timezone.localdate(), record.child.date_of_birth).years,
            "can_raise_flag": permissions.can_raise_flag(user),
            "can_change_child": permissions.can_change_child(user),
            "can_open_case": _can_open_cases(user),
            "can_ask_police": permissions.can_ask_police(user),
            "can_refer_oocd": permissions.can_refer_for_diversion(user),
            "can_export_subject_access": permissions.can_export_subject_access(user),
        },
    )


@require_http_methods(GET_AND_POST)
def flag_raise(request, child_id: int):
    child = selectors.child_get(user=request.user, child_id=child_id)
    if not permissions.can_raise_flag(request.user):
        raise PermissionDenied
    form = forms.FlagRaiseForm(posted(request))
    return _form(
        request,
        form,
        services.flag_raise,
        child=child,
        done=lambda _: f"Flag raised: {FlagType(form.cleaned_data['flag_type']).label}",
        back_url=_child_url(child, "flags"),
        title="Raise a flag",
        caption=child.full_name,
        button_label="Raise flag",
    )


@require_http_methods(GET_AND_POST)
def flag_remove(request, child_id: int, flag_id: int):
    child = selectors.child_get(user=request.user, child_id=child_id)
    flag = get_object_or_404(child.flags.filter(removed_at__isnull=True), pk=flag_id)
    if not permissions.can_raise_flag(request.user):
        raise PermissionDenied
    form = forms.FlagRemoveForm(posted(request))
    return _form(
        request,
        form,
        services.flag_remove,
        flag=flag,
        done=f"Flag removed: {flag.get_flag_type_display()}",
        back_url=_child_url(child, "flags"),
        title=f"Remove the flag: {flag.get_flag_type_display()}",
        caption=child.full_name,
        button_label="Remove flag",
        intro=f"Raised by {flag.raised_by} on {timezone.localtime(flag.raised_at):%-d %B %Y}.",
    )


# --- Cases ---------------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def case_open(request, child_id: int):
    user = request.user
    child = selectors.child_get(user=user, child_id=child_id)
    if not _can_open_cases(user):
        raise PermissionDenied("Only case workers and managers open cases, for their own teams.")
    form = forms.CaseOpenForm(posted(request), user=user, workers=selectors.allocatable_workers(user=user))
    if done := submit(
        request,
        form,
        services.case_open,
        lambda case: f"{case.get_case_type_display()} case opened",
        _case_url,
        child=child,
    ):
        return done
    return _form_page(
        request,
        "cases/case_open.html",
        form,
        child=child,
        due_days=settings.ASSESSMENT_DUE_WORKING_DAYS,
        back_url=_child_url(child, "cases"),
    )


@require_GET
def case_detail(request, case_id: int):
    user = request.user
    record = selectors.case_record(user=user, case_id=case_id)
    case = record.case
    services.case_view_record(case=case, user=user, request=request)
    can_work = permissions.can_work_on_case(user, case)
    current = record.current_assessment
    assessments = [
        {
            "assessment": assessment,
            "status": status,
            "current": current is not None and assessment.pk == current.pk,
            "returned": _open_return(assessment),
            "can_record": can_work and status != AssessmentStatus.COUNTERSIGNED,
            "can_countersign": status == AssessmentStatus.COMPLETED
            and permissions.can_countersign(user, case, assessment.completed_by_id),
        }
        for assessment, status in record.assessments
    ]
    plans = [
        {
            "plan": plan,
            "returned": (returned := _open_return(plan)),
            "can_countersign": not plan.countersigned_at
            and returned is None
            and permissions.can_countersign(user, case, plan.written_by_id),
            "can_resubmit": can_work and returned is not None and not plan.countersigned_at,
        }
        for plan in record.plans
    ]
    victims = [{"victim": victim, "contact_details": None} for victim in record.victims]
    if permissions.can_see_victim_contact_details(user):
        details = services.victim_contact_details_view_many(victims=record.victims, by=user, request=request)
        for row in victims:
            row["contact_details"] = details.get(row["victim"].pk)
    return render(
        request,
        "cases/case_detail.html",
        {
            "record": record,
            "case": case,
            "child": case.child,
            "assessments": assessments,
            "current_assessment": current,
            "plans": plans,
            "victims": victims,
            "can_work": can_work,
            "can_manage": permissions.can_manage_case(user, case),
            "can_manage_victims": permissions.can_manage_victims(user, case),
            "transition_due": selectors.transition_due(case),
            "sees_victim_contact_details": permissions.can_see_victim_contact_details(user),
            "sections": sections.case_page_sections(user=user, case=case),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(GET_AND_POST)
def assessment_record(request, case_id: int, assessment_id: int):
    case = _case_to_work_on(request, case_id)
    assessment = get_object_or_404(case.assessments.select_related("completed_by"), pk=assessment_id)
    if assessment.countersigned_at:
        messages.info(request, "This assessment is countersigned, so it cannot be changed")
        return redirect(_case_url(case, "assessments"))
    completing = request.POST.get("action") == "complete"
    initial = {name: getattr(assessment, name) for name in services.ASSESSMENT_FIELDS}
    initial["completed_date"] = assessment.completed_date or timezone.localdate()
    form = forms.AssessmentForm(
        posted(request), initial=initial, completing=completing, completed=bool(assessment.completed_date)
    )
    if done := submit(
        request,
        form,
        services.assessment_record,
        f"{assessment.get_assessment_type_display()} {'completed' if form.completing else 'saved'}",
        _case_url(case, "assessments"),
        assessment=assessment,
    ):
        return done
    return _form_page(
        request,
        "cases/assessment_form.html",
        form,
        case=case,
        assessment=assessment,
        returned=assessment.returns.filter(resubmitted_at__isnull=True).select_related("returned_by").last(),
        back_url=_case_url(case, "assessments"),
    )


@require_http_methods(GET_AND_POST)
def plan_write(request, case_id: int):
    case = _case_to_work_on(request, case_id)
    assessments = list(case.assessments.order_by("-due_date", "-id"))
    form = forms.PlanForm(posted(request), assessments=assessments)
    if done := submit(request, form, services.plan_write, "Plan saved", _case_url(case, "plans"), case=case):
        return done
    return _form_page(
        request,
        "cases/plan_form.html",
        form,
        case=case,
        sections=sections.plan_page_sections(user=request.user, case=case),
        back_url=_case_url(case, "plans"),
    )


@require_http_methods(GET_AND_POST)
def review_schedule(request, case_id: int):
    case = _case_to_work_on(request, case_id)
    form = forms.ReviewScheduleForm(posted(request))
    return _form(
        request,
        form,
        services.review_schedule,
        case=case,
        done="Review scheduled",
        back_url=_case_url(case, "reviews"),
        title="Schedule a review",
        caption=_case_caption(case),
        button_label="Schedule review",
    )


@require_http_methods(GET_AND_POST)
def review_complete(request, case_id: int, review_id: int):
    case = _case_to_work_on(request, case_id)
    review = get_object_or_404(case.reviews.filter(completed_date__isnull=True), pk=review_id)
    form = forms.ReviewCompleteForm(posted(request), initial={"completed_date": timezone.localdate()})
    detail = f" ({review.trigger_detail})" if review.trigger_detail else ""
    return _form(
        request,
        form,
        services.review_complete,
        review=review,
        done=lambda done: (
            "Review completed. A new assessment has started from it"
            if getattr(done, "reassessment", None)
            else "Review completed"
        ),
        back_url=_case_url(case, "reviews"),
        title="Record the review",
        caption=_case_caption(case),
        intro=f"{review.get_trigger_display()} review{detail}, due {review.due_date:%-d %B %Y}.",
        button_label="Complete review",
    )


@require_http_methods(GET_AND_POST)
def contact_record(request, case_id: int):
    case = _case_to_work_on(request, case_id)
    now = timezone.localtime()
    form = forms.ContactForm(posted(request), initial={"contact_date": now.date(), "contact_time": f"{now:%H:%M}"})
    return _form(
        request,
        form,
        services.contact_record,
        case=case,
        done="Contact recorded",
        back_url=_case_url(case, "contacts"),
        title="Record a contact",
        caption=_case_caption(case),
        button_label="Save contact",
    )


@require_http_methods(GET_AND_POST)
def victim_add(request, case_id: int):
    user = request.user
    case = selectors.case_get(user=user, case_id=case_id)
    if not permissions.can_manage_victims(user, case):
        raise PermissionDenied
    form = forms.VictimForm(posted(request), with_contact_details=permissions.can_see_victim_contact_details(user))
    if done := submit(
        request,
        form,
        services.victim_add,
        lambda _: f"{form.cleaned_data['display_name']} added",
        _case_url(case, "victims"),
        case=case,
    ):
        return done
    return _form_page(request, "cases/victim_form.html", form, case=case, back_url=_case_url(case, "victims"))


@require_http_methods(GET_AND_POST)
def case_transfer(request, case_id: int):
    case = _case_to_manage(request, case_id)
    form = forms.TransferForm(posted(request))
    return _form(
        request,
        form,
        services.case_transfer_request,
        case=case,
        done=lambda _: f"Transfer to {form.cleaned_data['host_service']} requested",
        back_url=_case_url(case, "transfers"),
        title="Transfer the case to another service",
        caption=_case_caption(case),
        intro="You can then download the transfer pack to send to the host service.",
        button_label="Request transfer",
    )


@require_http_methods(GET_AND_POST)
def transfer_accept(request, case_id: int, transfer_id: int):
    case = _case_to_manage(request, case_id)
    transfer = get_object_or_404(case.transfers.filter(accepted_on__isnull=True), pk=transfer_id)
    form = forms.TransferAcceptForm(posted(request), initial={"accepted_on": timezone.localdate()})
    return _form(
        request,
        form,
        services.case_transfer_accept,
        transfer=transfer,
        done=f"Transfer accepted by {transfer.host_service}",
        back_url=_case_url(case, "transfers"),
        title="Record that the host service accepted the case",
        caption=_case_caption(case),
        intro=f"Transfer to {transfer.host_service}. The case closes as transferred on the date accepted.",
        button_label="Accept transfer",
    )


@require_GET
def transfer_pack(request, case_id: int, transfer_id: int):
    user = request.user
    case = selectors.case_get(user=user, case_id=case_id)
    if not permissions.can_manage_case(user, case):
        raise PermissionDenied("Only a manager of the case's team can download the transfer pack.")
    record = selectors.case_record(user=user, case_id=case_id)
    transfer = next((transfer for transfer in record.transfers if transfer.pk == transfer_id), None)
    if transfer is None:
        raise Http404("No such transfer")
    services.case_transfer_pack_export(transfer=transfer, by=user, request=request)
    document = pdf.transfer_pack(record=record, transfer=transfer, by=user)
    response = HttpResponse(document, content_type="application/pdf")
    stamp = f"{timezone.localdate():%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="transfer-pack-case-{case.pk}-{stamp}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
