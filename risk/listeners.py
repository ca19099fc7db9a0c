"""The rules that refer a case to its team's risk and vulnerability meeting, listening to case work
(``cases.events``); registered by ``RiskConfig.ready`` (DESIGN.md §9: by rule, not by memory).

- an assessment completed rating risk of serious harm, or safety and wellbeing, high or very high
  (``rosh``, ``safety_wellbeing``; trigger ``assessment:<id>``);
- a threat-to-life or weapons flag raised on the child: each of the child's open cases
  (``threat_to_life``, ``weapons``; trigger ``flag:<id>``);
- an arrest (a significant event from custody data) while the case's current assessment rates
  either medium or above (``arrest``; trigger ``review:<id>``).

Each runs inside the service that announced the event, and refers once per trigger.
"""

from cases import events
from cases.models import Assessment, Case, CaseStatus, Flag, FlagType, Level, Review, ReviewTrigger

from .models import ReferralReason
from .services.referrals import referral_by_rule

HIGH = {Level.HIGH, Level.VERY_HIGH}
MEDIUM_OR_ABOVE = {Level.MEDIUM, Level.HIGH, Level.VERY_HIGH}
FLAG_REASONS = {FlagType.THREAT_TO_LIFE: ReferralReason.THREAT_TO_LIFE, FlagType.WEAPONS: ReferralReason.WEAPONS}


def _level(value: str) -> str:
    return Level(value).label.lower() if value else "not rated"


def assessment_completed(assessment: Assessment) -> None:
    trigger = f"assessment:{assessment.pk}"
    completed = f"{assessment.completed_date:%-d %B %Y}" if assessment.completed_date else ""
    ratings = (
        (ReferralReason.ROSH, "Risk of serious harm to others", assessment.risk_of_serious_harm),
        (ReferralReason.SAFETY_WELLBEING, "Safety and wellbeing", assessment.safety_and_wellbeing),
    )
    for reason, rating, level in ratings:
        if level in HIGH:
            detail = f"{rating} rated {_level(level)} in the assessment completed on {completed}"
            referral_by_rule(case=assessment.case, reason=reason, trigger=trigger, detail=detail)


def flag_raised(flag: Flag) -> None:
    reason = FLAG_REASONS.get(flag.flag_type)
    if reason is None:
        return
    note = flag.note.strip()
    detail = f"{flag.get_flag_type_display()} flag raised" + (f": {note}" if note else "")
    for case in Case.objects.filter(child_id=flag.child_id, status=CaseStatus.OPEN).order_by("id"):
        referral_by_rule(case=case, reason=reason, trigger=f"flag:{flag.pk}", detail=detail)


def current_assessment(case_id: int) -> Assessment | None:
    """The case's latest completed assessment: the one in force (DESIGN.md §9)."""
    return (
        Assessment.objects.filter(case_id=case_id, completed_date__isnull=False)
        .order_by("-completed_date", "-id")
        .first()
    )


def significant_event(review: Review) -> None:
    if review.trigger != ReviewTrigger.NEW_ARREST:
        return
    current = current_assessment(review.case_id)
    if current is None:
        return
    rosh, safety = current.risk_of_serious_harm, current.safety_and_wellbeing
    if rosh not in MEDIUM_OR_ABOVE and safety not in MEDIUM_OR_ABOVE:
        return
    detail = (
        f"{review.trigger_detail}. The current assessment rates risk of serious harm {_level(rosh)} "
        f"and safety and wellbeing {_level(safety)}"
    )
    referral_by_rule(case=review.case, reason=ReferralReason.ARREST, trigger=f"review:{review.pk}", detail=detail)


LISTENERS = (
    (events.ASSESSMENT_COMPLETED, assessment_completed),
    (events.FLAG_RAISED, flag_raised),
    (events.SIGNIFICANT_EVENT, significant_event),
)


def register() -> None:
    for listeners, listener in LISTENERS:
        if listener not in listeners:
            listeners.append(listener)
