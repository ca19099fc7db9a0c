"""Case pages. Thin: read through ``selectors``, ask ``permissions`` what to offer,
write through ``services`` and put their field errors back on the form."""

from typing import ClassVar

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
from yjs.pages import GET_AND_POST, RecordFormPage, pdf_download, posted, require, submit
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


def _open_return(record):
    """The return of an assessment or plan not yet resubmitted, from its prefetched ``returns``."""
    return next((returned for returned in record.returns.all() if returned.is_open), None)


def _case_to_work_on(request, case_id: int):
    case = selectors.case_get(user=request.user, case_id=case_id)
    require(permissions.can_work_on_case(request.user, case), "You cannot record work on this case.")
    return case


def _case_to_manage(request, case_id: int):
    case = selectors.case_get(user=request.user, case_id=case_id)
    require(permissions.can_manage_case(request.user, case), "Only a manager of the case's team can do this.")
    return case


def _closed(request, case, anchor: str = "summary"):
    """The answer to a change that only an open case takes."""
    messages.info(request, "This case is closed, so this cannot be changed")
    return redirect(_case_url(case, anchor))


class CaseFormPage(RecordFormPage):
    """A small form about one case (or one of its records) on the shared form page, by those who work on the
    case (``manage``: by a manager of its team; ``open_only``: only while it is open); then back to the case
    page's ``anchor``."""

    template_name = "cases/form.html"
    owner = "case"
    manage = False
    open_only = False
    anchor = "summary"

    def find(self, pk: int):
        return (_case_to_manage if self.manage else _case_to_work_on)(self.request, pk)

    def loaded(self):
        """The answer instead of the form when the case does not take it now."""
        if self.open_only and not self.case.is_open:
            return _closed(self.request, self.case, self.anchor)
        return None

    @property
    def back_url(self):
        return _case_url(self.case, self.anchor)

    @property
    def caption(self):
        return _case_caption(self.case)


class ChildFlagPage(RecordFormPage):
    """Raising or removing a flag on a child, by those who may raise flags; then back to the child's flags."""

    template_name = "cases/form.html"
    owner = "child"

    def find(self, pk: int):
        return selectors.child_get(user=self.request.user, child_id=pk)

    def loaded(self):
        if not permissions.can_raise_flag(self.request.user):
            raise PermissionDenied

    @property
    def back_url(self):
        return _child_url(self.child, "flags")

    caption = "{child.full_name}"


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
    require(_can_add_children(request.user), "Only case workers and managers add children.")
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


class FlagRaise(ChildFlagPage):
    form_class = forms.FlagRaiseForm
    service = services.flag_raise
    title = "Raise a flag"
    button_label = "Raise flag"

    def done_message(self, result):
        return f"Flag raised: {FlagType(self.form.cleaned_data['flag_type']).label}"


class FlagRemove(ChildFlagPage):
    form_class = forms.FlagRemoveForm
    service = services.flag_remove
    button_label = "Remove flag"

    about = "flag"
    records = "flags"
    among: ClassVar = {"removed_at__isnull": True}

    def find_record(self, pk: int):
        flag = super().find_record(pk)
        self.done = f"Flag removed: {flag.get_flag_type_display()}"
        self.title = f"Remove the flag: {flag.get_flag_type_display()}"
        self.intro = f"Raised by {flag.raised_by} on {timezone.localtime(flag.raised_at):%-d %B %Y}."
        return flag


# --- Cases ---------------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def case_open(request, child_id: int):
    user = request.user
    child = selectors.child_get(user=user, child_id=child_id)
    require(_can_open_cases(user), "Only case workers and managers open cases, for their own teams.")
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


class ReviewSchedule(CaseFormPage):
    form_class = forms.ReviewScheduleForm
    service = services.review_schedule
    anchor = "reviews"
    done = "Review scheduled"
    title = "Schedule a review"
    button_label = "Schedule review"


class ReviewComplete(CaseFormPage):
    form_class = forms.ReviewCompleteForm
    service = services.review_complete
    anchor = "reviews"
    title = "Record the review"
    button_label = "Complete review"

    about = "review"
    records = "reviews"
    among: ClassVar = {"completed_date__isnull": True}
    dated = "completed_date"

    def done_message(self, result):
        if getattr(result, "reassessment", None):
            return "Review completed. A new assessment has started from it"
        return "Review completed"

    @property
    def intro(self):
        detail = f" ({self.review.trigger_detail})" if self.review.trigger_detail else ""
        return f"{self.review.get_trigger_display()} review{detail}, due {self.review.due_date:%-d %B %Y}."


class ContactRecord(CaseFormPage):
    form_class = forms.ContactForm
    service = services.contact_record
    anchor = "contacts"
    done = "Contact recorded"
    title = "Record a contact"
    button_label = "Save contact"

    def form_kwargs(self):
        now = timezone.localtime()
        return {"initial": {"contact_date": now.date(), "contact_time": f"{now:%H:%M}"}}


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


class CaseTransfer(CaseFormPage):
    form_class = forms.TransferForm
    service = services.case_transfer_request
    manage = True
    anchor = "transfers"
    title = "Transfer the case to another service"
    intro = "You can then download the transfer pack to send to the host service."
    button_label = "Request transfer"
    done = "Transfer to {form.cleaned_data[host_service]} requested"


class TransferAccept(CaseFormPage):
    form_class = forms.TransferAcceptForm
    service = services.case_transfer_accept
    manage = True
    anchor = "transfers"
    title = "Record that the host service accepted the case"
    intro = "Transfer to {transfer.host_service}. The case closes as transferred on the date accepted."
    button_label = "Accept transfer"
    done = "Transfer accepted by {transfer.host_service}"

    about = "transfer"
    records = "transfers"
    among: ClassVar = {"accepted_on__isnull": True}
    dated = "accepted_on"


@require_GET
def transfer_pack(request, case_id: int, transfer_id: int):
    user = request.user
    case = selectors.case_get(user=user, case_id=case_id)
    require(
        permissions.can_manage_case(user, case), "Only a manager of the case's team can download the transfer pack."
    )
    record = selectors.case_record(user=user, case_id=case_id)
    transfer = next((transfer for transfer in record.transfers if transfer.pk == transfer_id), None)
    if transfer is None:
        raise Http404("No such transfer")
    services.case_transfer_pack_export(transfer=transfer, by=user, request=request)
    document = pdf.transfer_pack(record=record, transfer=transfer, by=user)
    return pdf_download(document, f"transfer-pack-case-{case.pk}-{timezone.localdate():%Y%m%d}.pdf")
