"""Information request pages. Thin: read through ``selectors``, ask ``permissions`` what to
offer, write through ``services`` and put their field errors back on the form.

Every page that shows supplied information records the reading (``services.supplied_information_viewed``).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import selectors as case_selectors
from cases.models import CaseStatus
from yjs.pages import GET_AND_POST, PAGE_SIZE, FormPage, paginate, posted, require, submit
from yjs.roles import Role

from . import permissions, selectors, services
from .forms import (
    AddendumForm,
    AskForm,
    AuditFilterForm,
    PoliceSystemForm,
    SafeguardingReferralForm,
    SupplyForm,
    WrittenRequestForm,
)
from .models import InformationRequest, RequestStatus, RequestType, SensitiveContext

MY_REQUESTS_PAGE_SIZE = 20
ASKING_ROLES = (Role.CASE_WORKER, Role.TEAM_MANAGER)


# --- Helpers ------------------------------------------------------------------------------


def _api(name: str) -> str:
    """A download of the intelligence API (DESIGN.md §7): session authentication works for it."""
    return reverse(f"api:intelligence-api:{name}")


def _request_url(info_request: InformationRequest) -> str:
    return reverse("intelligence:request_detail", args=[info_request.pk])


def _asks_questions(user) -> bool:
    return user.has_role(*ASKING_ROLES)


def _age(days: int) -> str:
    if days == 0:
        return "Today"
    return f"{days} working day{'s' if days != 1 else ''}"


def _can_close(user, info_request: InformationRequest) -> bool:
    return info_request.status == RequestStatus.SUPPLIED and permissions.can_close(user, info_request)


def _can_complete_written(user, info_request: InformationRequest) -> bool:
    return (
        info_request.request_type == RequestType.URGENT
        and info_request.written_request_at is None
        and info_request.status != RequestStatus.WITHDRAWN
        and permissions.can_complete_written(user, info_request)
    )


def _actions(user, info_request: InformationRequest) -> dict[str, bool]:
    is_police = permissions.can_supply(user)
    return {
        "supply": is_police and info_request.status == RequestStatus.OPEN,
        "addendum": is_police and info_request.is_supplied,
        "referral": is_police
        and info_request.is_supplied
        and info_request.safeguarding_concern
        and not info_request.safeguarding_referral_at,
        "close": _can_close(user, info_request),
        "withdraw": info_request.status == RequestStatus.OPEN and permissions.can_withdraw(user, info_request),
        "complete_written": _can_complete_written(user, info_request),
    }


def _for_police(request, request_id: int) -> InformationRequest:
    require(permissions.can_supply(request.user), "Only a police officer can do this.")
    return selectors.request_get(user=request.user, request_id=request_id)


class RequestFormPage(FormPage):
    """A small form about one request (addendum, referral, written request), by the police officer: no
    supplied text shown."""

    template_name = "intelligence/request_form.html"
    needs = ""  # what the request must have for the form (its attribute), and the answer when it has not:
    missing = ""

    def load(self, request_id: int):
        self.info_request = _for_police(self.request, request_id)
        if self.needs and not getattr(self.info_request, self.needs):
            raise Http404(self.missing)

    def service_arguments(self):
        return {"request": self.info_request}

    @property
    def back_url(self):
        return _request_url(self.info_request)

    def context(self):
        return {
            "info_request": self.info_request,
            "heading": self.word("title"),
            "lead": self.word("intro"),
            "button": self.word("button_label"),
        }


# --- Landing, queue and the requester's own requests -------------------------------------------


@require_GET
def index(request):
    """The section's front page: the queue for police officers, their own requests for case
    workers, the audit view and catalogue for managers and the head of service."""
    user = request.user
    if permissions.can_supply(user):
        return queue(request)
    if user.has_role(Role.CASE_WORKER):
        return my_requests(request)
    if permissions.can_audit(user):
        return render(
            request,
            "intelligence/index.html",
            {
                "asks_questions": _asks_questions(user),
                "can_manage_catalogue": permissions.can_manage_catalogue(user),
                "can_export_open_to_yjs": permissions.can_export_open_to_yjs(user),
                "open_to_yjs_url": _api("open-to-yjs-csv"),
            },
        )
    raise PermissionDenied("You cannot see information requests.")


@require_GET
def queue(request):
    """The police officer's queue: open requests, most urgent and oldest first."""
    user = request.user
    require(permissions.can_supply(user), "Only a police officer answers information requests.")
    page = paginate(request, selectors.police_queue(user=user), PAGE_SIZE)
    today, now = timezone.localdate(), timezone.now()
    rows = [
        {
            "request": info_request,
            "age": _age(selectors.working_days_open(info_request, today)),
            "urgent": info_request.request_type == RequestType.URGENT,
            "sensitive": info_request.sensitive_context != SensitiveContext.NONE,
            "written_overdue": selectors.written_request_overdue(info_request, now),
        }
        for info_request in page
    ]
    return render(
        request,
        "intelligence/queue.html",
        {
            "page": page,
            "rows": rows,
            "can_audit": permissions.can_audit(user),
            "open_to_yjs_url": _api("open-to-yjs-csv"),
        },
    )


