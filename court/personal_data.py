"""What court work holds about a child (``yjs.personal_data``): the child's hearings, pre-sentence
reports and their returns, the order with its requirements, progress, breach proceedings, referral
order panels and contract, and time in custody with the resettlement plan.

Anonymising keeps every row and what the board report counts (dates, types, statuses, outcomes,
proposals and sentences, hours and days, establishments and courts) and removes what was written
about the child: the court duty officer's notes, the report's proposal in its own words and a
manager's feedback, requirement details and progress notes, breach reasons, panel notes and the
contract's terms, licence conditions and the resettlement plan's arrangements and release address.

Community panel volunteers (``Volunteer``) are not about a child: they are people the service keeps,
like its staff (no key to a child or a case, so the registry does not ask for them), and they are
neither anonymised nor exported with a child. A panel in the export says how many volunteers sat,
not who (other people's personal data, as victims' details are withheld).
"""

from datetime import date

from django.db.models import Count, Model, Prefetch, Q

from cases.models import Case, Child
from yjs.personal_data import REMOVED, PersonalData, register

from . import permissions
from .models import (
    BreachProceedings,
    Contract,
    CustodySpell,
    Hearing,
    Order,
    PreSentenceReport,
    ReferralPanel,
    ReportReturn,
    Requirement,
    RequirementProgress,
    ResettlementPlan,
)

PARTS = ("court_hearings", "pre_sentence_reports", "court_orders", "custody_spells")


def anonymise(child: Child, today: date) -> dict[str, int]:
    cases = Case.objects.filter(child=child)
    orders = Order.objects.filter(case__in=cases)
    reports = PreSentenceReport.objects.filter(case__in=cases)
    spells = CustodySpell.objects.filter(case__in=cases)
    return {
        "court_hearings": Hearing.objects.filter(child=child).update(duty_officer_note=""),
        "pre_sentence_reports": reports.update(proposal_detail=""),
        # Feedback, a breach's reason and a contract's terms are required (never blank).
        "report_returns": ReportReturn.objects.filter(report__in=reports).update(feedback=REMOVED),
        "requirements": Requirement.objects.filter(order__in=orders).update(details=""),
        "requirement_progress": RequirementProgress.objects.filter(requirement__order__in=orders).update(note=""),
        "breach_proceedings": BreachProceedings.objects.filter(order__in=orders).update(reason=REMOVED),
        "referral_panels": ReferralPanel.objects.filter(order__in=orders).update(notes=""),
        "contracts": Contract.objects.filter(panel__order__in=orders).update(activities=REMOVED, reparation=REMOVED),
        "custody_spells": spells.update(licence_conditions=""),
        "resettlement_plans": ResettlementPlan.objects.filter(spell__in=spells).update(
            accommodation="", education="", health="", release_address=""
        ),
    }


def export(user, child: Child) -> dict:
    """The child's court work on the cases the user may read court work of (hearings with no case:
    when the user reads any of the child's cases); nothing for anyone else."""
    visible = permissions.visible_cases(user).filter(child=child)
    cases = visible.values("pk")
    if not visible.exists():
        return {name: [] for name in PARTS}
    panels = ReferralPanel.objects.select_related("contract").annotate(volunteers_sat=Count("volunteers"))
    return {
        "court_hearings": list(
            Hearing.objects.filter(Q(case__in=cases) | Q(case__isnull=True), child=child).order_by("heard_on", "pk")
        ),
        "pre_sentence_reports": list(
            PreSentenceReport.objects.filter(case__in=cases)
            .select_related("author", "approved_by")
            .prefetch_related(Prefetch("returns", ReportReturn.objects.select_related("returned_by")))
            .order_by("requested_on", "pk")
        ),
        "court_orders": list(
            Order.objects.filter(case__in=cases)
            .prefetch_related(
                Prefetch("requirements", Requirement.objects.prefetch_related("progress")),
                "breaches",
                Prefetch("panels", panels.order_by("due_on", "pk")),
            )
            .order_by("made_on", "pk")
        ),
        "custody_spells": list(
            CustodySpell.objects.filter(case__in=cases)
            .select_related("resettlement_plan")
            .order_by("custody_from", "pk")
        ),
    }


def audited(parts: dict) -> list[Model]:
    objects: list[Model] = [*parts["court_hearings"], *parts["custody_spells"]]
    for report in parts["pre_sentence_reports"]:
        objects += [report, *report.returns.all()]
    for order in parts["court_orders"]:
        objects.append(order)
        for requirement in order.requirements.all():
            objects += [requirement, *requirement.progress.all()]
        objects += list(order.breaches.all())
        for panel in order.panels.all():
            objects.append(panel)
            if getattr(panel, "contract", None) is not None:
                objects.append(panel.contract)
    for spell in parts["custody_spells"]:
        plan = getattr(spell, "resettlement_plan", None)
        if plan is not None:
            objects.append(plan)
    return objects


register(
    PersonalData(
        app="court",
        models=(
            Hearing,
            PreSentenceReport,
            ReportReturn,
            Order,
            Requirement,
            RequirementProgress,
            BreachProceedings,
            ReferralPanel,
            Contract,
            CustodySpell,
            ResettlementPlan,
        ),
        anonymise=anonymise,
        export=export,
        audited=audited,
        counts=lambda parts: {name: len(parts[name]) for name in PARTS},
    )
)
