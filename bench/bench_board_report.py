"""The year's board report on the large data set: under 10 seconds? And how far is the ORM from SQL?

On the large data set (``bench.common.large_data_set``: 200,000 children, 1,000,000 custody
records, …) times, for the twelve whole months before this one and all teams, as the head of
service:

- ``figures``: every figure of the report, this period and the previous one
  (``governance.indicators.board_figures``, what the Celery task computes first);
- ``report``: the whole report as the worker makes it (``governance.services.board_report_generate``:
  the figures, then the charts, the PDF and CSV, and the board's suppressed copy of both);
- ``hand_written_sql``: the same aggregates written by hand as SQL (below), run in the same
  process through the same connection, both periods: the floor for the figures.

Each is run ``REPEATS`` times after one warm-up; the medians are compared (``figures`` ÷ SQL).
The SQL's answers are checked against the report's numbers, so the two count the same things.
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from bench.common import large_data_set, write_result

REPEATS = 3
BUDGET_SECONDS = 10

# Each statement takes %(start)s, %(end)s (dates), %(since)s, %(until)s (aware datetimes, the
# period's first and the next day's midnight in London) and %(court)s (court order case types).
FIRSTS = """
    SELECT r.child_id, d.decided_on AS day
      FROM oocd_decision d
      JOIN oocd_referral r ON r.id = d.referral_id
      JOIN oocd_outcome o ON o.id = d.outcome_id
     WHERE o.statutory {decided}
    UNION ALL
    SELECT child_id, start_date FROM cases_case WHERE case_type = ANY(%(court)s) {started}
