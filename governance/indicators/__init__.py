"""The board report's figures for a period and team(s), each computed by the database.

Every figure is a ``Figure`` (``figures``): numerator, denominator and value, with the previous
period (the same number of days just before) beside it. Queries aggregate (COUNT, SUM, AVG with
FILTER) or group in the database; no function here loops over rows of children or cases.

Where the data model cannot support an indicator yet (mental health and substance misuse
need → offered → attending, suitable accommodation, links to wider services, serious
violence), the figure says "Not recorded yet" with a note, and carries no numbers.

One module per section of the report: ``yjb`` (the Youth Justice Board's indicators),
``out_of_court``, ``disproportionality``, ``police_custody``, ``casework`` (information requests,
assessments, caseloads), ``risk`` (keeping the child and other people safe); ``board`` assembles them.
"""

from .board import SECTIONS, board_figures
from .casework import assessments, caseloads, information_requests
from .disproportionality import disproportionality
from .figures import Figure, Period, Unit
from .out_of_court import oocd_completion, oocd_outcomes, police_only
from .police_custody import custody_figures
from .population import population_total, population_year
from .risk import risk_figures
from .yjb import (
    board_attendance,
    custodial_sentences,
    ete_at_end_of_order,
    first_time_entrants,
    not_recorded,
    remands,
    reoffending,
    send_with_plan,
    victims,
)

__all__ = [
    "SECTIONS",
    "Figure",
    "Period",
    "Unit",
    "assessments",
    "board_attendance",
    "board_figures",
    "caseloads",
    "custodial_sentences",
    "custody_figures",
    "disproportionality",
    "ete_at_end_of_order",
    "first_time_entrants",
    "information_requests",
    "not_recorded",
    "oocd_completion",
    "oocd_outcomes",
    "police_only",
    "population_total",
    "population_year",
    "remands",
    "reoffending",
    "risk_figures",
    "send_with_plan",
    "victims",
]