@require_GET
def my_requests(request):
    """The requests the user made and the answers, newest first (each answer shown is audited)."""
    user = request.user
    require(
        (_asks_questions(user) or permissions.can_supply(user)), "You do not ask the police officer for information."
    )
    page = paginate(request, selectors.my_requests(user=user), MY_REQUESTS_PAGE_SIZE)
    shown = list(page)
    services.supplied_information_viewed_many(requests=shown, by=user, http_request=request)
    return render(
        request,
        "intelligence/my_requests.html",
        {"page": page, "requests": shown, "can_audit": permissions.can_audit(user)},
    )


# --- One request ------------------------------------------------------------------------------


def _render_detail(request, info_request: InformationRequest, errors: list[str] | None = None):
    services.supplied_information_viewed(request=info_request, by=request.user, http_request=request)
    return render(
        request,
        "intelligence/request_detail.html",
        {
            "info_request": info_request,
            "actions": _actions(request.user, info_request),
            "written_overdue": selectors.written_request_overdue(info_request),
            "errors": errors or [],
            "child_url": reverse("cases:child_detail", args=[info_request.child_id]),
        },
    )


@require_GET
def request_detail(request, request_id: int):
    info_request = selectors.request_get(user=request.user, request_id=request_id)
    return _render_detail(request, info_request)


def _request_change(request, request_id: int, service, done: str):
    """A button on the request's page; the service's refusal is shown on that page."""
    info_request = selectors.request_get(user=request.user, request_id=request_id)
    try:
        service(request=info_request, by=request.user)
    except ValidationError as error:
        return _render_detail(request, info_request, errors=error.messages)
    messages.success(request, done)
    return redirect(_request_url(info_request))


@require_POST
def request_close(request, request_id: int):
    return _request_change(request, request_id, services.information_request_close, "Request closed")


@require_POST
def request_withdraw(request, request_id: int):
    return _request_change(request, request_id, services.information_request_withdraw, "Request withdrawn")


@require_http_methods(GET_AND_POST)
def supply(request, request_id: int):
    info_request = _for_police(request, request_id)
    if info_request.status != RequestStatus.OPEN:
        messages.info(request, "This request has already been answered or withdrawn: add an addendum instead")
        return redirect(_request_url(info_request))
    form = SupplyForm(posted(request), request=info_request)
    if done := submit(
        request,
        form,
        services.information_request_supply,
        "Information supplied",
        _request_url(info_request),
        request=info_request,
    ):
        return done
    return render(request, "intelligence/supply.html", {"form": form, "info_request": info_request})


class AddendumAdd(RequestFormPage):
    form_class = AddendumForm
    service = services.addendum_add
    done = "Addendum added"
    title = "Add an addendum"
    intro = "Use an addendum to correct or add to the information supplied."
    button_label = "Add the addendum"
    needs = "is_supplied"
    missing = "Answer the request first"


class SafeguardingReferral(RequestFormPage):
    form_class = SafeguardingReferralForm
    service = services.safeguarding_referral_record
    done = "Safeguarding referral recorded"
    title = "Record the safeguarding referral"
    intro = "The request cannot be closed until the referral is recorded."
    button_label = "Record the referral"
    needs = "safeguarding_concern"
    missing = "No safeguarding concern was recorded on this request"


