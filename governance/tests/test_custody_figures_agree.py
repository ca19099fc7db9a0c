"""Overnight detention after charge has one definition (``custody.selectors.held_overnight_after_charge``):
the custody figures page and the board report count the same children on the same data."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from custody.models import CustodyRecord
from governance import services
from governance.tests.report_tables import Tables

pytestmark = pytest.mark.django_db

OVERNIGHT_AFTER_CHARGE = "Charged children held overnight in a cell"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _record(n: int, **kwargs) -> CustodyRecord:
    return CustodyRecord.objects.create(
        force_code="WYP",
        custody_ref=f"C{n}",
        surname="Child",
        forenames="A",
        date_of_birth=datetime.date(2011, 1, 1),
        match_status="created",
        row_hash=str(n),
        **kwargs,
    )


@pytest.fixture
def detentions():
    """Children charged this week: the ways of spending, or not spending, a night in the cell."""
    today = timezone.localdate()
    yesterday, earlier = today - datetime.timedelta(days=1), today - datetime.timedelta(days=3)
    # Charged late, released the next morning: overnight.
    _record(
        1,
        detained_at=_at(earlier, 18),
        charged_at=_at(earlier, 22),
        released_at=_at(earlier, 23, 59) + datetime.timedelta(hours=10),
        outcome="charged_detained",
    )
    # Charged and bailed the same afternoon: not overnight.
    _record(
        2,
        detained_at=_at(earlier, 9),
        charged_at=_at(earlier, 12),
        released_at=_at(earlier, 14),
        outcome="charged_bailed",
    )
    # Charged on an earlier day and still held, outcome not in the feed yet: a night has passed.
    _record(3, detained_at=_at(yesterday, 17), charged_at=_at(yesterday, 20))
    _record(6, detained_at=_at(earlier, 8), charged_at=_at(earlier, 11))
    # Charged yesterday, refused bail, still held: overnight.
    _record(4, detained_at=_at(yesterday, 10), charged_at=_at(yesterday, 14), outcome="charged_detained")
    # Charged just after midnight today, refused bail, still held: no night in the cell yet.
    _record(5, detained_at=_at(today, 0, 1), charged_at=_at(today, 0, 5), outcome="charged_detained")
    return earlier, today


def test_the_custody_figures_page_and_the_board_report_count_the_same_overnight_detentions(
    client, head_of_service, detentions
):
    start, end = detentions
    client.force_login(head_of_service)

    page = client.get(reverse("custody:figures"), {"start": start.isoformat(), "end": end.isoformat()})
    custody_page = int(re.search(r"\((\d+) after charge\)", page.content.decode()).group(1))

    report = services.board_report_request(by=head_of_service, start=start, end=end)
    services.board_report_generate(report_id=report.pk)
    html = client.get(reverse("governance:report_detail", args=[report.pk])).content.decode()
    row = next(row for row in Tables(html).rows if row[0] == OVERNIGHT_AFTER_CHARGE)
    board_report = int(row[1])

    assert custody_page == board_report == 4
    assert row[2] == "6"  # of the children charged
