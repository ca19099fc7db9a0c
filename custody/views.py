"""Custody pages. Thin: read through ``selectors``, ask ``permissions`` what to offer, write
through ``services`` / ``ingest`` and put their errors back on the form."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yjs.pages import GET_AND_POST, paginate, posted, posted_files, require, submit

from . import permissions, selectors, services
from .forms import FiguresForm, InboxForm, RecordFilterForm, ResolveForm, UploadForm
from .ingest import QueueUnavailable, ingest_run_create, ingest_run_retry
from .models import IngestSource, LocalAuthorityInbox, RunStatus


def _viewer(request):
    require(permissions.can_view_custody(request.user), "You cannot see custody records.")


def _section(request, current: str) -> dict:
    """The links of the custody section the user may follow, and the review queue's length."""
    user = request.user
    sees_all = permissions.sees_all_records(user)
    return {
        "section": current,
        "sees_all": sees_all,
        "can_ingest": permissions.can_ingest(user),
        "can_manage_inboxes": permissions.can_manage_inboxes(user),
        "review_count": selectors.review_queue(user=user).count() if sees_all else 0,
    }


# --- The custody list -------------------------------------------------------------------------------


@require_GET
def index(request):
    """Children in police custody since the last working day (or a chosen date), with filters."""
    _viewer(request)
    user = request.user
    form = RecordFilterForm(request.GET or None, suites=selectors.suites(user=user))
    filters = {}
    since = selectors.default_since()
    if form.is_bound and form.is_valid():
        filters = form.filters()
        since = form.cleaned_data.get("since") or since
    page = paginate(request, selectors.record_list(user=user, since=since, **filters))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "custody/index.html",
        {
            **_section(request, "list"),
            "form": form,
            "since": since,
            "page": page,
            "records": list(page),
            "query": query.urlencode(),
            "filtered": any(value not in ("", None) for value in filters.values()),
        },
    )


@require_GET
def record_detail(request, record_id: int):
    _viewer(request)
    detail = selectors.record_detail(user=request.user, record_id=record_id)
    return render(
        request,
        "custody/record_detail.html",
        {
            **_section(request, "list"),
            "detail": detail,
            "record": detail.record,
            "can_resolve": permissions.can_resolve(request.user),
        },
    )


# --- The review queue ----------------------------------------------------------------------------------


@require_GET
def review_queue(request):
    require(permissions.sees_all_records(request.user), "Only police officers and managers review matches.")
    page = paginate(request, selectors.review_queue(user=request.user))
    return render(
        request,
        "custody/review_queue.html",
        {
            **_section(request, "review"),
            "page": page,
            "records": list(page),
            "can_resolve": permissions.can_resolve(request.user),
        },
    )


@require_http_methods(GET_AND_POST)
def review_resolve(request, record_id: int):
    require(permissions.can_resolve(request.user), "Only a police officer or a team manager can resolve a match.")
    record = selectors.review_record_get(user=request.user, record_id=record_id)
    candidates = list(record.candidates.all())
    form = ResolveForm(posted(request), candidates=candidates)
    if done := submit(
        request,
        form,
        services.review_match_resolve,
        f"Match saved for {record.forenames} {record.surname}",
        reverse("custody:review_queue"),
        record=record,
    ):
        return done
    return render(
        request,
        "custody/review_resolve.html",
        {**_section(request, "review"), "record": record, "form": form},
    )


# --- Ingest runs ---------------------------------------------------------------------------------------


@require_GET
def runs(request):
    require(permissions.sees_all_records(request.user), "You cannot see the custody ingest runs.")
    page = paginate(request, selectors.ingest_run_list(user=request.user))
    return render(request, "custody/runs.html", {**_section(request, "runs"), "page": page, "runs": list(page)})


@require_http_methods(GET_AND_POST)
def upload(request):
    require(
        permissions.can_ingest(request.user) and permissions.sees_all_records(request.user),
        "Only a police officer or a team manager can load a custody extract.",
    )
    form = UploadForm(posted(request), posted_files(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            run = ingest_run_create(by=request.user, source=IngestSource.UPLOAD, upload=form.cleaned_data["file"])
        except QueueUnavailable as error:
            form.add_error("file", str(error))
            status = 503
        else:
            return redirect("custody:run_detail", run_id=run.pk)
    return render(request, "custody/upload.html", {**_section(request, "upload"), "form": form}, status=status)


@require_GET
def run_detail(request, run_id: int):
    require(permissions.sees_all_records(request.user), "You cannot see the custody ingest runs.")
    run = selectors.ingest_run_get(user=request.user, run_id=run_id)
    return render(
        request,
        "custody/run_detail.html",
        {
            **_section(request, "runs"),
            "run": run,
            "finished": run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED),
            "can_retry": run.status == RunStatus.FAILED and bool(run.file) and permissions.can_ingest(request.user),
            "status_url": reverse("api:custody-api:ingest-run-detail", args=[run.pk]),
        },
    )


@require_POST
def run_retry(request, run_id: int):
    require(
        permissions.can_ingest(request.user) and permissions.sees_all_records(request.user),
        "Only a police officer or a team manager can load a custody extract.",
    )
    run = selectors.ingest_run_get(user=request.user, run_id=run_id)
    if run.status != RunStatus.FAILED or not run.file:
        raise Http404("Only a failed run can be tried again")
    try:
        again = ingest_run_retry(run=run, by=request.user)
    except QueueUnavailable as error:
        messages.error(request, str(error))
        return redirect("custody:run_detail", run_id=run.pk)
    return redirect("custody:run_detail", run_id=again.pk)


# --- Duty inboxes (managers) -----------------------------------------------------------------------------


@require_http_methods(GET_AND_POST)
def inboxes(request):
    require(permissions.can_manage_inboxes(request.user), "Only team managers keep the duty inboxes.")
    form = InboxForm(posted(request))
    if request.method == "POST" and form.is_valid():
        inbox = form.save()
        messages.success(request, f"Duty inbox for {inbox.name} added")
        return redirect("custody:inboxes")
    return render(
        request,
        "custody/inboxes.html",
        {**_section(request, "inboxes"), "form": form, "inboxes": list(LocalAuthorityInbox.objects.order_by("name"))},
    )


@require_http_methods(GET_AND_POST)
def inbox_edit(request, inbox_id: int):
    require(permissions.can_manage_inboxes(request.user), "Only team managers keep the duty inboxes.")
    inbox = get_object_or_404(LocalAuthorityInbox, pk=inbox_id)
    form = InboxForm(posted(request), instance=inbox)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Duty inbox for {inbox.name} saved")
        return redirect("custody:inboxes")
    return render(request, "custody/inbox_form.html", {**_section(request, "inboxes"), "form": form, "inbox": inbox})


# --- Figures for the board ---------------------------------------------------------------------------------


@require_GET
def figures(request):
    require(permissions.sees_all_records(request.user), "You cannot see the custody figures.")
    today = timezone.localdate()
    data = request.GET if request.GET else None
    form = FiguresForm(data, initial={"start": today - timedelta(days=27), "end": today})
    start, end = today - timedelta(days=27), today
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    shown = selectors.board_figures(user=request.user, start=start, end=end) if not form.errors else None
    return render(
        request,
        "custody/figures.html",
        {
            **_section(request, "figures"),
            "form": form,
            "figures": shown,
            "start": start,
            "end": end,
            "list_query": urlencode({"since": start.isoformat()}),
        },
    )
