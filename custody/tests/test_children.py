"""The child "not known to the YJS" a custody row brings is the same child whoever makes it:
the ingest, a reviewer resolving the review queue, or the demo history (one definition)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.forms.models import model_to_dict

from cases.models import Child, Ethnicity
from cases.tests.factories import ChildFactory
from custody.children import unknown_child_fields
from custody.demo import _HistoryUnit
from custody.extract import LONDON, read_extract
from custody.loading import load_rows
from custody.models import CustodyRecord, MatchStatus
from custody.services import review_match_resolve

HEADER = (
    "force_code,custody_ref,detained_at,surname,forenames,date_of_birth,gender,ethnicity,pnc_id,postcode,"
    "home_local_authority,looked_after,responsible_local_authority"
)
PERSON = "{surname},Known,2010-05-01,F,,{pnc_id},LS1 4AP,Leeds,Y,Bradford"
FIELDS = list(unknown_child_fields(Child()))


def _child_fields(child: Child) -> dict:
    return model_to_dict(child, fields=FIELDS)


def _rows(*lines: str):
    result = read_extract(("\n".join([HEADER, *lines]) + "\n").encode())
    assert result.errors == []
    return result.rows


def _expected(surname: str, pnc_id: str) -> dict:
    return {
        "surname": surname,
        "forenames": "Known",
        "date_of_birth": date(2010, 5, 1),
        "gender": "F",
        "ethnicity": Ethnicity.NOT_STATED,
        "pnc_id": pnc_id,
        "postcode": "LS1 4AP",
        "home_local_authority": "Leeds",
        "looked_after": True,
        "responsible_local_authority": "Bradford",
        "known_to_yjs": False,
    }


@pytest.mark.django_db
def test_the_ingest_and_the_review_queue_make_the_same_child_from_a_row(police_officer):
    load_rows(_rows(f"WYP,C1,2026-03-01T10:00,{PERSON.format(surname='Nobody', pnc_id='23/123456A')}"))
    assert _child_fields(Child.objects.get(custody_records__custody_ref="C1")) == _expected("Nobody", "23/123456A")

    # Another person, waiting for review between two children with alike names, made a new child.
    for surname in ("Whitfield", "Whitfeld"):
        ChildFactory(surname=surname, forenames="Known", date_of_birth=date(2010, 5, 1))
    load_rows(_rows(f"WYP,C2,2026-03-02T10:00,{PERSON.format(surname='Whitfeild', pnc_id='')}"))
    record = CustodyRecord.objects.get(custody_ref="C2")
    assert record.match_status == MatchStatus.REVIEW
    review_match_resolve(record=record, by=police_officer, child_id=None)
    record.refresh_from_db()
    assert _child_fields(record.child) == _expected("Whitfeild", "")


@pytest.mark.django_db
def test_the_demo_history_makes_its_children_as_the_ingest_does():
    end = date.today()
    unit = _HistoryUnit(0, seed=1, end=datetime.combine(end, time(0), tzinfo=LONDON), known=[])
    people, children = unit._new_children(datetime.combine(end - timedelta(days=1), time(6, 30), tzinfo=LONDON))
    assert people and len(people) == len(children)
    for person, child in zip(people, children, strict=True):
        assert _child_fields(child) == unknown_child_fields(person)
