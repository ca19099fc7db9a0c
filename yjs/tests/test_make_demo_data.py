"""make_demo_data: the data set of any size, in bulk, for the benchmarks (issue #8)."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from cases.models import Child, ChildSearchKey
from custody.demo import HISTORY_NEW_CHILDREN_PER_UNIT, HISTORY_RECORDS_PER_UNIT
from custody.extract import RECORD_FIELD_NAMES, CustodyRow
from custody.models import CustodyRecord, DigestRun, IngestRun, MatchCandidate, MatchStatus
from intelligence.demo import HISTORY_REQUESTS_PER_UNIT
from intelligence.models import InformationRequest, RequestType
from oocd.demo import HISTORY_DECISIONS_PER_UNIT
from oocd.models import Condition, Decision, PanelItem, Referral
from yjs.demo import data_set_counts, make_demo_data

pytestmark = pytest.mark.django_db


def test_one_unit_of_every_app_then_nothing_more_when_run_again():
    make_demo_data(scale=1)
    counts = data_set_counts()
    assert counts["custody_records"] == HISTORY_RECORDS_PER_UNIT
    assert Child.objects.filter(known_to_yjs=False).count() >= HISTORY_NEW_CHILDREN_PER_UNIT
    assert counts["oocd_decisions"] == HISTORY_DECISIONS_PER_UNIT
    research = InformationRequest.objects.filter(request_type=RequestType.OOCD_RESEARCH, oocd_referral__isnull=False)
    assert counts["information_requests"] - research.count() >= HISTORY_REQUESTS_PER_UNIT

    make_demo_data(scale=1)
    assert data_set_counts() == counts


def test_custody_history_is_what_the_ingest_would_have_stored():
    make_demo_data(scale=1)
    records = CustodyRecord.objects.all()
    statuses = dict(records.values_list("match_status").annotate(n=Count("id")))
    assert set(statuses) == {MatchStatus.MATCHED, MatchStatus.CREATED, MatchStatus.REVIEW}
    # Linked when matched or created; the review queue's records have their candidates instead.
    assert not records.exclude(match_status=MatchStatus.REVIEW).filter(child__isnull=True).exists()
    review = records.filter(match_status=MatchStatus.REVIEW)
    assert MatchCandidate.objects.filter(record__in=review).values("record").distinct().count() == review.count()
    # The children custody made are findable by name, like those the ingest makes.
    made = Child.objects.filter(known_to_yjs=False).first()
    assert ChildSearchKey.objects.filter(child=made).exists()
    # Every record belongs to a run and has been in a digest, so tomorrow's digest lists none of them.
    assert not records.filter(digest__isnull=True).exists()
    assert IngestRun.objects.filter(file_name__startswith="demo-history-").count() == 1
    assert DigestRun.objects.count() == 1
    # The digest of the values is the ingest's: the same row ingested again would be unchanged.
    record = records.first()
    values = {name: getattr(record, name) for name in RECORD_FIELD_NAMES}
    assert record.row_hash == CustodyRow(line=0, **values).digest()
    # Detained before they were first seen, and released after.
    assert not records.filter(first_seen_at__lt=F("detained_at")).exists()
    assert not records.filter(released_at__lt=F("detained_at")).exists()


def test_out_of_court_history_is_complete_decisions():
    make_demo_data(scale=1)
    decisions = Decision.objects.select_related("referral", "outcome")
    assert decisions.filter(police_only=True, panel__isnull=True).exists()
    for decision in decisions.filter(police_only=False):
        assert PanelItem.objects.filter(panel=decision.panel, referral=decision.referral).exists()
    assert all(decision.referral.research_request.supplied_at for decision in decisions)
    delivered = decisions.filter(delivered_at__isnull=False).first()
    assert delivered is not None and delivered.signed_document.storage.exists(delivered.signed_document.name)
    # Each signed document is its decision's latest version, with the stored file's hash.
    for decision in decisions.exclude(signed_document=""):
        version = decision.signed_document_versions.first()
        assert version is not None and version.file.name == decision.signed_document.name
        with version.file.open("rb") as stored:
            assert version.sha256 == hashlib.sha256(stored.read()).hexdigest()
    conditions = Condition.objects.filter(decision__outcome__has_conditions=True)
    assert conditions.count() == Condition.objects.count()
    # One referral per diversion case, on that child.
    assert not Referral.objects.exclude(case__child=F("child")).exists()


def test_the_command_needs_debug_and_a_positive_scale(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("make_demo_data", "--scale", "1")
    settings.DEBUG = True
    with pytest.raises(CommandError, match="scale"):
        call_command("make_demo_data", "--scale", "0")
