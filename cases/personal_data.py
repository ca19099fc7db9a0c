"""What the case record holds about a child (``yjs.personal_data``): the child's identity, their
cases and everything written in them.

Anonymising keeps every row and what the board report counts (dates, types, statuses, gender,
ethnicity, local authorities, looked-after, education, SEND and EHCP; the year of birth) and
removes names, aliases and search keys, address, postcode, PNC ID and police IDs, the social
worker's contact details, every free-text note, and victims' names and contact details. The
subject access export withholds victims' details (other people's personal data): it says
how many victims are linked.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Model, Prefetch, Q
from django.utils import timezone

from yjs.personal_data import REMOVED, PersonalData, register

from . import permissions
from .models import (
    Assessment,
    Case,
    CaseTransfer,
    Child,
    ChildAlias,
    ChildSearchKey,
    Contact,
    Flag,
    Offence,
    Plan,
    PlanTarget,
    Returned,
    Review,
    Transition,
    Victim,
    VictimContactDetails,
)


def _anonymise_identity(child: Child) -> None:
    ChildAlias.objects.filter(child=child).delete()
    ChildSearchKey.objects.filter(child=child).delete()
    child.forenames = "Anonymised"
    child.surname = f"child {child.pk}"
    child.preferred_name = ""
    # The year of birth stays (ages at offence and outcome, by year); 1 July halves the error.
    child.date_of_birth = date(child.date_of_birth.year, 7, 1)
    child.address = ""
    child.postcode = ""
    child.pnc_id = ""
    child.police_local_ids = []
    child.social_worker_name = ""
    child.social_worker_email = ""
    child.social_worker_phone = ""
    child.anonymised_at = timezone.now()
    child.save()


def _anonymise_case_records(child: Child) -> dict[str, int]:
    cases = Case.objects.filter(child=child)
    victims = Victim.objects.filter(case__in=cases)
    return {
        "cases": cases.update(closure_reason=""),
        "offences": Offence.objects.filter(case__in=cases).update(description=REMOVED, departure_reason=""),
        "assessments": Assessment.objects.filter(case__in=cases).update(child_view="", summary=""),
        "plans": Plan.objects.filter(case__in=cases).update(
            external_controls="", contingency="", risk_meeting_decisions=""
        ),
        "plan_targets": PlanTarget.objects.filter(plan__case__in=cases).update(
            what=REMOVED, who="", how_i_will_know=""
        ),
        "reviews": Review.objects.filter(case__in=cases).update(trigger_detail="", outcome=""),
        # A manager's feedback on returned work is about the child's assessment or plan.
        "returned": Returned.objects.filter(Q(assessment__case__in=cases) | Q(plan__case__in=cases)).update(
            feedback=REMOVED
        ),
        "contacts": Contact.objects.filter(case__in=cases).update(notes=""),
        "victim_contact_details": VictimContactDetails.objects.filter(victim__in=victims).delete()[0],
        "victims": victims.update(display_name="Victim", wishes=""),
        "flags": Flag.objects.filter(child=child).update(note=""),
        "removed_flags": Flag.objects.filter(child=child).exclude(removal_reason="").update(removal_reason=REMOVED),
        "transitions": Transition.objects.filter(case__in=cases).update(reason=REMOVED),
        "transfers": CaseTransfer.objects.filter(case__in=cases).update(reason=REMOVED, accepted_by_name=""),
    }


def anonymise(child: Child, today: date) -> dict[str, int]:
    """The case records, then the child's identity (the audit event names the child as anonymised)."""
    rows = _anonymise_case_records(child)
    _anonymise_identity(child)
    return rows


# --- Subject access ---------------------------------------------------------------------


@dataclass
class CaseSection:
    case: Case
    offences: list[Offence]
    assessments: list[Assessment]
    plans: list[Plan]
    reviews: list[Review]
    contacts: list[Contact]
    victim_count: int
    transition: Transition | None
    transfers: list[CaseTransfer]


def _case_section(case: Case) -> CaseSection:
    try:
        transition = case.transition
    except Transition.DoesNotExist:
        transition = None
    return CaseSection(
        case=case,
        offences=list(case.offences.all()),
        assessments=sorted(case.assessments.all(), key=lambda a: (a.due_date, a.pk)),
        plans=list(case.plans.all()),
        reviews=list(case.reviews.all()),
        contacts=sorted(case.contacts.all(), key=lambda c: (c.scheduled_at, c.pk)),
        victim_count=len(case.victims.all()),
        transition=transition,
        transfers=list(case.transfers.all()),
    )


def export(user, child: Child) -> dict:
    """The child's other names, flags and the cases the user may see, each with what was recorded."""
    cases = (
        permissions.visible_cases(user)
        .filter(child=child)
        .select_related("team", "allocated_to", "transition__decided_by")
        .prefetch_related(
            "offences",
            Prefetch("assessments", Assessment.objects.select_related("completed_by", "countersigned_by")),
            Prefetch(
                "plans",
                Plan.objects.select_related("written_by", "countersigned_by").prefetch_related(
                    Prefetch("targets", PlanTarget.objects.order_by("by_when", "pk"))
                ),
            ),
            Prefetch("reviews", Review.objects.select_related("completed_by")),
            Prefetch("contacts", Contact.objects.select_related("recorded_by")),
            Prefetch("victims", Victim.objects.only("pk", "case_id")),
            Prefetch("transfers", CaseTransfer.objects.select_related("requested_by")),
        )
        .order_by("start_date", "pk")
    )
    flags = Flag.objects.filter(child=child).select_related("raised_by", "removed_by").order_by("raised_at")
    return {
        "aliases": list(child.aliases.all()),
        "flags": list(flags),
        "cases": [_case_section(case) for case in cases],
    }


def audited(parts: dict) -> list[Model]:
    objects: list[Model] = list(parts["flags"])
    for section in parts["cases"]:
        objects += [section.case, *section.offences, *section.assessments, *section.plans, *section.reviews]
        objects += section.contacts
    return objects


register(
    PersonalData(
        app="cases",
        models=(
            Child,
            ChildAlias,
            ChildSearchKey,
            Case,
            Offence,
            Assessment,
            Plan,
            PlanTarget,
            Returned,
            Review,
            Contact,
            Victim,
            VictimContactDetails,
            Flag,
            Transition,
            CaseTransfer,
        ),
        anonymise=anonymise,
        export=export,
        audited=audited,
        counts=lambda parts: {"cases": len(parts["cases"])},
    )
)
