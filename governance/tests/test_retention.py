"""The retention schedule (governance.retention, manage.py apply_retention)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from cases.models import Child, ChildAlias, VictimContactDetails
from governance import retention
from governance.indicators import board_figures
from governance.tests.child_history import EVERY_NAME_PART, LONG_AGO, TODAY, child_with_history
from intelligence.models import InformationRequest
from intelligence.tests.factories import InformationRequestFactory
from oocd.personal_data import REMOVED_DOCUMENT
from yjs.database import connected_as_owner
from yjs.models import AuditAction, AuditEvent, Notification
from yjs.personal_data import registered_models
from yjs.roles import Role
from yjs.tests.factories import UserFactory

# Retention rewrites evidence the application's role may never change, so it runs as the
# database's owner (`manage.py apply_retention`); these tests do too, on committed data.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def as_database_owner(transactional_db):
    with connected_as_owner():
        yield


@pytest.fixture
def people(team_north):
    return {
        "worker": UserFactory(roles=[Role.CASE_WORKER], teams=[team_north]),
        "police": UserFactory(roles=[Role.POLICE_OFFICER], teams=[team_north]),
        "head": UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north]),
    }


@pytest.fixture
def history(team_north, people, settings):
    settings.RETENTION_YEARS_AFTER_CLOSURE = 6
    return child_with_history(closed_on=LONG_AGO, team=team_north, worker=people["worker"], police=people["police"])


def _path_to_child(model) -> str:
    """The lookup from a model's rows to their child, through foreign keys (``case__child``)."""
    paths, seen = [(model, "")], {model}
    while paths:
        current, path = paths.pop(0)
        if current is Child:
            return path.removesuffix("__") or "pk"
        for field in current._meta.concrete_fields:
            if field.is_relation and field.related_model not in seen:
                seen.add(field.related_model)
                paths.append((field.related_model, f"{path}{field.name}__"))
    raise AssertionError(f"{model._meta.label} has no way to a child")


def every_text_about(child_id: int) -> str:
    """Every stored value of every row about the child, in every model an app registered as
    holding personal data (``yjs.personal_data``), as one string to search for names."""
    rows = []
    for model in sorted(registered_models(), key=lambda model: model._meta.label):
        # --- notifications ---
        if model is Notification:  # about a child by no key, naming none: every one is searched
            rows += list(Notification.objects.order_by("pk"))
            continue
        path = _path_to_child(model)
        rows += list(model.objects.filter(**{path: child_id}).order_by("pk"))
    return repr([{key: value for key, value in vars(row).items() if not key.startswith("_")} for row in rows])


def test_a_child_past_the_period_is_anonymised_and_the_board_figures_do_not_change(history, people):
    past_years = {"start": datetime.date(2016, 1, 1), "end": datetime.date(2018, 12, 31)}
    before = board_figures(**past_years, user=people["head"])
    assert any(part in every_text_about(history.child.pk) for part in EVERY_NAME_PART)

    run = retention.retention_apply(by=people["head"], today=TODAY)

    assert run.anonymised == [history.child.pk]
    text = every_text_about(history.child.pk)
    for part in [*EVERY_NAME_PART, "Amy", "Nguyen", "Okonkwo", "dealer", "groomed", "college", "date(2002, 11, 23)"]:
        assert part not in text, part
    child = Child.objects.get(pk=history.child.pk)
    assert str(child) == f"Anonymised child {child.pk}"
    assert child.date_of_birth == datetime.date(2002, 7, 1)
    assert (child.gender, child.ethnicity, child.looked_after, child.special_educational_needs) == (
        "M",
        "B1",
        True,
        True,
    )
    assert not ChildAlias.objects.filter(child=child).exists()
    assert not VictimContactDetails.objects.filter(victim__case__child=child).exists()
    assert child.cases.get(case_type="referral_order").offences.get().offence_group == "Robbery"
    assert board_figures(**past_years, user=people["head"]) == before


def test_anonymising_is_an_audit_event_that_names_no_one(history, people):
    retention.retention_apply(by=people["head"], today=TODAY)

    event = AuditEvent.objects.get(action=AuditAction.ANONYMISE)
    assert event.actor == people["head"]
    assert event.object_id == str(history.child.pk)
    assert event.object_repr == f"Anonymised child {history.child.pk}"
    assert event.detail["retention_years"] == 6
    assert event.detail["last_case_closed"] == LONG_AGO.isoformat()
    assert event.detail["rows"]["information_requests"] == 1
    assert not any(part in repr(event.detail) for part in EVERY_NAME_PART)


