"""Pages of a case's order (DESIGN.md §10): the order page (the order, its requirements with their
progress, its breach proceedings and what may be done), the forms to record or correct the order and
its end, to add a requirement, a requirement's page (its progress and the form to add to it) and the
form to complete one by hand, and the forms to lay breach proceedings and record their outcome.
Thin: ``court.services.orders`` holds the rules, and their errors come back onto the form.

Whoever may read the case's court work reads these pages (another team's restricted case: 404, and a
read of a restricted case is audited); those who work on the open case record (403 otherwise).
The case page's section "Court and orders" (``court.sections``) leads here.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import COURT_ORDER_TYPES, Case
from cases.services import restricted_case_records_viewed
from yjs.pages import GET_AND_POST, page, posted, require, submit

from .. import permissions
from ..forms import orders as forms
from ..models import BreachProceedings, Hearing, Order, Requirement, RequirementStatus
from ..selectors import orders as selectors
from ..services import orders as services

# --- Helpers -----------------------------------------------------------------------------------------------


def _order_url(case_id: int, anchor: str = "") -> str:
    return reverse("court:order_detail", args=[case_id]) + (f"#{anchor}" if anchor else "")


def _read(request, case: Case, via: str) -> None:
    """A GET of a page of a restricted case's court work is an audited read of the case."""
    if request.method == "GET":
        restricted_case_records_viewed(records=[case], user=request.user, via=via, request=request)


def _may_record(request, case: Case) -> None:
    require(permissions.can_record_court_work(request.user, case), services.NOT_PERMITTED)


def _case_to_record_on(request, case_id: int) -> Case:
    """The case (404 when the user may not read its court work), if the user may record on it (403)."""
    case = selectors.case_for_order(user=request.user, case_id=case_id)
    _read(request, case, "court_order_form")
    _may_record(request, case)
    return case


def _order_of(case: Case) -> Order:
    order = Order.objects.filter(case=case).first()
    if order is None:
        raise Http404("No order is recorded for this case")
    return order


def _hearings(case: Case) -> list[Hearing]:
    return list(Hearing.objects.filter(child_id=case.child_id).order_by("-heard_on", "-id")[:50])


def _form_page(request, case: Case, form, service, done: str, next_url, /, *, title: str, button: str, **args):
    if response := submit(request, form, service, done, next_url, **args):
        return response
    return render(
        request,
        "court/orders/form.html",
        {
            "form": form,
            "title": title,
            "caption": case.child.full_name,
            "button_label": button,
            "back_url": _order_url(case.pk),
            "case": case,
        },
    )


# --- The order page ----------------------------------------------------------------------------------------


@require_GET
def order_detail(request, case_id: int) -> HttpResponse:
    case = selectors.case_for_order(user=request.user, case_id=case_id)
    _read(request, case, "court_order_page")
    shown = selectors.case_order(user=request.user, case=case)
    order = shown.order
    return render(
        request,
        "court/orders/order_detail.html",
        {
            "case": case,
            "shown": shown,
            "order": order,
            "requirements": [
                {"requirement": requirement, "counted": selectors.counted(requirement)}
                for requirement in shown.requirements
            ],
            "has_order": case.case_type in COURT_ORDER_TYPES,
            "can_record": permissions.can_record_court_work(request.user, case),
            "ongoing": order is not None and not order.outcome,
        },
    )


@require_http_methods(GET_AND_POST)
def order_record(request, case_id: int) -> HttpResponse:
    """Record the case's order or, once recorded, correct it."""
    case = _case_to_record_on(request, case_id)
    hearings = _hearings(case)
    order = Order.objects.filter(case=case).first()
    if order is None:
        form = forms.OrderForm(
            posted(request), hearings=hearings, initial={"order_type": case.case_type, "made_on": case.start_date}
        )
        return _form_page(
            request,
            case,
            form,
            services.order_record,
            "Order recorded",
            _order_url(case.pk),
            title="Record the order",
            button="Save order",
            case=case,
        )
    initial = {name: getattr(order, name) for name in ("court", "made_on", "length_months", "ends_on")}
    initial["hearing"] = str(order.hearing_id or "")
    form = forms.OrderForm(posted(request), hearings=hearings, initial=initial)
    del form.fields["order_type"]
    form.helper = form.make_helper(list(form.fields))
    return _form_page(
        request,
        case,
        form,
        services.order_update,
        "Order changed",
        _order_url(case.pk),
        title=f"Change the {order.get_order_type_display().lower()}",
        button="Save changes",
        order=order,
    )


