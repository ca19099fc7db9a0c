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

from yjs.forms import attempt
from yjs.navigation import NAVIGATION
from yjs.roles import Role

from . import forms, pdf, permissions, selectors, services
from .selectors import AssessmentStatus

GET_AND_POST = ["GET", "POST"]


# --- Helpers ------------------------------------------------------------------------------


def _posted(request):
    return request.POST if request.method == "POST" else None


def _uses_cases(user) -> bool:
    """The users the service navigation shows the Cases section to."""
    return next(item for item in NAVIGATION if item.url_name == "cases:index").visible_to(user)


def _sees_dashboard(user) -> bool:
    return user.is_superuser or user.has_role(Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE)


def _can_add_children(user) -> bool:
    return user.has_role(*permissions.CHILD_CREATOR_ROLES)


def _can_open_cases(user) -> bool:
    return any(permissions.can_open_case(user, team_id) for team_id in user.team_ids)


def _case_url(case, anchor: str = "") -> str:
    return reverse("cases:case_detail", args=[case.pk]) + (f"#{anchor}" if anchor else "")


def _child_url(child, anchor: str = "") -> str:
    return reverse("cases:child_detail", args=[child.pk]) + (f"#{anchor}" if anchor else "")


def _form_page(request, template: str, form, **context) -> HttpResponse:
    return render(request, template, {"form": form, **context})


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


# --- Landing, caseload and dashboard ---------------------------------------------------------


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
    return render(
        request,
        "cases/index.html",
        {
            "caseload": caseload,
            "search_form": forms.ChildSearchForm(),
            "sees_dashboard": _sees_dashboard(user),
            "can_add_child": _can_add_children(user),
            "today": timezone.localdate(),
        },
    )


@require_GET
def dashboard(request):
    user = request.user
    if not _sees_dashboard(user):
        raise PermissionDenied("The team dashboard is for team managers and the head of service.")
    today = timezone.localdate()
    board = selectors.manager_dashboard(user=user, today=today)
    services.restricted_case_records_viewed(
        records=[*board.overdue_assessments, *board.awaiting_countersignature, *board.reviews_due, *board.turning_18],
        user=user,
        via="dashboard",
        request=request,
    )
    awaiting = [
        (assessment, permissions.can_countersign(user, assessment.case, assessment.completed_by_id))
        for assessment in board.awaiting_countersignature
    ]
    overdue = [(assessment, (today - assessment.due_date).days) for assessment in board.overdue_assessments]
    turning_18 = [(case, case.child.date_of_birth + relativedelta(years=18)) for case in board.turning_18]
    return render(
        request,
        "cases/dashboard.html",
        {
            "board": board,
            "awaiting": awaiting,
            "overdue": overdue,
            "turning_18": turning_18,
            "today": today,
            "teams": ", ".join(sorted(team.name for team in user.teams.all())),
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
    form = forms.ChildForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        child = attempt(form, services.child_create, by=request.user, **form.service_arguments())
        if child:
            messages.success(request, f"{child.full_name} added")
            return redirect(_child_url(child))
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
    form = forms.FlagRaiseForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, services.flag_raise, child=child, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, f"Flag raised: {dict(forms.FlagType.choices)[form.cleaned_data['flag_type']]}")
        return redirect(_child_url(child, "flags"))
    return _form_page(
        request,
        "cases/form.html",
        form,
        title="Raise a flag",
        caption=child.full_name,
        button_label="Raise flag",
        back_url=_child_url(child, "flags"),
    )


@require_http_methods(GET_AND_POST)
def flag_remove(request, child_id: int, flag_id: int):
    child = selectors.child_get(user=request.user, child_id=child_id)
    flag = get_object_or_404(child.flags.filter(removed_at__isnull=True), pk=flag_id)
    if not permissions.can_raise_flag(request.user):
        raise PermissionDenied
    form = forms.FlagRemoveForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, services.flag_remove, flag=flag, by=request.user, reason=form.cleaned_data["removal_reason"])
    ):
        messages.success(request, f"Flag removed: {flag.get_flag_type_display()}")
        return redirect(_child_url(child, "flags"))
    return _form_page(
        request,
        "cases/form.html",
        form,
        title=f"Remove the flag: {flag.get_flag_type_display()}",
        caption=child.full_name,
        button_label="Remove flag",
        back_url=_child_url(child, "flags"),
        intro=f"Raised by {flag.raised_by} on {timezone.localtime(flag.raised_at):%-d %B %Y}.",
    )


