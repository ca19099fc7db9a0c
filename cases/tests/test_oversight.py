"""Management oversight that can say no, and many assessments a case (DESIGN.md §9, issue #19):
a manager countersigns or returns an assessment or plan with feedback, the loop is kept, nobody
countersigns or returns their own work; the latest completed assessment is the current one.

Data is built through the real services."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import selectors, services
from cases.models import Assessment, AssessmentReason, CaseType, Level, Returned, ReviewTrigger
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

TODAY = timezone.localdate()
RATINGS = {
    "likelihood_of_reoffending": Level.MEDIUM,
    "risk_of_serious_harm": Level.LOW,
    "safety_and_wellbeing": Level.MEDIUM,
}
FEEDBACK_NEEDED = "Enter your feedback: what must change before you can countersign it"
FEEDBACK = "The risk of serious harm is not explained: say who is at risk and when."


@pytest.fixture
def case(case_worker, team_north):
    child = services.child_create(
        by=case_worker, surname="Oversight", forenames="Olly", date_of_birth=date(2010, 6, 1), gender="M"
    )
    return services.case_open(
        child=child,
        by=case_worker,
        case_type=CaseType.REFERRAL_ORDER,
        team=team_north,
        start_date=TODAY - timedelta(days=20),
        allocated_to=case_worker,
    )


@pytest.fixture
def completed(case, case_worker):
    return complete(case.assessments.get(), case_worker)


@pytest.fixture
def other_manager(team_north):
    return UserFactory(username="manager-two", roles=[Role.TEAM_MANAGER], teams=[team_north])


@pytest.fixture
def plan(case, case_worker, completed):
    return services.plan_write(
        case=case,
        by=case_worker,
        assessment=completed,
        targets=[{"what": "Go to college", "who": "Olly", "by_when": TODAY, "how_i_will_know": "Enrolled"}],
        contingency="Call someone",
    )


def complete(assessment, by, on=TODAY):
    return services.assessment_record(assessment=assessment, by=by, completed_date=on, **RATINGS)


def audited(obj, action) -> int:
    return AuditEvent.objects.filter(
        action=action, content_type__model=obj._meta.model_name, object_id=str(obj.pk)
    ).count()


# --- Returning an assessment ----------------------------------------------------------------------


def test_a_manager_returns_a_completed_assessment_to_its_author_with_feedback(completed, case_worker, team_manager):
    returned = services.assessment_return(assessment=completed, by=team_manager, feedback=f"  {FEEDBACK} ")

    assert (returned.assessment, returned.returned_by, returned.feedback) == (completed, team_manager, FEEDBACK)
    assert returned.resubmitted_at is None and returned.is_open
    completed.refresh_from_db()
    assert completed.completed_date is None  # back with its author, to change and complete again
    assert completed.completed_by == case_worker
    assert completed.countersigned_at is None
    assert audited(returned, AuditAction.CREATE) == 1
    assert audited(completed, AuditAction.UPDATE) == 2  # completed, then returned


def test_returning_needs_written_feedback(completed, team_manager):
    with pytest.raises(ValidationError) as error:
        services.assessment_return(assessment=completed, by=team_manager, feedback="   ")
    assert error.value.message_dict == {"feedback": [FEEDBACK_NEEDED]}
    completed.refresh_from_db()
    assert completed.completed_date == TODAY
    assert not Returned.objects.exists()


def test_only_a_completed_not_countersigned_assessment_is_returned(case, completed, team_manager):
    services.assessment_return(assessment=completed, by=team_manager, feedback=FEEDBACK)
    with pytest.raises(ValidationError, match="already been returned"):
        services.assessment_return(assessment=completed, by=team_manager, feedback=FEEDBACK)
    started = services.assessment_create(case=case, by=team_manager, assessment_type="asset_plus")
    with pytest.raises(ValidationError, match="must be completed"):
        services.assessment_return(assessment=started, by=team_manager, feedback=FEEDBACK)
    assert Returned.objects.count() == 1


def test_a_countersigned_assessment_cannot_be_returned(completed, team_manager):
    services.assessment_countersign(assessment=completed, by=team_manager)
    with pytest.raises(ValidationError, match="countersigned"):
        services.assessment_return(assessment=completed, by=team_manager, feedback=FEEDBACK)


def test_a_case_worker_cannot_return_and_is_told_why(completed, case_worker):
    with pytest.raises(PermissionDenied, match="Only a manager of the case's team can return an assessment"):
        services.assessment_return(assessment=completed, by=case_worker, feedback=FEEDBACK)


def test_nobody_countersigns_or_returns_their_own_assessment(case, team_manager):
    own = complete(case.assessments.get(), team_manager)
    with pytest.raises(PermissionDenied, match="You cannot countersign your own assessment"):
        services.assessment_countersign(assessment=own, by=team_manager)
    with pytest.raises(PermissionDenied, match="You cannot return your own assessment"):
        services.assessment_return(assessment=own, by=team_manager, feedback=FEEDBACK)
    own.refresh_from_db()
    assert own.countersigned_at is None and own.completed_date == TODAY


def test_the_loop_is_kept_across_return_resubmit_and_countersign(completed, case_worker, team_manager):
    services.assessment_return(assessment=completed, by=team_manager, feedback=FEEDBACK)
    with pytest.raises(ValidationError, match="returned to its author and has not been resubmitted"):
        services.assessment_countersign(assessment=completed, by=team_manager)

    complete(completed, case_worker)  # completing it again resubmits it
    services.assessment_return(assessment=completed, by=team_manager, feedback="Still no contingency.")
    complete(completed, case_worker)
    signed = services.assessment_countersign(assessment=completed, by=team_manager)

    assert signed.countersigned_by == team_manager
    loop = list(completed.returns.order_by("returned_at", "id"))
    assert [r.feedback for r in loop] == [FEEDBACK, "Still no contingency."]
    assert all(r.resubmitted_at is not None and r.resubmitted_at >= r.returned_at for r in loop)


def test_a_returned_assessment_leaves_the_dashboard_and_joins_the_workers_list(completed, case_worker, team_manager):
    assert selectors.manager_dashboard(user=team_manager).awaiting_countersignature == [completed]
    returned = services.assessment_return(assessment=completed, by=team_manager, feedback=FEEDBACK)

    assert selectors.manager_dashboard(user=team_manager).awaiting_countersignature == []
    assert list(selectors.returned_work(user=case_worker)) == [returned]
    assert list(selectors.returned_work(user=team_manager)) == []

    complete(completed, case_worker)
    assert list(selectors.returned_work(user=case_worker)) == []
    assert selectors.manager_dashboard(user=team_manager).awaiting_countersignature == [completed]


# --- Plans ----------------------------------------------------------------------------------------------


def test_a_plan_is_returned_resubmitted_and_then_countersigned(plan, case_worker, team_manager):
    services.plan_return(plan=plan, by=team_manager, feedback="The contingency says nothing concrete.")
    with pytest.raises(ValidationError, match="has not been resubmitted"):
        services.plan_countersign(plan=plan, by=team_manager)
    assert [r.plan for r in selectors.returned_work(user=case_worker)] == [plan]

    services.plan_resubmit(
        plan=plan, by=case_worker, contingency=" If he goes missing: call the police and the manager today. "
    )
    plan.refresh_from_db()
    assert plan.contingency == "If he goes missing: call the police and the manager today."
    assert plan.external_controls == ""  # not given: left as it was
    signed = services.plan_countersign(plan=plan, by=team_manager)
    assert signed.countersigned_by == team_manager
    assert plan.returns.get().resubmitted_at is not None


def test_a_plan_not_returned_cannot_be_resubmitted(plan, case_worker):
    with pytest.raises(ValidationError, match="has not been returned"):
        services.plan_resubmit(plan=plan, by=case_worker, contingency="x")


def test_plans_follow_the_same_rules(case, plan, team_manager, case_worker):
    with pytest.raises(ValidationError) as error:
        services.plan_return(plan=plan, by=team_manager, feedback="")
    assert "feedback" in error.value.message_dict
    with pytest.raises(PermissionDenied, match="Only a manager of the case's team can return a plan"):
        services.plan_return(plan=plan, by=case_worker, feedback=FEEDBACK)
    own = services.plan_write(
        case=case,
        by=team_manager,
        targets=[{"what": "Stay in", "who": "Olly", "by_when": TODAY, "how_i_will_know": "No breach"}],
    )
    with pytest.raises(PermissionDenied, match="You cannot return your own plan"):
        services.plan_return(plan=own, by=team_manager, feedback=FEEDBACK)
    with pytest.raises(PermissionDenied, match="You cannot countersign your own plan"):
        services.plan_countersign(plan=own, by=team_manager)
    services.plan_countersign(plan=plan, by=team_manager)
    with pytest.raises(ValidationError, match="countersigned"):
        services.plan_return(plan=plan, by=team_manager, feedback=FEEDBACK)


# --- Many assessments a case ----------------------------------------------------------------------------


def test_the_latest_completed_assessment_is_current_and_earlier_ones_stay(case, case_worker, team_manager):
    first = complete(case.assessments.get(), case_worker, on=TODAY - timedelta(days=10))
    assert selectors.current_assessment(case) == first
    review = services.review_schedule(case=case, by=case_worker, trigger=ReviewTrigger.SCHEDULED, due_date=TODAY)
    second = services.assessment_create(
        case=case, by=case_worker, assessment_type="asset_plus", reason=AssessmentReason.REVIEW, review=review
    )
    assert (second.reason, second.review) == (AssessmentReason.REVIEW, review)
    assert selectors.current_assessment(case) == first  # not completed yet
    complete(second, case_worker, on=TODAY - timedelta(days=1))
    assert selectors.current_assessment(case) == second
    assert set(selectors.assessment_list(user=case_worker).filter(case=case)) == {first, second}


def test_an_assessment_starts_from_a_review_of_its_own_case_only(case, case_worker, team_north):
    other = services.case_open(
        child=case.child, by=case_worker, case_type=CaseType.PREVENTION, team=team_north, start_date=TODAY
    )
    review = services.review_schedule(case=other, by=case_worker, trigger=ReviewTrigger.SCHEDULED, due_date=TODAY)
    with pytest.raises(ValidationError) as error:
        services.assessment_create(case=case, by=case_worker, assessment_type="asset_plus", review=review)
    assert error.value.message_dict == {"review": ["Choose a review of this case"]}


# --- Pages ------------------------------------------------------------------------------------------------


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_manager_returns_from_the_countersign_page_and_feedback_is_required(client, completed, team_manager):
    client.force_login(team_manager)
    url = reverse("cases:assessment_countersign", args=[completed.case_id, completed.pk])
    page = html(client.get(url))
    assert "Return to the case worker</button>" in page
    assert "Countersign assessment</button>" in page

    refused = html(client.post(url, {"action": "return", "feedback": " "}))
    assert "There is a problem" in refused
    assert "Enter your feedback: what must change before you can countersign it" in refused
    assert "<title>Error: " in refused
    assert not Returned.objects.exists()

    response = client.post(url, {"action": "return", "feedback": FEEDBACK})
    assert response.status_code == 302
    assert response["Location"].endswith("#assessments")
    assert Returned.objects.get().feedback == FEEDBACK


def test_returned_work_shows_on_the_case_workers_list_with_feedback_and_a_link(
    client, completed, plan, case_worker, team_manager
):
    services.assessment_return(assessment=completed, by=team_manager, feedback=FEEDBACK)
    services.plan_return(plan=plan, by=team_manager, feedback="Name who acts if he goes missing.")
    client.force_login(case_worker)

    page = html(client.get(reverse("cases:index")))

    assert "Returned to you" in page
    assert FEEDBACK in page
    assert "Name who acts if he goes missing." in page
    assert f'href="{reverse("cases:assessment_record", args=[completed.case_id, completed.pk])}"' in page
    assert f'href="{reverse("cases:plan_resubmit", args=[plan.case_id, plan.pk])}"' in page
    form = html(client.get(reverse("cases:assessment_record", args=[completed.case_id, completed.pk])))
    assert FEEDBACK in form and "Complete assessment</button>" in form


def test_the_manager_sees_no_returned_list_and_the_worker_none_once_resubmitted(
    client, completed, case_worker, team_manager
):
    services.assessment_return(assessment=completed, by=team_manager, feedback=FEEDBACK)
    complete(completed, case_worker)
    client.force_login(case_worker)
    assert "Returned to you" not in html(client.get(reverse("cases:index")))


def test_the_plan_countersign_and_resubmit_pages(client, plan, case_worker, team_manager):
    countersign = reverse("cases:plan_countersign", args=[plan.case_id, plan.pk])
    resubmit = reverse("cases:plan_resubmit", args=[plan.case_id, plan.pk])
    client.force_login(case_worker)
    assert client.get(countersign).status_code == 403
    assert client.get(resubmit).status_code == 302  # nothing to resubmit yet

    client.force_login(team_manager)
    case_page = html(client.get(reverse("cases:case_detail", args=[plan.case_id])))
    assert f'href="{countersign}"' in case_page
    assert "Countersign plan</button>" in html(client.get(countersign))
    assert client.post(countersign, {"action": "return", "feedback": "Say who does what."}).status_code == 302

    client.force_login(case_worker)
    case_page = html(client.get(reverse("cases:case_detail", args=[plan.case_id])))
    assert "Say who does what." in case_page and f'href="{resubmit}"' in case_page
    assert "Say who does what." in html(client.get(resubmit))
    response = client.post(resubmit, {"external_controls": "Curfew", "contingency": "Call the police at once"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.external_controls, plan.contingency) == ("Curfew", "Call the police at once")

    client.force_login(team_manager)
    assert client.post(countersign, {"action": "countersign"}).status_code == 302
    plan.refresh_from_db()
    assert plan.countersigned_by == team_manager


def test_the_authors_refusal_says_why_on_the_page(client, case, team_manager):
    own = complete(case.assessments.get(), team_manager)
    client.force_login(team_manager)
    response = client.get(reverse("cases:assessment_countersign", args=[case.pk, own.pk]))
    assert response.status_code == 403


def test_the_case_page_shows_the_current_assessment_and_the_earlier_ones(client, case, case_worker):
    first = complete(case.assessments.get(), case_worker, on=TODAY - timedelta(days=30))
    second = services.assessment_create(
        case=case, by=case_worker, assessment_type="asset_plus", reason=AssessmentReason.SIGNIFICANT_EVENT
    )
    services.assessment_record(
        assessment=second,
        by=case_worker,
        completed_date=TODAY,
        likelihood_of_reoffending=Level.HIGH,
        risk_of_serious_harm=Level.VERY_HIGH,
        safety_and_wellbeing=Level.HIGH,
    )
    client.force_login(case_worker)
    page = html(client.get(reverse("cases:case_detail", args=[case.pk])))
    current = re.search(r"<h3 class=\"govuk-heading-s\">Current assessment</h3>.*?</dl>", page, re.S).group(0)
    assert "Very high" in current and "reassessment after a significant event" in current
    assert page.count("Reassessment after a significant event") == 1  # its row in the table
    assert f"{reverse('cases:assessment_record', args=[case.pk, first.pk])}" in page  # the earlier one, readable
    assert Assessment.objects.filter(case=case).count() == 2
