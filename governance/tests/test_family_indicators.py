"""The YJB indicators on needs, wider services and serious violence (governance.indicators.family), each
numerator and denominator on small hand-made data: four court orders ending in 2025 (three North, one South),
one in 2024, and a prevention case (not an order) with records that must not count."""

import datetime

import pytest

from cases.models import CaseType, Offence
from cases.tests.factories import ChildFactory
from family.models import Accommodation, Education, MentalHealth, SubstanceMisuse
from governance import indicators
from governance.indicators import Period
from governance.indicators import family as needs
from governance.tests.factories import caution, court_order, population
from risk.models import SocialCareStatus
from yjs.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR_2025 = Period(D(2025, 1, 1), D(2025, 12, 31))


def ended(child, start: datetime.date, end: datetime.date, **kwargs):
    return court_order(child, start, end_date=end, **kwargs)


def crime(case, group: str, gravity: int) -> Offence:
    return Offence.objects.create(
        case=case, offence_date=case.start_date, description="An offence", offence_group=group, gravity_score=gravity
    )


@pytest.fixture
def world(db):
    by = UserFactory()
    north, south = TeamFactory(name="North", slug="north"), TeamFactory(name="South", slug="south")

    def record(model, child, on, **fields):
        return model.objects.create(child=child, from_date=on, recorded_by=by, **fields)

    a, b, c, f, d, e = (ChildFactory() for _ in range(6))
    orders = {
        "a": ended(a, D(2025, 2, 1), D(2025, 8, 31), team=north),
        "b": ended(b, D(2025, 3, 1), D(2025, 10, 31), team=north, case_type=CaseType.YOUTH_REHABILITATION_ORDER),
        "c": ended(c, D(2025, 1, 10), D(2025, 6, 30), team=north, case_type=CaseType.DETENTION_AND_TRAINING_ORDER),
        "f": ended(f, D(2025, 4, 1), D(2025, 9, 30), team=south),
        "d": ended(d, D(2024, 1, 5), D(2024, 6, 30), team=north),
        "e": ended(e, D(2025, 1, 5), D(2025, 5, 31), team=north, case_type=CaseType.PREVENTION),
    }
    # A: unsuitable, then suitable by the end; hours 10 of 20 at the start (a record from before), 25 of 25 at the
    # end; SEND with an EHCP; a mental health need supported by the end; a substance misuse need, no intervention;
    # a child in need.
    record(Accommodation, a, D(2025, 2, 5), accommodation_type="sofa_surfing", suitable=False, unsuitable_reason="x")
    record(Accommodation, a, D(2025, 8, 20), accommodation_type="relatives", suitable=True)
    record(Education, a, D(2025, 1, 20), education_type="college", provider="C", hours_offered=20, hours_attended=10)
    record(Education, a, D(2025, 8, 1), education_type="college", provider="C", hours_offered=25, hours_attended=25,
           send_identified=True, send_plan="ehcp")  # fmt: skip
    record(MentalHealth, a, D(2025, 3, 1), need_identified=True, referred=True)
    record(MentalHealth, a, D(2025, 7, 1), need_identified=True, referred=True, receiving_support=True)
    record(SubstanceMisuse, a, D(2025, 3, 1), need_identified=True)
    SocialCareStatus.objects.create(child=a, status="child_in_need", from_date=D(2025, 1, 1), recorded_by=by)
    # B: suitable at the end (the unsuitable record comes after it); no education record at the start, the
    # first during the order (5 of 10 hours) holds at both ends; SEND without a plan; a substance misuse need
    # with an intervention; no social care involvement.
    record(Accommodation, b, D(2025, 3, 10), accommodation_type="parents", suitable=True)
    record(
        Accommodation, b, D(2025, 11, 15), accommodation_type="no_fixed_abode", suitable=False, unsuitable_reason="x"
    )
    record(Education, b, D(2025, 4, 1), education_type="training", provider="T", hours_offered=10, hours_attended=5,
           send_identified=True)  # fmt: skip
    record(MentalHealth, b, D(2025, 4, 1), need_identified=False)
    record(SubstanceMisuse, b, D(2025, 4, 1), need_identified=True, referred=True, receiving_intervention=True)
    SocialCareStatus.objects.create(child=b, status="none", from_date=D(2025, 1, 1), recorded_by=by)
    # C: nothing recorded by the end (looked after only from the day after).
    SocialCareStatus.objects.create(
        child=c, status="looked_after", legal_basis="s20", from_date=D(2025, 7, 1), recorded_by=by
    )
    # F (South): suitable; SEND with an EHCP (a link to wider services without social care).
    record(Accommodation, f, D(2025, 4, 2), accommodation_type="parents", suitable=True)
    record(Education, f, D(2025, 4, 2), education_type="mainstream_school", provider="S", hours_offered=25,
           hours_attended=20, send_identified=True, send_plan="ehcp")  # fmt: skip
    # D (ended in 2024): suitable. E (prevention, not an order): every need, not counted.
    record(Accommodation, d, D(2024, 1, 10), accommodation_type="parents", suitable=True)
    record(Accommodation, e, D(2025, 1, 6), accommodation_type="parents", suitable=True)
    record(MentalHealth, e, D(2025, 1, 6), need_identified=True, receiving_support=True)
    return {"north": north, "south": south, "orders": orders, "children": {"a": a, "b": b, "c": c, "d": d, "e": e}}


