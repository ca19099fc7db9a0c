"""Managing a case in the browser (DESIGN.md §11): the team's managers allocate, restrict and close it and
record the decision at 18; those who work on it record offences and start assessments. Thin, as ``views``:
the API's services do the work, ``permissions`` say who may."""

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.shortcuts import redirect

from . import forms, selectors, services
from .views import CaseFormPage, _case_url


class CaseAllocate(CaseFormPage):
    form_class = forms.CaseAllocateForm
    service = services.case_allocate
    manage = open_only = True
    button_label = "Allocate case"
    done = "Case allocated to {result.allocated_to}"

    def loaded(self):
        if (response := super().loaded()) is not None:
            return response
        current = self.case.allocated_to
        self.title = "Reallocate the case" if current else "Allocate the case"
        self.intro = f"It is allocated to {current} now." if current else "It is not allocated to anyone yet."
        return None

    def form_kwargs(self):
        return {"workers": selectors.allocatable_workers(user=self.request.user, team_id=self.case.team_id)}


class CaseRestrict(CaseFormPage):
    form_class = forms.CaseRestrictForm
    service = services.case_set_restricted
    manage = True
    title = "Restrict the case, or remove its restriction"
    button_label = "Save"

    def done_message(self, result):
        return "Case restricted" if result.restricted else "Case no longer restricted"

    @property
    def intro(self):
        now = "restricted" if self.case.restricted else "not restricted"
        return f"The case is {now} now. Reading a restricted case is recorded in the audit trail."


class CaseClose(CaseFormPage):
    form_class = forms.CaseCloseForm
    service = services.case_close
    manage = open_only = True
    done = "Case closed"
    title = "Close the case"
    button_label = "Close case"
    intro = "It started on {case.start_date:%-d %B %Y}. Once closed, no more work is recorded on it."


class TransitionDecide(CaseFormPage):
    """The transfer or retain decision for a child turning 18 during the case: once, by a manager."""

    form_class = forms.TransitionForm
    service = services.transition_decide
    manage = open_only = True
    anchor = "transition"
    title = "Record the decision at 18"
    button_label = "Record decision"

    def loaded(self):
        if hasattr(self.case, "transition"):
            messages.info(self.request, "The decision at 18 is already recorded for this case")
            return redirect(_case_url(self.case, "transition"))
        return super().loaded()

    def done_message(self, result):
        return f"Decision recorded: {result.get_decision_display().lower()}"

    @property
    def intro(self):
        case = self.case
        eighteen = case.child.date_of_birth + relativedelta(years=18)
        ends = f", and the order ends on {case.order_end_date:%-d %B %Y}" if case.order_end_date else ""
        return f"{case.child.full_name} turns 18 on {eighteen:%-d %B %Y}{ends}."


class OffenceRecord(CaseFormPage):
    form_class = forms.OffenceForm
    service = services.offence_record
    anchor = "offences"
    title = "Record an offence"
    button_label = "Save offence"
    done = "Offence recorded: {result.description}"


class AssessmentStart(CaseFormPage):
    form_class = forms.AssessmentStartForm
    service = services.assessment_create
    anchor = "assessments"
    title = "Start an assessment"
    intro = "A case holds many assessments over time: the latest completed one is its current assessment."
    button_label = "Start assessment"

    def done_message(self, result):
        return f"{result.get_assessment_type_display()} started, due {result.due_date:%-d %B %Y}"
