"""Pages of hearings (DESIGN.md §10): a child's hearings with the next one, recording and changing a
hearing, and the court list for a day (the hearings of the children the user may see, by court).
Thin: read through ``selectors``, write through ``services`` (their field errors back on the form)."""

import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases.services import restricted_case_records_viewed
from yjs.pages import GET_AND_POST, page, posted, require, submit
from yjs.validators import EARLIEST_DATE, latest_planned_date, long_date

from .. import permissions
from ..forms.hearings import HearingForm
from ..selectors import hearings as selectors
from ..services import hearings as services


def _hearings_url(child_id: int) -> str:
    return reverse("court:child_hearings", args=[child_id])


def _shown(request, hearings) -> None:
    """Hearings of restricted cases shown: a sensitive read of each such case."""
    on_cases = [hearing for hearing in hearings if hearing.case_id is not None]
    restricted_case_records_viewed(records=on_cases, user=request.user, via="court_hearings", request=request)


def _form_page(request, form, *, child, title: str, button: str) -> HttpResponse:
    return render(
        request,
        "court/hearings/form.html",
        {
            "form": form,
            "title": title,
            "caption": child.full_name,
            "button_label": button,
            "back_url": _hearings_url(child.pk),
        },
    )


@require_GET
def child_hearings(request, child_id: int) -> HttpResponse:
    user = request.user
    child = selectors.visible_child(user=user, child_id=child_id)
    hearings = selectors.child_hearings(user=user, child=child)
    _shown(request, hearings.hearings)
    return render(
        request,
        "court/hearings/child_hearings.html",
        {
            "child": child,
            "hearings": hearings.hearings,
            "next_hearing": hearings.next_hearing,
            "can_record": permissions.can_record_hearing(user, child),
            # The cases a report the court asked for may be started on (from the hearing that asked).
            "report_cases": set(selectors.hearing_cases(user=user, child=child).values_list("pk", flat=True)),
        },
    )


@require_http_methods(GET_AND_POST)
def hearing_add(request, child_id: int) -> HttpResponse:
    user = request.user
    child = selectors.visible_child(user=user, child_id=child_id)
    require(permissions.can_record_hearing(user, child), services.NOT_PERMITTED)
    form = HearingForm(posted(request), cases=selectors.hearing_cases(user=user, child=child))
    done = "Hearing recorded"
    if response := submit(request, form, services.hearing_record, done, _hearings_url(child.pk), child=child):
        return response
    return _form_page(request, form, child=child, title="Record a hearing", button="Save hearing")


@require_http_methods(GET_AND_POST)
def hearing_edit(request, pk: int) -> HttpResponse:
    user = request.user
    hearing = selectors.hearing_get(user=user, hearing_id=pk)
    require(services.may_record(user, hearing.child, hearing.case), services.NOT_PERMITTED)
    if request.method == "GET":
        _shown(request, [hearing])
    cases = selectors.hearing_cases(user=user, child=hearing.child)
    initial = {name: getattr(hearing, name) for name in services.HEARING_FIELDS}
    form = HearingForm(posted(request), initial=initial, cases=cases)
    done = "Hearing updated"
    url = _hearings_url(hearing.child_id)
    if response := submit(request, form, services.hearing_update, done, url, hearing=hearing):
        return response
    return _form_page(request, form, child=hearing.child, title="Change the hearing", button="Save changes")


def _day(request) -> tuple[datetime.date, str]:
    """The day asked for (``?on=YYYY-MM-DD``; today by default) and an error if it is not a date."""
    today = timezone.localdate()
    text = (request.GET.get("on") or "").strip()
    if not text:
        return today, ""
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return today, "The date must be a real date, like 2026-03-27: today's list is shown"
    if not EARLIEST_DATE < day < latest_planned_date(today):
        return today, f"The date must be between {long_date(EARLIEST_DATE)} and {long_date(latest_planned_date(today))}"
    return day, ""


@require_GET
def hearing_list(request) -> HttpResponse:
    user = request.user
    require(permissions.can_see_court_list(user), "The court list is read by those who read case records.")
    day, error = _day(request)
    courts = selectors.court_list(user=user, day=day)
    _shown(request, [hearing for court in courts for hearing in (*court.hearings, *court.listed)])
    one_day = datetime.timedelta(days=1)
    return render(
        request,
        "court/hearings/hearing_list.html",
        {
            "day": day,
            "day_text": long_date(day),
            "is_today": day == timezone.localdate(),
            "courts": courts,
            "error": error,
            "previous_day": (day - one_day).isoformat(),
            "next_day": (day + one_day).isoformat(),
            "previous_text": long_date(day - one_day),
            "next_text": long_date(day + one_day),
        },
    )


urlpatterns = [
    page("children/<int:child_id>/hearings/", child_hearings),
    page("children/<int:child_id>/hearings/add/", hearing_add),
    page("hearings/<int:pk>/", hearing_edit),
    page("hearings/", hearing_list),
]