def numbers(figure) -> tuple:
    return figure.numerator, figure.denominator


def test_suitable_accommodation_at_the_end_of_an_order(world):
    assert numbers(needs.accommodation_end_of_order(YEAR_2025)) == (3, 4)
    assert numbers(needs.accommodation_end_of_order(YEAR_2025, [world["north"].pk])) == (2, 3)
    assert numbers(needs.accommodation_end_of_order(YEAR_2025.previous)) == (1, 1)
    assert needs.accommodation_end_of_order(YEAR_2025).value == 75.0


def test_ete_hours_attended_of_offered_at_the_start_and_the_end(world):
    start, end = needs.ete_hours_start(YEAR_2025), needs.ete_hours_end(YEAR_2025)
    # Start: A 10 of 20 (the record before the start), B 5 of 10 (the first during it), F 20 of 25.
    assert numbers(start) == (35, 55)
    # End: A 25 of 25, B 5 of 10, F 20 of 25.
    assert numbers(end) == (50, 60)
    assert numbers(needs.ete_hours_end(YEAR_2025, [world["north"].pk])) == (30, 35)


def test_send_identified_and_with_a_plan_at_the_end(world):
    assert numbers(needs.send_end_of_order(YEAR_2025)) == (3, 4)
    assert numbers(needs.send_plan_end_of_order(YEAR_2025)) == (2, 3)


def test_mental_health_and_substance_misuse_need_and_intervention(world):
    need, intervention = needs.mental_health(YEAR_2025)
    assert numbers(need) == (1, 4)
    assert numbers(intervention) == (1, 1)
    need, intervention = needs.substance_misuse(YEAR_2025)
    assert numbers(need) == (2, 4)
    assert numbers(intervention) == (1, 2)


def test_links_to_wider_services_on_the_day_the_order_ended(world):
    # A a child in need, F an EHCP; B no involvement; C looked after only after its order ended.
    assert numbers(needs.wider_services(YEAR_2025)) == (2, 4)


def test_serious_violence_is_proven_violence_robbery_or_drugs_with_gravity_5(world):
    orders = world["orders"]
    population(2025, {("W1", "M"): 20_000, ("W1", "F"): 10_000})
    crime(orders["a"], "Robbery", 5)  # serious
    crime(orders["a"], "Theft offences", 2)
    crime(orders["b"], "Violence against the person", 4)  # gravity below 5
    crime(orders["b"], "DRUG OFFENCES", 5)  # serious, whatever the case of its group
    crime(orders["f"], "Sexual offences", 5)  # not in the YJB's definition
    crime(orders["d"], "Robbery", 5)  # proven in 2024
    crime(orders["e"], "Robbery", 5)  # a prevention case: not proven
    cautioned = ChildFactory()
    decision = caution(cautioned, D(2025, 5, 1))  # a youth caution: a statutory outcome
    crime(decision.referral.case, "Violence against the person", 5)
    crime(caution(ChildFactory(), D(2025, 5, 1), code="community_resolution").referral.case, "Robbery", 5)

    figure = needs.serious_violence(YEAR_2025)
    assert numbers(figure) == (3, 30_000)
    assert figure.value == 1.0  # 3 / 30,000 × 10,000
    assert numbers(needs.serious_violence_share(YEAR_2025)) == (3, 6)
    assert needs.serious_violence(YEAR_2025.previous).numerator == 1


def test_the_board_report_has_every_needs_figure_and_none_not_recorded(world, django_user_model):
    head = UserFactory()
    sections = indicators.board_figures(start=YEAR_2025.start, end=YEAR_2025.end, user=head)
    codes = [figure["code"] for figure in sections["needs"]]
    assert codes == [
        "accommodation_end_of_order",
        "ete_hours_start",
        "ete_hours_end",
        "send_end_of_order",
        "send_plan_end_of_order",
        "mental_health_need",
        "mental_health_intervention",
        "substance_misuse_need",
        "substance_misuse_intervention",
        "wider_services",
        "serious_violence",
        "serious_violence_share",
    ]
    accommodation = sections["needs"][0]
    assert (accommodation["numerator"], accommodation["denominator"]) == (3, 4)
    assert accommodation["previous"]["numerator"] == 1
    assert all(figure["recorded"] for figures in sections.values() for figure in figures)
