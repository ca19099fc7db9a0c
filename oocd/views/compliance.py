"""Youth conditional caution compliance: the cautions still running, failures, compliance and prosecution."""

from functools import partial

from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from yjs.pages import GET_AND_POST, paginate, posted, require, step_page

from .. import forms, permissions, selectors, services
from ..models import ConditionStatus
from .section import compliance_url, form_step, page, sees_compliance


@require_GET
def compliance(request):
    """The police officer's view of conditional cautions still running: conditions, failures, prosecution."""
    user = request.user
    require(sees_compliance(user), "The conditional cautions view is for the police officer and YJS staff.")
    return page(
        request,
        "oocd/compliance.html",
        "compliance",
        page=paginate(request, selectors.conditional_cautions_in_progress(user=user)),
        can_record=permissions.can_record_compliance(user),
        today=timezone.localdate(),
    )


def _condition_step(request, condition_id: int, form_class, service, *, initial=None, **context):
    """A form about one condition: back to it on the conditional cautions page."""
    condition = selectors.condition_get(user=request.user, condition_id=condition_id)
    require(permissions.can_record_compliance(request.user), "You cannot record compliance with conditions.")
    return form_step(
        request,
        form_class(posted(request), initial=initial(condition) if initial else None),
        partial(service, condition=condition),
        back_url=compliance_url(condition),
        caption=f"{condition.decision.referral.child.full_name}: condition ending {condition.end_date:%-d %B %Y}",
        intro=f"Condition: {condition.description}",
        **context,
    )


failure_record = step_page(
    "failure_record",
    _condition_step,
    forms.FailureForm,
    services.condition_failure_record,
    done="Failure to comply recorded, with its evidence",
    title="Record a failure to comply",
    button="Save failure",
)
compliance_record = step_page(
    "compliance_record",
    _condition_step,
    forms.ComplianceForm,
    services.condition_compliance_record,
    initial=lambda condition: {
        "status": condition.status if condition.status != ConditionStatus.FAILED else None,
        "notes": condition.compliance_notes,
    },
    done="Compliance recorded",
    title="Record compliance with the condition",
    button="Save",
)


@require_http_methods(GET_AND_POST)
def prosecution_record(request, failure_id: int):
    failure = selectors.failure_get(user=request.user, failure_id=failure_id)
    require(permissions.can_record_compliance(request.user), "You cannot record the prosecution decision.")
    return form_step(
        request,
        forms.ProsecutionForm(posted(request), initial={"prosecution_outcome": failure.prosecution_outcome}),
        partial(services.failure_prosecution_consider, failure=failure),
        done="Failure recorded as considered for prosecution",
        back_url=compliance_url(failure.condition),
        title="Record the prosecution decision",
        caption=f"Failure on {failure.occurred_on:%-d %B %Y}",
        intro=f"What happened: {failure.what_happened}",
        button="Save",
    )
