"""Out-of-court disposal pages. Thin: read through ``selectors``, ask ``permissions`` what to
offer, write through ``services`` and put their field errors back on the form (200, never 500)."""

from datetime import timedelta
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import permissions as case_permissions
from cases import selectors as case_selectors
from intelligence import permissions as intelligence_permissions
from yjs.forms import attempt
from yjs.navigation import NAVIGATION
from yjs.roles import Role

from . import forms, permissions, selectors, services
from .models import Agency, ConditionStatus

GET_AND_POST = ["GET", "POST"]
PAGE_SIZE = 50


# --- Helpers ------------------------------------------------------------------------------


def _posted(request):
    return request.POST if request.method == "POST" else None


def _uses_oocd(user) -> bool:
    """The navigation's readers of the section, and anyone who can refer (case workers)."""
    item = next(item for item in NAVIGATION if item.url_name == "oocd:index")
    return item.visible_to(user) or permissions.can_refer(user)


def _sees_police_only_decisions(user) -> bool:
    return permissions.can_run_panel(user) or permissions.sees_every_referral(user)


def _sees_compliance(user) -> bool:
    return permissions.can_record_compliance(user) or permissions.sees_every_referral(user)


def _section(user, current: str) -> list[dict]:
    """The section's sub-navigation, by what the user may do."""
    items = [("index", "Referrals", True), ("panel_list", "Panels", True)]
    items.append(("compliance", "Conditional cautions", _sees_compliance(user)))
    items.append(("police_only", "Police-only decisions", _sees_police_only_decisions(user)))
    items.append(("scrutiny", "Scrutiny", permissions.can_scrutinise(user)))
    return [
        {"url": reverse(f"oocd:{name}"), "label": label, "current": name == current}
        for name, label, shown in items
        if shown
    ]


def _page(request, template: str, current: str = "", **context) -> HttpResponse:
    return render(request, template, {"section": _section(request.user, current), **context})


def _form_page(request, form, *, title: str, back_url: str, button: str, **context) -> HttpResponse:
    return _page(request, "oocd/form.html", form=form, title=title, back_url=back_url, button=button, **context)


def _require_section(user) -> None:
    if not _uses_oocd(user):
        raise PermissionDenied("Out-of-court disposals are for the YJS, the police and panel members.")


def _referral_url(referral, anchor: str = "") -> str:
    return reverse("oocd:referral_detail", args=[referral.pk]) + (f"#{anchor}" if anchor else "")


def _decision_url(decision, anchor: str = "") -> str:
    return reverse("oocd:decision_detail", args=[decision.pk]) + (f"#{anchor}" if anchor else "")


def _panel_url(panel, anchor: str = "") -> str:
    return reverse("oocd:panel_detail", args=[panel.pk]) + (f"#{anchor}" if anchor else "")


def _compliance_url(condition=None) -> str:
    return reverse("oocd:compliance") + (f"#condition-{condition.pk}" if condition else "")


def _id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such record") from None


