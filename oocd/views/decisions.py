"""Decisions: recording one, its page, and its delivery (warning, implications, delivery, the
victim told, the signed document)."""

from pathlib import PurePath

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET

from yjs.pages import posted, posted_files, require, submit
from yjs.roles import Role

from .. import forms, permissions, selectors, services
from ..models import Agency
from .section import SectionFormPage, decision_url, page, present_agencies


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
    require(allowed, "You cannot record the delivery of this disposal.")
    return decision


class DeliveryStep(SectionFormPage):
    """A step of delivering a decision's disposal, by those who deliver (``victim_worker``: or a victim
    worker); then back to the decision's delivery."""

    victim_worker = False

    def load(self, decision_id: int):
        self.decision = _decision_to_deliver(self.request, decision_id, victim_worker=self.victim_worker)

    def service_arguments(self):
        return {"decision": self.decision}

    @property
    def back_url(self):
        return decision_url(self.decision, "delivery")

    caption = "{decision.outcome.name} for {decision.referral.child.full_name}"


class WarningRecord(DeliveryStep):
    form_class = forms.WarningForm
    service = services.warning_record
    title = "Record the warning"
    done = "Warning recorded"
    button_label = "Save warning"
    intro = (
        "The child was warned that failing to comply with the conditions may lead to prosecution "
        "for the original offence."
    )

    def load(self, decision_id: int):
        super().load(decision_id)
        if not self.decision.outcome.has_conditions:
            raise Http404("The warning is given with a youth conditional caution")


class ImplicationsRecord(DeliveryStep):
    form_class = forms.ImplicationsForm
    service = services.implications_explained_record
    title = "Record that the implications were explained"
    done = "Implications recorded as explained"
    button_label = "Save"
    intro = (
        "Explained to the child and their parent or carer before the disposal is delivered, "
        "including what it means for a criminal record and future checks."
    )


class DeliveryRecord(DeliveryStep):
    form_class = forms.DeliveryForm
    service = services.delivery_record
    title = "Record the delivery"
    done = "Delivery recorded"
    button_label = "Save delivery"
    intro = "You will be recorded as the person who delivered the disposal."


class VictimInformedRecord(DeliveryStep):
    form_class = forms.VictimInformedForm
    service = services.victim_informed_record
    victim_worker = True
    title = "Record that the victim was told the outcome"
    done = "Victim recorded as told the outcome"
    button_label = "Save"


class DocumentUpload(DeliveryStep):
    form_class = forms.SignedDocumentForm
    service = services.signed_document_upload
    title = "Upload the signed disposal document"
    done = "Signed disposal document uploaded"
    button_label = "Upload document"
    multipart = True

    def form_kwargs(self):
        return {"files": posted_files(self.request)}

    @property
    def intro(self):
        return "The document is stored privately: only people who can see this referral can download it." + (
            " It becomes the current document; the one already uploaded is kept as an earlier version."
            if self.decision.signed_document
            else ""
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