def test_a_child_with_an_open_case_is_never_touched(team_north, people, settings):
    settings.RETENTION_YEARS_AFTER_CLOSURE = 6
    kept = child_with_history(
        closed_on=LONG_AGO, team=team_north, worker=people["worker"], police=people["police"], open_case=True
    )
    before = every_text_about(kept.child.pk)

    run = retention.retention_apply(today=TODAY)

    assert run.anonymised == []
    assert run.kept_for_open_cases == [kept.child.pk]
    with pytest.raises(ValidationError, match="open case"):
        retention.child_anonymise(child=kept.child, today=TODAY)
    with pytest.raises(CommandError, match="open case"):
        call_command("apply_retention", child=kept.child.pk, today=TODAY, stdout=io.StringIO())
    assert every_text_about(kept.child.pk) == before
    assert not AuditEvent.objects.filter(action=AuditAction.ANONYMISE).exists()


def test_a_child_whose_case_closed_within_the_period_is_kept(team_north, people, settings):
    settings.RETENTION_YEARS_AFTER_CLOSURE = 6
    recent = child_with_history(
        closed_on=datetime.date(2021, 6, 1), team=team_north, worker=people["worker"], police=people["police"]
    )

    assert retention.retention_apply(today=TODAY).due == []
    with pytest.raises(ValidationError, match="less than 6 years ago"):
        retention.child_anonymise(child=recent.child, today=TODAY)

    settings.RETENTION_YEARS_AFTER_CLOSURE = 4  # the period is a setting
    assert retention.retention_apply(today=TODAY).anonymised == [recent.child.pk]


def test_a_dry_run_changes_nothing(history):
    before = every_text_about(history.child.pk)
    out = io.StringIO()

    call_command("apply_retention", dry_run=True, today=TODAY, stdout=out)

    assert f"Dry run: 1 children would be anonymised (ids {history.child.pk})" in out.getvalue()
    assert every_text_about(history.child.pk) == before
    assert not AuditEvent.objects.filter(action=AuditAction.ANONYMISE).exists()


def test_running_again_changes_nothing_more(history):
    call_command("apply_retention", today=TODAY, stdout=io.StringIO())
    after_first = every_text_about(history.child.pk)
    out = io.StringIO()

    call_command("apply_retention", today=TODAY, stdout=out)

    assert "Anonymised 0 children" in out.getvalue()
    assert every_text_about(history.child.pk) == after_first
    assert AuditEvent.objects.filter(action=AuditAction.ANONYMISE).count() == 1
    retention.child_anonymise(child=history.child, today=TODAY)  # already done: returned unchanged
    assert AuditEvent.objects.filter(action=AuditAction.ANONYMISE).count() == 1


def test_the_command_prints_ids_never_names(history):
    out = io.StringIO()
    call_command("apply_retention", today=TODAY, stdout=out)
    assert f"Anonymised 1 children (ids {history.child.pk})" in out.getvalue()
    assert not any(part in out.getvalue() for part in EVERY_NAME_PART)


def test_the_signed_document_file_is_deleted_once_committed(history, django_capture_on_commit_callbacks):
    decision = history.child.oocd_referrals.get().decision
    storage, name = decision.signed_document.storage, decision.signed_document.name
    versions = list(decision.signed_document_versions.all())
    assert len(versions) == 2 and all(storage.exists(version.file.name) for version in versions)

    with django_capture_on_commit_callbacks(execute=True):
        retention.retention_apply(today=TODAY)

    assert not storage.exists(name)
    decision.refresh_from_db()
    assert decision.signed_document.name == REMOVED_DOCUMENT  # still counts as signed
    # Every version's file goes; its row stays, with its hash, marked as removed.
    for version in versions:
        assert not storage.exists(version.file.name)
        kept = decision.signed_document_versions.get(pk=version.pk)
        assert kept.removed_at is not None and kept.sha256 == version.sha256


def test_supplied_information_stays_final_for_everyone_else(history, team_north, people):
    other = InformationRequestFactory(supplied=True, information_supplied="No trace")
    retention.retention_apply(today=TODAY)

    history.request.refresh_from_db()
    assert history.request.information_supplied == retention.REMOVED
    with pytest.raises(DatabaseError, match="supplied_request_is_final"), transaction.atomic():
        InformationRequest.objects.filter(pk=other.pk).update(information_supplied="Rewritten")