def _paginate(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _missing_by_referral(referrals) -> dict[int, list[str]]:
    return {referral.pk: selectors.missing_before_panel(referral) for referral in referrals}


def _awaiting_decision(user):
    return selectors.referral_list(user=user).filter(decision__isnull=True, withdrawn_at__isnull=True)


# --- Referrals ---------------------------------------------------------------------------------


@require_GET
def index(request):
    """Referrals: each with where it is and what the panel still needs."""
    user = request.user
    _require_section(user)
    referrals = (
        selectors.referral_list(user=user)
        .annotate(latest_panel_on=Max("panel_items__panel__held_on"))
        .order_by("-referred_at", "-id")
    )
    page = _paginate(request, referrals)
    rows = [
        {
            "referral": referral,
            "status": selectors.referral_status(referral),
            "missing": selectors.missing_before_panel(referral),
        }
        for referral in page
    ]
    return _page(
        request,
        "oocd/index.html",
        "index",
        page=page,
        rows=rows,
        can_refer=permissions.can_refer(user),
    )


@require_http_methods(GET_AND_POST)
def referral_new(request):
    """Refer a child: find the child first (or come from their page with ``?child=``), then the referral."""
    user = request.user
    if not permissions.can_refer(user):
        raise PermissionDenied("Only police officers, case workers and team managers make referrals.")
    back_url = reverse("oocd:index")
    if "child" not in request.GET:
        searched = "q" in request.GET
        search_form = forms.ChildSearchForm(request.GET if searched else None)
        results = None
        if searched and search_form.is_valid():
            results = case_selectors.child_search(user=user, query=search_form.cleaned_data["q"])
        return _page(
            request,
            "oocd/referral_child.html",
            "index",
            form=search_form,
            results=results,
            back_url=back_url,
        )
    child = case_selectors.child_get(user=user, child_id=_id(request.GET["child"]))
    initial = {"referring_officer": str(user)} if user.has_role(Role.POLICE_OFFICER) else {}
    form = forms.ReferralForm(_posted(request), user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        referral = attempt(form, services.referral_create, child=child, by=user, **form.referral_arguments())
        if referral:
            messages.success(request, f"{child.full_name} referred. The police research has been requested")
            return redirect(_referral_url(referral))
    return _page(request, "oocd/referral_form.html", "index", form=form, child=child, back_url=back_url)


@require_GET
def referral_detail(request, referral_id: int):
    user = request.user
    referral = selectors.referral_get(user=user, referral_id=referral_id)
    decision = getattr(referral, "decision", None)
    panel_items = list(referral.panel_items.select_related("panel").order_by("panel__held_on"))
    can_prepare = decision is None and not referral.withdrawn_at and permissions.can_prepare(user, referral)
    return _page(
        request,
        "oocd/referral_detail.html",
        "index",
        referral=referral,
        child=referral.child,
        decision=decision,
        status=selectors.referral_status(referral),
        missing=selectors.missing_before_panel(referral),
        panel_items=panel_items,
        # Links only to what the reader may open: a panel member sees the referral, not the
        # child's record or the police research; a case worker not the panel's page.
        visible_panel_ids=set(
            permissions.visible_panels(user)
            .filter(pk__in=[item.panel_id for item in panel_items])
            .values_list("pk", flat=True)
        ),
        sees_child=case_permissions.can_view_child(user, referral.child),
        sees_research=referral.research_request_id is not None
        and intelligence_permissions.visible_requests(user).filter(pk=referral.research_request_id).exists(),
        can_prepare=can_prepare,
        can_record_police_only=decision is None
        and not referral.withdrawn_at
        and permissions.can_record_decision(user, None),
        sees_case=case_permissions.can_see_case_records(user),
    )


def _referral_to_prepare(request, referral_id: int):
    referral = selectors.referral_get(user=request.user, referral_id=referral_id)
    if not permissions.can_prepare(request.user, referral):
        raise PermissionDenied("You cannot record views for this referral.")
    if getattr(referral, "decision", None) is not None:
        messages.info(request, "The decision has been made: views are recorded before the panel")
        return referral, redirect(_referral_url(referral, "views"))
    return referral, None


def _views_page(request, referral_id: int, form_class, *, initial, title: str, done: str, intro: str = ""):
    referral, finished = _referral_to_prepare(request, referral_id)
    if finished:
        return finished
    form = form_class(_posted(request), initial=initial(referral))
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments() if hasattr(form, "service_arguments") else form.cleaned_data
        if attempt(form, services.referral_views_record, referral=referral, by=request.user, **arguments):
            messages.success(request, done)
            return redirect(_referral_url(referral, "views"))
    return _form_page(
        request,
        form,
        title=title,
        caption=f"Referral of {referral.child.full_name}",
        intro=intro,
        back_url=_referral_url(referral, "views"),
        button="Save views",
    )


@require_http_methods(GET_AND_POST)
def victim_views(request, referral_id: int):
    def initial(referral):
        if referral.victim_contacted_at and referral.victim_views:
            return {
                "contacted": "yes",
                "contacted_on": timezone.localtime(referral.victim_contacted_at).date(),
                "victim_views": referral.victim_views,
            }
        if referral.victim_not_contacted_reason:
            return {"contacted": "no", "not_contacted_reason": referral.victim_not_contacted_reason}
        return {}

    return _views_page(
        request,
        referral_id,
        forms.VictimViewsForm,
        initial=initial,
        title="The victim's views",
        done="Victim's views saved",
        intro="Under the Victims' Code the victim is asked for their views before the decision is made.",
    )


@require_http_methods(GET_AND_POST)
def child_views(request, referral_id: int):
    return _views_page(
        request,
        referral_id,
        forms.ChildViewsForm,
        initial=lambda referral: {"child_views": referral.child_views},
        title="The child's views",
        done="Child's views saved",
    )


@require_http_methods(GET_AND_POST)
def parent_carer_views(request, referral_id: int):
    return _views_page(
        request,
        referral_id,
        forms.ParentCarerViewsForm,
        initial=lambda referral: {"parent_carer_views": referral.parent_carer_views},
        title="The parent or carer's views",
        done="Parent or carer's views saved",
    )


# --- Panels --------------------------------------------------------------------------------------


def _present_agencies(panel) -> set[str]:
    return {attendee.agency for attendee in panel.attendees.all()}  # prefetched by panel_list


@require_GET
def panel_list(request):
    user = request.user
    _require_section(user)
    page = _paginate(request, selectors.panel_list(user=user).order_by("-held_on", "-id"))
    rows = [{"panel": panel, "quorate": {Agency.POLICE, Agency.YJS} <= _present_agencies(panel)} for panel in page]
    return _page(
        request,
        "oocd/panel_list.html",
        "panel_list",
        page=page,
        rows=rows,
        can_run_panel=permissions.can_run_panel(user),
        today=timezone.localdate(),
    )


@require_http_methods(GET_AND_POST)
def panel_new(request):
    user = request.user
    if not permissions.can_run_panel(user):
        raise PermissionDenied("Only a team manager or police officer can set up a panel.")
    referrals = list(_awaiting_decision(user).order_by("referred_at", "id"))
    form = forms.PanelForm(
        _posted(request),
        referrals=referrals,
        missing=_missing_by_referral(referrals),
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        panel = attempt(form, services.panel_create, by=user, **form.service_arguments())
        if panel:
            messages.success(request, f"Panel set up for {panel.held_on:%-d %B %Y}. Add who is attending")
            return redirect(_panel_url(panel))
    return _form_page(
        request,
        form,
        title="Set up a panel",
        back_url=reverse("oocd:panel_list"),
        button="Set up panel",
        intro="You will chair the panel. You can add attendees once it is set up.",
    )


def _panel_page(request, panel, attendee_form=None) -> HttpResponse:
    user = request.user
    present = _present_agencies(panel)
    items = selectors.panel_agenda(user=user, panel=panel)
    can_run = permissions.can_run_panel(user)
    can_decide = permissions.can_record_decision(user, panel)
    agenda = [
        {
            "item": item,
            "referral": item.referral,
            "decision": getattr(item.referral, "decision", None),
            "missing": selectors.missing_before_panel(item.referral),
        }
        for item in items
    ]
    if attendee_form is None and can_run:
        attendee_form = forms.AttendeeForm(users=selectors.panel_attendee_candidates())
    return _page(
        request,
        "oocd/panel_detail.html",
        "panel_list",
        panel=panel,
        agenda=agenda,
        hidden_items=panel.referral_count - len(items),
        police_present=Agency.POLICE in present,
        yjs_present=Agency.YJS in present,
        can_run_panel=can_run,
        can_record_decision=can_decide,
        form=attendee_form,
    )


@require_GET
def panel_detail(request, panel_id: int):
    return _panel_page(request, selectors.panel_get(user=request.user, panel_id=panel_id))


@require_POST
def attendee_add(request, panel_id: int):
    user = request.user
    panel = selectors.panel_get(user=user, panel_id=panel_id)
    if not permissions.can_run_panel(user):
        raise PermissionDenied("Only a team manager or police officer can add attendees.")
    form = forms.AttendeeForm(request.POST, users=selectors.panel_attendee_candidates())
    if form.is_valid():
        data = form.cleaned_data
        attendee = attempt(
            form,
            services.panel_attendee_add,
            panel=panel,
            by=user,
            name=data["name"],
            agency=data["agency"],
            role=data["role"],
            user=data["user"],
        )
        if attendee:
            messages.success(request, f"{attendee.name} added to the attendees")
            return redirect(_panel_url(panel, "attendees"))
    return _panel_page(request, panel, attendee_form=form)


@require_http_methods(GET_AND_POST)
def panel_decision(request, panel_id: int, referral_id: int):
    """The chair records the panel's decision on one referral of its agenda."""
    user = request.user
    panel = selectors.panel_get(user=user, panel_id=panel_id)
    referral = selectors.referral_get(user=user, referral_id=referral_id)
    if not panel.items.filter(referral=referral).exists():
        raise Http404("The referral is not on this panel's agenda")
    if not permissions.can_record_decision(user, panel):
        raise PermissionDenied("Only the chair, a team manager or a police officer records the decision.")
    decision = getattr(referral, "decision", None)
    if decision is not None:
        messages.info(request, "A decision has already been recorded for this referral")
        return redirect(_decision_url(decision))
    today = timezone.localdate()
    form = forms.DecisionForm(
        _posted(request),
        outcomes=list(selectors.outcome_list()),
        gravity_score=referral.gravity_score,
        initial={"decided_on": min(panel.held_on, today)},
    )
    if request.method == "POST" and form.is_valid():
        decision = attempt(
            form, services.decision_record, referral=referral, by=user, panel=panel, **form.decision_arguments()
        )
        if decision:
            messages.success(request, f"Decision recorded: {decision.outcome.name}")
            return redirect(_decision_url(decision))
    present = _present_agencies(panel)
    return _page(
        request,
        "oocd/decision_form.html",
        "panel_list",
        form=form,
        referral=referral,
        panel=panel,
        missing=selectors.missing_before_panel(referral),
        police_present=Agency.POLICE in present,
        yjs_present=Agency.YJS in present,
        back_url=_panel_url(panel, f"referral-{referral.pk}"),
    )


# --- Decisions and delivery -------------------------------------------------------------------------


@require_GET
def decision_detail(request, decision_id: int):
    user = request.user
    decision = selectors.decision_get(user=user, decision_id=decision_id)
    can_deliver = permissions.can_deliver(user)
    return _page(
        request,
        "oocd/decision_detail.html",
        "index",
        decision=decision,
        referral=decision.referral,
        child=decision.referral.child,
        conditions=list(decision.conditions.all()),
        sees_panel=decision.panel_id is not None
        and permissions.visible_panels(user).filter(pk=decision.panel_id).exists(),
        can_deliver=can_deliver,
        can_inform_victim=can_deliver or user.has_role(Role.VICTIM_WORKER),
        can_record_compliance=permissions.can_record_compliance(user),
        signed_document_versions=list(decision.signed_document_versions.select_related("uploaded_by")),
        today=timezone.localdate(),
    )


def _decision_to_deliver(request, decision_id: int, *, victim_worker: bool = False):
    decision = selectors.decision_get(user=request.user, decision_id=decision_id)
    allowed = permissions.can_deliver(request.user) or (victim_worker and request.user.has_role(Role.VICTIM_WORKER))
    if not allowed:
        raise PermissionDenied("You cannot record the delivery of this disposal.")
    return decision


def _delivery_step(request, decision, form_class, service, *, title: str, done: str, **page):
    form = form_class(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, service, decision=decision, by=request.user, **form.service_arguments())
    ):
        messages.success(request, done)
        return redirect(_decision_url(decision, "delivery"))
    return _form_page(
        request,
        form,
        title=title,
        caption=f"{decision.outcome.name} for {decision.referral.child.full_name}",
        back_url=_decision_url(decision, "delivery"),
        **page,
    )


@require_http_methods(GET_AND_POST)
def warning_record(request, decision_id: int):
    decision = _decision_to_deliver(request, decision_id)
    if not decision.outcome.has_conditions:
        raise Http404("The warning is given with a youth conditional caution")
    return _delivery_step(
        request,
        decision,
        forms.WarningForm,
        services.warning_record,
        title="Record the warning",
        done="Warning recorded",
        button="Save warning",
        intro="The child was warned that failing to comply with the conditions may lead to prosecution "
        "for the original offence.",
    )


@require_http_methods(GET_AND_POST)
def implications_record(request, decision_id: int):
    return _delivery_step(
        request,
        _decision_to_deliver(request, decision_id),
        forms.ImplicationsForm,
        services.implications_explained_record,
        title="Record that the implications were explained",
        done="Implications recorded as explained",
        button="Save",
        intro="Explained to the child and their parent or carer before the disposal is delivered, "
        "including what it means for a criminal record and future checks.",
    )


@require_http_methods(GET_AND_POST)
def delivery_record(request, decision_id: int):
    return _delivery_step(
        request,
        _decision_to_deliver(request, decision_id),
        forms.DeliveryForm,
        services.delivery_record,
        title="Record the delivery",
        done="Delivery recorded",
        button="Save delivery",
        intro="You will be recorded as the person who delivered the disposal.",
    )


@require_http_methods(GET_AND_POST)
def victim_informed_record(request, decision_id: int):
    return _delivery_step(
        request,
        _decision_to_deliver(request, decision_id, victim_worker=True),
        forms.VictimInformedForm,
        services.victim_informed_record,
        title="Record that the victim was told the outcome",
        done="Victim recorded as told the outcome",
        button="Save",
    )


@require_http_methods(GET_AND_POST)
def document_upload(request, decision_id: int):
    decision = _decision_to_deliver(request, decision_id)
    form = forms.SignedDocumentForm(_posted(request), request.FILES if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            services.signed_document_upload,
            decision=decision,
            by=request.user,
            document=form.cleaned_data["signed_document"],
        )
    ):
        messages.success(request, "Signed disposal document uploaded")
        return redirect(_decision_url(decision, "delivery"))
    return _form_page(
        request,
        form,
        title="Upload the signed disposal document",
        caption=f"{decision.outcome.name} for {decision.referral.child.full_name}",
        back_url=_decision_url(decision, "delivery"),
        button="Upload document",
        multipart=True,
        intro="The document is stored privately: only people who can see this referral can download it."
        + (
            " It becomes the current document; the one already uploaded is kept as an earlier version."
            if decision.signed_document
            else ""
        ),
    )


@require_GET
def document_download(request, decision_id: int):
    """The signed document, to those who may see the referral (404 to anyone else); an audited export."""
    decision = selectors.decision_get(user=request.user, decision_id=decision_id)
    if not decision.signed_document:
        raise Http404("No signed document has been uploaded")
    return _document_response(request, decision, decision.signed_document, decision.signed_document_type)


@require_GET
def document_version_download(request, decision_id: int, version_id: int):
    """Any version of the signed document, current or replaced, to the same people as the current one."""
    version = selectors.signed_document_version_get(user=request.user, decision_id=decision_id, version_id=version_id)
    if version.removed_at:
        raise Http404("The signed document is no longer held")
    return _document_response(request, version.decision, version.file, version.content_type, version=version)


def _document_response(request, decision, file, content_type: str, version=None) -> FileResponse:
    try:
        document = file.open("rb")
    except FileNotFoundError:
        raise Http404("The signed document is missing from storage") from None
    services.signed_document_download_record(decision=decision, by=request.user, request=request, version=version)
    name = f"signed-disposal-decision-{decision.pk}" + (f"-version-{version.pk}" if version else "")
    response = FileResponse(
        document,
        as_attachment=True,
        filename=f"{name}{PurePath(file.name).suffix}",
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- Youth conditional caution compliance ----------------------------------------------------------------


@require_GET
def compliance(request):
    """The police officer's view of conditional cautions still running: conditions, failures, prosecution."""
    user = request.user
    if not _sees_compliance(user):
        raise PermissionDenied("The conditional cautions view is for the police officer and YJS staff.")
    page = _paginate(request, selectors.conditional_cautions_in_progress(user=user))
    return _page(
        request,
        "oocd/compliance.html",
        "compliance",
        page=page,
        can_record=permissions.can_record_compliance(user),
        today=timezone.localdate(),
    )


def _condition_to_record(request, condition_id: int):
    condition = selectors.condition_get(user=request.user, condition_id=condition_id)
    if not permissions.can_record_compliance(request.user):
        raise PermissionDenied("You cannot record compliance with conditions.")
    return condition


def _condition_caption(condition) -> str:
    return f"{condition.decision.referral.child.full_name}: condition ending {condition.end_date:%-d %B %Y}"


@require_http_methods(GET_AND_POST)
def failure_record(request, condition_id: int):
    condition = _condition_to_record(request, condition_id)
    form = forms.FailureForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, services.condition_failure_record, condition=condition, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, "Failure to comply recorded, with its evidence")
        return redirect(_compliance_url(condition))
    return _form_page(
        request,
        form,
        title="Record a failure to comply",
        caption=_condition_caption(condition),
        intro=f"Condition: {condition.description}",
        back_url=_compliance_url(condition),
        button="Save failure",
    )


@require_http_methods(GET_AND_POST)
def compliance_record(request, condition_id: int):
    condition = _condition_to_record(request, condition_id)
    initial = {"status": condition.status if condition.status != ConditionStatus.FAILED else None}
    form = forms.ComplianceForm(_posted(request), initial={**initial, "notes": condition.compliance_notes})
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form, services.condition_compliance_record, condition=condition, by=request.user, **form.cleaned_data
        )
    ):
        messages.success(request, "Compliance recorded")
        return redirect(_compliance_url(condition))
    return _form_page(
        request,
        form,
        title="Record compliance with the condition",
        caption=_condition_caption(condition),
        intro=f"Condition: {condition.description}",
        back_url=_compliance_url(condition),
        button="Save",
    )


