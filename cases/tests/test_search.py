"""Child search: typo-tolerant names, aliases, dates of birth and PNC IDs, only what the user may see."""

from datetime import date

import pytest
from django.db import connection

from cases import permissions, search, selectors, services
from cases.models import CaseType, Child, ChildSearchKey
from cases.selectors import children as child_selectors
from yjs.models import User
from yjs.roles import Role
from yjs.tests.factories import UserFactory

PEOPLE = [
    # surname, forenames, date of birth, PNC ID
    ("Smith", "John", date(2011, 3, 14), "11/123456A"),
    ("Smith", "Mary Jane", date(2010, 7, 2), ""),
    ("Smyth", "Adam", date(2012, 1, 30), ""),
    ("Smithson", "Callum", date(2009, 11, 5), ""),
    ("Smith-Jones", "Olivia", date(2011, 8, 21), ""),
    ("O'Brien", "Siobhan", date(2010, 2, 2), "10/998877K"),
    ("Kowalski", "Zoë", date(2013, 4, 9), ""),
    ("Nowak", "Jakub", date(2012, 12, 12), ""),
    ("Okafor", "Chidi", date(2011, 3, 14), ""),
    ("Khan", "Muhammad Ali", date(2010, 5, 5), ""),
    ("Jones", "Tyler", date(2012, 6, 6), ""),
    ("Williams", "Ellie-Mae", date(2011, 9, 9), ""),
    ("MacDonald", "Lewis", date(2010, 10, 10), ""),
    ("Ahmed", "Fatima", date(2012, 2, 14), ""),
]


@pytest.fixture
def children(case_worker) -> dict[str, Child]:
    made = {}
    for surname, forenames, dob, pnc_id in PEOPLE:
        child = services.child_create(
            by=case_worker, surname=surname, forenames=forenames, date_of_birth=dob, pnc_id=pnc_id
        )
        made[f"{forenames} {surname}"] = child
    services.child_alias_add(child=made["Tyler Jones"], by=case_worker, surname="Baptiste", forenames="Ty")
    return made


def names(results) -> list[str]:
    return [f"{result.child.forenames} {result.child.surname}" for result in results]


def find(user: User, query: str) -> list[str]:
    return names(selectors.child_search(user=user, query=query))


# --- The keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("Zoë", "zoe"),
        ("Smith-Jones", "smith jones"),
        ("  ÉLODIE  d'Arcy ", "elodie darcy"),
        ("Nguyễn", "nguyen"),
    ],
)
def test_normalise(text, normalised):
    assert search.normalise(text) == normalised


def test_one_typo_apart_share_a_deletion_key():
    smith, smtih = search.token_keys("smith"), search.token_keys("smtih")
    assert "d:smth" in smith & smtih  # a transposition
    assert search.token_keys("smith") & search.token_keys("smiths")  # an extra letter
    assert search.token_keys("smith") & search.token_keys("smth")  # a missing one


def test_short_names_have_no_deletion_keys_of_their_own():
    assert [key for key in search.token_keys("ali") if key.startswith("d:")] == ["d:ali"]
    assert not [key for key in search.token_keys("jo") if key.startswith("d:")]


def test_a_short_name_meets_a_longer_one_a_letter_apart():
    assert "d:kan" in search.token_keys("kan") & search.token_keys("khan")
    assert "d:ali" in search.token_keys("ali") & search.token_keys("alli")


def test_keys_fit_the_column():
    assert all(
        len(key) <= 40 for key in search.name_keys(["Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft"])
    )


# --- Finding children --------------------------------------------------------------------


def test_finds_by_exact_surname(case_worker, children):
    assert set(find(case_worker, "Smith")) >= {"John Smith", "Mary Jane Smith"}


@pytest.mark.parametrize("query", ["Smtih", "Smitj", "Simth", "smith", "SMITH", "Smiht"])
def test_finds_a_misspelt_surname(case_worker, children, query):
    assert "John Smith" in find(case_worker, query)


def test_finds_a_misspelt_forename_and_surname(case_worker, children):
    assert find(case_worker, "Jhon Smtih")[0] == "John Smith"


def test_finds_names_in_either_order(case_worker, children):
    assert find(case_worker, "Smith John")[0] == "John Smith"
    assert find(case_worker, "Jane Mary Smith")[0] == "Mary Jane Smith"
    assert find(case_worker, "Jane Smith")[0] == "Mary Jane Smith"