# --- Cases ---------------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def case_open(request, child_id: int):
    user = request.user
    child = selectors.child_get(user=user, child_id=child_id)
    if not _can_open_cases(user):
        raise PermissionDenied("Only case workers and managers open cases, for their own teams.")
    form = forms.CaseOpenForm(_posted(request), user=user, workers=selectors.allocatable_workers(user=user))
    if request.method == "POST" and form.is_valid():
        case = attempt(form, services.case_open, child=child, by=user, **form.service_arguments())
        if case:
            messages.success(request, f"{case.get_case_type_display()} case opened")
            return redirect(_case_url(case))
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
    assessments = [
        {
            "assessment": assessment,
            "status": status,
            "can_record": can_work and status != AssessmentStatus.COUNTERSIGNED,
            "can_countersign": status == AssessmentStatus.COMPLETED
            and permissions.can_countersign(user, case, assessment.completed_by_id),
        }
        for assessment, status in record.assessments
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
            "victims": victims,
            "can_work": can_work,
            "can_manage": permissions.can_manage_case(user, case),
            "can_manage_victims": permissions.can_manage_victims(user, case),
            "sees_victim_contact_details": permissions.can_see_victim_contact_details(user),
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
        _posted(request), initial=initial, completing=completing, completed=bool(assessment.completed_date)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form, services.assessment_record, assessment=assessment, by=request.user, **form.service_arguments()
        )
    ):
        done = "completed" if form.completing else "saved"
        messages.success(request, f"{assessment.get_assessment_type_display()} {done}")
        return redirect(_case_url(case, "assessments"))
    return _form_page(
        request,
        "cases/assessment_form.html",
        form,
        case=case,
        assessment=assessment,
        back_url=_case_url(case, "assessments"),
    )


@require_http_methods(GET_AND_POST)
def assessment_countersign(request, case_id: int, assessment_id: int):
    user = request.user
    case = selectors.case_get(user=user, case_id=case_id)
    assessment = get_object_or_404(case.assessments.select_related("completed_by"), pk=assessment_id)
    if not permissions.can_countersign(user, case, assessment.completed_by_id):
        raise PermissionDenied("Only a manager of the case's team can countersign, and not their own assessment.")
    form = forms.GovUKForm(_posted(request))
    if request.method == "POST" and attempt(form, services.assessment_countersign, assessment=assessment, by=user):
        messages.success(request, f"{assessment.get_assessment_type_display()} countersigned")
        return redirect(_case_url(case, "assessments"))
    return _form_page(
        request,
        "cases/assessment_countersign.html",
        form,
        case=case,
        assessment=assessment,
        back_url=_case_url(case, "assessments"),
    )


@require_http_methods(GET_AND_POST)
def plan_write(request, case_id: int):
    case = _case_to_work_on(request, case_id)
    assessments = list(case.assessments.order_by("-due_date", "-id"))
    form = forms.PlanForm(_posted(request), assessments=assessments)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            services.plan_write,
            case=case,
            by=request.user,
            **form.service_arguments(),
        )
    ):
        messages.success(request, "Plan saved")
        return redirect(_case_url(case, "plans"))
    return _form_page(request, "cases/plan_form.html", form, case=case, back_url=_case_url(case, "plans"))


@require_http_methods(GET_AND_POST)
def review_schedule(request, case_id: int):
    case = _case_to_work_on(request, case_id)
    form = forms.ReviewScheduleForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, services.review_schedule, case=case, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, "Review scheduled")
        return redirect(_case_url(case, "reviews"))
    return _form_page(
        request,
        "cases/form.html",
        form,
        title="Schedule a review",
        caption=f"{case.child.full_name}: {case.get_case_type_display()}",
        button_label="Schedule review",
        back_url=_case_url(case, "reviews"),
    )


