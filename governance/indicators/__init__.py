"""The board report's figures for a period and team(s), each computed by the database.

Every figure is a ``Figure`` (``figures``): numerator, denominator and value, with the previous
period (the same number of days just before) beside it. Queries aggregate (COUNT, SUM, AVG with
FILTER) or group in the database; no function here loops over rows of children or cases.

A figure the data model cannot support says "Not recorded yet" with a note, and carries no
numbers (``Figure.recorded``); since the family app's dated needs records, none does.

One module per section of the report: ``yjb`` (the Youth Justice Board's indicators),
``family`` (the YJB's indicators on needs, wider services and serious violence), ``out_of_court``,
``disproportionality``, ``police_custody``, ``casework`` (information requests, assessments,
caseloads), ``risk`` (keeping the child and other people safe), ``court`` (court work and orders),
``interventions`` (interventions and reparation); ``board`` assembles them.
"""

from .board import SECTIONS, board_figures
from .casework import assessments, caseloads, information_requests
from .court import court_figures  # --- court ---
from .disproportionality import disproportionality
from .family import needs_figures
from .figures import Figure, Period, Unit
from .interventions import intervention_completion, interventions_figures, reparation_hours  # --- interventions ---
from .out_of_court import oocd_completion, oocd_outcomes, police_only
from .police_custody import custody_figures
from .population import population_total, population_year
from .risk import risk_figures
from .yjb import (
    board_attendance,
    custodial_sentences,
    ete_at_end_of_order,
    first_time_entrants,
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
    "court_figures",
    "custodial_sentences",
    "custody_figures",
    "disproportionality",
    "ete_at_end_of_order",
    "first_time_entrants",
    "information_requests",
    "intervention_completion",  # --- interventions ---
    "interventions_figures",
    "needs_figures",
    "oocd_completion",
    "oocd_outcomes",
    "police_only",
    "population_total",
    "population_year",
    "remands",
    "reoffending",
    "reparation_hours",  # --- interventions ---
    "risk_figures",
    "send_with_plan",
    "victims",
]
