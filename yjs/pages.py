"""What every app's pages share: the posted data, paging, the permission gate, a PDF download, the form
routine (``submit``, and ``FormPage`` around it for a page that is one form; ``step_page`` for pages that
are one function given different arguments) and the URL patterns named after their views."""

import re
from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_http_methods

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


def pdf_download(document: bytes, filename: str) -> HttpResponse:
    """A PDF the page hands over as a download, kept in no cache."""
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


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


def step_page(name: str, step: Callable, /, *arguments, **words) -> Callable:
    """A page (GET and POST) named ``name`` that is ``step``, a function of the request, the record the URL names
    (its id), ``arguments`` and ``words``: the same routine serving pages that differ only in what they pass it."""

    @require_http_methods(GET_AND_POST)
    def view(request: HttpRequest, **ids) -> HttpResponse:
        return step(request, *ids.values(), *arguments, **words)

    view.__name__ = name
    return view


class FormPage(View):
    """A page that is one form (``form_page.html``, or an app's template that extends it). GET shows the
    form; a POST goes through ``submit``: the service is called as the user with ``service_arguments()``
    and the form's own, then ``done_message`` is said and the user goes back to ``back_url``.

    A subclass names the form, the service (``service``) and the page's words (``title``, ``caption``,
    ``intro``, ``button_label``, ``done``: see ``word``), and finds its records in ``load()``, which raises
    when the user may not and may answer instead of the form."""

    http_method_names: ClassVar[list[str]] = ["get", "post"]
    template_name = "form_page.html"
    form_class: type[GovUKForm]
    service: Callable
    dated = ""  # the date field the form starts at today, if any
    done: str = ""
    back_url = ""
    title = ""
    caption = ""
    intro = ""
    button_label = ""

    def load(self, **kwargs) -> HttpResponse | None:
        """Find the page's records from the URL's arguments; a response to give instead of the form, if any."""
        return None

    def form_kwargs(self) -> dict[str, Any]:
        return {"initial": {self.dated: timezone.localdate()}} if self.dated else {}

    def service_arguments(self) -> dict[str, Any]:
        return {}

    def get_service(self) -> Callable:
        return type(self).service  # the plain function, not bound to the page

    def word(self, name: str, **more) -> str:
        """One of the page's words. Declared on the class, a text whose ``{fields}`` are filled from the page
        (its records, its ``form``) and ``more``, as Django's ``SuccessMessageMixin`` fills its message:
        "Change {member.name}'s details", "Offence recorded: {result.description}". Worked out (a property, or
        set on the page as it loads), a text as it is."""
        declared = getattr(type(self), name)
        if isinstance(declared, str) and name not in vars(self):
            return declared.format_map({**vars(self), **more})
        return getattr(self, name)

    def done_message(self, result) -> str:
        return self.word("done", result=result)

    def next_url(self, result) -> str:
        """Where the user goes once the service has recorded the form: back where they came from."""
        return self.back_url

    def context(self) -> dict[str, Any]:
        """What the template shows besides the form."""
        return {
            "title": self.word("title"),
            "caption": self.word("caption"),
            "intro": self.word("intro"),
            "button_label": self.word("button_label"),
            "back_url": self.back_url,
        }

    def get(self, request: HttpRequest, **kwargs) -> HttpResponse:
        if (response := self.load(**kwargs)) is not None:
            return response
        self.form = self.form_class(posted(request), **self.form_kwargs())
        if response := submit(
            request, self.form, self.get_service(), self.done_message, self.next_url, **self.service_arguments()
        ):
            return response
        return render(request, self.template_name, {"form": self.form, **self.context()})

    post = get


class RecordFormPage(FormPage):
    """A form about a record the first URL argument names (``owner``: the page's attribute holding it, found by
    ``find()``, which raises when the user may not), or about one of that record's ``records`` (``about``: found
    by the second URL argument among those ``among`` takes, with ``related`` selected; ``find_record`` may find
    it otherwise, and gets None when the URL names no more). The service is given the one the page is about,
    under that name; ``loaded()`` then checks what the records allow, and may answer instead of the form."""

    owner = ""
    about = ""
    records = ""
    among: ClassVar[dict[str, Any]] = {}  # which of the records the form takes
    related: tuple[str, ...] = ()

    def find(self, pk: int):
        raise NotImplementedError

    def find_record(self, pk: int | None):
        records = getattr(getattr(self, self.owner), self.records).filter(**self.among)
        return get_object_or_404(records.select_related(*self.related) if self.related else records, pk=pk)

    def loaded(self) -> HttpResponse | None:
        return None

    def load(self, **kwargs) -> HttpResponse | None:
        ids = iter(kwargs.values())
        setattr(self, self.owner, self.find(next(ids)))
        if self.about:
            setattr(self, self.about, self.find_record(next(ids, None)))
        return self.loaded()

    def service_arguments(self) -> dict[str, Any]:
        name = self.about or self.owner
        return {name: getattr(self, name)}


def _url_name(view: Callable) -> str:
    """A function view's name; a class-based view's class name in snake case (``CaseAllocate``: case_allocate)."""
    if view_class := getattr(view, "view_class", None):
        return re.sub(r"(?<!^)(?=[A-Z])", "_", view_class.__name__).lower()
    return view.__name__


def page(route: str, view: Callable, name: str = "") -> URLPattern:
    """A URL pattern named after its view."""
    return path(route, view, name=name or _url_name(view))