@require_http_methods(GET_AND_POST)
def order_end(request, case_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    order = _order_of(case)
    form = forms.OrderEndForm(posted(request), initial={"ended_on": timezone.localdate()})
    return _form_page(
        request,
        case,
        form,
        services.order_end,
        "The order's end recorded",
        _order_url(case.pk),
        title=f"Record the end of the {order.get_order_type_display().lower()}",
        button="Save",
        order=order,
    )


# --- Requirements ------------------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def requirement_add(request, case_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    order = _order_of(case)
    form = forms.RequirementForm(posted(request), initial={"starts_on": order.made_on})
    return _form_page(
        request,
        case,
        form,
        services.requirement_add,
        "Requirement added",
        lambda requirement: reverse("court:requirement_detail", args=[requirement.pk]),
        title="Add a requirement",
        button="Add requirement",
        order=order,
    )


def _requirement(request, pk: int) -> Requirement:
    requirement = selectors.requirement_for_page(user=request.user, requirement_id=pk)
    _read(request, requirement.order.case, "court_requirement_page")
    return requirement


@require_http_methods(GET_AND_POST)
def requirement_detail(request, pk: int) -> HttpResponse:
    """A requirement, its progress and (for those who work on the case) the form to add to it."""
    requirement = _requirement(request, pk)
    case = requirement.order.case
    can_record = permissions.can_record_court_work(request.user, case)
    active = requirement.status == RequirementStatus.ACTIVE
    form = None
    if request.method == "POST":
        _may_record(request, case)
    if can_record and active:
        form = forms.ProgressForm(posted(request), requirement=requirement, initial={"done_on": timezone.localdate()})
        here = reverse("court:requirement_detail", args=[pk])
        if response := submit(
            request, form, services.requirement_progress_record, "Progress recorded", here, requirement=requirement
        ):
            return response
    elif request.method == "POST":
        form = forms.ProgressForm(posted(request), requirement=requirement)
        form.is_valid()
        form.add_error(None, f"This requirement is {requirement.get_status_display().lower()}")
    return render(
        request,
        "court/orders/requirement_detail.html",
        {
            "requirement": requirement,
            "order": requirement.order,
            "case": case,
            "progress": [
                {"entry": entry, "hours": "" if entry.hours is None else selectors.number_text(entry.hours)}
                for entry in selectors.progress_of(requirement)
            ],
            "counted": selectors.counted(requirement),
            "form": form,
            "can_record": can_record,
            "active": active,
            "by_hand": requirement.hours_ordered is None and requirement.days_ordered is None,
        },
    )


@require_http_methods(GET_AND_POST)
def requirement_complete(request, pk: int) -> HttpResponse:
    requirement = _requirement(request, pk)
    case = requirement.order.case
    _may_record(request, case)
    form = forms.CompleteForm(posted(request), initial={"completed_on": timezone.localdate()})
    if response := submit(
        request,
        form,
        services.requirement_complete,
        "Requirement completed",
        reverse("court:requirement_detail", args=[pk]),
        requirement=requirement,
    ):
        return response
    return render(
        request,
        "court/orders/form.html",
        {
            "form": form,
            "title": f"Mark the {requirement.get_requirement_type_display().lower()} requirement completed",
            "caption": case.child.full_name,
            "button_label": "Mark completed",
            "back_url": reverse("court:requirement_detail", args=[pk]),
            "case": case,
        },
    )


# --- Breach proceedings ------------------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def breach_add(request, case_id: int) -> HttpResponse:
    case = _case_to_record_on(request, case_id)
    order = _order_of(case)
    form = forms.BreachForm(
        posted(request),
        contacts=list(services.contacts_for_breach(case)),
        hearings=_hearings(case),
        initial={"laid_on": timezone.localdate()},
    )
    return _form_page(
        request,
        case,
        form,
        services.breach_lay,
        "Breach proceedings recorded",
        lambda breach: reverse("court:breach_detail", args=[breach.pk]),
        title="Record breach proceedings",
        button="Save breach proceedings",
        order=order,
    )


@require_http_methods(GET_AND_POST)
def breach_detail(request, pk: int) -> HttpResponse:
    """Breach proceedings and (for those who work on the case, until it is recorded) the form of their outcome."""
    breach: BreachProceedings = selectors.breach_get(user=request.user, breach_id=pk)
    case = breach.order.case
    _read(request, case, "court_breach_page")
    can_record = permissions.can_record_court_work(request.user, case)
    if request.method == "POST":
        _may_record(request, case)
    form = None
    if can_record and not breach.outcome:
        form = forms.BreachOutcomeForm(
            posted(request), hearings=_hearings(case), initial={"outcome_on": timezone.localdate()}
        )
        here = reverse("court:breach_detail", args=[pk])
        if response := submit(request, form, services.breach_outcome_record, "Outcome recorded", here, breach=breach):
            return response
    elif request.method == "POST":
        form = forms.BreachOutcomeForm(posted(request))
        form.is_valid()
        form.add_error(None, "The outcome of these breach proceedings is already recorded")
    return render(
        request,
        "court/orders/breach_detail.html",
        {"breach": breach, "order": breach.order, "case": case, "form": form, "can_record": can_record},
    )


urlpatterns = [
    page("cases/<int:case_id>/order/", order_detail),
    page("cases/<int:case_id>/order/record/", order_record),
    page("cases/<int:case_id>/order/end/", order_end),
    page("cases/<int:case_id>/order/requirements/add/", requirement_add),
    page("cases/<int:case_id>/order/breaches/add/", breach_add),
    page("requirements/<int:pk>/", requirement_detail),
    page("requirements/<int:pk>/complete/", requirement_complete),
    page("breaches/<int:pk>/", breach_detail),
]
