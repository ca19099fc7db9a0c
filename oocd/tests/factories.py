"""Out-of-court disposal test data.

Tests of behaviour build their data through the services (the ``*_via_services`` helpers
below call the real actions, so a referral has its diversion case and research request);
the factories build rows directly, in a state the services could have produced, for list,
permission and query-count tests.
"""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from cases import services as case_services
from cases.models import CaseType, Level
from cases.tests.factories import CaseFactory, ChildFactory
from intelligence import services as intelligence_services
from oocd import services
from oocd.models import (
    Agency,
    Condition,
    ConditionFailure,
    Decision,
    FollowUp,
    Outcome,
    Panel,
    PanelAttendee,
    PanelItem,
    Referral,
)
from yjs.api.tokens import api_token_create
from yjs.roles import Role
from yjs.tests.factories import UserFactory

API = "/api/v1/oocd"


def client_for(user) -> APIClient:
    """An API client signed in with the user's token (each request loads the user afresh)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


def outcome(code: str) -> Outcome:
    """A shipped outcome (``oocd.catalogue``) by its code."""
    return Outcome.objects.get(code=code)


def years_old(years: int, *, on: datetime.date | None = None, days: int = 30) -> datetime.date:
    """A date of birth making a child ``years`` old on ``on`` (``days`` past the birthday)."""
    on = on or timezone.localdate()
    return on.replace(year=on.year - years) - datetime.timedelta(days=days)


# --- Files ------------------------------------------------------------------------------------


def minimal_pdf() -> bytes:
    """The smallest well-formed PDF: one empty A4 page, with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj %s endobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


MINIMAL_PDF = minimal_pdf()


def pdf_upload(name: str = "signed.pdf", content: bytes = MINIMAL_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def image_bytes(kind: str = "PNG") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format=kind)
    return buffer.getvalue()


def image_upload(kind: str = "PNG") -> SimpleUploadedFile:
    extension, content_type = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}[kind]
    return SimpleUploadedFile(f"signed.{extension}", image_bytes(kind), content_type=content_type)


HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


# --- Factories ----------------------------------------------------------------------------------


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral with its diversion case (no research request: see ``referral_via_services``)."""

    class Meta:
        model = Referral

    child = factory.SubFactory(ChildFactory)
    case = factory.SubFactory(CaseFactory, child=factory.SelfAttribute("..child"), case_type=CaseType.DIVERSION)
    referred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=14))
    referring_officer = factory.Sequence(lambda n: f"PC {1000 + n} Walker")
    gravity_score = 3
    admitted = True
    created_by = factory.SubFactory(UserFactory, roles=[Role.POLICE_OFFICER])


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel
        skip_postgeneration_save = True

    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    location = "Civic Centre, room 2"
    chair = factory.SubFactory(UserFactory, roles=[Role.TEAM_MANAGER])


class PanelAttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelAttendee

    panel = factory.SubFactory(PanelFactory)
    name = factory.Faker("name", locale="en_GB")
    agency = Agency.YJS
    role = "Case manager"


class QuoratePanelFactory(PanelFactory):
    """A panel the police and the YJS attended."""

    police = factory.RelatedFactory(
        PanelAttendeeFactory, factory_related_name="panel", agency=Agency.POLICE, role="YJS police officer"
    )
    yjs = factory.RelatedFactory(PanelAttendeeFactory, factory_related_name="panel", agency=Agency.YJS)


class PanelItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelItem

    panel = factory.SubFactory(QuoratePanelFactory)
    referral = factory.SubFactory(ReferralFactory)
    position = factory.Sequence(lambda n: n + 1)


class DecisionFactory(factory.django.DjangoModelFactory):
    """A police-only youth caution; ``panel=…`` (with ``police_only=False``) for a panel's."""

    class Meta:
        model = Decision

    referral = factory.SubFactory(ReferralFactory)
    panel = None
    police_only = True
    outcome = factory.LazyFunction(lambda: outcome("youth_caution"))
    decided_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    rationale = "Admitted a first offence; a caution is proportionate."
    recorded_by = factory.SubFactory(UserFactory, roles=[Role.POLICE_OFFICER])


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    decision = factory.SubFactory(
        DecisionFactory, outcome=factory.LazyFunction(lambda: outcome("youth_conditional_caution"))
    )
    description = "Attend four sessions of the knife crime awareness programme"
    end_date = factory.LazyAttribute(lambda condition: condition.decision.decided_on + datetime.timedelta(days=60))


class ConditionFailureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConditionFailure

    condition = factory.SubFactory(ConditionFactory, status="failed")
    occurred_on = factory.LazyAttribute(lambda failure: failure.condition.decision.decided_on + datetime.timedelta(1))
    what_happened = "Did not attend the second session"
    reasons_given = "None given"
    recorded_by = factory.SubFactory(UserFactory, roles=[Role.POLICE_OFFICER])


class FollowUpFactory(factory.django.DjangoModelFactory):
    """An open follow-up of a police-only youth caution, on the decision's case's team."""

    class Meta:
        model = FollowUp

    decision = factory.SubFactory(DecisionFactory)
    team = factory.LazyAttribute(lambda follow_up: follow_up.decision.referral.case.team)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


# --- Through the services ------------------------------------------------------------------------


def referral_via_services(*, by, team, child=None, gravity_score: int = 3, admitted: bool = True, **kwargs) -> Referral:
    """A referral as the services make it: a diversion case, its assessment and a research request."""
    kwargs.setdefault("referring_officer", "PC 4521 Hall")
    kwargs.setdefault(
        "offences",
        [{"offence_date": timezone.localdate() - datetime.timedelta(days=10), "description": "Theft from a shop"}],
    )
    return services.referral_create(
        child=child or ChildFactory(),
        by=by,
        team=team,
        gravity_score=gravity_score,
        admitted=admitted,
        **kwargs,
    )


def referral_prepared(referral: Referral, *, case_worker, police) -> Referral:
    """Everything the panel needs: a completed assessment, police research, and all views."""
    assessment = referral.case.assessments.get()
    case_services.assessment_record(
        assessment=assessment,
        by=case_worker,
        completed_date=timezone.localdate(),
        likelihood_of_reoffending=Level.LOW,
        risk_of_serious_harm=Level.LOW,
        safety_and_wellbeing=Level.MEDIUM,
    )
    intelligence_services.information_request_supply(
        request=referral.research_request, by=police, systems=["pnc", "local_records"], supplied="No trace"
    )
    return services.referral_views_record(
        referral=referral,
        by=case_worker,
        victim_views="Would like an apology letter",
        victim_contacted_at=timezone.now() - datetime.timedelta(days=1),
        child_views="Sorry, wants to make amends",
        parent_carer_views="Supportive of a caution",
    )


def quorate_panel_via_services(*, by, referrals=(), held_on=None) -> Panel:
    panel = services.panel_create(
        by=by, held_on=held_on or timezone.localdate() - datetime.timedelta(days=1), referrals=list(referrals)
    )
    services.panel_attendee_add(panel=panel, by=by, name="PC Sam Patel", agency=Agency.POLICE, role="YJS police")
    services.panel_attendee_add(panel=panel, by=by, name="Jo Reid", agency=Agency.YJS, role="Team manager")
    return panel


def delivered_decision(decision: Decision, *, by, at=None) -> Decision:
    """Every part of delivery: implications explained, signed document, delivered, victim informed."""
    at = at or timezone.now() - datetime.timedelta(hours=2)
    services.implications_explained_record(decision=decision, by=by, explained_at=at)
    services.signed_document_upload(decision=decision, by=by, document=pdf_upload())
    services.delivery_record(decision=decision, by=by, delivered_at=at + datetime.timedelta(minutes=30))
    services.victim_informed_record(decision=decision, by=by, informed_at=at + datetime.timedelta(minutes=45))
    decision.refresh_from_db()
    return decision
