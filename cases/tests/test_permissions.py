"""Who sees what (DESIGN.md §2), for every role, through cases.permissions and the selectors."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.http import Http404
from guardian.shortcuts import assign_perm

from cases import permissions, selectors, services
from cases.models import Case, CaseType, Child
from yjs.models import User
from yjs.roles import Role
from yjs.tests.factories import UserFactory


@dataclass
class World:
    users: dict[str, User]
    cases: dict[str, Case]
    children: dict[str, Child]


def _child(by: User, surname: str, **extra) -> Child:
    return services.child_create(by=by, surname=surname, forenames="Alex", date_of_birth=date(2011, 6, 1), **extra)


@pytest.fixture
def world(team_north, team_south, case_worker, team_manager, police_officer, board_member) -> World:
    users = {
        "case_worker": case_worker,
        "other_case_worker": UserFactory(username="caseworker3", roles=[Role.CASE_WORKER], teams=[team_north]),
        "south_case_worker": UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south]),
        "manager": team_manager,
        "south_manager": UserFactory(username="manager2", roles=[Role.TEAM_MANAGER], teams=[team_south]),
        "police": police_officer,
        "victim_worker": UserFactory(
            username="victimworker", roles=[Role.VICTIM_WORKER], teams=[team_north, team_south]
        ),
        "head": UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south]),
        "board": board_member,
        "panel": UserFactory(username="panel", roles=[Role.PANEL_MEMBER]),
        "api_client": UserFactory(username="custody-feed", roles=[Role.API_CLIENT]),
        "no_role": UserFactory(username="nobody", teams=[team_north]),
    }
    north, south = users["case_worker"], users["south_case_worker"]
    children = {
        "north": _child(north, "Northern"),
        "north_restricted_mine": _child(north, "Mine"),
        "north_restricted_other": _child(north, "Other"),
        "north_unallocated": _child(north, "Unallocated"),
        "south": _child(south, "Southern"),
        "south_restricted": _child(south, "Secret"),
        "not_known": _child(north, "Custody", known_to_yjs=False),
    }

    def open_case(child: str, by: User, team, allocated_to=None, restricted=False) -> Case:
        return services.case_open(
            child=children[child],
            by=by,
            case_type=CaseType.REFERRAL_ORDER,
            team=team,
            start_date=date(2026, 9, 1),
            allocated_to=allocated_to,
            restricted=restricted,
        )

    cases = {
        "north": open_case("north", north, team_north, allocated_to=north),
        "north_restricted_mine": open_case("north_restricted_mine", north, team_north, north, restricted=True),
        "north_restricted_other": open_case(
            "north_restricted_other", north, team_north, users["other_case_worker"], restricted=True
        ),
        "north_unallocated": open_case("north_unallocated", north, team_north),
        "south": open_case("south", south, team_south, allocated_to=south),
        "south_restricted": open_case("south_restricted", south, team_south, south, restricted=True),
    }
    # Victims on one ordinary and one restricted case of each team.
    for name in ("north", "north_restricted_other", "south"):
        services.victim_add(
            case=cases[name], by=users["manager" if "north" in name else "south_manager"], display_name="V"
        )
    return World(users, cases, children)


ALL_CASES = {
    "north",
    "north_restricted_mine",
    "north_restricted_other",
    "north_unallocated",
    "south",
    "south_restricted",
}
ALL_CHILDREN = ALL_CASES | {"not_known"}

VISIBLE_CASES = {
    "case_worker": {"north", "north_restricted_mine", "north_unallocated"},
    "other_case_worker": {"north", "north_restricted_other", "north_unallocated"},
    "south_case_worker": {"south", "south_restricted"},
    "manager": {"north", "north_restricted_mine", "north_restricted_other", "north_unallocated"},
    "south_manager": {"south", "south_restricted"},
    "police": set(),
    "victim_worker": {"north", "south"},  # cases with victims; never a restricted one
    "head": ALL_CASES,
    "board": set(),
    "panel": set(),
    "api_client": set(),
    "no_role": set(),
}

VISIBLE_CHILDREN = {
    # Case workers and managers also see children on no case yet (created from custody data).
    "case_worker": VISIBLE_CASES["case_worker"] | {"not_known"},
    "other_case_worker": VISIBLE_CASES["other_case_worker"] | {"not_known"},
    "south_case_worker": VISIBLE_CASES["south_case_worker"] | {"not_known"},
    "manager": VISIBLE_CASES["manager"] | {"not_known"},
    "south_manager": VISIBLE_CASES["south_manager"] | {"not_known"},
    "police": ALL_CHILDREN,
    "victim_worker": {"north", "south"},
    "head": ALL_CHILDREN,
    "board": set(),
    "panel": set(),
    "api_client": set(),
    "no_role": set(),
}


def _names(objects, named: dict) -> set[str]:
    by_pk = {obj.pk: name for name, obj in named.items()}
    return {by_pk[obj.pk] for obj in objects}


@pytest.mark.parametrize("role", VISIBLE_CASES)
def test_visible_cases_for_each_role(world, role):
    user = world.users[role]
    assert _names(permissions.visible_cases(user), world.cases) == VISIBLE_CASES[role]
    assert _names(selectors.case_list(user=user), world.cases) == VISIBLE_CASES[role]
    for name, case in world.cases.items():
        assert permissions.can_view_case(user, case) is (name in VISIBLE_CASES[role]), name


@pytest.mark.parametrize("role", VISIBLE_CHILDREN)
def test_visible_children_for_each_role(world, role):
    user = world.users[role]
    assert _names(permissions.visible_children(user), world.children) == VISIBLE_CHILDREN[role]
    assert _names(selectors.child_list(user=user), world.children) == VISIBLE_CHILDREN[role]
    for name, child in world.children.items():
        assert permissions.can_view_child(user, child) is (name in VISIBLE_CHILDREN[role]), name


def test_visible_cases_lists_a_case_with_several_victims_once(world):
    services.victim_add(case=world.cases["north"], by=world.users["manager"], display_name="Second victim")
    cases = list(permissions.visible_cases(world.users["victim_worker"]))
    assert len(cases) == len(set(cases)) == 2


def test_a_south_case_worker_cannot_see_a_restricted_north_case(world):
    user = world.users["south_case_worker"]
    restricted = world.cases["north_restricted_mine"]
    assert not permissions.can_view_case(user, restricted)
    with pytest.raises(Http404):
        selectors.case_get(user=user, case_id=restricted.pk)
    with pytest.raises(Http404):
        selectors.child_get(user=user, child_id=restricted.child_id)
    assert selectors.child_search(user=user, query="Mine") == []


def test_a_case_worker_sees_a_restricted_case_once_allocated(world):
    user, case = world.users["case_worker"], world.cases["north_restricted_other"]
    assert not permissions.can_view_case(user, case)
    services.case_allocate(case=case, by=world.users["manager"], to=user)
    user = User.objects.get(pk=user.pk)
    assert permissions.can_view_case(user, case)


def test_a_single_case_can_be_shared_through_an_object_permission(world):
    user, case = world.users["south_case_worker"], world.cases["north_restricted_other"]
    assign_perm("cases.view_case", user, case)
    assert permissions.can_view_case(user, case)
    assert permissions.can_view_child(user, case.child)
    assert not permissions.can_view_case(user, world.cases["north_restricted_mine"])


def test_a_case_can_be_shared_with_a_group(world):
    from django.contrib.auth.models import Group

    user, case = world.users["south_case_worker"], world.cases["north_restricted_other"]
    cover = Group.objects.create(name="Cover for North")
    user.groups.add(cover)
    assign_perm("cases.view_case", cover, case)
    user = User.objects.get(pk=user.pk)
    assert permissions.can_view_case(user, case)
    assert [found.child for found in selectors.child_search(user=user, query="Other")] == [case.child]


def test_an_inactive_user_sees_nothing(world):
    user = world.users["manager"]
    user.is_active = False
    user.save()
    assert not permissions.visible_cases(user).exists()
    assert not permissions.visible_children(user).exists()


@pytest.mark.parametrize(
    ("role", "sees_records"),
    [
        ("case_worker", True),
        ("manager", True),
        ("victim_worker", True),
        ("head", True),
        ("police", False),
        ("board", False),
        ("panel", False),
        ("api_client", False),
    ],
)
def test_who_sees_case_records(world, role, sees_records):
    user = world.users[role]
    assert permissions.can_see_case_records(user) is sees_records
    assessments = selectors.assessment_list(user=user)
    victims = selectors.victim_list(user=user)
    if not sees_records:
        assert not assessments.exists()
        assert not victims.exists()
    else:
        assert {a.case_id for a in assessments} == {world.cases[name].pk for name in VISIBLE_CASES[role]}


def test_police_see_every_childs_identity_and_flags_but_no_case(world):
    police = world.users["police"]
    services.flag_raise(child=world.children["south_restricted"], by=police, flag_type="weapons")
    child = selectors.child_get(user=police, child_id=world.children["south_restricted"].pk)
    assert [flag.flag_type for flag in child.active_flags] == ["weapons"]
    with pytest.raises(Http404):
        selectors.case_get(user=police, case_id=world.cases["south_restricted"].pk)
    assert selectors.child_timeline(user=police, child=child)[0].kind == "flag"
    assert {event.kind for event in selectors.child_timeline(user=police, child=child)} == {"flag"}


def test_only_victim_workers_see_victim_contact_details(world):
    for role, user in world.users.items():
        assert permissions.can_see_victim_contact_details(user) is (role == "victim_worker"), role


@pytest.mark.parametrize(
    ("role", "may"),
    [
        ("case_worker", False),
        ("other_case_worker", False),
        ("manager", True),
        ("south_manager", False),
        ("head", False),
        ("police", False),
    ],
)
def test_who_manages_a_north_case(world, role, may):
    assert permissions.can_manage_case(world.users[role], world.cases["north"]) is may


@pytest.mark.parametrize(
    ("role", "may"),
    [
        ("case_worker", True),
        ("other_case_worker", True),
        ("south_case_worker", False),
        ("manager", True),
        ("south_manager", False),
        ("head", False),  # reads everything, records nothing
        ("police", False),
        ("victim_worker", False),
        ("board", False),
    ],
)
def test_who_works_on_a_north_case(world, role, may):
    assert permissions.can_work_on_case(world.users[role], world.cases["north"]) is may


def test_nobody_works_on_a_closed_case(world):
    case = services.case_close(
        case=world.cases["north"], by=world.users["manager"], end_date=date(2026, 10, 1), reason="Done"
    )
    assert not permissions.can_work_on_case(world.users["case_worker"], case)
    assert not permissions.can_work_on_case(world.users["manager"], case)


def test_countersigning_rules(world):
    case = world.cases["north"]
    case_worker, manager = world.users["case_worker"], world.users["manager"]
    assert permissions.can_countersign(manager, case, author_id=case_worker.pk)
    assert not permissions.can_countersign(manager, case, author_id=manager.pk)
    assert not permissions.can_countersign(case_worker, case, author_id=world.users["other_case_worker"].pk)
    assert not permissions.can_countersign(world.users["south_manager"], case, author_id=case_worker.pk)
    assert not permissions.can_countersign(world.users["head"], case, author_id=case_worker.pk)


def test_who_opens_cases_for_which_team(world, team_north, team_south):
    assert permissions.can_open_case(world.users["case_worker"], team_north.pk)
    assert not permissions.can_open_case(world.users["case_worker"], team_south.pk)
    assert permissions.can_open_case(world.users["manager"], team_north.pk)
    assert not permissions.can_open_case(world.users["police"], team_north.pk)
    assert not permissions.can_open_case(world.users["head"], team_north.pk)


@pytest.mark.parametrize(
    ("role", "may"),
    [("case_worker", True), ("manager", True), ("police", True), ("victim_worker", False), ("board", False)],
)
def test_who_raises_flags(world, role, may):
    assert permissions.can_raise_flag(world.users[role]) is may


def test_a_board_member_sees_no_named_child(world):
    board = world.users["board"]
    assert selectors.child_search(user=board, query="Northern") == []
    assert selectors.child_search(user=board, query="01/06/2011") == []
    with pytest.raises(Http404):
        selectors.child_get(user=board, child_id=world.children["north"].pk)
    assert selectors.caseload(user=board) == []


def test_the_timeline_of_a_child_the_user_may_not_see_is_not_found(world):
    child = world.children["north_restricted_other"]
    services.flag_raise(child=child, by=world.users["police"], flag_type="threat_to_life", note="Osman warning")
    for role in ("board", "south_case_worker", "case_worker", "victim_worker"):
        with pytest.raises(Http404):
            selectors.child_timeline(user=world.users[role], child=child)
    assert selectors.child_timeline(user=world.users["other_case_worker"], child=child)
