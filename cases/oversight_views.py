"""The manager's oversight pages (DESIGN.md §9): countersign an assessment or a plan, or return it
to its author with written feedback; the author resubmits a returned plan. Thin, as ``views``."""

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from yjs.pages import GET_AND_POST, FormPage, posted, require, submit

from . import forms, permissions, selectors, services
from .services.oversight import oversight_refusal
from .views import _case_to_work_on, _case_url, _form_page


class CountersignPage(FormPage):
    """The manager's oversight of an assessment or a plan (``noun``, found among the case's ``records``,
    written by its ``author``): countersign it, or return it to its author with feedback."""

    form_class = forms.CountersignOrReturnForm
    noun = records = author = anchor = ""
    related: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    countersign: Callable
    return_to_author: Callable

    def load(self, case_id: int, **kwargs):
        user = self.request.user
        self.case = selectors.case_get(user=user, case_id=case_id)
        (record_id,) = kwargs.values()
        selected, prefetched = self.related
        records = getattr(self.case, self.records).select_related(*selected).prefetch_related(*prefetched)
        self.record = get_object_or_404(records, pk=record_id)
        author_id = getattr(self.record, f"{self.author}_id")
        require(
            permissions.can_countersign(user, self.case, author_id),
            oversight_refusal(user, self.case, author_id, verb="countersign", noun=self.noun),
        )

    def get_service(self):
        return type(self).return_to_author if self.form.returning else type(self).countersign

    def service_arguments(self):
        return {self.noun: self.record}

    @property
    def back_url(self):
        return _case_url(self.case, self.anchor)

    def context(self):
        return {
            "case": self.case,
            self.noun: self.record,
            "returns": list(self.record.returns.all()),
            "back_url": self.back_url,
        }


class AssessmentCountersign(CountersignPage):
    template_name = "cases/assessment_countersign.html"
    noun = "assessment"
    records = "assessments"
    author = "completed_by"
    anchor = "assessments"
    related = (("completed_by", "review"), ("returns__returned_by",))
    countersign = services.assessment_countersign
    return_to_author = services.assessment_return

    def done_message(self, result):
        name = self.record.get_assessment_type_display()
        if self.form.returning:
            return f"{name} returned to {self.record.completed_by or 'its author'}"
        return f"{name} countersigned"


class PlanCountersign(CountersignPage):
    template_name = "cases/plan_countersign.html"
    noun = "plan"
    records = "plans"
    author = "written_by"
    anchor = "plans"
    related = (("written_by", "assessment"), ("targets", "returns__returned_by"))
    countersign = services.plan_countersign
    return_to_author = services.plan_return

    def done_message(self, result):
        return f"Plan returned to {self.record.written_by}" if self.form.returning else "Plan countersigned"


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
