"""No police outcome lost (issue 20, acceptance 2; DESIGN.md §11): a community resolution, youth
caution or youth conditional caution in the custody feed becomes a police-only decision whether or
not the child is known to the YJS; a child not known gets a follow-up."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cases.models import CaseType
from cases.tests.factories import CaseFactory, ChildFactory
from custody import ingest, tasks
from custody.ingest import ingest_file, ingest_run_create
from custody.models import CustodyRecord, IngestSource, MatchStatus
from custody.notifications import records_notify
from custody.services import review_match_resolve
from governance import indicators
from governance.indicators import Period
from oocd.models import Decision, FollowUp
from oocd.tests.factories import client_for
from yjs.models import Notification, NotificationKind

HEADER = (
    "force_code,custody_ref,detained_at,surname,forenames,date_of_birth,suite,released_at,outcome,"
    "looked_after,responsible_local_authority,offences"
)


def when(days_ago: int, hour: int = 10) -> str:
    moment = timezone.localtime() - timedelta(days=days_ago)
    return f"{moment:%Y-%m-%d}T{hour:02d}:00"


def row(ref: str, surname: str, forenames: str, born: str, outcome: str, *, offences: str = "Theft") -> str:
    return f"WYP,{ref},{when(2, 9)},{surname},{forenames},{born},Leeds District,{when(2, 15)},{outcome},,,{offences}"


def ingest_extract(*lines: str, by) -> None:
    """The extract uploaded by the police officer and loaded as the morning ingest loads it
    (notifications and police outcomes inline, as when the broker is down)."""
    data = ("\n".join([HEADER, *lines]) + "\n").encode()
    run = ingest_run_create(by=by, source=IngestSource.UPLOAD, upload=ContentFile(data, name="x.csv"), queue=False)
    ingest_file(run, notify=ingest.NOTIFY_INLINE)
    run.refresh_from_db()
    assert (run.status, run.rejected) == ("succeeded", 0), run.errors


@pytest.fixture
def known(team_north, case_worker):
    child = ChildFactory(surname="Whitfield", forenames="Jayden", date_of_birth=date(2010, 5, 1))
    # Known to the YJS through prevention work: no conviction, so a caution is their first entry.
    CaseFactory(child=child, team=team_north, allocated_to=case_worker, case_type=CaseType.PREVENTION)
    return child


@pytest.mark.django_db
def test_youth_cautions_for_a_known_child_and_one_not_known_are_both_police_only_decisions(
    known, police_officer, team_manager, team_north
):
    today = timezone.localdate()
    ingest_extract(
        row("C1", "Whitfield", "Jayden", "2010-05-01", "youth_caution"),
        row("C2", "Stranger", "Sam", "2011-06-02", "youth_caution", offences="Criminal damage"),
        by=police_officer,
    )
    stranger_record = CustodyRecord.objects.get(custody_ref="C2")
    assert stranger_record.match_status == MatchStatus.CREATED
    stranger = stranger_record.child

    # Both listed at the API as police-only decisions.
    response = client_for(police_officer).get("/api/v1/oocd/decisions/", {"police_only": "true"})
    assert response.status_code == 200
    listed = {(row["child"], row["outcome"], row["police_only"]) for row in response.json()["results"]}
    assert listed == {(known.pk, "youth_caution", True), (stranger.pk, "youth_caution", True)}
    assert client_for(police_officer).get("/api/v1/oocd/decisions/", {"police_only": "false"}).json()["results"] == []

    # Both counted: first-time entrants (a youth caution is statutory) and police-only decisions.
    period = Period(today - timedelta(days=30), today)
    assert indicators.first_time_entrants(period).numerator == 2
    assert indicators.first_time_entrants(period, [team_north.pk]).numerator == 2
    police_only = indicators.police_only(period)
    assert (police_only.numerator, police_only.denominator) == (2, 2)

    # The child not known has an open follow-up on the team, due in working days; the known child none.
    follow_up = FollowUp.objects.get()
    assert follow_up.decision.referral.child == stranger
    assert follow_up.is_open and follow_up.team == team_north
    assert follow_up.due_on > today
    assert not FollowUp.objects.filter(decision__referral__child=known).exists()
    # The team's manager and police officer are told, in the application.
    told = set(
        Notification.objects.filter(kind=NotificationKind.POLICE_OUTCOME_FOLLOW_UP).values_list("recipient", flat=True)
    )
    assert told == {team_manager.pk, police_officer.pk}


@pytest.mark.django_db
def test_each_outcome_is_recorded_once_however_often_it_is_notified(police_officer, team_north):
    ingest_extract(row("C1", "Stranger", "Sam", "2011-06-02", "community_resolution"), by=police_officer)
    record = CustodyRecord.objects.get()
    for _ in range(2):
        assert records_notify(record_ids=[record.pk]).police_only_decisions == 0
    assert Decision.objects.count() == FollowUp.objects.count() == 1
    record.refresh_from_db()
    assert record.police_decision.outcome.code == "community_resolution"
    assert record.police_decision_note == ""


@pytest.mark.django_db
def test_a_youth_conditional_caution_is_recorded_with_its_conditions_still_to_note(known, police_officer):
    ingest_extract(row("C1", "Whitfield", "Jayden", "2010-05-01", "youth_conditional_caution"), by=police_officer)
    decision = Decision.objects.get()
    assert decision.police_only and decision.outcome.code == "youth_conditional_caution"
    [condition] = decision.conditions.all()
    assert "not given in the custody feed" in condition.description
    assert "WYP/C1" in condition.description
    assert condition.end_date <= decision.decided_on + timedelta(days=92)


@pytest.mark.django_db
def test_no_further_action_for_a_child_not_known_is_not_a_decision(police_officer):
    ingest_extract(row("C1", "Stranger", "Sam", "2011-06-02", "nfa"), by=police_officer)
    assert CustodyRecord.objects.get().match_status == MatchStatus.CREATED
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_a_record_waiting_for_review_becomes_a_decision_once_resolved(
    police_officer, team_manager, monkeypatch, django_capture_on_commit_callbacks
):
    ChildFactory(surname="Whitfield", forenames="Jayden", date_of_birth=date(2010, 5, 1))
    ChildFactory(surname="Whitfeld", forenames="Jaden", date_of_birth=date(2010, 5, 1))
    ingest_extract(row("C1", "Whitfeild", "Jayden", "2010-05-01", "youth_caution"), by=police_officer)
    record = CustodyRecord.objects.get()
    assert record.match_status == MatchStatus.REVIEW
    assert not Decision.objects.exists()  # waiting: no child yet

    # Resolved as a new child (not known): its notifications are queued, and a worker runs them.
    task = tasks.records_notify_task
    monkeypatch.setattr(task, "apply_async", lambda args, **_: task.run(*args))
    with django_capture_on_commit_callbacks(execute=True):
        review_match_resolve(record=record, by=team_manager)
    record.refresh_from_db()
    assert record.match_status == MatchStatus.CREATED
    assert record.police_decision.referral.child == record.child
    assert FollowUp.objects.get().decision == record.police_decision


@pytest.mark.django_db
def test_a_child_matched_but_with_no_case_gets_a_follow_up_too(police_officer):
    """Matched to a child the custody feed created earlier (not known): still no case before this outcome."""
    ChildFactory(surname="Stranger", forenames="Sam", date_of_birth=date(2011, 6, 2), known_to_yjs=False)
    ingest_extract(row("C1", "Stranger", "Sam", "2011-06-02", "youth_caution"), by=police_officer)
    assert CustodyRecord.objects.get().match_status == MatchStatus.MATCHED
    assert FollowUp.objects.count() == 1


@pytest.mark.django_db
def test_the_demo_loses_no_police_outcome(police_officer, team_north, case_worker):
    from custody.demo import FOLLOW_UP_OUTCOMES, load_custody_demo
    from custody.police_outcomes import DISPOSALS

    today = timezone.localdate()
    for n in range(30):
        born = today - timedelta(days=365 * 14 + n)
        child = ChildFactory(surname=f"Demo{chr(65 + n % 26)}{chr(65 + n // 26)}", forenames="Sam", date_of_birth=born)
        if n % 2:
            CaseFactory(child=child, team=team_north, allocated_to=case_worker, case_type=CaseType.PREVENTION)
    load_custody_demo(rows=120, seed=5)
    disposals = CustodyRecord.objects.filter(outcome__in=DISPOSALS, child__isnull=False)
    assert disposals.filter(match_status=MatchStatus.CREATED).exists()
    lost = disposals.filter(police_decision__isnull=True).values_list("custody_ref", "police_decision_note")
    assert list(lost) == []
    assert FollowUp.objects.exclude(outcome="").count() == len(FOLLOW_UP_OUTCOMES)
    assert FollowUp.objects.filter(outcome="").exists()