@require_http_methods(GET_AND_POST)
def prosecution_record(request, failure_id: int):
    failure = selectors.failure_get(user=request.user, failure_id=failure_id)
    if not permissions.can_record_compliance(request.user):
        raise PermissionDenied("You cannot record the prosecution decision.")
    form = forms.ProsecutionForm(_posted(request), initial={"prosecution_outcome": failure.prosecution_outcome})
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            services.failure_prosecution_consider,
            failure=failure,
            by=request.user,
            outcome=form.cleaned_data["prosecution_outcome"],
        )
    ):
        messages.success(request, "Failure recorded as considered for prosecution")
        return redirect(_compliance_url(failure.condition))
    return _form_page(
        request,
        form,
        title="Record the prosecution decision",
        caption=f"Failure on {failure.occurred_on:%-d %B %Y}",
        intro=f"What happened: {failure.what_happened}",
        back_url=_compliance_url(failure.condition),
        button="Save",
    )


# --- Police-only decisions -------------------------------------------------------------------------------


@require_GET
def police_only(request):
    user = request.user
    if not _sees_police_only_decisions(user):
        raise PermissionDenied("Police-only decisions are reported to managers and the police officer.")
    page = _paginate(request, selectors.police_only_decisions(user=user))
    return _page(
        request,
        "oocd/police_only.html",
        "police_only",
        page=page,
        can_record=permissions.can_record_decision(user, None),
    )


