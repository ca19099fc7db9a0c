"""Pages of the community panel volunteers (DESIGN.md §10): the list (names, vetting and training, and
whether each may sit; email and phone for those who keep the volunteers), adding and changing one.
Thin: the service holds the rules, and its errors come back onto the form."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from yjs.pages import GET_AND_POST, page, paginate, posted, require, submit

from .. import permissions
from ..forms.volunteers import VolunteerForm, volunteer_initial
from ..selectors import volunteers as selectors
from ..services import volunteers as services


def _list_url() -> str:
    return reverse("court:volunteer_list")


def _require_keeper(user) -> None:
    require(permissions.can_keep_volunteers(user), services.NOT_PERMITTED)


def _form_page(request, form, *, title: str, button: str) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "caption": "Community panel volunteers",
            "button_label": button,
            "back_url": _list_url(),
        },
    )


@require_GET
def volunteer_list(request) -> HttpResponse:
    user = request.user
    require(permissions.can_see_volunteers(user), "Community panel volunteers are read by those who read case records.")
    today = timezone.localdate()
    volunteers = paginate(request, selectors.volunteer_list(user=user))
    return render(
        request,
        "court/volunteers/volunteer_list.html",
        {
            "page": volunteers,
            "rows": [selectors.vetting_status(volunteer, today) for volunteer in volunteers],
            "can_keep": permissions.can_keep_volunteers(user),
            "lapsing_within": selectors.LAPSING_WITHIN_DAYS,
        },
    )


@require_http_methods(GET_AND_POST)
def volunteer_add(request) -> HttpResponse:
    _require_keeper(request.user)
    form = VolunteerForm(posted(request), initial={"active": "yes"})
    if done := submit(
        request, form, services.volunteer_add, lambda v: f"{v.name} added to the volunteers", _list_url()
    ):
        return done
    return _form_page(request, form, title="Add a community panel volunteer", button="Add volunteer")


@require_http_methods(GET_AND_POST)
def volunteer_edit(request, pk: int) -> HttpResponse:
    _require_keeper(request.user)
    volunteer = selectors.volunteer_get(user=request.user, volunteer_id=pk)
    form = VolunteerForm(posted(request), initial=volunteer_initial(volunteer))
    if done := submit(
        request,
        form,
        services.volunteer_update,
        lambda v: f"{v.name}'s details changed",
        _list_url(),
        volunteer=volunteer,
    ):
        return done
    return _form_page(request, form, title=f"Change {volunteer.name}'s details", button="Save changes")


urlpatterns = [
    page("volunteers/", volunteer_list),
    page("volunteers/add/", volunteer_add),
    page("volunteers/<int:pk>/", volunteer_edit),
]
