"""A person's work (DESIGN.md §11): each app's source on hand-made data (``work_data``), for each
role; what is not theirs to see (another's cases, a restricted case, another team's) stays out;
the home page and ``GET /api/v1/my-work/`` show the same."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yjs import work
from yjs.api.tokens import api_token_create
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory
from yjs.work import WORK_SOURCES, WorkItem, WorkTally, my_work, work_cards

from .work_data import EXPECTED, make_work_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_work_world()


def counts(user) -> dict[str, tuple[int, int]]:
    return {card.kind: (card.count, card.overdue) for card in work_cards(user=user, today=timezone.localdate())}


def names(user) -> set[str]:
    return {item.child_name for item in my_work(user=user, today=timezone.localdate())}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_role_counts_its_own_work(world, who):
    assert counts(world.users[who]) == EXPECTED[who]


def test_a_case_worker_sees_neither_a_colleagues_restricted_case_nor_another_teams(world):
    seen = names(world.users["caseworker"])
    assert {"Amy Adams", "Ben Brown", "Eve Ellis"} <= seen
    assert not {"Cal Cole", "Dan Dale", "Col Closed"} & seen
    # The colleague sees their own restricted case's work, never Sam's restricted Ben.
    colleague = names(world.users["colleague"])
    assert "Cal Cole" in colleague
    assert "Ben Brown" not in colleague


def test_a_manager_sees_the_teams_restricted_cases_but_not_another_teams(world):
    seen = names(world.users["manager"])
    assert {"Amy Adams", "Ben Brown", "Cal Cole"} <= seen
    assert "Dan Dale" not in seen


def test_the_head_of_service_sees_only_what_is_overdue_across_the_service(world):
    today = timezone.localdate()
    items = my_work(user=world.users["head"], today=today)
    assert all(item.overdue(today) for item in items if item.kind != "follow_up")
    assert "Dan Dale" in {item.child_name for item in items}


def test_the_board_member_sees_no_named_child(world):
    assert {item.child_name for item in my_work(user=world.users["board"], today=timezone.localdate())} == {""}


def test_a_person_without_a_role_has_no_work(world):
    assert counts(UserFactory(username="nobody")) == {}


def test_the_case_workers_items_say_what_to_do_and_link_to_where_it_is_done(world):
    today = timezone.localdate()
    items = {}
    for item in my_work(user=world.users["caseworker"], today=today):
        items.setdefault(item.kind, item)  # the earliest due of each kind
    amy = world.cases["amy"]
    assert items["assessment"].label == "Complete the initial assessment of Amy Adams"
    assert items["assessment"].link.startswith(f"/cases/{amy.pk}/assessments/")
    assert items["plan_target"].label == "Amy Adams's target: Go to college three days a week"
    assert items["returned"].link.endswith("/resubmit/")
    assert items["arrest"].link == f"/cases/{amy.pk}/"
    # The overdue first, then by due date; undated (what happened, returned work) last.
    dues = [item.due for item in my_work(user=world.users["caseworker"], today=today)]
    dated = [due for due in dues if due is not None]
    assert dated == sorted(dated)
    assert dues[: len(dated)] == dated


def test_the_police_officer_answers_the_earliest_due_first(world):
    today = timezone.localdate()
    requests = [item for item in my_work(user=world.users["police"], today=today) if item.kind == "request_to_answer"]
    assert [item.due for item in requests] == sorted(item.due for item in requests)
    assert sum(item.overdue(today) for item in requests) == 2


def test_a_kind_with_more_items_than_a_list_shows_is_counted_in_full(world, monkeypatch):
    monkeypatch.setattr(work, "LIST_LIMIT", 1)
    cards = {card.kind: card for card in work_cards(user=world.users["manager"], today=timezone.localdate())}
    assessments = cards["assessment"]
    assert (assessments.count, assessments.overdue, len(assessments.items)) == (3, 2, 1)
    assert assessments.partial
    # Two queries of one kind (assessments and plans to countersign), each listing one.
    assert (cards["countersignature"].count, len(cards["countersignature"].items)) == (2, 2)
    # Per kind when one query reads several kinds (the notifications).
    monkeypatch.setattr(work, "LIST_LIMIT", 1)
    sam = {card.kind: card for card in work_cards(user=world.users["caseworker"], today=timezone.localdate())}
    assert (sam["arrest"].count, sam["flag_raised"].count) == (1, 1)


def test_tallies_of_several_lists_add_up():
    item = WorkItem(kind="k", label="x", link="/")
    found = work.combined("k", timezone.localdate(), [item, WorkTally("k", 5, 2)], [item])
    assert found[-1] == WorkTally("k", 6, 2)
    assert work.combined("k", timezone.localdate(), [item], [item]) == [item, item]


@pytest.mark.parametrize("who", ["caseworker", "manager", "police", "head", "board"])
def test_each_source_runs_at_most_five_queries(world, who):
    """Two queries a list (its rows and their count), at most two lists a source, plus the visibility
    rule's own statement, whatever the rows."""
    user = world.users[who]
    today = timezone.localdate()
    work_cards(user=user, today=today)  # the person's roles and the case scope, read once a request
    for source in WORK_SOURCES:
        with CaptureQueriesContext(connection) as captured:
            list(source(user=user, today=today))
        assert len(captured) <= 5, (source.__name__, [query["sql"][:200] for query in captured])


# --- The page and the API ----------------------------------------------------------------------------


def test_the_home_page_shows_the_cards_then_the_lists(world, client):
    client.force_login(world.users["caseworker"])
    html = client.get(reverse("home")).content.decode()
    shown = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    assert shown == {kind: str(count) for kind, (count, _) in EXPECTED["caseworker"].items()}
    assert re.search(r'data-overdue="assessment">\s*<strong class="govuk-tag govuk-tag--red">1 overdue', html)
    assert 'href="#work-plan-target"' in html
    assert 'id="work-plan-target"' in html
    assert "Since you last looked" in html
    assert "Amy Adams" in html
    assert "Cal Cole" not in html
    assert "Parts of the service" in html


def test_the_home_page_of_someone_with_nothing_due_says_so(client, db):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    html = client.get(reverse("home")).content.decode()
    assert "Nothing is overdue or due in the next 14 days" in html


def test_the_api_gives_the_same_items_and_counts(world, api_client):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=world.users['manager'])}")
    answer = api_client.get("/api/v1/my-work/")
    assert answer.status_code == 200
    body = answer.json()
    assert {row["kind"]: (row["count"], row["overdue"]) for row in body["counts"]} == EXPECTED["manager"]
    assert len(body["items"]) == sum(count for count, _ in EXPECTED["manager"].values())
    first = body["items"][0]
    assert set(first) == {"kind", "label", "due", "overdue", "case", "child", "link"}
    assert first["overdue"] is True
    assert {item["case"] for item in body["items"]} >= {world.cases["cal"].pk}
    assert world.cases["dan"].pk not in {item["case"] for item in body["items"]}


def test_the_api_refuses_a_service_account_and_the_signed_out(api_client, db):
    assert api_client.get("/api/v1/my-work/").status_code == 401
    feed = UserFactory(roles=[Role.API_CLIENT])
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=feed)}")
    assert api_client.get("/api/v1/my-work/").status_code == 403


def test_showing_work_on_a_restricted_case_is_an_audited_read(world, client):
    client.force_login(world.users["caseworker"])
    client.get(reverse("home"))
    reads = AuditEvent.objects.filter(actor=world.users["caseworker"], action=AuditAction.VIEW_SENSITIVE)
    assert {(event.object_id, event.detail["via"]) for event in reads} == {(str(world.cases["ben"].pk), "home")}