@pytest.mark.parametrize("query", ["Smith-Jones", "Smith Jones", "Olivia Smith-Jones", "Jones Olivia"])
def test_finds_hyphenated_names(case_worker, children, query):
    assert "Olivia Smith-Jones" in find(case_worker, query)


@pytest.mark.parametrize("query", ["O'Brien", "OBrien", "obrien", "O’Brien", "Siobhan OBrian"])
def test_finds_apostrophe_names(case_worker, children, query):
    assert find(case_worker, query)[0] == "Siobhan O'Brien"


def test_finds_a_short_name_with_a_letter_missing_or_extra(case_worker, children):
    assert "Muhammad Ali Khan" in find(case_worker, "Kan")
    services.child_create(by=case_worker, surname="Ali", forenames="Omar", date_of_birth=date(2012, 3, 3))
    assert "Omar Ali" in find(case_worker, "Alli")


def test_finds_by_sound(case_worker, children):
    assert "Jakub Nowak" in find(case_worker, "Novak")
    assert "Lewis MacDonald" in find(case_worker, "McDonald")


def test_finds_accented_names_either_way(case_worker, children):
    assert find(case_worker, "Zoe Kowalski") == ["Zoë Kowalski"]
    assert find(case_worker, "Zoë Kowalski") == ["Zoë Kowalski"]


def test_finds_a_child_by_an_alias(case_worker, children):
    assert find(case_worker, "Baptiste") == ["Tyler Jones"]
    assert find(case_worker, "Ty Baptiste") == ["Tyler Jones"]
    assert find(case_worker, "Baptist") == ["Tyler Jones"]


@pytest.mark.parametrize("query", ["14/03/2011", "2011-03-14", "14-03-2011", "14.03.2011"])
def test_finds_by_date_of_birth(case_worker, children, query):
    assert set(find(case_worker, query)) == {"John Smith", "Chidi Okafor"}


def test_a_date_of_birth_narrows_a_name(case_worker, children):
    assert find(case_worker, "Smith 14/03/2011") == ["John Smith"]
    assert find(case_worker, "Smtih 02/07/2010") == ["Mary Jane Smith"]
    assert find(case_worker, "Jones 14/03/2011") == []


@pytest.mark.parametrize("query", ["11/123456A", "11/123456a", " 11/123456A "])
def test_finds_by_pnc_id(case_worker, children, query):
    assert find(case_worker, query) == ["John Smith"]


def test_an_unknown_pnc_id_finds_nobody(case_worker, children):
    assert find(case_worker, "11/123457A") == []


def test_an_empty_or_unrelated_query_finds_nobody(case_worker, children):
    assert find(case_worker, "") == []
    assert find(case_worker, "   ") == []
    assert find(case_worker, "Xylophone") == []
    assert find(case_worker, "'-") == []


# --- Ranking -----------------------------------------------------------------------------


def test_the_exact_match_ranks_first(case_worker, children):
    for extra in ("Adam", "Aaron", "Abigail"):
        services.child_create(by=case_worker, surname="Smith", forenames=extra, date_of_birth=date(2011, 1, 1))
    services.child_create(by=case_worker, surname="Smyth", forenames="Zara", date_of_birth=date(2011, 1, 1))
    zara = services.child_create(by=case_worker, surname="Smith", forenames="Zara", date_of_birth=date(2011, 1, 1))
    results = selectors.child_search(user=case_worker, query="Zara Smith")
    assert results[0].child == zara
    assert results[0].score > results[1].score


def test_the_exact_surname_ranks_above_a_near_one(case_worker, children):
    results = find(case_worker, "Smyth")
    assert results[0] == "Adam Smyth"
    assert set(find(case_worker, "Smith")[:2]) == {"John Smith", "Mary Jane Smith"}


@pytest.mark.parametrize("role", ["case_worker", "police_officer"])
def test_a_date_of_birth_narrows_before_the_candidates_are_cut(case_worker, police_officer, children, role):
    for i in range(110):
        services.child_create(by=case_worker, surname="Smith", forenames=f"Kid{i}", date_of_birth=date(2011, 1, 1))
    user = {"case_worker": case_worker, "police_officer": police_officer}[role]
    assert find(user, "Smith 02/07/2010") == ["Mary Jane Smith"]