@require_http_methods(GET_AND_POST)
def review_complete(request, case_id: int, review_id: int):
    case = _case_to_work_on(request, case_id)
    review = get_object_or_404(case.reviews.filter(completed_date__isnull=True), pk=review_id)
    form = forms.ReviewCompleteForm(_posted(request), initial={"completed_date": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, services.review_complete, review=review, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, "Review completed")
        return redirect(_case_url(case, "reviews"))
    detail = f" ({review.trigger_detail})" if review.trigger_detail else ""
    return _form_page(
        request,
        "cases/form.html",
        form,
        title="Record the review",
        caption=f"{case.child.full_name}: {case.get_case_type_display()}",
        intro=f"{review.get_trigger_display()} review{detail}, due {review.due_date:%-d %B %Y}.",
        button_label="Complete review",
        back_url=_case_url(case, "reviews"),
    )


@require_http_methods(GET_AND_POST)
def contact_record(request, case_id: int):
    case = _case_to_work_on(request, case_id)
    now = timezone.localtime()
    form = forms.ContactForm(_posted(request), initial={"contact_date": now.date(), "contact_time": f"{now:%H:%M}"})
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            services.contact_record,
            case=case,
            by=request.user,
            **form.service_arguments(),
        )
    ):
        messages.success(request, "Contact recorded")
        return redirect(_case_url(case, "contacts"))
    return _form_page(
        request,
        "cases/form.html",
        form,
        title="Record a contact",
        caption=f"{case.child.full_name}: {case.get_case_type_display()}",
        button_label="Save contact",
        back_url=_case_url(case, "contacts"),
    )


@require_http_methods(GET_AND_POST)
def victim_add(request, case_id: int):
    user = request.user
    case = selectors.case_get(user=user, case_id=case_id)
    if not permissions.can_manage_victims(user, case):
        raise PermissionDenied
    form = forms.VictimForm(_posted(request), with_contact_details=permissions.can_see_victim_contact_details(user))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, services.victim_add, case=case, by=user, **form.service_arguments())
    ):
        messages.success(request, f"{form.cleaned_data['display_name']} added")
        return redirect(_case_url(case, "victims"))
    return _form_page(request, "cases/victim_form.html", form, case=case, back_url=_case_url(case, "victims"))


@require_http_methods(GET_AND_POST)
def case_transfer(request, case_id: int):
    case = _case_to_manage(request, case_id)
    form = forms.TransferForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, services.case_transfer_request, case=case, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, f"Transfer to {form.cleaned_data['host_service']} requested")
        return redirect(_case_url(case, "transfers"))
    return _form_page(
        request,
        "cases/form.html",
        form,
        title="Transfer the case to another service",
        caption=f"{case.child.full_name}: {case.get_case_type_display()}",
        intro="You can then download the transfer pack to send to the host service.",
        button_label="Request transfer",
        back_url=_case_url(case, "transfers"),
    )


@require_http_methods(GET_AND_POST)
def transfer_accept(request, case_id: int, transfer_id: int):
    case = _case_to_manage(request, case_id)
    transfer = get_object_or_404(case.transfers.filter(accepted_on__isnull=True), pk=transfer_id)
    form = forms.TransferAcceptForm(_posted(request), initial={"accepted_on": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, services.case_transfer_accept, transfer=transfer, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, f"Transfer accepted by {transfer.host_service}")
        return redirect(_case_url(case, "transfers"))
    return _form_page(
        request,
        "cases/form.html",
        form,
        title="Record that the host service accepted the case",
        caption=f"{case.child.full_name}: {case.get_case_type_display()}",
        intro=f"Transfer to {transfer.host_service}. The case closes as transferred on the date accepted.",
        button_label="Accept transfer",
        back_url=_case_url(case, "transfers"),
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
