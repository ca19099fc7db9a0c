"""Pages of pre-sentence reports (DESIGN.md §10): the list (a worker's own reports; a manager's
team's, those awaiting approval first), asking for one on a case, and the report's page with its
returns and the actions the user may take now. Thin: the services hold the steps and their rules;
a step refused comes back onto the page as an error (200), never a 500."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cases.selectors.pages import allocatable_workers
from cases.services import restricted_case_records_viewed
from yjs.forms import GovUKForm, attempt
from yjs.pages import GET_AND_POST, page, paginate, posted, require, submit
from yjs.selectors import one_or_404

from .. import permissions
from ..forms import reports as forms
from ..models import ReportStatus
from ..selectors import hearings as hearing_selectors
from ..selectors import reports as selectors
from ..services import reports as services


def report_url(report) -> str:
    return reverse("court:report_detail", args=[report.pk])


@require_GET
def report_list(request) -> HttpResponse:
    user = request.user
    require(permissions.can_see_court_list(user), "Pre-sentence reports are read by those who read case records.")
    filters = forms.ReportFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    rows = paginate(request, selectors.reports_to_work_on(user=user, status=status))
    restricted_case_records_viewed(records=rows, user=user, via="court_report_list", request=request)
    return render(
        request,
        "court/reports/report_list.html",
        {"page": rows, "filters": filters, "status": status, "query": f"status={status}" if status else ""},
    )


@require_http_methods(GET_AND_POST)
def report_add(request, case_id: int) -> HttpResponse:
    user = request.user
    case = one_or_404(permissions.visible_cases(user).select_related("child"), case_id, "case")
    require(permissions.can_record_court_work(user, case), services.NOT_PERMITTED)
    asked_at = request.GET.get("hearing", "")
    form = forms.ReportCreateForm(
        posted(request),
        initial={"hearing": asked_at} if asked_at.isdigit() else {},
        hearings=hearing_selectors.hearing_list(user=user).filter(child=case.child).order_by("-heard_on", "-id"),
        writers=allocatable_workers(user=user, team_id=case.team_id),
    )
    if response := submit(request, form, services.report_create, "Pre-sentence report started", report_url, case=case):
        return response
    return render(
        request,
        "court/reports/form.html",
        {
            "form": form,
            "title": "Start a pre-sentence report",
            "caption": case.child.full_name,
            "button_label": "Start the report",
            "back_url": reverse("cases:case_detail", args=[case.pk]),
        },
    )


# Each action of the report's page: the form it posts (None: a button alone), the service, and what it says done.
ACTIONS = {
    "proposal": (forms.ProposalForm, services.report_update, "Proposal saved"),
    "send": (None, services.report_send, "Report sent for approval"),
    "approve": (None, services.report_approve, "Report approved"),
    "return": (forms.ReturnForm, services.report_return, "Report returned to its author with your feedback"),
    "resubmit": (forms.ProposalForm, services.report_resubmit, "Report resubmitted for approval"),
    "submit": (forms.SubmitForm, services.report_submit, "Report recorded as submitted to the court"),
    "sentence": (forms.SentenceForm, services.report_sentence, "Sentence recorded"),
}


def _forms(report, bound: dict) -> dict:
    proposal = {"proposal": report.proposal, "proposal_detail": report.proposal_detail}
    sentence = {"sentence_given": report.sentence_given, "sentenced_on": report.sentenced_on}
    return {
        "proposal_form": bound.get("proposal") or forms.ProposalForm(initial=proposal),
        "return_form": bound.get("return") or forms.ReturnForm(),
        "submit_form": bound.get("submit") or forms.SubmitForm(),
        "sentence_form": bound.get("sentence") or forms.SentenceForm(initial=sentence),
    }


@require_http_methods(GET_AND_POST)
def report_detail(request, pk: int) -> HttpResponse:
    user = request.user
    report = selectors.report_get(user=user, report_id=pk)
    bound: dict = {}
    errors: list = []
    if request.method == "POST":
        name = request.POST.get("action", "")
        form_class, service, done = ACTIONS.get(name, (None, None, ""))
        form = (form_class or GovUKForm)(request.POST)
        if service is None:
            errors.append(("actions", "Choose an action on the report"))
        elif form.is_valid():
            arguments = form.cleaned_data if form_class else {}
            if attempt(form, service, by=user, report=report, **arguments) is not None:
                messages.success(request, done)
                return redirect(report_url(report))
        bound["proposal" if name == "resubmit" else name] = form
        # A step refused (not a field's error) is linked to the actions; a field's error to its field.
        errors += [("actions", message) for message in form.non_field_errors()]
        errors += [(form.anchor(field), message) for field in form.fields for message in form[field].errors]
        report = selectors.report_get(user=user, report_id=pk)
    else:
        restricted_case_records_viewed(records=[report], user=user, via="court_report_detail", request=request)
    return render(
        request,
        "court/reports/report_detail.html",
        {
            "report": report,
            "returns": selectors.report_returns(report=report),
            "actions": selectors.report_actions(user=user, report=report),
            "page_errors": errors,
            "returned": report.status == ReportStatus.RETURNED,
            **_forms(report, bound),
        },
    )


urlpatterns = [
    page("reports/", report_list),
    page("cases/<int:case_id>/reports/add/", report_add),
    page("reports/<int:pk>/", report_detail),
]
