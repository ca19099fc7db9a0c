"""Court work on the child's timeline (``cases.selectors.TIMELINE_SOURCES``): hearings; reports
requested, submitted and the sentence given; orders made and ended; requirements started and
completed; breach proceedings laid (and their outcome); referral order panels held; custody from
and release. Only on the child's cases the user may read court work of (a hearing with no case:
when the user sees any of the child's cases); an event of a restricted case carries the case as its
``audit_object``, so the page showing it records the read. Eight queries whatever the rows."""

from cases.models import Child
from cases.selectors import TimelineEvent
from yjs.models import User
from yjs.validators import long_date

from . import permissions
from .models import BreachProceedings, CustodySpell, Hearing, Order, PreSentenceReport, ReferralPanel, Requirement

KIND = "court"


def timeline_events(*, user: User, child: Child) -> list[TimelineEvent]:
    cases = {case.pk: case for case in permissions.visible_cases(user).filter(child=child)}
    if not cases:
        return []
    restricted = {pk: case for pk, case in cases.items() if case.restricted}
    # A hearing with no case is the child's: the read of a restricted case's child is audited as its case's.
    any_restricted = next(iter(restricted.values()), None)
    events: list[TimelineEvent] = []

    def add(at, title: str, detail: str, by, case_id: int | None) -> None:
        audit = restricted.get(case_id) if case_id is not None else any_restricted
        events.append(TimelineEvent(at, title, detail, str(by or ""), KIND, audit_object=audit))

    ids = list(cases)
    hearings = Hearing.objects.filter(child=child).select_related("recorded_by")
    for hearing in hearings:
        if hearing.case_id is not None and hearing.case_id not in cases:
            continue
        detail = hearing.get_outcome_display() if hearing.outcome else "Outcome not recorded"
        if hearing.next_hearing_on:
            detail += f"; next hearing {long_date(hearing.next_hearing_on)}"
        title = f"{hearing.get_hearing_type_display()} hearing at {hearing.court}"
        add(hearing.heard_on, title, detail, hearing.recorded_by, hearing.case_id)

    for report in PreSentenceReport.objects.filter(case__in=ids).select_related("author"):
        kind = "Stand-down pre-sentence report" if report.stand_down else "Pre-sentence report"
        add(report.requested_on, f"{kind} requested", f"Due {long_date(report.due_on)}", report.author, report.case_id)
        if report.submitted_on:
            proposal = f"Proposal: {report.get_proposal_display().lower()}" if report.proposal else ""
            add(report.submitted_on, f"{kind} submitted to the court", proposal, report.author, report.case_id)
        if report.sentence_given and report.sentenced_on:
            detail = report.get_sentence_given_display()
            if report.concordant is not None:
                detail += " (as the report proposed)" if report.concordant else " (not what the report proposed)"
            add(report.sentenced_on, "Sentenced", detail, "", report.case_id)

    orders = {order.pk: order for order in Order.objects.filter(case__in=ids).select_related("recorded_by")}
    for order in orders.values():
        what = order.get_order_type_display()
        detail = f"{order.length_months} months, ends {long_date(order.ends_on)} ({order.court})"
        add(order.made_on, f"{what} made", detail, order.recorded_by, order.case_id)
        if order.ended_on:
            add(order.ended_on, f"{what} ended", order.get_outcome_display(), "", order.case_id)

    for requirement in Requirement.objects.filter(order__in=list(orders)).select_related("order", "recorded_by"):
        what = requirement.get_requirement_type_display()
        ordered = (
            f"{requirement.hours_ordered} hours"
            if requirement.hours_ordered
            else (f"{requirement.days_ordered} days" if requirement.days_ordered else "")
        )
        add(
            requirement.starts_on,
            f"{what} requirement started",
            ordered,
            requirement.recorded_by,
            requirement.order.case_id,
        )
        if requirement.completed_on:
            add(
                requirement.completed_on,
                f"{what} requirement {requirement.get_status_display().lower()}",
                "",
                "",
                requirement.order.case_id,
            )

    for breach in BreachProceedings.objects.filter(order__in=list(orders)).select_related("order", "recorded_by"):
        add(breach.laid_on, "Breach proceedings laid", breach.reason, breach.recorded_by, breach.order.case_id)
        if breach.outcome and breach.outcome_on:
            add(breach.outcome_on, "Breach proceedings decided", breach.get_outcome_display(), "", breach.order.case_id)

    panels = ReferralPanel.objects.filter(order__in=list(orders), held_on__isnull=False).select_related(
        "order", "recorded_by"
    )
    for panel in panels:
        title = f"Referral order {panel.get_panel_type_display().lower()} held"
        add(panel.held_on, title, panel.get_outcome_display(), panel.recorded_by, panel.order.case_id)

    for spell in CustodySpell.objects.filter(case__in=ids).select_related("recorded_by"):
        where = f"{spell.establishment} ({spell.get_establishment_type_display()})"
        add(spell.custody_from, "Into custody", where, spell.recorded_by, spell.case_id)
        if spell.released_on:
            detail = f"From {spell.establishment}: {spell.get_supervision_on_release_display().lower()}"
            add(spell.released_on, "Released from custody", detail, "", spell.case_id)
    return events
