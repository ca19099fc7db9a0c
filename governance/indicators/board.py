"""Every section of the board report, each figure beside the previous period's."""

from datetime import date

from .casework import assessments, caseloads, information_requests
from .court import court_figures  # --- court ---
from .disproportionality import disproportionality
from .family import needs_figures
from .figures import Figure, Period, all_with_previous, with_previous
from .interventions import interventions_figures  # --- interventions ---
from .out_of_court import oocd_completion, oocd_outcomes, police_only
from .police_custody import custody_figures
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

SECTIONS = [
    ("yjb", "Youth Justice Board key performance indicators"),
    ("needs", "Children's needs, links to wider services and serious violence"),
    ("oocd", "Out-of-court disposals"),
    ("disproportionality", "Disproportionality by ethnicity and gender"),
    ("custody", "Children in police custody"),
    ("information_requests", "Information requests to the police"),
    ("assessments", "Assessment timeliness and countersigning"),
    ("risk", "Keeping the child and other people safe"),
    ("court", "Court work and orders"),  # --- court ---
    ("interventions", "Interventions and reparation"),  # --- interventions ---
    ("caseloads", "Caseloads"),
]


def board_figures(*, start: date, end: date, team_ids=None, user=None, progress=None) -> dict[str, list[dict]]:
    """Every section's figures for the period (and, beside each, the previous period)."""
    period = Period(start, end)
    step = progress or (lambda _percent, _message: None)
    sections: dict[str, list[Figure]] = {}
    step(10, "Counting first-time entrants and reoffending")
    sections["yjb"] = [
        with_previous(lambda p: first_time_entrants(p, team_ids), period),
        with_previous(lambda p: reoffending(p, team_ids), period),
        with_previous(lambda p: custodial_sentences(p, team_ids), period),
        with_previous(lambda p: remands(p, team_ids), period),
        with_previous(lambda p: ete_at_end_of_order(p, team_ids), period),
        with_previous(lambda p: send_with_plan(p, team_ids), period),
        with_previous(lambda p: oocd_completion(p, team_ids), period),
        with_previous(lambda p: board_attendance(p, team_ids), period),
        *all_with_previous(lambda p: victims(p, team_ids), period),
    ]
    step(20, "Counting children's needs at the end of their orders")
    sections["needs"] = needs_figures(period, team_ids)
    step(30, "Counting out-of-court disposals")
    sections["oocd"] = [
        with_previous(lambda p: police_only(p, team_ids), period),
        *all_with_previous(lambda p: oocd_outcomes(p, team_ids), period),
    ]
    step(40, "Comparing with the local population")
    sections["disproportionality"] = all_with_previous(lambda p: disproportionality(p, team_ids), period)
    step(50, "Counting custody figures")
    sections["custody"] = all_with_previous(lambda p: custody_figures(p, team_ids), period)
    step(60, "Counting information requests")
    sections["information_requests"] = all_with_previous(lambda p: information_requests(p, team_ids, user=user), period)
    step(65, "Counting assessments and caseloads")
    sections["assessments"] = all_with_previous(lambda p: assessments(p, team_ids), period)
    step(67, "Counting risk meetings, significant events and returned assessments")
    sections["risk"] = risk_figures(period, team_ids)
    step(68, "Counting court work and orders")  # --- court ---
    sections["court"] = court_figures(period, team_ids)
    sections["interventions"] = interventions_figures(period, team_ids)  # --- interventions ---
    sections["caseloads"] = all_with_previous(lambda p: caseloads(p, team_ids), period)
    return {key: [figure.as_dict() for figure in figures] for key, figures in sections.items()}
