"""The API lists written by ``yjs.api.listing.ListWriter`` are exactly what their output
serializers write (issue #8): the same fields, in the same order, with the same values and
formats, and the nested lists in the same order, on rows of every shape the lists show
(supplied and open requests, with and without addenda and a safeguarding referral; decisions
with and without conditions, failures and a signed document; children with aliases and with
active and removed flags; cases with several offences; custody records matched and waiting for
review; times in summer and winter, which DRF writes with ``+01:00`` and ``Z``).
"""

import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from cases import selectors as case_selectors
from cases.apis import cases as case_apis
from cases.apis import children as child_apis
from cases.models import ChildAlias, Flag
from custody import apis as custody_apis
from custody import selectors as custody_selectors
from custody.models import MatchStatus
from intelligence import apis as intelligence_apis
from intelligence import selectors as intelligence_selectors
from oocd import selectors as oocd_selectors
from oocd.apis import decisions as oocd_apis
from oocd.tests.factories import ConditionFailureFactory
from yjs.api.listing import ListWriter

from .world import World, each

pytestmark = pytest.mark.django_db

SUMMER = timezone.make_aware(datetime.datetime(2026, 7, 14, 9, 30, 15, 123456), datetime.UTC)
WINTER = timezone.make_aware(datetime.datetime(2026, 1, 14, 9, 30), datetime.UTC)


def as_json(data) -> list:
    return json.loads(JSONRenderer().render(data))


def assert_same(writer: ListWriter, page, shown, serializer_class: type[serializers.Serializer]) -> list:
    """``writer`` on ``page`` (rows without prefetches) against the serializer on ``shown`` (the
    same rows as the pages read them, prefetched)."""
    written = as_json(writer.write(list(page)))
    expected = as_json(serializer_class(list(shown), many=True).data)
    assert [list(row) for row in written] == [list(row) for row in expected]  # field order too
    assert written == expected
    return written


def test_information_requests_list(world: World):
    supplied = world.requests(3, requested_at=each([SUMMER, WINTER, SUMMER]))
    open_requests = world.requests(2, supplied=False, requested_at=WINTER)
    referred = supplied[0]
    referred.safeguarding_concern = True
    referred.safeguarding_referral_to = "Children's social care"
    referred.safeguarding_referral_reference = "MASH-1"
    referred.safeguarding_referral_at = SUMMER
    referred.save()
    world.addenda(supplied[:1])
    user = world.police_officer

    written = assert_same(
        intelligence_apis.REQUEST_PAGE,
        intelligence_selectors.request_page(user=user),
        intelligence_selectors.request_list(user=user),
        intelligence_apis.InformationRequestOutputSerializer,
    )
    by_id = {row["id"]: row for row in written}
    assert len(by_id[referred.pk]["addenda"]) == 2
    assert by_id[referred.pk]["systems_searched"] == ["pnc", "local_records"]
    assert by_id[referred.pk]["safeguarding_referral"]["to"] == "Children's social care"
    assert by_id[open_requests[0].pk]["systems_searched"] == []
    assert by_id[open_requests[0].pk]["addenda"] == []
    assert by_id[open_requests[0].pk]["requested_at"].endswith("Z")  # winter: UTC
    assert by_id[supplied[0].pk]["requested_at"].endswith("+01:00")  # summer time


def test_decisions_list(world: World):
    cautions = world.decisions(2, code="youth_conditional_caution")
    plain = world.decisions(1)
    conditions = world.conditions(3, decisions=[cautions[0], cautions[0], cautions[1]])
    ConditionFailureFactory(condition=conditions[0], recorded_by=world.police_officer, recorded_at=SUMMER)
    ConditionFailureFactory(condition=conditions[0], recorded_by=world.police_officer, recorded_at=WINTER)
    delivered = plain[0]
    delivered.implications_explained_at = WINTER
    delivered.delivered_at = WINTER
    delivered.delivered_by = world.police_officer
    delivered.signed_document.save("signed.pdf", ContentFile(b"%PDF-1.4"), save=False)
    delivered.signed_document_type = "application/pdf"
    delivered.save()
    user = world.police_officer

    written = assert_same(
        oocd_apis.DECISION_PAGE,
        oocd_selectors.decision_page(user=user),
        oocd_selectors.decision_list(user=user),
        oocd_apis.DecisionOutputSerializer,
    )
    by_id = {row["id"]: row for row in written}
    assert [len(c["failures"]) for c in by_id[cautions[0].pk]["conditions"]] == [2, 0]
    assert by_id[plain[0].pk]["conditions"] == []
    assert by_id[plain[0].pk]["signed_document"]


def test_children_list(world: World):
    cases = world.cases(3)
    children = [case.child for case in cases]
    ChildAlias.objects.create(child=children[0], surname="Smyth", forenames="Jo")
    ChildAlias.objects.create(child=children[0], surname="Smith", forenames="")
    removed, _active = world.flags(2, child=children[1])
    Flag.objects.filter(pk=removed.pk).update(
        removed_at=WINTER, removed_by=world.case_worker, removal_reason="No longer relevant"
    )
    user = world.case_worker

    written = assert_same(
        child_apis.CHILD_PAGE,
        case_selectors.child_page(user=user),
        case_selectors.child_list(user=user),
        child_apis.ChildOutputSerializer,
    )
    by_id = {row["id"]: row for row in written}
    assert len(by_id[children[0].pk]["aliases"]) == 2
    assert len(by_id[children[1].pk]["active_flags"]) == 1  # the removed one is not shown


def test_cases_list(world: World):
    world.cases(2, offences=3)
    world.cases(1, offences=0)
    user = world.case_worker

    written = assert_same(
        case_apis.CASE_PAGE,
        case_selectors.case_list(user=user),
        case_selectors.case_list(user=user).prefetch_related("offences"),
        case_apis.CaseOutputSerializer,
    )
    assert sorted(len(row["offences"]) for row in written) == [0, 3, 3]


def test_custody_records_list(world: World):
    world.custody_records(2, detained_at=SUMMER)
    world.custody_records(1, detained_at=WINTER, match_status=MatchStatus.REVIEW)
    user = world.police_officer
    records = custody_selectors.record_list(user=user).select_related(None)

    written = assert_same(custody_apis.RECORD_PAGE, records, records, custody_apis.CustodyRecordOutputSerializer)
    assert sorted(row["child"] is None for row in written) == [False, False, True]


def test_nested_lists_are_read_once_a_page(world: World):
    """One query for each nested list, whatever the number of rows: signed document versions,
    conditions, then failures."""
    cautions = world.decisions(5, code="youth_conditional_caution")
    world.conditions(10, decisions=cautions + cautions)
    page = list(oocd_selectors.decision_page(user=world.police_officer))
    with CaptureQueriesContext(connection) as queries:
        oocd_apis.DECISION_PAGE.write(page)
    assert len(queries) == 3
    with CaptureQueriesContext(connection) as queries:
        assert oocd_apis.DECISION_PAGE.write([]) == []
    assert len(queries) == 0
