"""Managing a case in the browser (DESIGN.md §11): the team's managers allocate, restrict and close it and
record the decision at 18; those who work on it record offences and start assessments. Thin, as ``views``:
the API's services do the work, ``permissions`` say who may."""

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from yjs.pages import GET_AND_POST, posted

from . import forms, selectors, services
from .views import _case_caption, _case_to_manage, _case_to_work_on, _case_url, _form


def _closed(request, case, anchor: str = "summary"):
    """The answer to a change that only an open case takes."""
    messages.info(request, "This case is closed, so this cannot be changed")
    return redirect(_case_url(case, anchor))


@require_http_methods(GET_AND_POST)
def case_allocate(request, case_id: int):
    case = _case_to_manage(request, case_id)
    if not case.is_open:
        return _closed(request, case)
    workers = selectors.allocatable_workers(user=request.user, team_id=case.team_id)
    form = forms.CaseAllocateForm(posted(request), workers=workers)
    current = case.allocated_to
    return _form(
        request,
        form,
        services.case_allocate,
        case=case,
        done=lambda allocated: f"Case allocated to {allocated.allocated_to}",
        back_url=_case_url(case, "summary"),
        title="Reallocate the case" if current else "Allocate the case",
        caption=_case_caption(case),
        intro=f"It is allocated to {current} now." if current else "It is not allocated to anyone yet.",
        button_label="Allocate case",
    )


@require_http_methods(GET_AND_POST)
def case_restrict(request, case_id: int):
    case = _case_to_manage(request, case_id)
    form = forms.CaseRestrictForm(posted(request))
    now = "restricted" if case.restricted else "not restricted"
    return _form(
        request,
        form,
        services.case_set_restricted,
        case=case,
        done=lambda changed: "Case restricted" if changed.restricted else "Case no longer restricted",
        back_url=_case_url(case, "summary"),
        title="Restrict the case, or remove its restriction",
        caption=_case_caption(case),
        intro=f"The case is {now} now. Reading a restricted case is recorded in the audit trail.",
        button_label="Save",
    )


@require_http_methods(GET_AND_POST)
def case_close(request, case_id: int):
    case = _case_to_manage(request, case_id)
    if not case.is_open:
        return _closed(request, case)
    form = forms.CaseCloseForm(posted(request))
    return _form(
        request,
        form,
        services.case_close,
        case=case,
        done="Case closed",
        back_url=_case_url(case, "summary"),
        title="Close the case",
        caption=_case_caption(case),
        intro=f"It started on {case.start_date:%-d %B %Y}. Once closed, no more work is recorded on it.",
        button_label="Close case",
    )


@require_http_methods(GET_AND_POST)
def transition_decide(request, case_id: int):
    """The transfer or retain decision for a child turning 18 during the case: once, by a manager."""
    case = _case_to_manage(request, case_id)
    if hasattr(case, "transition"):
        messages.info(request, "The decision at 18 is already recorded for this case")
        return redirect(_case_url(case, "transition"))
    if not case.is_open:
        return _closed(request, case, "transition")
    form = forms.TransitionForm(posted(request))
    eighteen = case.child.date_of_birth + relativedelta(years=18)
    ends = f", and the order ends on {case.order_end_date:%-d %B %Y}" if case.order_end_date else ""
    return _form(
        request,
        form,
        services.transition_decide,
        case=case,
        done=lambda transition: f"Decision recorded: {transition.get_decision_display().lower()}",
        back_url=_case_url(case, "transition"),
        title="Record the decision at 18",
        caption=_case_caption(case),
        intro=f"{case.child.full_name} turns 18 on {eighteen:%-d %B %Y}{ends}.",
        button_label="Record decision",
    )


@require_http_methods(GET_AND_POST)
def offence_record(request, case_id: int):
    case = _case_to_work_on(request, case_id)
    form = forms.OffenceForm(posted(request))
    return _form(
        request,
        form,
        services.offence_record,
        case=case,
        done=lambda offence: f"Offence recorded: {offence.description}",
        back_url=_case_url(case, "offences"),
        title="Record an offence",
        caption=_case_caption(case),
        button_label="Save offence",
    )


@require_http_methods(GET_AND_POST)
def assessment_start(request, case_id: int):
    case = _case_to_work_on(request, case_id)
    form = forms.AssessmentStartForm(posted(request))
    return _form(
        request,
        form,
        services.assessment_create,
        case=case,
        done=lambda started: f"{started.get_assessment_type_display()} started, due {started.due_date:%-d %B %Y}",
        back_url=_case_url(case, "assessments"),
        title="Start an assessment",
        caption=_case_caption(case),
        intro="A case holds many assessments over time: the latest completed one is its current assessment.",
        button_label="Start assessment",
    )
