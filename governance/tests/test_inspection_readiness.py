"""Case audit samples, key question answers, the twelve standards and the overall rating."""

import datetime
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.models import Assessment, CaseType
from cases.tests.factories import CaseFactory, ChildFactory
from governance import selectors, services
from governance.inspection import STANDARDS, Rating, key_questions
from governance.models import AuditedCase, InspectionSample
from governance.tests.factories import caution

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2025, 10, 15)


def test_sample_windows_follow_the_inspectorate():
    assert services.sample_window("2", ON) == (D(2025, 1, 15), D(2025, 4, 15))
    assert services.sample_window("3", ON) == (D(2025, 5, 15), D(2025, 7, 15))
    assert services.sample_window("2", D(2025, 12, 31)) == (D(2025, 3, 31), D(2025, 6, 30))


def test_proportional_sample_keeps_each_strata_share_and_is_reproducible():
    candidates = [(i, "M", "referral_order", "low", "low") for i in range(1, 61)]
    candidates += [(i, "F", "referral_order", "high", "medium") for i in range(61, 81)]
    candidates += [(i, "M", "detention_and_training_order", "high", "high") for i in range(81, 101)]

    first = services.proportional_sample(candidates, 10, seed="inspection-2025")
    again = services.proportional_sample(candidates, 10, seed="inspection-2025")
    other = services.proportional_sample(candidates, 10, seed="another seed")

    assert first == again
    assert first != other
    shares = Counter(stratum for _id, stratum in first)
    assert shares == {
        "M / referral_order / low / low": 6,
        "F / referral_order / high / medium": 2,
        "M / detention_and_training_order / high / high": 2,
    }


def _court_case(start: D, gender: str = "M", rosh: str = "low"):
    case = CaseFactory(child=ChildFactory(gender=gender), case_type=CaseType.REFERRAL_ORDER, start_date=start)
    Assessment.objects.create(
        case=case,
        assessment_type="asset_plus",
        due_date=start,
        completed_date=start,
        risk_of_serious_harm=rosh,
        safety_and_wellbeing="medium",
    )
    return case


def test_drawing_a_court_sample_takes_cases_sentenced_6_to_9_months_before(team_manager):
    inside = [_court_case(D(2025, 2, 1) + datetime.timedelta(days=i)) for i in range(8)]
    _court_case(D(2025, 6, 1))  # 4.5 months before: too recent
    _court_case(D(2024, 12, 1))  # over 10 months before: too old

    sample = services.inspection_sample_draw(by=team_manager, domain="2", size=4, on=ON, seed="s1")

    chosen = set(sample.cases.values_list("case_id", flat=True))
    assert len(chosen) == 4 and chosen <= {case.pk for case in inside}
    assert sample.cases.first().stratum == "M / referral_order / low / medium"
    repeat = services.inspection_sample_draw(by=team_manager, domain="2", size=4, on=ON, seed="s1")
    assert set(repeat.cases.values_list("case_id", flat=True)) == chosen


def test_drawing_an_oocd_sample_takes_decisions_3_to_5_months_before(team_manager):
    within = caution(ChildFactory(), D(2025, 6, 1))
    caution(ChildFactory(), D(2025, 9, 1))
    sample = services.inspection_sample_draw(by=team_manager, domain="3", size=5, on=ON, seed="x")
    assert list(sample.cases.values_list("case_id", flat=True)) == [within.referral.case_id]


def test_no_cases_to_sample_is_a_clear_error(team_manager):
    with pytest.raises(ValidationError, match="No cases to sample"):
        services.inspection_sample_draw(by=team_manager, domain="2", size=5, on=ON)


def test_board_members_cannot_audit(board_member):
    with pytest.raises(PermissionDenied):
        services.inspection_sample_draw(by=board_member, domain="2", size=5, on=ON)


def _answer_all(sample, by, yes_share: dict[str, int]):
    """Answer every key question; ``yes_share[kq]`` of the cases answered yes (default all)."""
    audited = list(sample.cases.order_by("id"))
    for code in services.audit_key_questions(sample.domain):
        yes = yes_share.get(code, len(audited))
        for n, item in enumerate(audited):
            services.key_question_answer(by=by, audited_case=item, key_question=code, answer=n < yes)


