"""Information requests between the YJS and its police officer (DESIGN.md §3).

The minimum record the 2023 guidance asks for is kept on every request: date of
request, who requested it, what they requested, what police systems were
searched and what information was supplied. A supplied request is never edited:
corrections are addenda.
"""

import pgtrigger
from django.db import models
from django.db.models import Q

from cases.models import Case, Child
from yjs.database import Refuse, append_only, never_deleted
from yjs.models import CatalogueEntry, said_when, staff_member


class PoliceSystem(CatalogueEntry):
    """A police system that can be searched: the catalogue managers keep."""


class RequestType(models.TextChoices):
    RISK = "risk", "Information about an identified risk"
    ADDITIONAL = "additional", "Additional information (reason required)"
    URGENT = "urgent", "Urgent (written request to follow)"
    OOCD_RESEARCH = "oocd_research", "Police research for an out-of-court disposal referral"
    PHONE_CONTACT_CHECK = "phone_contact_check", "Phone contact check for a child in custody"
    BAIL_ADDRESS_CHECK = "bail_address_check", "Bail address check"
    SOCIAL_MEDIA_REVIEW = "social_media_review", "Social media review"
    RESETTLEMENT_NOTICE = "resettlement_notice", "Resettlement notice to the police area"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    SUPPLIED = "supplied", "Supplied"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SensitiveContext(models.TextChoices):
    NONE = "none", "None"
    LIVE_INVESTIGATION = "live_investigation", "A live investigation"
    CHILD_IN_CUSTODY = "child_in_custody", "A child in custody"
    SERIOUS_OFFENCE = "serious_offence", "A serious offence"


class PhoneCheckOutcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    NOT_APPROVED = "not_approved", "Not approved"


FINAL_ONCE_SUPPLIED = (
    "child_id",
    "case_id",
    "request_type",
    "requested_at",
    "requested_by_id",
    "information_supplied",
    "supplied_at",
    "supplied_by_id",
    "significant",
    "oic_consulted_name",
    "oic_consulted_at",
)


def _changed(field: str) -> pgtrigger.Q:
    return pgtrigger.Q(**{f"old__{field}__df": pgtrigger.F(f"new__{field}")})


def _final_fields_changed() -> pgtrigger.Q:
    condition = pgtrigger.Q()
    for field in FINAL_ONCE_SUPPLIED:
        condition |= _changed(field)
    # An urgent request's written request may follow its answer: blank may be filled in once.
    for field in ("what_requested", "reason"):
        condition |= _changed(field) & ~pgtrigger.Q(**{f"old__{field}": ""})
    return condition


@never_deleted
@pgtrigger.register(
    # Supplied information is final, whoever types the UPDATE: corrections are addenda. Only the
    # database's owner may switch this off (yjs.database), as the retention schedule does.
    Refuse(
        name="supplied_request_is_final",
        operation=pgtrigger.Update,
        condition=pgtrigger.Q(old__supplied_at__isnull=False) & _final_fields_changed(),
        reason="supplied information is final; add an addendum",
    ),
    pgtrigger.Protect(name="requests_are_never_deleted", operation=pgtrigger.Delete),
)
class InformationRequest(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="information_requests")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="information_requests")
    request_type = models.CharField(max_length=30, choices=RequestType.choices)
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN)

    # The minimum record: date of request, who, what (and why).
    requested_at = models.DateTimeField()
    requested_by = staff_member()
    what_requested = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    # An urgent request may be answered first; its written request must follow by this time.
    written_request_due_at = models.DateTimeField(null=True, blank=True)
    written_request_at = models.DateTimeField(null=True, blank=True)

    # Officer in the case, consulted before supply in a sensitive context.
    sensitive_context = models.CharField(max_length=30, choices=SensitiveContext.choices, default=SensitiveContext.NONE)
    oic_consulted_name = models.CharField("Officer in the case consulted", max_length=150, blank=True)
    oic_consulted_at = models.DateTimeField(null=True, blank=True)

    # The minimum record: what was searched and what was supplied.
    systems_searched = models.ManyToManyField(PoliceSystem, blank=True, related_name="+")
    information_supplied = models.TextField(blank=True)
    supplied_at = models.DateTimeField(null=True, blank=True)
    supplied_by = staff_member(optional=True)
    # The officer marks information that changes the picture: it opens a significant-event review
    # of the case's assessment and plan (DESIGN.md §9).
    significant = models.BooleanField("Significant: the case's assessment and plan need review", default=False)

    safeguarding_concern = models.BooleanField(default=False)
    safeguarding_referral_to = models.CharField(max_length=150, blank=True)
    safeguarding_referral_reference = models.CharField(max_length=100, blank=True)
    safeguarding_referral_at = models.DateTimeField(null=True, blank=True)

    # Phone contact check (a child in custody): consent, and the checks made.
    contact_name = models.CharField(max_length=150, blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    contact_consent_recorded_at = models.DateTimeField(null=True, blank=True)
    contact_not_a_victim = models.BooleanField(null=True, blank=True)
    contact_not_a_co_offender = models.BooleanField(null=True, blank=True)
    phone_check_outcome = models.CharField(max_length=20, choices=PhoneCheckOutcome.choices, blank=True)

    # Social media review: a repeat viewing needs an authorisation reference.
    repeat_viewing = models.BooleanField(default=False)
    authorisation_reference = models.CharField(max_length=100, blank=True)

    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["status", "requested_at"]),
            # The list's order (newest first, id breaking ties), so a page reads only its rows.
            models.Index(fields=["requested_at", "id"], name="request_newest_first"),
            models.Index(fields=["child", "requested_at"]),
        ]
        constraints = [
            # The rules live in services; these are the database's own last line.
            models.CheckConstraint(
                condition=~Q(status__in=["supplied", "closed"])
                | (Q(supplied_at__isnull=False) & ~Q(information_supplied="")),
                name="supplied_request_has_information",
            ),
            models.CheckConstraint(
                condition=Q(sensitive_context="none")
                | ~Q(status__in=["supplied", "closed"])
                | (~Q(oic_consulted_name="") & Q(oic_consulted_at__isnull=False)),
                name="sensitive_request_needs_oic_consulted",
            ),
            said_when("request_type", "additional", "reason", name="additional_request_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_request_type_display()} about {self.child} ({self.requested_at:%d %b %Y})"

    @property
    def is_supplied(self) -> bool:
        return self.supplied_at is not None


# Which systems were searched is part of the supplied record: added once, never changed.
append_only(InformationRequest.systems_searched.through)


@append_only
class Addendum(models.Model):
    """A correction or addition to a supplied request: supplied text is never edited."""

    request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField()
    added_by = staff_member()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name_plural = "addenda"

    def __str__(self) -> str:
        return f"Addendum to request {self.request_id}"