"""
IN_PERIOD = {
    "decided": "AND d.decided_on BETWEEN %(start)s AND %(end)s",
    "started": "AND start_date BETWEEN %(start)s AND %(end)s",
}
COHORT = f"SELECT child_id, min(day) AS index_date FROM ({FIRSTS.format(**IN_PERIOD)}) x GROUP BY child_id"
ETHNIC_GROUP = """CASE WHEN ethnicity = 'W1' THEN 'white_british'
    WHEN ethnicity IN ('W2', 'W3', 'W9') THEN 'white_other' WHEN ethnicity LIKE 'M%%' THEN 'mixed'
    WHEN ethnicity LIKE 'A%%' THEN 'asian' WHEN ethnicity LIKE 'B%%' THEN 'black'
    WHEN ethnicity LIKE 'O%%' THEN 'other' ELSE 'not_stated' END"""


def _latest(columns: str, table: str) -> str:
    """The child's latest row of ``table`` dated on or before the order's end (``k``: the order's case)."""
    return (
        f"SELECT {columns} FROM {table} x WHERE x.child_id = k.child_id AND x.from_date <= k.end_date "
        "ORDER BY x.from_date DESC, x.id DESC LIMIT 1"
    )


SQL = {
    "first_time_entrants": f"""
        SELECT count(*) FROM (
            SELECT child_id, min(day) AS first FROM ({FIRSTS.format(decided="", started="")}) x GROUP BY child_id
        ) firsts WHERE first BETWEEN %(start)s AND %(end)s""",
    "population": """
        SELECT sum(children) FROM governance_localpopulation WHERE year = (
            SELECT coalesce(max(year) FILTER (WHERE year <= extract(year FROM %(end)s::date)), min(year))
              FROM governance_localpopulation)""",
    "reoffending": f"""
        SELECT count(*), count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM cases_offence f JOIN cases_case k ON k.id = f.case_id
                    WHERE k.child_id = cohort.child_id AND f.offence_date > cohort.index_date
                      AND f.offence_date <= (cohort.index_date + interval '12 months')::date))
          FROM ({COHORT}) cohort""",
    "disproportionality": f"""
        SELECT {ETHNIC_GROUP} AS grp, gender, count(*)
          FROM ({COHORT}) cohort JOIN cases_child c ON c.id = cohort.child_id
         GROUP BY 1, 2""",
    "population_groups": f"""
        SELECT {ETHNIC_GROUP}, gender, sum(children) FROM governance_localpopulation
         WHERE year = (SELECT coalesce(max(year) FILTER (WHERE year <= extract(year FROM %(end)s::date)), min(year))
                         FROM governance_localpopulation)
         GROUP BY 1, 2""",
    "court_cases": """
        SELECT count(*) FILTER (WHERE case_type = 'detention_and_training_order'),
               count(*) FILTER (WHERE case_type = ANY(%(court)s)),
               count(*) FILTER (WHERE case_type = 'remand'),
               count(*) FILTER (WHERE case_type IN ('remand', 'bail_support'))
          FROM cases_case WHERE start_date BETWEEN %(start)s AND %(end)s""",
    "ete_end_of_order": """
        SELECT count(*), count(*) FILTER (WHERE c.education_status IN
                   ('school', 'alternative_provision', 'college', 'training', 'employment'))
          FROM cases_case k JOIN cases_child c ON c.id = k.child_id
         WHERE k.case_type = ANY(%(court)s) AND k.end_date BETWEEN %(start)s AND %(end)s""",
    "send_with_plan": """
        SELECT count(*), count(*) FILTER (WHERE c.education_health_care_plan)
          FROM cases_child c
         WHERE c.special_educational_needs AND EXISTS (
               SELECT 1 FROM cases_case k WHERE k.child_id = c.id AND k.start_date <= %(end)s
                  AND (k.end_date IS NULL OR k.end_date >= %(start)s))""",
    "oocd_completion": """
        SELECT count(*), count(*) FILTER (WHERE d.implications_explained_at IS NOT NULL
                   AND d.delivered_at IS NOT NULL AND d.delivered_by_id IS NOT NULL AND d.signed_document > ''
                   AND (d.victim_informed_at IS NOT NULL OR NOT r.has_victim)
                   AND NOT EXISTS (SELECT 1 FROM oocd_condition k WHERE k.decision_id = d.id
                                      AND k.status <> 'complied'))
          FROM oocd_decision d JOIN oocd_outcome o ON o.id = d.outcome_id
          JOIN oocd_referral r ON r.id = d.referral_id
         WHERE d.decided_on BETWEEN %(start)s AND %(end)s AND o.gravity_score BETWEEN 2 AND 4""",
    "board_attendance": """
        SELECT count(*), count(*) FILTER (WHERE a.attended)
          FROM governance_boardattendance a JOIN governance_boardmeeting m ON m.id = a.meeting_id
         WHERE m.held_on BETWEEN %(start)s AND %(end)s""",
    "victims": """
        SELECT count(*),
               count(*) FILTER (WHERE contacted_before_decision_at IS NOT NULL OR informed_of_outcome_at IS NOT NULL),
               count(*) FILTER (WHERE restorative_justice = 'took_part')
          FROM cases_victim WHERE created_at >= %(since)s AND created_at < %(until)s""",
    "police_only": """
        SELECT count(*), count(*) FILTER (WHERE police_only)
          FROM oocd_decision WHERE decided_on BETWEEN %(start)s AND %(end)s""",
    "oocd_outcomes": """
        SELECT o.code, count(d.id) FROM oocd_outcome o
          LEFT JOIN oocd_decision d ON d.outcome_id = o.id AND d.decided_on BETWEEN %(start)s AND %(end)s
         GROUP BY o.id HAVING o.active OR count(d.id) > 0""",
    "custody": """
        SELECT count(*), count(released_at), avg(released_at - detained_at),
               count(*) FILTER (WHERE released_at > detained_at + interval '24 hours'),
               count(aa_requested_at),
               count(*) FILTER (WHERE aa_requested_at IS NOT NULL AND aa_arrived_at IS NOT NULL),
               avg(aa_arrived_at - aa_requested_at),
               count(*) FILTER (WHERE aa_arrived_at > aa_requested_at + interval '2 hours'),
               count(charged_at), avg(released_at - charged_at),
               count(*) FILTER (WHERE outcome = 'charged_detained'),
               count(*) FILTER (WHERE charged_at IS NOT NULL AND (
                   (released_at IS NOT NULL AND (released_at AT TIME ZONE 'Europe/London')::date
                                                > (charged_at AT TIME ZONE 'Europe/London')::date)
                   OR (released_at IS NULL AND (charged_at AT TIME ZONE 'Europe/London')::date
                                               < (now() AT TIME ZONE 'Europe/London')::date))),
               count(*) FILTER (WHERE s38_6 <> ''), count(*) FILTER (WHERE s38_6 = 'secured')
          FROM custody_custodyrecord WHERE detained_at >= %(since)s AND detained_at < %(until)s""",
    "information_requests": """
        SELECT request_type, count(*), count(supplied_at),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM supplied_at - requested_at) / 3600)
          FROM intelligence_informationrequest
         WHERE requested_at >= %(since)s AND requested_at < %(until)s
         GROUP BY request_type""",
    "assessments": """
        SELECT count(*), count(*) FILTER (WHERE completed_date <= due_date), count(completed_date),
               count(countersigned_at)
          FROM cases_assessment WHERE due_date BETWEEN %(start)s AND %(end)s""",
    "caseloads": """
        SELECT t.name, k.allocated_to_id, count(*) FROM cases_case k JOIN yjs_team t ON t.id = k.team_id
         WHERE k.start_date <= %(end)s AND (k.end_date IS NULL OR k.end_date > %(end)s)
         GROUP BY 1, 2""",
    # --- family --- (governance.indicators.family: what held at the end, and at the start, of each order)
    "needs": f"""
        SELECT count(*), count(*) FILTER (WHERE acc.suitable),
               coalesce(sum(first_edu.hours_offered), 0), coalesce(sum(first_edu.hours_attended), 0),
               coalesce(sum(edu.hours_offered), 0), coalesce(sum(edu.hours_attended), 0),
               count(*) FILTER (WHERE edu.send_identified),
               count(*) FILTER (WHERE edu.send_identified AND edu.send_plan <> 'none'),
               count(*) FILTER (WHERE mh.need_identified),
               count(*) FILTER (WHERE mh.need_identified AND mh.receiving_support),
               count(*) FILTER (WHERE sm.need_identified),
               count(*) FILTER (WHERE sm.need_identified AND sm.receiving_intervention),
               count(*) FILTER (WHERE sc.status IN ('child_in_need', 'child_protection_plan', 'looked_after')
                                   OR edu.send_plan IN ('ehcp', 'idp'))
          FROM cases_case k
          LEFT JOIN LATERAL ({_latest("suitable", "family_accommodation")}) acc ON true
          LEFT JOIN LATERAL ({
        _latest("hours_offered, hours_attended, send_identified, send_plan", "family_education")
    }) edu ON true
          LEFT JOIN LATERAL ({_latest("need_identified, receiving_support", "family_mentalhealth")}) mh ON true
          LEFT JOIN LATERAL ({_latest("need_identified, receiving_intervention", "family_substancemisuse")}) sm ON true
          LEFT JOIN LATERAL ({_latest("status", "risk_socialcarestatus")}) sc ON true
          LEFT JOIN LATERAL (
               SELECT hours_offered, hours_attended FROM family_education x
                WHERE x.child_id = k.child_id AND x.from_date <= k.end_date
                ORDER BY x.from_date <= k.start_date DESC,
                         CASE WHEN x.from_date <= k.start_date THEN x.from_date END DESC NULLS LAST,
                         CASE WHEN x.from_date <= k.start_date THEN x.id END DESC NULLS LAST,
                         x.from_date, x.id
                LIMIT 1) first_edu ON true
         WHERE k.case_type = ANY(%(court)s) AND k.end_date BETWEEN %(start)s AND %(end)s""",
    "serious_violence": """
        SELECT count(*), count(*) FILTER (WHERE f.gravity_score >= 5 AND lower(f.offence_group) IN
                                              ('violence against the person', 'robbery', 'drug offences'))
          FROM cases_offence f JOIN cases_case k ON k.id = f.case_id
         WHERE (k.case_type = ANY(%(court)s) AND k.start_date BETWEEN %(start)s AND %(end)s)
            OR k.id IN (SELECT r.case_id FROM oocd_decision d JOIN oocd_referral r ON r.id = d.referral_id
                          JOIN oocd_outcome o ON o.id = d.outcome_id
                         WHERE o.statutory AND d.decided_on BETWEEN %(start)s AND %(end)s)""",
}


def run() -> None:
    from django.db import connection
    from django.utils import timezone

    from cases.models import COURT_ORDER_TYPES
    from governance import services
    from governance.demo import _last_full_year
    from governance.indicators import Period, board_figures
    from governance.models import BoardReport
    from yjs.models import User

    data = large_data_set()
    head = User.objects.get(username="head")
    start, end = _last_full_year(timezone.localdate())
    period = Period(start, end)

    def figures() -> dict:
        return board_figures(start=start, end=end, team_ids=[], user=head)

    def sql() -> dict:
        answers = {}
        with connection.cursor() as cursor:
            for name, (first, last) in (("now", (period.start, period.end)), ("before", _bounds(period.previous))):
                one = Period(first, last)
                params = {
                    "start": one.start,
                    "end": one.end,
                    "since": one.since,
                    "until": one.until,
                    "court": list(COURT_ORDER_TYPES),
                }
                for key, statement in SQL.items():
                    cursor.execute(statement, params)
                    answers[(name, key)] = cursor.fetchall()
        return answers

    reports = []

    def report() -> None:
        made = BoardReport.objects.create(period_start=start, period_end=end, created_by=head)
        services.board_report_generate(report_id=made.pk)
        reports.append(made.pk)

    timings = {"figures": [], "report": [], "hand_written_sql": []}
    cpu = {name: [] for name in timings}
    results = {}
    try:
        for round_ in range(REPEATS + 1):  # the first round warms the caches
            for name, work in (("figures", figures), ("hand_written_sql", sql), ("report", report)):
                started, started_cpu = time.perf_counter(), time.process_time()
                results[name] = work()
                if round_:
                    timings[name].append(time.perf_counter() - started)
                    cpu[name].append(time.process_time() - started_cpu)
    finally:
        _delete_reports(BoardReport, reports)

    checks = _compare(results["figures"], results["hand_written_sql"])
    medians = {name: round(statistics.median(values), 2) for name, values in timings.items()}
    figures_out = {
        "data_set": data["counts"],
        "data_set_build_seconds": data["build_seconds"],
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "previous_period": {"start": period.previous.start.isoformat(), "end": period.previous.end.isoformat()},
        "repeats": REPEATS,
        "seconds": {name: [round(value, 2) for value in values] for name, values in timings.items()},
        # This process's CPU seconds (Python: the ORM, the PDFs), without PostgreSQL's: on a busy
        # machine the wall-clock seconds are longer than the work.
        "python_cpu_seconds": {name: round(statistics.median(values), 2) for name, values in cpu.items()},
        "figures_seconds": medians["figures"],
        "report_seconds": medians["report"],
        "hand_written_sql_seconds": medians["hand_written_sql"],
        "figures_ratio_to_sql": round(medians["figures"] / medians["hand_written_sql"], 1),
        "report_ratio_to_sql": round(medians["report"] / medians["hand_written_sql"], 1),
        "sql_agrees": checks,
        "budget_seconds": BUDGET_SECONDS,
        "within_budget": medians["report"] < BUDGET_SECONDS,
    }
    write_result("board_report", figures_out)
    print()
    print(f"Board report {start} to {end} (and the year before), all teams, {data['counts']['children']:,} children")
    for name in ("figures", "report", "hand_written_sql"):
        print(
            f"  {name:18} median {medians[name]:6.2f} s   runs {figures_out['seconds'][name]}   "
            f"(Python CPU {figures_out['python_cpu_seconds'][name]} s)"
        )
    ratios = figures_out["figures_ratio_to_sql"], figures_out["report_ratio_to_sql"]
    print(f"  figures ÷ SQL: {ratios[0]}×; whole report ÷ SQL: {ratios[1]}×")
    disagree = [key for key, same in checks.items() if not same]
    print(f"  SQL agrees with the report on {sum(checks.values())} of {len(checks)} numbers {disagree or ''}")
    print(f"  budget {BUDGET_SECONDS} s: {'within' if figures_out['within_budget'] else 'OVER'}")


def _bounds(period) -> tuple[date, date]:
    return period.start, period.end


def _delete_reports(model, ids: list[int]) -> None:
    for made in model.objects.filter(pk__in=ids):
        for field in ("pdf", "csv", "board_pdf", "board_csv"):
            stored = getattr(made, field)
            if stored:
                stored.delete(save=False)
        made.delete()


def _compare(figures: dict, answers: dict) -> dict[str, bool]:
    """The report's numerators and denominators against the SQL's (this period and the previous)."""
    by_code = {figure["code"]: figure for section in figures.values() for figure in section}
    checks = {}

    def check(code: str, when: str, numerator, denominator) -> None:
        figure = by_code.get(code)
        if figure is None:
            checks[f"{code} ({when})"] = False
            return
        numbers = figure if when == "now" else figure["previous"]
        checks[f"{code} ({when})"] = (numbers["numerator"], numbers["denominator"]) == (numerator, denominator)

    for when in ("now", "before"):
        [(entrants,)] = answers[(when, "first_time_entrants")]
        [(population,)] = answers[(when, "population")]
        check("first_time_entrants", when, entrants, population)
        [(cohort, reoffended)] = answers[(when, "reoffending")]
        check("reoffending", when, reoffended, cohort)
        [(custodial, orders, remand, remand_or_bail)] = answers[(when, "court_cases")]
        check("use_of_custody", when, custodial, orders)
        check("remands", when, remand, remand_or_bail)
        [(ended, suitable)] = answers[(when, "ete_end_of_order")]
        check("ete_end_of_order", when, suitable, ended)
        [(send, ehcp)] = answers[(when, "send_with_plan")]
        check("send_with_plan", when, ehcp, send)
        [(due, completed)] = answers[(when, "oocd_completion")]
        check("oocd_completion", when, completed, due)
        [(decisions, police)] = answers[(when, "police_only")]
        check("police_only", when, police, decisions)
        total = sum(n for _code, n in answers[(when, "oocd_outcomes")])
        for code, n in answers[(when, "oocd_outcomes")]:
            check(f"oocd_outcome:{code}", when, n, total)
        custody = answers[(when, "custody")][0]
        check("custody_over_24", when, custody[3], custody[1])
        check("aa_wait_over_2", when, custody[7], custody[5])
        check("overnight_after_charge", when, custody[11], custody[8])
        check("s38_6_requested", when, custody[12], custody[10])
        for request_type, made, supplied, _median in answers[(when, "information_requests")]:
            check(f"information_requests:{request_type}", when, supplied, made)
        [(due, on_time, completed, countersigned)] = answers[(when, "assessments")]
        check("assessments_on_time", when, on_time, due)
        check("assessments_countersigned", when, countersigned, completed)
        cohort_by_gender: dict[str, int] = {}
        for _group, gender, n in answers[(when, "disproportionality")]:
            cohort_by_gender[gender] = cohort_by_gender.get(gender, 0) + n
        population_all = sum(n for _group, _gender, n in answers[(when, "population_groups")])
        check("disproportionality:all", when, sum(cohort_by_gender.values()), population_all or None)
        # --- family ---
        [(orders, suitable, *counts)] = answers[(when, "needs")]
        offered_start, attended_start, offered_end, attended_end, send, plan, mh, mh_now, sm, sm_now, linked = counts
        check("accommodation_end_of_order", when, suitable, orders)
        check("ete_hours_start", when, attended_start, offered_start)
        check("ete_hours_end", when, attended_end, offered_end)
        check("send_end_of_order", when, send, orders)
        check("send_plan_end_of_order", when, plan, send)
        check("mental_health_need", when, mh, orders)
        check("mental_health_intervention", when, mh_now, mh)
        check("substance_misuse_need", when, sm, orders)
        check("substance_misuse_intervention", when, sm_now, sm)
        check("wider_services", when, linked, orders)
        [(proven, serious)] = answers[(when, "serious_violence")]
        [(population,)] = answers[(when, "population")]
        check("serious_violence", when, serious, population)
        check("serious_violence_share", when, serious, proven)
    return checks