def test_percentages_ratings_and_the_overall_rating(team_manager, head_of_service):
    court = InspectionSample.objects.create(
        domain="2", drawn_on=ON, window_start=ON, window_end=ON, size=20, seed="a", drawn_by=team_manager
    )
    oocd = InspectionSample.objects.create(
        domain="3", drawn_on=ON, window_start=ON, window_end=ON, size=20, seed="b", drawn_by=team_manager
    )
    for sample in (court, oocd):
        AuditedCase.objects.bulk_create(
            AuditedCase(sample=sample, case=CaseFactory(), domain=sample.domain) for _ in range(20)
        )
    # 2.1.2: 13 of 20 = 65% Good, so 2.1 is Good although its others are Outstanding; 3.4.1: 9 of 20 = 45%.
    _answer_all(court, team_manager, {"2.1.2": 13})
    _answer_all(oocd, team_manager, {"3.4.1": 9})
    for standard in ("1.1", "1.2", "1.3", "1.4"):
        services.standard_judge(by=head_of_service, standard=standard, rating="good", evidence="Board minutes")

    picture = selectors.inspection_picture()
    by_code = {standard.code: standard for standard in picture.standards}

    assert [standard.code for standard in picture.standards] == list(STANDARDS)
    kq = next(k for k in by_code["2.1"].key_questions if k.code == "2.1.2")
    assert (kq.yes, kq.answered, kq.percent, kq.rating) == (13, 20, 65, Rating.GOOD)
    assert by_code["2.1"].rating == Rating.GOOD
    assert by_code["2.2"].rating == Rating.OUTSTANDING
    assert by_code["3.4"].rating == Rating.INADEQUATE
    assert len(by_code["3.4"].key_questions) == len(key_questions("3.4")) == 2
    # 1.x Good (4 × 2) + 2.1 Good (2) + 2.2–2.4 Outstanding (9) + 3.1–3.3 Outstanding (9) + 3.4 Inadequate (0) = 28.
    assert (picture.score, picture.overall) == (28, Rating.GOOD)


def test_no_overall_rating_until_every_standard_is_rated(head_of_service):
    services.standard_judge(by=head_of_service, standard="1.1", rating="good", evidence="Minutes")
    picture = selectors.inspection_picture()
    assert picture.overall is None and picture.score is None


def test_a_judgement_needs_evidence_and_the_head_of_service(head_of_service, team_manager):
    with pytest.raises(ValidationError):
        services.standard_judge(by=head_of_service, standard="1.1", rating="good", evidence=" ")
    with pytest.raises(PermissionDenied):
        services.standard_judge(by=team_manager, standard="1.1", rating="good", evidence="x")


def test_a_key_question_of_another_domain_is_refused(team_manager):
    sample = InspectionSample.objects.create(
        domain="3", drawn_on=ON, window_start=ON, window_end=ON, size=1, seed="b", drawn_by=team_manager
    )
    audited = AuditedCase.objects.create(sample=sample, case=CaseFactory(), domain="3")
    with pytest.raises(ValidationError):
        services.key_question_answer(by=team_manager, audited_case=audited, key_question="2.1.1", answer=True)


def test_inspection_pages(client, head_of_service, board_member, team_manager):
    client.force_login(head_of_service)
    html = client.get(reverse("governance:inspection")).content.decode()
    assert "Not rated yet" in html and "3.4 Joint working" in html
    sample = InspectionSample.objects.create(
        domain="3", drawn_on=ON, window_start=ON, window_end=ON, size=1, seed="b", drawn_by=team_manager
    )
    audited = AuditedCase.objects.create(sample=sample, case=CaseFactory(), domain="3")
    assert client.get(reverse("governance:sample_detail", args=[sample.pk])).status_code == 200
    response = client.post(
        reverse("governance:audited_case", args=[audited.pk]),
        {"answer_3.1.1": "yes", "note_3.1.1": "Good analysis", "answer_3.4.2": "no"},
    )
    assert response.status_code == 302
    assert dict(audited.answers.values_list("key_question", "answer")) == {"3.1.1": True, "3.4.2": False}
    response = client.post(
        reverse("governance:judgement_new"), {"standard": "1.2", "rating": "outstanding", "evidence": "Training plan"}
    )
    assert response.status_code == 302
    client.force_login(board_member)
    assert client.get(reverse("governance:inspection")).status_code == 403
    assert client.get(reverse("governance:sample_detail", args=[sample.pk])).status_code == 403
