"""Each figure's numerator and denominator on small hand-made data."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Assessment, AssessmentType, CaseType, EducationStatus
from cases.tests.factories import CaseFactory, ChildFactory, VictimFactory
from custody.models import CustodyRecord
from governance import indicators
from governance.indicators import Period
from governance.models import Board, BoardAttendance, BoardMeeting, BoardMember
from governance.tests.factories import caution, court_order, offence, population

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR_2025 = Period(D(2025, 1, 1), D(2025, 12, 31))


def test_previous_period_is_the_same_length_just_before():
    assert YEAR_2025.previous == Period(D(2024, 1, 1), D(2024, 12, 31))
    assert Period(D(2025, 4, 1), D(2025, 6, 30)).previous == Period(D(2025, 1, 1), D(2025, 3, 31))


def test_first_time_entrants_per_100000_and_a_second_caution_is_not_a_first_entry():
    population(2025, {("W1", "M"): 15_000, ("W1", "F"): 5_000})
    first = ChildFactory()
    caution(first, D(2025, 3, 1))
    caution(first, D(2025, 6, 1))  # the same child's second caution: not another entrant
    earlier = ChildFactory()
    caution(earlier, D(2024, 6, 1))
    caution(earlier, D(2025, 2, 1))  # entered in 2024: not a 2025 entrant
    convicted = ChildFactory()
    court_order(convicted, D(2025, 9, 1))
    diverted = ChildFactory()
    caution(diverted, D(2025, 5, 1), code="community_resolution")  # not statutory

    figure = indicators.first_time_entrants(YEAR_2025)

    assert (figure.numerator, figure.denominator) == (2, 20_000)
    assert figure.value == 10.0  # 2 / 20,000 × 100,000


def test_first_time_entrants_without_population_has_no_rate():
    caution(ChildFactory(), D(2025, 3, 1))
    figure = indicators.first_time_entrants(YEAR_2025)
    assert (figure.numerator, figure.denominator, figure.value) == (1, None, None)
    assert "population" in figure.note


def test_reoffending_counts_offences_within_12_months_only():
    reoffends = ChildFactory()
    caution(reoffends, D(2024, 3, 1))
    later = court_order(reoffends, D(2024, 10, 1))
    offence(later, D(2025, 2, 28))  # within 12 months of 1 March 2024

    too_late = ChildFactory()
    caution(too_late, D(2024, 3, 1))
    offence(court_order(too_late, D(2025, 4, 1)), D(2025, 3, 2))  # a day after the window

    stays_out = ChildFactory()
    court_order(stays_out, D(2024, 5, 1))
    before = ChildFactory()
    offence(court_order(before, D(2024, 7, 1)), D(2024, 6, 1))  # before the outcome: not further

    figure = indicators.reoffending(YEAR_2024 := Period(D(2024, 1, 1), D(2024, 12, 31)))

    assert (figure.numerator, figure.denominator) == (1, 4)
    assert figure.value == 25.0
    assert YEAR_2024.end.year == 2024


def test_use_of_custody_and_remands():
    child = ChildFactory()
    court_order(child, D(2025, 2, 1), case_type=CaseType.DETENTION_AND_TRAINING_ORDER)
    court_order(child, D(2025, 3, 1), case_type=CaseType.REFERRAL_ORDER)
    court_order(child, D(2025, 4, 1), case_type=CaseType.YOUTH_REHABILITATION_ORDER)
    court_order(child, D(2025, 5, 1), case_type=CaseType.REMAND)
    court_order(child, D(2025, 6, 1), case_type=CaseType.BAIL_SUPPORT)
    court_order(child, D(2024, 6, 1), case_type=CaseType.DETENTION_AND_TRAINING_ORDER)  # previous year

    custody = indicators.custodial_sentences(YEAR_2025)
    remands = indicators.remands(YEAR_2025)

    assert (custody.numerator, custody.denominator, custody.value) == (1, 3, 33.3)
    assert (remands.numerator, remands.denominator) == (1, 2)


def test_oocd_outcomes_police_only_and_completion(police_officer):
    child = ChildFactory()
    caution(child, D(2025, 2, 1))  # police-only youth caution, not delivered
    caution(ChildFactory(), D(2025, 3, 1), code="nfa")
    delivered = caution(
        ChildFactory(),
        D(2025, 4, 1),
        code="community_resolution",
        implications_explained_at=timezone.now(),
        delivered_at=timezone.now(),
        delivered_by=police_officer,
        signed_document="oocd/signed/x.pdf",
        victim_informed_at=timezone.now(),
    )

    outcomes = {f.code: f for f in indicators.oocd_outcomes(YEAR_2025)}
    police = indicators.police_only(YEAR_2025)
    completion = indicators.oocd_completion(YEAR_2025)

    assert outcomes["oocd_outcome:youth_caution"].numerator == 1
    assert outcomes["oocd_outcome:youth_caution"].denominator == 3
    assert outcomes["oocd_outcome:charge"].numerator == 0  # every outcome has a row
    assert (police.numerator, police.denominator) == (3, 3)
    # Denominator: disposals to deliver (not the NFA); numerator: the delivered one.
    assert (completion.numerator, completion.denominator) == (1, 2)
    assert delivered.is_delivered


def test_oocd_completion_needs_conditions_complied(police_officer):
    now = timezone.now()
    decision = caution(
        ChildFactory(),
        D(2025, 4, 1),
        code="youth_conditional_caution",
        implications_explained_at=now,
        delivered_at=now,
        delivered_by=police_officer,
        signed_document="oocd/signed/x.pdf",
        victim_informed_at=now,
    )
    condition = decision.conditions.create(description="Attend", end_date=D(2025, 6, 1))
    assert indicators.oocd_completion(YEAR_2025).numerator == 0
    condition.status = "complied"
    condition.save()
    assert indicators.oocd_completion(YEAR_2025).numerator == 1


def _at(day: D, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _custody(n: int, **kwargs) -> CustodyRecord:
    defaults = {
        "force_code": "WYP",
        "custody_ref": f"C{n}",
        "surname": "Child",
        "forenames": "A",
        "date_of_birth": D(2010, 1, 1),
        "match_status": "created",
        "row_hash": str(n),
    }
    return CustodyRecord.objects.create(**defaults, **kwargs)


def test_custody_figures():
    day = D(2025, 3, 10)
    _custody(
        1, detained_at=_at(day, 10), released_at=_at(day, 16), aa_requested_at=_at(day, 10), aa_arrived_at=_at(day, 13)
    )
    _custody(
        2,
        detained_at=_at(day, 18),
        charged_at=_at(day, 22),
        released_at=_at(day + datetime.timedelta(days=1), 9),
        outcome="charged_detained",
        s38_6="not_secured",
    )
    _custody(3, detained_at=_at(day, 9), charged_at=_at(day, 12), released_at=_at(day, 14), outcome="charged_bailed")
    _custody(4, detained_at=_at(D(2024, 5, 1), 9))  # previous period, still detained

    figures = {f.code: f for f in indicators.custody_figures(YEAR_2025)}

    assert figures["custody_detentions"].numerator == 3
    assert figures["custody_hours"].denominator == 3
    assert figures["custody_hours"].value == round((6 + 15 + 5) / 3, 1)
    assert (figures["aa_wait_over_2"].numerator, figures["aa_wait_over_2"].denominator) == (1, 1)
    assert figures["aa_wait_hours"].value == 3.0
    assert (figures["overnight_after_charge"].numerator, figures["overnight_after_charge"].denominator) == (1, 2)
    assert (figures["s38_6_requested"].numerator, figures["s38_6_requested"].denominator) == (1, 1)
    assert (figures["s38_6_secured"].numerator, figures["s38_6_secured"].denominator) == (0, 1)


def test_assessment_timeliness_and_countersigning(team_manager):
    case = CaseFactory()
    kinds = {"assessment_type": AssessmentType.ASSET_PLUS, "case": case}
    Assessment.objects.create(due_date=D(2025, 3, 10), completed_date=D(2025, 3, 9), **kinds)
    Assessment.objects.create(
        due_date=D(2025, 3, 10),
        completed_date=D(2025, 3, 12),
        countersigned_by=team_manager,
        countersigned_at=timezone.now(),
        **kinds,
    )
    Assessment.objects.create(due_date=D(2025, 3, 10), **kinds)
    Assessment.objects.create(due_date=D(2026, 3, 10), completed_date=D(2026, 3, 1), **kinds)

    on_time, countersigned = indicators.assessments(YEAR_2025)

    assert (on_time.numerator, on_time.denominator) == (1, 3)
    assert (countersigned.numerator, countersigned.denominator) == (1, 2)


def test_caseloads_per_team(case_worker, team_north):
    for _ in range(3):
        CaseFactory(team=team_north, allocated_to=case_worker, start_date=D(2025, 1, 5))
    CaseFactory(team=team_north, allocated_to=None, start_date=D(2025, 1, 5))
    CaseFactory(team=team_north, start_date=D(2025, 1, 5), end_date=D(2025, 6, 1))  # closed before the end

    per_worker, highest, unallocated = indicators.caseloads(YEAR_2025)

    assert (per_worker.numerator, per_worker.denominator, per_worker.value) == (3, 1, 3.0)
    assert highest.numerator == 3
    assert (unallocated.numerator, unallocated.denominator) == (1, 4)


def test_board_attendance():
    board = Board.objects.create(name="YJS management board")
    members = [
        BoardMember.objects.create(board=board, name=f"M{i}", agency="police", role="Chief", seniority="senior")
        for i in range(4)
    ]
    meeting = BoardMeeting.objects.create(board=board, held_on=D(2025, 5, 1))
    for i, member in enumerate(members):
        BoardAttendance.objects.create(meeting=meeting, member=member, attended=i != 0)

    figure = indicators.board_attendance(YEAR_2025)

    assert (figure.numerator, figure.denominator, figure.value) == (3, 4, 75.0)


def test_victims_engaged(monkeypatch):
    within = timezone.make_aware(datetime.datetime(2025, 5, 1, 12))
    contacted = VictimFactory(contacted_before_decision_at=within, restorative_justice="took_part")
    VictimFactory()
    for victim in (contacted, *type(contacted).objects.exclude(pk=contacted.pk)):
        type(victim).objects.filter(pk=victim.pk).update(created_at=within)

    engaged, rj = indicators.victims(YEAR_2025)

    assert (engaged.numerator, engaged.denominator) == (1, 2)
    assert (rj.numerator, rj.denominator) == (1, 2)


def test_send_with_a_plan_and_ete_at_end_of_order():
    send_plan = ChildFactory(special_educational_needs=True, education_health_care_plan=True, education_status="school")
    send_only = ChildFactory(special_educational_needs=True, education_status=EducationStatus.NEET)
    ChildFactory(special_educational_needs=True)  # no case: not worked with
    court_order(send_plan, D(2025, 1, 10), end_date=D(2025, 7, 1))
    court_order(send_only, D(2024, 1, 10), end_date=D(2025, 3, 1))

    send = indicators.send_with_plan(YEAR_2025)
    ete = indicators.ete_at_end_of_order(YEAR_2025)

    assert (send.numerator, send.denominator) == (1, 2)
    assert (ete.numerator, ete.denominator) == (1, 2)


def test_disproportionality_rates_against_population():
    population(2025, {("W1", "M"): 5_000, ("W1", "F"): 5_000, ("B1", "M"): 500, ("B2", "F"): 500})
    for _ in range(10):
        caution(ChildFactory(ethnicity="W1", gender="M"), D(2025, 3, 1))
    for _ in range(4):
        caution(ChildFactory(ethnicity="B1", gender="M"), D(2025, 3, 1))

    figures = {f.code: f for f in indicators.disproportionality(YEAR_2025)}

    white = figures["disproportionality:white_british"]
    black = figures["disproportionality:black"]
    assert (white.numerator, white.denominator, white.value) == (10, 10_000, 1.0)
    assert (black.numerator, black.denominator, black.value) == (4, 1_000, 4.0)
    assert figures["relative_rate:black"].value == 4.0
    assert figures["disproportionality:all"].numerator == 14
    boys = figures["disproportionality:gender_M"]
    assert (boys.numerator, boys.denominator) == (14, 5_500)


# --- family --- (the indicators once "not recorded yet" are computed from the family app's records)
def test_no_indicator_is_left_not_recorded(head_of_service):
    sections = indicators.board_figures(start=YEAR_2025.start, end=YEAR_2025.end, user=head_of_service)
    assert "not_recorded" not in sections
    assert [figure["code"] for figures in sections.values() for figure in figures if not figure["recorded"]] == []


def test_every_figure_has_the_previous_period_beside_it(head_of_service):
    caution(ChildFactory(), D(2024, 3, 1))
    caution(ChildFactory(), D(2025, 3, 1))
    sections = indicators.board_figures(start=YEAR_2025.start, end=YEAR_2025.end, user=head_of_service)
    ftes = sections["yjb"][0]
    assert ftes["numerator"] == 1 and ftes["previous"]["numerator"] == 1
    for figures in sections.values():
        for figure in figures:
            assert set(figure["previous"]) == {"numerator", "denominator", "value"}