def _require_police_only_recorder(user) -> None:
    if not permissions.can_record_decision(user, None):
        raise PermissionDenied("Only a police officer records a decision taken without a panel.")


@require_http_methods(GET_AND_POST)
def police_only_new(request):
    """A decision the police gave alone, for a child with no referral yet: the referral and decision in one."""
    user = request.user
    _require_police_only_recorder(user)
    back_url = reverse("oocd:police_only")
    if "child" not in request.GET:
        searched = "q" in request.GET
        search_form = forms.ChildSearchForm(request.GET if searched else None)
        results = None
        if searched and search_form.is_valid():
            results = case_selectors.child_search(user=user, query=search_form.cleaned_data["q"])
        return _page(
            request,
            "oocd/referral_child.html",
            "police_only",
            form=search_form,
            results=results,
            back_url=back_url,
            police_only=True,
        )
    child = case_selectors.child_get(user=user, child_id=_id(request.GET["child"]))
    form = forms.PoliceOnlyDecisionForm(
        _posted(request),
        user=user,
        outcomes=list(selectors.outcome_list()),
        initial={"referring_officer": str(user), "decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        decision = attempt(form, services.police_only_decision_record, child=child, by=user, **form.service_arguments())
        if decision:
            messages.success(request, f"Police-only decision recorded: {decision.outcome.name}")
            return redirect(_decision_url(decision))
    return _page(
        request,
        "oocd/police_only_form.html",
        "police_only",
        form=form,
        child=child,
        back_url=back_url,
    )


@require_http_methods(GET_AND_POST)
def referral_police_only_decision(request, referral_id: int):
    """The police decide a referral without a panel (it is reported as police-only)."""
    user = request.user
    referral = selectors.referral_get(user=user, referral_id=referral_id)
    _require_police_only_recorder(user)
    decision = getattr(referral, "decision", None)
    if decision is not None:
        messages.info(request, "A decision has already been recorded for this referral")
        return redirect(_decision_url(decision))
    form = forms.DecisionForm(
        _posted(request),
        outcomes=list(selectors.outcome_list()),
        gravity_score=referral.gravity_score,
        initial={"decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        decision = attempt(
            form, services.decision_record, referral=referral, by=user, panel=None, **form.decision_arguments()
        )
        if decision:
            messages.success(request, f"Police-only decision recorded: {decision.outcome.name}")
            return redirect(_decision_url(decision))
    return _page(
        request,
        "oocd/decision_form.html",
        "police_only",
        form=form,
        referral=referral,
        panel=None,
        missing=selectors.missing_before_panel(referral),
        back_url=_referral_url(referral),
    )


# --- Scrutiny ----------------------------------------------------------------------------------------------


def _require_scrutiny(user) -> None:
    if not permissions.can_scrutinise(user):
        raise PermissionDenied("Scrutiny samples are for managers, the head of service and the police officer.")


@require_http_methods(GET_AND_POST)
def scrutiny(request):
    user = request.user
    _require_scrutiny(user)
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    form = forms.ScrutinyDrawForm(
        _posted(request),
        initial={"period_start": start, "period_end": today.replace(day=1) - timedelta(days=1), "percentage": 10},
    )
    if request.method == "POST" and form.is_valid():
        sample = attempt(form, services.scrutiny_sample_draw, by=user, **form.service_arguments())
        if sample:
            messages.success(request, f"Sample drawn: {sample.items.count()} decisions")
            return redirect("oocd:scrutiny_sample", sample_id=sample.pk)
    page = _paginate(request, selectors.scrutiny_sample_list(user=user).order_by("-drawn_at", "-id"))
    return _page(request, "oocd/scrutiny.html", "scrutiny", form=form, page=page)


@require_GET
def scrutiny_sample(request, sample_id: int):
    user = request.user
    _require_scrutiny(user)
    sample = selectors.scrutiny_sample_get(user=user, sample_id=sample_id)
    return _page(request, "oocd/scrutiny_sample.html", "scrutiny", sample=sample, items=list(sample.items.all()))


@require_http_methods(GET_AND_POST)
def scrutiny_finding(request, sample_id: int, item_id: int):
    user = request.user
    _require_scrutiny(user)
    sample = selectors.scrutiny_sample_get(user=user, sample_id=sample_id)
    item = get_object_or_404(sample.items.select_related("decision__outcome", "decision__referral__child"), pk=item_id)
    initial = {"feedback": item.feedback}
    if item.appropriate is not None:
        initial["appropriate"] = "yes" if item.appropriate else "no"
    form = forms.FindingForm(_posted(request), initial=initial)
    back_url = reverse("oocd:scrutiny_sample", args=[sample.pk]) + f"#item-{item.pk}"
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, services.scrutiny_finding_record, item=item, by=user, **form.service_arguments())
    ):
        messages.success(request, "Finding recorded")
        return redirect(back_url)
    decision = item.decision
    return _form_page(
        request,
        form,
        title="Record the scrutiny panel's finding",
        caption=f"{decision.outcome.name} for {decision.referral.child.full_name}, "
        f"decided {decision.decided_on:%-d %B %Y}",
        intro=f"Reasons given: {decision.rationale}",
        back_url=back_url,
        button="Save finding",
    )
