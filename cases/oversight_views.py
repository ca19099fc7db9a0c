"""The manager's oversight pages (DESIGN.md §9): countersign an assessment or a plan, or return it
to its author with written feedback; the author resubmits a returned plan. Thin, as ``views``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from yjs.pages import GET_AND_POST, posted, submit

from . import forms, permissions, selectors, services
from .services.oversight import oversight_refusal
from .views import _case_to_work_on, _case_url, _form_page


@require_http_methods(GET_AND_POST)
def assessment_countersign(request, case_id: int, assessment_id: int):
    """The manager's oversight of an assessment: countersign it, or return it to its author with feedback."""
    user = request.user
    case = selectors.case_get(user=user, case_id=case_id)
    assessment = get_object_or_404(
        case.assessments.select_related("completed_by", "review").prefetch_related("returns__returned_by"),
        pk=assessment_id,
    )
    if not permissions.can_countersign(user, case, assessment.completed_by_id):
        raise PermissionDenied(
            oversight_refusal(user, case, assessment.completed_by_id, verb="countersign", noun="assessment")
        )
    form = forms.CountersignOrReturnForm(posted(request))
    name = assessment.get_assessment_type_display()
    if form.returning:
        service, done = services.assessment_return, f"{name} returned to {assessment.completed_by or 'its author'}"
    else:
        service, done = services.assessment_countersign, f"{name} countersigned"
    if response := submit(request, form, service, done, _case_url(case, "assessments"), assessment=assessment):
        return response
    return _form_page(
        request,
        "cases/assessment_countersign.html",
        form,
        case=case,
        assessment=assessment,
        returns=list(assessment.returns.all()),
        back_url=_case_url(case, "assessments"),
    )


@require_http_methods(GET_AND_POST)
def plan_countersign(request, case_id: int, plan_id: int):
    """The manager's oversight of a plan: countersign it, or return it to its author with feedback."""
    user = request.user
    case = selectors.case_get(user=user, case_id=case_id)
    plan = get_object_or_404(
        case.plans.select_related("written_by", "assessment").prefetch_related("targets", "returns__returned_by"),
        pk=plan_id,
    )
    if not permissions.can_countersign(user, case, plan.written_by_id):
        raise PermissionDenied(oversight_refusal(user, case, plan.written_by_id, verb="countersign", noun="plan"))
    form = forms.CountersignOrReturnForm(posted(request))
    if form.returning:
        service, done = services.plan_return, f"Plan returned to {plan.written_by}"
    else:
        service, done = services.plan_countersign, "Plan countersigned"
    if response := submit(request, form, service, done, _case_url(case, "plans"), plan=plan):
        return response
    return _form_page(
        request,
        "cases/plan_countersign.html",
        form,
        case=case,
        plan=plan,
        returns=list(plan.returns.all()),
        back_url=_case_url(case, "plans"),
    )


@require_http_methods(GET_AND_POST)
def plan_resubmit(request, case_id: int, plan_id: int):
    """The author answers a manager's feedback on a returned plan and resubmits it."""
    case = _case_to_work_on(request, case_id)
    plan = get_object_or_404(
        case.plans.select_related("written_by").prefetch_related("returns__returned_by"), pk=plan_id
    )
    returns = list(plan.returns.all())
    if plan.countersigned_at or not any(returned.is_open for returned in returns):
        messages.info(request, "This plan is not waiting to be resubmitted")
        return redirect(_case_url(case, "plans"))
    form = forms.PlanResubmitForm(
        posted(request), initial={"external_controls": plan.external_controls, "contingency": plan.contingency}
    )
    if response := submit(
        request, form, services.plan_resubmit, "Plan resubmitted", _case_url(case, "plans"), plan=plan
    ):
        return response
    return _form_page(
        request,
        "cases/plan_resubmit.html",
        form,
        case=case,
        plan=plan,
        returns=returns,
        back_url=_case_url(case, "plans"),
    )