def test_an_exact_match_is_not_crowded_out_by_many_near_ones(case_worker, children):
    """Candidates are cut off before ranking: the exact match must survive the cut."""
    for i in range(130):
        services.child_create(by=case_worker, surname="Smith", forenames=f"Kid{i}", date_of_birth=date(2011, 1, 1))
    assert find(case_worker, "John Smith")[0] == "John Smith"


@pytest.mark.parametrize("joins", ["as planned", "hash joins only"])
def test_the_candidates_are_the_best_scoring_visible_children_best_first(
    case_worker, children, restricted_south, joins
):
    """What ``_ranked_candidates`` returns is the ``limit`` visible children sharing the most
    weighted keys with the query, in that order (ties by id), whichever join PostgreSQL picks."""
    for i in range(40):
        services.child_create(
            by=case_worker,
            surname=("Smith", "Smyth", "Smithers")[i % 3],
            forenames=f"Kid{i}",
            date_of_birth=date(2011, 1, 1),
        )
    keys = search.name_keys(["John Smith"])
    visible = permissions.visible_children(case_worker)
    visible_ids = set(visible.values_list("pk", flat=True))
    scores: dict[int, int] = {}
    for child_id, key in ChildSearchKey.objects.filter(key__in=keys).values_list("child_id", "key"):
        if child_id in visible_ids:
            scores[child_id] = scores.get(child_id, 0) + search.key_weight(key)
    expected = sorted(scores, key=lambda child_id: (-scores[child_id], child_id))[:25]
    assert restricted_south.pk not in expected and len(expected) == 25

    with connection.cursor() as cursor:
        if joins == "hash joins only":
            cursor.execute("SET LOCAL enable_nestloop = off; SET LOCAL enable_mergejoin = off")
        found = child_selectors._ranked_candidates(keys, visible, 25)
        cursor.execute("RESET enable_nestloop; RESET enable_mergejoin")

    assert found == expected


# --- Only children the user may see ------------------------------------------------------------


@pytest.fixture
def restricted_south(team_south) -> Child:
    worker = UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])
    child = services.child_create(by=worker, surname="Smith", forenames="Hidden", date_of_birth=date(2011, 3, 14))
    services.case_open(
        child=child,
        by=worker,
        case_type=CaseType.REFERRAL_ORDER,
        team=team_south,
        start_date=date(2026, 1, 5),
        allocated_to=worker,
        restricted=True,
    )
    services.child_update(child=child, by=worker, pnc_id="11/555555B")
    return child


@pytest.mark.parametrize("query", ["Hidden Smith", "Smith", "Smtih", "14/03/2011", "11/555555B", "Hidden"])
def test_search_never_returns_a_child_the_user_may_not_see(case_worker, children, restricted_south, query):
    results = selectors.child_search(user=case_worker, query=query, limit=100)
    assert restricted_south not in [result.child for result in results]


def test_police_and_head_find_every_child(police_officer, children, restricted_south, team_north, team_south):
    head = UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])
    for user in (police_officer, head):
        assert find(user, "Hidden Smith")[0] == "Hidden Smith"
        assert find(user, "11/555555B") == ["Hidden Smith"]


def test_a_board_member_finds_nobody(board_member, children):
    assert find(board_member, "Smith") == []
    assert find(board_member, "14/03/2011") == []
    assert find(board_member, "11/123456A") == []


def test_the_limit_caps_the_results(case_worker, children):
    assert len(selectors.child_search(user=case_worker, query="Smith", limit=2)) == 2


def test_the_whole_name_breaks_a_tie(case_worker):
    exact = services.child_create(by=case_worker, surname="Smith", forenames="Paul", date_of_birth=date(2011, 1, 1))
    services.child_create(by=case_worker, surname="Smith", forenames="John Paul", date_of_birth=date(2011, 1, 1))
    results = selectors.child_search(user=case_worker, query="Paul Smith")
    assert [result.child for result in results][:1] == [exact]
    assert results[0].score == results[1].score == 100


def test_a_preferred_name_is_searched_with_the_surname(case_worker):
    services.child_create(
        by=case_worker, surname="Evans", forenames="William", preferred_name="Billy", date_of_birth=date(2011, 1, 1)
    )
    services.child_create(by=case_worker, surname="Evans", forenames="Rhys", date_of_birth=date(2011, 1, 1))
    assert find(case_worker, "Billy Evans")[0] == "William Evans"
