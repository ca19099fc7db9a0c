"""The services of pre-sentence reports (DESIGN.md §10): the request and its due date, writing the
proposal, a manager's approval or return with feedback, the resubmission, the submission to the court
and the sentence given; each step at the wrong status refused with a reason, each person who may not
take it refused (403). And the figures: timeliness and concordance (issue #21, acceptance 3)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from cases.tests.factories import ChildFactory
from court import rules
from court.models import PreSentenceReport, ReportReturn, ReportStatus
from court.selectors import reports as selectors
from court.services import reports as services
from governance.indicators import Period
from governance.indicators import court as court_figures
from yjs.models import AuditAction, AuditEvent, Notification, NotificationKind
from yjs.working_days import add_working_days

from .factories_hearings import *  # noqa: F403
from .factories_hearings import TODAY, court_case, court_hearing, court_report, days_ago, report_at

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def message_of(excinfo) -> str:
    [message] = excinfo.value.messages
    return message


# --- The request ------------------------------------------------------------------------------------


def test_a_report_is_due_the_set_working_days_after_the_request(north_case, case_worker, settings):
    settings.PRE_SENTENCE_REPORT_WORKING_DAYS = 15
    requested = days_ago(3)
    report = court_report(case=north_case, by=case_worker, requested_on=requested, proposal="")
    assert report.due_on == add_working_days(requested, 15) == rules.report_due(requested, stand_down=False)
    assert (report.author, report.created_by, report.status) == (case_worker, case_worker, ReportStatus.DRAFT)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(report.pk)).exists()


def test_a_stand_down_report_is_due_the_same_day(north_case, case_worker):
    report = court_report(case=north_case, by=case_worker, requested_on=TODAY, stand_down=True)
    assert report.due_on == TODAY


def test_the_author_is_someone_who_works_on_the_case(north_case, case_worker, team_manager, south_worker):
    report = court_report(case=north_case, by=team_manager, author=case_worker)
    assert (report.author, report.created_by) == (case_worker, team_manager)
    with pytest.raises(ValidationError) as excinfo:
        court_report(case=north_case, by=team_manager, author=south_worker)
    assert errors_of(excinfo) == {"author": ["Select someone who works on the case to write the report"]}


def test_the_request_field_errors(north_case, case_worker, team_north):
    other_child = court_case(team=team_north, worker=case_worker, child=ChildFactory(surname="Other")).child
    hearing = court_hearing(child=other_child, by=case_worker)
    with pytest.raises(ValidationError) as excinfo:
        court_report(
            case=north_case,
            by=case_worker,
            requested_on=TODAY + datetime.timedelta(days=1),
            hearing=hearing,
            proposal="hanging",
        )
    assert errors_of(excinfo) == {
        "requested_on": ["The date the court asked for the report must be today or in the past"],
        "hearing": ["Select one of the child's hearings"],
        "proposal": ["Select a sentence from the list"],
    }
    assert not PreSentenceReport.objects.exists()


@pytest.mark.parametrize("who", ["police_officer", "victim_worker", "south_worker", "head_of_service"])
def test_only_those_who_work_on_the_case_start_a_report(request, who, north_case):
    with pytest.raises(PermissionDenied):
        court_report(case=north_case, by=request.getfixturevalue(who))


def test_a_closed_case_takes_no_report(north_case, case_worker):
    north_case.status, north_case.end_date = CaseStatus.CLOSED, TODAY
    north_case.save()
    with pytest.raises(PermissionDenied):
        court_report(case=north_case, by=case_worker)


# --- Writing and sending ----------------------------------------------------------------------------


def test_the_proposal_is_written_while_the_report_is_being_written(north_case, case_worker, team_manager):
    report = court_report(case=north_case, by=case_worker, proposal="")
    services.report_update(report=report, by=case_worker, proposal="youth_rehabilitation_order")
    services.report_update(report=report, by=case_worker, proposal_detail="  With a supervision requirement ")
    report.refresh_from_db()
    assert (report.proposal, report.proposal_detail) == ("youth_rehabilitation_order", "With a supervision requirement")
    with pytest.raises(ValidationError) as excinfo:
        services.report_update(report=report, by=case_worker, proposal="prison")
    assert errors_of(excinfo) == {"proposal": ["Select a sentence from the list"]}
    approved = report_at("approved", case=north_case, author=case_worker, manager=team_manager)
    with pytest.raises(ValidationError) as excinfo:
        services.report_update(report=approved, by=case_worker, proposal="fine")
    assert message_of(excinfo) == (
        "The report cannot be changed: it is approved, and only a report being written or returned by a manager can be"
    )


def test_a_report_is_sent_for_approval_with_its_proposal(north_case, case_worker):
    report = court_report(case=north_case, by=case_worker, proposal="")
    with pytest.raises(ValidationError) as excinfo:
        services.report_send(report=report, by=case_worker)
    assert errors_of(excinfo) == {"proposal": ["Select the sentence the report proposes"]}
    services.report_update(report=report, by=case_worker, proposal="referral_order")
    report = services.report_send(report=report, by=case_worker)
    assert report.status == ReportStatus.AWAITING_APPROVAL and report.sent_for_approval_at is not None
    with pytest.raises(ValidationError) as excinfo:
        services.report_send(report=report, by=case_worker)
    assert message_of(excinfo) == (
        "The report cannot be sent for approval: it is awaiting a manager's approval, and only a report being "
        "written can be"
    )


# --- Quality assurance ------------------------------------------------------------------------------


def test_a_manager_of_the_team_approves(north_case, case_worker, team_manager):
    report = report_at("awaiting_approval", case=north_case, author=case_worker, manager=team_manager)
    report = services.report_approve(report=report, by=team_manager)
    assert (report.status, report.approved_by) == (ReportStatus.APPROVED, team_manager)
    assert report.approved_at is not None
    with pytest.raises(ValidationError) as excinfo:
        services.report_approve(report=report, by=team_manager)
    assert message_of(excinfo).startswith("The report cannot be approved: it is approved")


@pytest.mark.parametrize("who", ["case_worker", "south_manager", "head_of_service", "victim_worker"])
def test_only_a_manager_of_the_team_approves_or_returns(request, who, north_case, case_worker, team_manager):
    report = report_at("awaiting_approval", case=north_case, author=case_worker, manager=team_manager)
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, by=user)
    with pytest.raises(PermissionDenied):
        services.report_return(report=report, by=user, feedback="No")
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_APPROVAL


def test_a_manager_never_approves_their_own_report(north_case, team_manager, second_manager):
    report = report_at("awaiting_approval", case=north_case, author=team_manager, manager=second_manager)
    with pytest.raises(PermissionDenied) as excinfo:
        services.report_approve(report=report, by=team_manager)
    assert "your own pre-sentence report" in str(excinfo.value)
    assert services.report_approve(report=report, by=second_manager).status == ReportStatus.APPROVED


def test_a_report_cannot_be_approved_before_it_is_sent(north_case, case_worker, team_manager):
    report = court_report(case=north_case, by=case_worker)
    with pytest.raises(ValidationError) as excinfo:
        services.report_approve(report=report, by=team_manager)
    assert message_of(excinfo) == (
        "The report cannot be approved: it is being written, and only a report awaiting a manager's approval can be"
    )


def test_a_return_needs_feedback_and_tells_the_author(north_case, case_worker, team_manager):
    report = report_at("awaiting_approval", case=north_case, author=case_worker, manager=team_manager)
    with pytest.raises(ValidationError) as excinfo:
        services.report_return(report=report, by=team_manager, feedback="   ")
    assert errors_of(excinfo) == {
        "feedback": ["Enter your feedback: what must change before you can approve the report"]
    }
    returned = services.report_return(report=report, by=team_manager, feedback="Say more about the victim")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert (returned.report, returned.returned_by, returned.feedback, returned.resubmitted_at) == (
        report,
        team_manager,
        "Say more about the victim",
        None,
    )
    notification = Notification.objects.get(recipient=case_worker)
    assert notification.kind == NotificationKind.RETURNED_WORK
    assert notification.link == reverse("court:report_detail", args=[report.pk])
    assert north_case.child.surname not in notification.subject + notification.body
    with pytest.raises(ValidationError):
        services.report_return(report=report, by=team_manager, feedback="Again")
    assert ReportReturn.objects.count() == 1


def test_acceptance_3_a_returned_report_is_submitted_only_once_resubmitted_and_approved(
    north_case, case_worker, team_manager
):
    report = report_at("returned", case=north_case, author=case_worker, manager=team_manager)
    with pytest.raises(ValidationError) as excinfo:
        services.report_submit(report=report, by=case_worker, submitted_on=TODAY)
    assert message_of(excinfo) == (
        "The report cannot be submitted to the court: it is returned by a manager, and only a report a manager "
        "has approved can be"
    )
    # Resubmitted, not yet approved again: still not.
    report = services.report_resubmit(report=report, by=case_worker, proposal_detail="Now with the victim's view")
    assert report.status == ReportStatus.AWAITING_APPROVAL
    assert report.returns.get().resubmitted_at is not None
    with pytest.raises(ValidationError) as excinfo:
        services.report_submit(report=report, by=case_worker, submitted_on=TODAY)
    assert "it is awaiting a manager's approval" in message_of(excinfo)
    report.refresh_from_db()
    assert (report.status, report.submitted_on) == (ReportStatus.AWAITING_APPROVAL, None)
    # Approved: now it goes to the court.
    services.report_approve(report=report, by=team_manager)
    report = services.report_submit(report=report, by=case_worker, submitted_on=TODAY)
    assert (report.status, report.submitted_on) == (ReportStatus.SUBMITTED, TODAY)


def test_only_a_returned_report_is_resubmitted(north_case, case_worker, team_manager, victim_worker):
    report = report_at("awaiting_approval", case=north_case, author=case_worker, manager=team_manager)
    with pytest.raises(ValidationError) as excinfo:
        services.report_resubmit(report=report, by=case_worker)
    assert message_of(excinfo).startswith("The report cannot be resubmitted: it is awaiting a manager's approval")
    services.report_return(report=report, by=team_manager, feedback="More")
    with pytest.raises(ValidationError) as excinfo:
        services.report_send(report=report, by=case_worker)
    assert "resubmit it" in message_of(excinfo)
    with pytest.raises(PermissionDenied):
        services.report_resubmit(report=report, by=victim_worker)
    with pytest.raises(ValidationError) as excinfo:
        services.report_resubmit(report=report, by=case_worker, proposal="")
    assert errors_of(excinfo) == {"proposal": ["Select the sentence the report proposes"]}
    report.refresh_from_db()
    assert (report.status, report.proposal) == (ReportStatus.RETURNED, "referral_order")


# --- The court --------------------------------------------------------------------------------------


def test_the_submission_date(north_case, case_worker, team_manager):
    report = report_at("approved", case=north_case, author=case_worker, manager=team_manager)
    with pytest.raises(ValidationError) as excinfo:
        services.report_submit(
            report=report, by=case_worker, submitted_on=report.requested_on - datetime.timedelta(days=1)
        )
    assert list(errors_of(excinfo)) == ["submitted_on"]
    with pytest.raises(ValidationError) as excinfo:
        services.report_submit(report=report, by=case_worker, submitted_on=TODAY + datetime.timedelta(days=1))
    assert errors_of(excinfo) == {"submitted_on": ["The date the report was submitted must be today or in the past"]}
    assert services.report_submit(report=report, by=case_worker).submitted_on == timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        services.report_submit(report=report, by=case_worker)
    assert message_of(excinfo) == f"The report was already submitted to the court, on {TODAY.day} {TODAY:%B %Y}"


def test_the_sentence_is_recorded_once_the_report_is_submitted(north_case, case_worker, team_manager):
    report = report_at("approved", case=north_case, author=case_worker, manager=team_manager)
    with pytest.raises(ValidationError) as excinfo:
        services.report_sentence(report=report, by=case_worker, sentence_given="fine", sentenced_on=TODAY)
    assert message_of(excinfo) == (
        "The sentence is recorded once the report has been submitted to the court: it is approved"
    )
    report = services.report_submit(report=report, by=case_worker, submitted_on=days_ago(2))
    with pytest.raises(ValidationError) as excinfo:
        services.report_sentence(report=report, by=case_worker, sentence_given="", sentenced_on=days_ago(3))
    assert errors_of(excinfo) == {
        "sentence_given": ["Select the sentence the court gave"],
        "sentenced_on": [
            "The date of the sentence must be the same as or after the date the report was submitted "
            f"({days_ago(2).day} {days_ago(2):%B %Y})"
        ],
    }
    report = services.report_sentence(
        report=report, by=case_worker, sentence_given="referral_order", sentenced_on=TODAY
    )
    assert (report.sentence_given, report.sentenced_on, report.concordant) == ("referral_order", TODAY, True)


# --- Figures ----------------------------------------------------------------------------------------


def _made(case, author, *, proposal="", sentence="", requested=None, due=None, submitted=None) -> PreSentenceReport:
    """A report as it ends, written straight to the table: the figures count what is there."""
    requested = requested or days_ago(40)
    return PreSentenceReport.objects.create(
        case=case,
        author=author,
        created_by=author,
        requested_on=requested,
        due_on=due or requested + datetime.timedelta(days=21),
        status=ReportStatus.SUBMITTED if submitted else ReportStatus.DRAFT,
        proposal=proposal,
        approved_at=timezone.now() if submitted else None,
        submitted_on=submitted,
        sentence_given=sentence,
        sentenced_on=submitted if sentence else None,
    )


def test_acceptance_3_concordance_on_hand_made_data_matches_a_hand_count(north_case, case_worker):
    due = days_ago(20)
    rows = [
        # proposal, sentence given: counted in (concordant, both)
        ("referral_order", "referral_order"),  # (1, 1)
        ("referral_order", "youth_rehabilitation_order"),  # (0, 1)
        ("youth_rehabilitation_order", "youth_rehabilitation_order"),  # (1, 1)
        ("fine", "conditional_discharge"),  # (0, 1)
        ("detention_and_training_order", "detention_and_training_order"),  # (1, 1)
        ("referral_order", ""),  # no sentence yet: not counted
        ("", ""),  # nothing: not counted
    ]
    for proposal, sentence in rows:
        _made(
            north_case, case_worker, proposal=proposal, sentence=sentence, due=due, submitted=due if proposal else None
        )
    # The board report's figure (one definition: governance.indicators.court), over the period sentenced in.
    figure = court_figures.concordance(Period(days_ago(60), TODAY))
    assert (figure.numerator, figure.denominator) == (3, 5)
    assert court_figures.concordance(Period(days_ago(60), TODAY), [north_case.team_id + 1000]).denominator == 0


def test_timeliness_counts_the_reports_submitted_by_their_due_date(north_case, case_worker, django_assert_num_queries):
    due = days_ago(20)
    _made(north_case, case_worker, due=due, submitted=due)  # on the day: on time
    _made(north_case, case_worker, due=due, submitted=due - datetime.timedelta(days=2))  # early: on time
    _made(north_case, case_worker, due=due, submitted=due + datetime.timedelta(days=1))  # late
    _made(north_case, case_worker, due=due)  # not submitted: not counted
    with django_assert_num_queries(1):
        figure = court_figures.report_timeliness(Period(days_ago(60), TODAY))
    assert (figure.numerator, figure.denominator) == (2, 3)


# --- The list and the actions a user may take ---------------------------------------------------------


def test_a_manager_sees_the_teams_reports_awaiting_approval_first(
    north_case, case_worker, team_manager, second_manager, team_north
):
    other = court_case(team=team_north, worker=case_worker)
    draft = court_report(case=north_case, by=case_worker, requested_on=days_ago(2))
    awaiting = report_at(
        "awaiting_approval", case=other, author=case_worker, manager=team_manager, requested_on=days_ago(1)
    )
    mine = court_report(case=other, by=team_manager)
    assert list(selectors.reports_to_work_on(user=second_manager)) == [awaiting, mine, draft]
    assert list(selectors.reports_to_work_on(user=second_manager, status="draft")) == [mine, draft]
    # A case worker: the reports they write.
    assert set(selectors.reports_to_work_on(user=case_worker)) == {draft, awaiting}


def test_the_actions_offered_follow_the_status_and_the_person(north_case, case_worker, team_manager):
    report = court_report(case=north_case, by=case_worker)
    assert selectors.report_actions(user=case_worker, report=report) == selectors.ReportActions(write=True, send=True)
    services.report_send(report=report, by=case_worker)
    report.refresh_from_db()
    assert selectors.report_actions(user=case_worker, report=report).any is False
    assert selectors.report_actions(user=team_manager, report=report) == selectors.ReportActions(approve=True)
