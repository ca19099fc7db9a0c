"""HM Inspectorate of Probation's rating rules for youth justice services (DESIGN.md §6).

Plain functions, no database: a key question is rated from the percentage of
audited cases answered "yes"; a standard takes the lowest rating of its key
questions; the twelve standards' scores add up to the overall rating.
"""

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.db import models


class Rating(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


SCORES = {Rating.INADEQUATE: 0, Rating.REQUIRES_IMPROVEMENT: 1, Rating.GOOD: 2, Rating.OUTSTANDING: 3}

STANDARDS = {
    "1.1": "Governance and leadership",
    "1.2": "Staff",
    "1.3": "Partnerships and services",
    "1.4": "Information and facilities",
    "2.1": "Assessment (court disposals)",
    "2.2": "Planning (court disposals)",
    "2.3": "Implementation and delivery (court disposals)",
    "2.4": "Reviewing (court disposals)",
    "3.1": "Assessment (out-of-court disposals)",
    "3.2": "Planning (out-of-court disposals)",
    "3.3": "Implementation and delivery (out-of-court disposals)",
    "3.4": "Joint working (out-of-court disposals)",
}

CASE_KEY_QUESTIONS = (
    "support the child's desistance",
    "keep the child safe",
    "keep other people safe",
)


def key_questions(standard: str) -> dict[str, str]:
    """The key questions of a standard that case audits answer (domains 2 and 3)."""
    if standard == "3.4":
        return {
            "3.4.1": "Are the YJS's recommendations well-informed, analytical and personalised, "
            "supporting joint decision-making?",
            "3.4.2": "Does the YJS work effectively with the police in implementing the disposal?",
        }
    if standard.startswith(("2.", "3.")):
        name = STANDARDS[standard].split(" (")[0].lower()
        return {f"{standard}.{n}": f"Does {name} sufficiently {what}?" for n, what in enumerate(CASE_KEY_QUESTIONS, 1)}
    return {}


def percentage(yes: int, answered: int) -> int:
    """A whole-number percentage as published: round half up."""
    if answered <= 0:
        raise ValueError("No cases were answered")
    exact = Decimal(yes) * 100 / Decimal(answered)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rate_key_question(percent: int | float) -> Rating:
    """80% or more Outstanding, 65–79% Good, 50–64% Requires improvement, below 50% Inadequate."""
    if not 0 <= percent <= 100:
        raise ValueError(f"A percentage is between 0 and 100, not {percent}")
    if percent >= 80:
        return Rating.OUTSTANDING
    if percent >= 65:
        return Rating.GOOD
    if percent >= 50:
        return Rating.REQUIRES_IMPROVEMENT
    return Rating.INADEQUATE


def lowest(ratings: Iterable[Rating]) -> Rating:
    ratings = list(ratings)
    if not ratings:
        raise ValueError("A standard needs at least one rating")
    return min(ratings, key=lambda rating: SCORES[Rating(rating)])


def rate_standard(percents: Iterable[int | float]) -> Rating:
    """A standard takes the lowest rating of its key questions."""
    return lowest(rate_key_question(percent) for percent in percents)


def overall_rating(ratings: Mapping[str, Rating]) -> tuple[int, Rating]:
    """The score (0–36) of the twelve standards and the overall rating:
    0–6 Inadequate, 7–18 Requires improvement, 19–30 Good, 31–36 Outstanding."""
    missing = set(STANDARDS) - set(ratings)
    unknown = set(ratings) - set(STANDARDS)
    if missing or unknown:
        raise ValueError(f"Rate exactly the twelve standards (missing {sorted(missing)}, unknown {sorted(unknown)})")
    score = sum(SCORES[Rating(rating)] for rating in ratings.values())
    if score <= 6:
        return score, Rating.INADEQUATE
    if score <= 18:
        return score, Rating.REQUIRES_IMPROVEMENT
    if score <= 30:
        return score, Rating.GOOD
    return score, Rating.OUTSTANDING
