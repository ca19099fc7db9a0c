"""What every app's pages share: the posted data, paging, the permission gate, the form routine
and the URL patterns named after their views."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path

from .forms import GovUKForm, attempt
from .services import require  # noqa: F401 (the pages' permission gate is the services' one)

GET_AND_POST = ["GET", "POST"]
PAGE_SIZE = 50


def posted(request: HttpRequest):
    """The posted data, even when empty (an empty form is still a submitted one); None on a GET."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest):
    return request.FILES if request.method == "POST" else None


def paginate(request: HttpRequest, rows, size: int = PAGE_SIZE) -> Page:
    return Paginator(rows, size).get_page(request.GET.get("page"))


def submit(
    request: HttpRequest,
    form: GovUKForm,
    service: Callable,
    done: str | Callable[[Any], str] | None,
    next_url: str | Callable[[Any], str],
    /,
    **arguments,
) -> HttpResponse | None:
    """A page form's routine. On a valid POST, call the service as the user (``by``) with ``arguments``
    and the form's own (its ``service_arguments()``, or else its cleaned data); on success say ``done`` (if anything)
    and redirect to ``next_url`` (each a text, or a function of the service's result). None when
    the form was not posted, is not valid or the service refused it (its ValidationError is then on
    the form): the view shows the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    own = form.service_arguments() if hasattr(form, "service_arguments") else form.cleaned_data
    result = attempt(form, service, by=request.user, **arguments, **own)
    if result is None:
        return None
    if done is not None:
        messages.success(request, done(result) if callable(done) else done)
    return redirect(next_url(result) if callable(next_url) else next_url)


def page(route: str, view: Callable, name: str = "") -> URLPattern:
    """A URL pattern named after its view."""
    return path(route, view, name=name or view.__name__)
