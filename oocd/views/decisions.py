"""Decisions: recording one, its page, and its delivery (warning, implications, delivery, the
victim told, the signed document)."""

from functools import partial
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from yjs.pages import GET_AND_POST, posted, posted_files, submit
from yjs.roles import Role

from .. import forms, permissions, selectors, services
from ..models import Agency
from .section import decision_url, form_step, page, present_agencies


def decision_page(request, referral, panel, current: str, *, decided_on, done: str, back_url: str):
    """The decision on a referral: the panel's (``panel``), or the police's alone (None)."""
    decision = getattr(referral, "decision", None)
    if decision is not None:
        messages.info(request, "A decision has already been recorded for this referral")
        return redirect(decision_url(decision))
    form = forms.DecisionForm(
        posted(request),
        outcomes=list(selectors.outcome_list()),
        gravity_score=referral.gravity_score,
        initial={"decided_on": decided_on},
    )
    if response := submit(
        request,
        form,
        services.decision_record,
        lambda decision: f"{done}: {decision.outcome.name}",
        decision_url,
        referral=referral,
        panel=panel,
    ):
        return response
    quorum = {}
    if panel is not None:
        present = present_agencies(panel)
        quorum = {"police_present": Agency.POLICE in present, "yjs_present": Agency.YJS in present}
    return page(
        request,
        "oocd/decision_form.html",
        current,
        form=form,
        referral=referral,
        panel=panel,
        missing=selectors.missing_before_panel(referral),
        back_url=back_url,
        **quorum,
    )


@require_GET
def decision_detail(request, decision_id: int):
    user = request.user
    decision = selectors.decision_get(user=user, decision_id=decision_id)
    can_deliver = permissions.can_deliver(user)
    # A police-only decision for a child not known to the YJS has a follow-up (DESIGN.md §11).
    follow_up = selectors.follow_up_list(user=user).filter(decision=decision).first() if decision.police_only else None
    return page(
        request,
        "oocd/decision_detail.html",
        "index",
        decision=decision,
        follow_up=follow_up,
        can_record_follow_up=follow_up is not None and permissions.can_record_follow_up(user, follow_up),
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


# --- Delivery ----------------------------------------------------------------------------------------


def _decision_to_deliver(request, decision_id: int, *, victim_worker: bool = False):
    decision = selectors.decision_get(user=request.user, decision_id=decision_id)
    allowed = permissions.can_deliver(request.user) or (victim_worker and request.user.has_role(Role.VICTIM_WORKER))
    if not allowed:
        raise PermissionDenied("You cannot record the delivery of this disposal.")
    return decision


def _delivery_step(request, decision, form, service, *, done: str, **context):
    return form_step(
        request,
        form,
        partial(service, decision=decision),
        done=done,
        back_url=decision_url(decision, "delivery"),
        caption=f"{decision.outcome.name} for {decision.referral.child.full_name}",
        **context,
    )


@require_http_methods(GET_AND_POST)
def warning_record(request, decision_id: int):
    decision = _decision_to_deliver(request, decision_id)
    if not decision.outcome.has_conditions:
        raise Http404("The warning is given with a youth conditional caution")
    return _delivery_step(
        request,
        decision,
        forms.WarningForm(posted(request)),
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
        forms.ImplicationsForm(posted(request)),
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
        forms.DeliveryForm(posted(request)),
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
        forms.VictimInformedForm(posted(request)),
        services.victim_informed_record,
        title="Record that the victim was told the outcome",
        done="Victim recorded as told the outcome",
        button="Save",
    )


@require_http_methods(GET_AND_POST)
def document_upload(request, decision_id: int):
    decision = _decision_to_deliver(request, decision_id)
    return _delivery_step(
        request,
        decision,
        forms.SignedDocumentForm(posted(request), posted_files(request)),
        services.signed_document_upload,
        title="Upload the signed disposal document",
        done="Signed disposal document uploaded",
        button="Upload document",
        multipart=True,
        intro="The document is stored privately: only people who can see this referral can download it."
        + (
            " It becomes the current document; the one already uploaded is kept as an earlier version."
            if decision.signed_document
            else ""
        ),
    )


# --- The signed document -----------------------------------------------------------------------------


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
