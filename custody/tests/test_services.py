"""Loading custody rows: idempotence, history and matching to children."""

import sys

import pytest

from cases.models import Child
from cases.tests.factories import ChildFactory
from custody import pipeline
from custody.extract import read_extract
from custody.loading import load_rows
from custody.models import CustodyRecord, CustodyRecordChange, MatchStatus

HEADER = "force_code,custody_ref,detained_at,surname,forenames,date_of_birth,pnc_id,released_at"


def rows(*lines):
    result = read_extract(("\n".join([HEADER, *lines]) + "\n").encode())
    assert result.errors == []
    return result.rows


@pytest.mark.django_db
def test_reingesting_the_same_rows_creates_nothing_new():
    batch = rows("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01,,", "WYP,C2,2026-03-01T11:00,Khan,Ali,2011-01-02,,")
    first = load_rows(batch)
    second = load_rows(batch)
    assert (first.created, second.created, second.unchanged) == (2, 0, 2)
    assert CustodyRecord.objects.count() == 2
    assert Child.objects.filter(known_to_yjs=False).count() == 2


@pytest.mark.django_db
def test_a_later_row_with_released_at_updates_the_record_and_keeps_its_history():
    load_rows(rows("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01,,"))
    counts = load_rows(rows("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01,,2026-03-01T18:30"))
    assert (counts.created, counts.updated) == (0, 1)
    record = CustodyRecord.objects.get()
    assert record.hours_detained == 8.5
    [change] = CustodyRecordChange.objects.filter(record=record)
    assert list(change.changes) == ["released_at"]


@pytest.mark.django_db
def test_pnc_id_matches_exactly():
    child = ChildFactory(pnc_id="23/123456A", surname="Completely", forenames="Different")
    load_rows(rows("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01,23/123456A,"))
    record = CustodyRecord.objects.get()
    assert (record.child, record.match_status) == (child, MatchStatus.MATCHED)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("known", "police_recorded"),
    [
        (("Whitfield", "Jayden Lee"), ("Whitfield", "Lee Jayden")),  # swapped forenames
        (("O'Brien", "Liam"), ("OBrien", "Liam")),  # apostrophe
        (("Smith-Jones", "Amy"), ("Smith Jones", "Amy")),  # hyphen
        (("Wójcik", "Zoë"), ("Wojcik", "Zoe")),  # accents
    ],
)
def test_date_of_birth_and_a_confident_name_match_link(known, police_recorded):
    from datetime import date

    child = ChildFactory(surname=known[0], forenames=known[1], date_of_birth=date(2010, 5, 1))
    load_rows(rows(f"WYP,C1,2026-03-01T10:00,{police_recorded[0]},{police_recorded[1]},2010-05-01,,"))
    record = CustodyRecord.objects.get()
    assert (record.child, record.match_status) == (child, MatchStatus.MATCHED)


@pytest.mark.django_db
def test_a_typo_or_two_candidates_go_to_the_review_queue():
    from datetime import date

    ChildFactory(surname="Whitfield", forenames="Jayden", date_of_birth=date(2010, 5, 1))
    ChildFactory(surname="Whitfeld", forenames="Jaden", date_of_birth=date(2010, 5, 1))
    load_rows(rows("WYP,C1,2026-03-01T10:00,Whitfeild,Jayden,2010-05-01,,"))
    record = CustodyRecord.objects.get()
    assert record.match_status == MatchStatus.REVIEW
    assert record.child is None
    assert record.candidates.count() == 2


@pytest.mark.django_db
def test_no_candidate_creates_one_child_not_known_for_two_arrests():
    load_rows(
        rows("WYP,C1,2026-03-01T10:00,Nobody,Known,2010-05-01,,", "WYP,C2,2026-03-05T10:00,Nobody,Known,2010-05-01,,")
    )
    child = Child.objects.get(surname="Nobody")
    assert child.known_to_yjs is False
    assert set(CustodyRecord.objects.values_list("child", flat=True)) == {child.pk}


def test_threads_hand_over_more_often_while_ingests_run_then_as_they_were_found():
    found = sys.getswitchinterval()
    with pipeline.threads_switching_often():
        assert sys.getswitchinterval() == pipeline.SWITCH_INTERVAL
        with pipeline.threads_switching_often():  # a second ingest at once
            pass
        assert sys.getswitchinterval() == pipeline.SWITCH_INTERVAL  # the first still runs
    assert sys.getswitchinterval() == found
