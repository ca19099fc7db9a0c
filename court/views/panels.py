"""Pages of referral order panels (DESIGN.md §10): the panels still to be held of the user's cases
(a case worker's own, a manager's team's), overdue first; a panel's page, with the form to record it
held (two volunteers, the YJS member, the outcome, the contract); scheduling a final or extension
panel. Thin: read through ``selectors``, write through ``services`` (their errors onto the form)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases import permissions as case_permissions
from cases.services import restricted_case_records_viewed
from yjs.pages import GET_AND_POST, page, paginate, posted, require, submit

from .. import permissions
from ..forms.panels import PanelHeldForm, PanelScheduleForm
from ..selectors import panels as selectors
from ..selectors import volunteers as volunteer_selectors
from ..services import panels as services


def panel_url(panel) -> str:
    return reverse("court:panel_detail", args=[panel.pk])


def _require_reader(user) -> None:
    require(
        case_permissions.can_see_case_records(user), "Referral order panels are read by those who read case records."
    )


@require_GET
def panel_list(request) -> HttpResponse:
    user = request.user
    _require_reader(user)
    panels = paginate(request, selectors.panels_waiting(user=user))
    restricted_case_records_viewed(
        records=[panel.order for panel in panels], user=user, via="panel_list", request=request
    )
    return render(
        request,
        "court/panels/panel_list.html",
        {"page": panels, "panels": list(panels), "today": timezone.localdate()},
    )


@require_http_methods(GET_AND_POST)
def panel_detail(request, pk: int) -> HttpResponse:
    user = request.user
    _require_reader(user)
    panel = selectors.panel_get(user=user, panel_id=pk)
    order, case = panel.order, panel.order.case
    can_record = permissions.can_record_court_work(user, case)
    if request.method == "POST" and not can_record:
        raise PermissionDenied(services.NOT_PERMITTED)
    if request.method == "GET":
        restricted_case_records_viewed(records=[order], user=user, via="panel_detail", request=request)
    form = None
    if can_record and panel.held_on is None:
        form = PanelHeldForm(
            posted(request),
            panel=panel,
            volunteers=volunteer_selectors.volunteers_to_sit(user=user),
            members=selectors.yjs_members(case=case),
            initial={"yjs_member": user.pk if permissions.can_sit_as_yjs_member(user, case) else None},
        )
        if done := submit(request, form, services.panel_hold, "Panel recorded as held", panel_url(panel), panel=panel):
            return done
    elif request.method == "POST":
        raise PermissionDenied("This panel has already been recorded as held.")
    today = timezone.localdate()
    return render(
        request,
        "court/panels/panel_detail.html",
        {
            "panel": panel,
            "order": order,
            "case": case,
            "form": form,
            "contract": getattr(panel, "contract", None) if panel.held_on else None,
            "volunteers": list(panel.volunteers.all()),
            "order_panels": selectors.order_panels(order=order),
            "can_schedule": can_record and not order.outcome,
            "overdue": panel.held_on is None and panel.due_on < today,
            "today": today,
        },
    )


@require_http_methods(GET_AND_POST)
def panel_schedule(request, case_id: int) -> HttpResponse:
    user = request.user
    _require_reader(user)
    order = selectors.referral_order_of(user=user, case_id=case_id)
    if order is None:
        raise Http404("This case has no referral order")
    require(permissions.can_record_court_work(user, order.case), services.NOT_PERMITTED)
    form = PanelScheduleForm(posted(request))
    if done := submit(
        request,
        form,
        services.panel_schedule,
        lambda panel: f"{panel.get_panel_type_display()} scheduled",
        panel_url,
        order=order,
    ):
        return done
    back = reverse("court:panel_list")
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": "Schedule a panel",
            "caption": order.case.child.full_name,
            "intro": f"Referral order made {order.made_on.day} {order.made_on:%B %Y}.",
            "button_label": "Schedule panel",
            "back_url": back,
        },
    )


urlpatterns = [
    page("panels/", panel_list),
    page("panels/<int:pk>/", panel_detail),
    page("cases/<int:case_id>/panels/add/", panel_schedule),
]