class CompleteWritten(RequestFormPage):
    form_class = WrittenRequestForm
    service = services.information_request_complete_written
    done = "Written request added"
    title = "Write the request"
    intro = "An urgent request can be answered first, but the written request and the reason must follow."
    button_label = "Save the written request"

    def load(self, request_id: int):
        self.info_request = selectors.request_get(user=self.request.user, request_id=request_id)
        require(
            _can_complete_written(self.request.user, self.info_request),
            "Only the requester or their manager completes an urgent request in writing.",
        )


# --- Asking the police officer ------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def ask(request):
    """``/intelligence/ask/?child=<id>[&case=<id>]``: ask the police officer about a child."""
    user = request.user
    try:
        child_id = int(request.GET.get("child", ""))
    except ValueError:
        raise Http404("Choose the child from their record first") from None
    child = case_selectors.child_get(user=user, child_id=child_id)
    require(permissions.can_ask(user, child), "You cannot ask about this child.")
    cases = list(case_selectors.case_list(user=user).filter(child=child).order_by("-start_date", "-id"))
    initial = {}
    if request.GET.get("case") in {str(case.pk) for case in cases}:
        initial["case"] = request.GET["case"]
    elif len(open_cases := [case for case in cases if case.status == CaseStatus.OPEN]) == 1:
        initial["case"] = str(open_cases[0].pk)
    form = AskForm(posted(request), cases=cases, initial=initial)
    if done := submit(
        request,
        form,
        services.information_request_create,
        "Your request has been sent to the police officer",
        _request_url,
        child=child,
    ):
        return done
    return render(request, "intelligence/ask.html", {"form": form, "child": child})


# --- Managers: audit and the catalogue of police systems ----------------------------------------


def _audit_form(request, requesters) -> AuditFilterForm:
    data = request.GET.copy()
    start, end = AuditFilterForm.default_period()
    for name, default in (("date_from", start), ("date_to", end)):
        if not any(data.get(f"{name}_{part}") for part in range(3)):
            data.setlist(f"{name}_0", [str(default.day)])
            data.setlist(f"{name}_1", [str(default.month)])
            data.setlist(f"{name}_2", [str(default.year)])
    return AuditFilterForm(data, requesters=requesters)


@require_GET
def audit(request):
    """Every request in a period with the five minimum fields, turnaround and rule checks."""
    user = request.user
    require(permissions.can_audit(user), "Only managers, the head of service and police officers audit requests.")
    form = _audit_form(request, list(selectors.requesters(user=user)))
    context = {"form": form, "open_to_yjs_url": _api("open-to-yjs-csv")}
    if form.is_valid():
        data = form.cleaned_data
        rows = selectors.audit_rows(
            user=user,
            start=data["date_from"],
            end=data["date_to"],
            requested_by=int(data["requested_by"]) if data["requested_by"] else None,
            request_type=data["request_type"],
            breach=data["breach"],
        )
        page = paginate(request, rows, PAGE_SIZE)
        period = urlencode({"from": data["date_from"].isoformat(), "to": data["date_to"].isoformat()})
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            page=page,
            rows=list(page),
            total=len(rows),
            breaking=sum(1 for row in rows if row.breaches),
            start=data["date_from"],
            end=data["date_to"],
            audit_csv_url=f"{_api('audit-csv')}?{period}",
            audit_pdf_url=f"{_api('audit-pdf')}?{period}",
            query=query.urlencode(),
        )
    return render(request, "intelligence/audit.html", context)


@require_http_methods(GET_AND_POST)
def systems(request):
    """The catalogue of police systems the officer can say they searched; managers add to it."""
    user = request.user
    require(permissions.can_manage_catalogue(user), "Only managers can change the catalogue of police systems.")
    form = PoliceSystemForm(posted(request))
    if done := submit(
        request,
        form,
        services.police_system_add,
        lambda _: f"{form.cleaned_data['name']} added to the catalogue",
        reverse("intelligence:systems"),
    ):
        return done
    return render(
        request,
        "intelligence/systems.html",
        {"form": form, "systems": list(selectors.police_system_list(active_only=False))},
    )
