"""The API's shared behaviour: token sign-in, deny by default, JSON errors, object
permissions, pagination, and the OpenAPI schema and its docs page."""

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

import pytest
from django.contrib.admindocs.views import simplify_regex
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, include, path, reverse, set_script_prefix
from drf_spectacular.drainage import reset_generator_stats
from drf_spectacular.validation import validate_schema
from guardian.shortcuts import assign_perm
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from yjs.api.authentication import TokenAuthentication
from yjs.api.fields import ObjectPath
from yjs.api.tokens import api_token_create
from yjs.models import AuditAction, AuditEvent, Team, User
from yjs.roles import Role
from yjs.tests.factories import DEFAULT_TEST_PASSWORD, TeamFactory, UserFactory

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A cache of this module's own, so throttle counts neither carry over between
    tests nor meet those of a test run in parallel on the same Redis."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": __name__}}
    cache.clear()


# --- Throwaway views over the project's defaults, mounted with @throwaway_urls ---------


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "slug"]


class TeamViewSet(viewsets.ModelViewSet):
    """Default permissions, filter backends and pagination, as every app's API has."""

    queryset = Team.objects.order_by("name")
    serializer_class = TeamSerializer


class EchoSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=10)

    def validate(self, attrs: dict) -> dict:
        if attrs["name"] == "nobody":
            raise serializers.ValidationError("Enter a real name")
        return attrs


class EchoApi(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        serializer = EchoSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data)


RAISES: dict[str, Callable[[], Exception]] = {
    "service-field": lambda: DjangoValidationError({"systems_searched": "Select the systems you searched"}),
    "service-fields": lambda: DjangoValidationError(
        {"reason": ["Enter a reason", "Say why it is necessary"], NON_FIELD_ERRORS: "The request was supplied"}
    ),
    "service-message": lambda: DjangoValidationError("The request was supplied", code="supplied"),
    "service-messages": lambda: DjangoValidationError(["The request was supplied", "Add an addendum instead"]),
    "service-params": lambda: DjangoValidationError("Enter a date after %(date)s", params={"date": "1 April 2026"}),
    "not-found": lambda: Http404("No such request"),
    "permission-denied": lambda: PermissionDenied(),
}


class RaiseApi(APIView):
    permission_classes = [AllowAny]

    def get(self, request, kind: str):
        raise RAISES[kind]()


router = SimpleRouter()
router.register("teams", TeamViewSet, basename="team")
urlpatterns = [
    path("api/", include(router.urls)),
    path("api/echo/", EchoApi.as_view()),
    path("api/raise/<str:kind>/", RaiseApi.as_view()),
]
throwaway_urls = pytest.mark.urls(__name__)


# --- Token ---------------------------------------------------------------------------


def get_token(client, username: str, password: str = DEFAULT_TEST_PASSWORD, **extra):
    return client.post(TOKEN_URL, {"username": username, "password": password}, format="json", **extra)


def test_a_token_is_issued_for_a_correct_username_and_password(api_client, case_worker):
    response = get_token(api_client, "caseworker")

    assert response.status_code == 200
    token = response.json()["token"]
    assert list(response.json()) == ["token"]
    # Stored as its digest only; each sign-in makes a new token.
    assert AuthToken.objects.get(user=case_worker).digest == hash_token(token)
    assert not AuthToken.objects.filter(digest=token).exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=case_worker).exists()
    assert get_token(api_client, "caseworker").json()["token"] != token


def test_the_token_authenticates_requests(api_client, case_worker):
    token = get_token(api_client, "caseworker").json()["token"]

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert api_client.get("/api/schema/").status_code == 200


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"username": "caseworker"}, {"password": ["This field is required."]}),
        ({}, {"username": ["This field is required."], "password": ["This field is required."]}),
        (
            {"username": "", "password": ""},
            {"username": ["This field may not be blank."], "password": ["This field may not be blank."]},
        ),
        ({"username": "case\x00worker", "password": "x"}, {"username": ["Null characters are not allowed."]}),
        ([], {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}),
    ],
)
def test_token_request_errors_are_field_level(api_client, case_worker, body, errors):
    response = api_client.post(TOKEN_URL, body, format="json")

    assert response.status_code == 400
    assert response.json() == errors


def test_a_wrong_password_is_refused_and_audited(api_client, case_worker):
    response = get_token(api_client, "caseworker", "wrong-password")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Enter a correct username and password"]}
    assert not AuthToken.objects.exists()
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.actor_username == "caseworker"
    assert "wrong-password" not in str(failed.detail)


def test_an_inactive_user_gets_no_token(api_client, db):
    UserFactory(username="left", is_active=False)

    response = get_token(api_client, "left")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Enter a correct username and password"]}
    assert not AuthToken.objects.exists()


def test_failed_token_requests_lock_the_account_with_a_json_error(api_client, client, case_worker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert get_token(api_client, "caseworker", "wrong-password").status_code == 400

    locking = get_token(api_client, "caseworker", "wrong-password")
    locked = get_token(api_client, "caseworker")

    for response in (locking, locked):
        assert response.status_code == 429
        assert response["Content-Type"] == "application/json"
        assert response.json() == {
            "detail": "This account is locked after too many failed sign-in attempts. Try again later."
        }
        assert int(response["Retry-After"]) == round(settings.AXES_COOLOFF_TIME * 3600)
    assert not AuthToken.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, actor_username="caseworker").exists()
    # One lock: the sign-in page refuses the account too.
    signed_in = client.post(reverse("login"), {"username": "caseworker", "password": DEFAULT_TEST_PASSWORD})
    assert signed_in.status_code == 429


def test_a_lockout_is_per_account(api_client, case_worker, team_manager, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        get_token(api_client, "caseworker", "wrong-password")

    assert get_token(api_client, "manager").status_code == 200


def test_a_token_resets_the_failure_count(api_client, case_worker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        get_token(api_client, "caseworker", "wrong-password")
    assert get_token(api_client, "caseworker").status_code == 200

    assert get_token(api_client, "caseworker", "wrong-password").status_code == 400


def test_token_requests_are_throttled_per_address_whatever_x_forwarded_for_says(api_client, db):
    allowed, _ = ScopedRateThrottle().parse_rate(ScopedRateThrottle.THROTTLE_RATES["token"])

    # A different username each time, so that the account lockout never answers first.
    for attempt in range(allowed):
        response = get_token(api_client, f"guess{attempt}", "x", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
        assert response.status_code == 400

    throttled = get_token(api_client, "guess", "x", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert throttled.status_code == 429
    assert throttled.json()["detail"].startswith("Request was throttled")
    assert int(throttled["Retry-After"]) > 0
    assert get_token(api_client, "guess", "x", REMOTE_ADDR="192.0.2.10").status_code == 400


# --- Deny by default ---------------------------------------------------------------------


def api_paths() -> list[str]:
    """Every URL pattern under /api/, with a sample value for each parameter."""

    def routes(patterns: list, prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from routes(pattern.url_patterns, route)
            else:
                yield route

    paths = {simplify_regex(route) for route in routes(get_resolver().url_patterns, "")}
    sample = {"format": "json"}
    return sorted(
        re.sub(r"<(?:\w+:)?(\w+)>", lambda match: sample.get(match[1], "1"), api_path)
        for api_path in paths
        if api_path.startswith("/api/")
    )


PUBLIC_API_PATHS = {TOKEN_URL}


def test_the_url_walk_finds_the_api():
    assert {TOKEN_URL, "/api/schema/", "/api/docs/"} <= set(api_paths())


@pytest.mark.parametrize("api_path", [p for p in api_paths() if p not in PUBLIC_API_PATHS])
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_api_path_refuses_anonymous_requests(api_client, db, api_path, method):
    response = getattr(api_client, method)(api_path)

    assert response.status_code in (401, 403), response
    if response.status_code == 401:
        assert response["WWW-Authenticate"] == "Token"


def test_the_docs_script_refuses_anonymous_requests(api_client, db):
    assert api_client.get("/api/docs/?script=").status_code == 401


def test_the_token_path_is_public_for_post_only(api_client, db):
    assert api_client.get(TOKEN_URL).status_code == 405


def test_a_bad_token_is_refused(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    response = api_client.get("/api/schema/")

    assert response.status_code == 401
    assert response.data == {"detail": "Invalid token."}


def test_a_deactivated_users_token_is_refused(api_client, case_worker):
    token = api_token_create(user=case_worker)
    case_worker.is_active = False
    case_worker.save()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = api_client.get("/api/schema/")

    assert response.status_code == 401
    assert response.data == {"detail": "User inactive or deleted."}


def test_a_token_reads_its_user_with_roles_and_teams_in_one_statement(case_worker, team_north, team_south):
    case_worker.teams.add(team_south)
    key = api_token_create(user=case_worker)
    token = AuthToken.objects.get(user=case_worker)
    expected = User.objects.get(pk=case_worker.pk)

    with CaptureQueriesContext(connection) as queries:
        user, auth = TokenAuthentication().authenticate_credentials(key)
        roles, team_ids = user.roles, user.team_ids

    assert len(queries) == 1
    assert (roles, team_ids) == expected.access == (frozenset([Role.CASE_WORKER]), {team_north.pk, team_south.pk})
    assert {field.attname: getattr(user, field.attname) for field in User._meta.concrete_fields} == {
        field.attname: getattr(expected, field.attname) for field in User._meta.concrete_fields
    }
    assert (auth.pk, auth.user, auth.created, auth.expiry) == (token.pk, expected, token.created, token.expiry)


def test_an_object_path_is_the_reversed_path_under_any_script_prefix():
    path = ObjectPath("api:oocd-api:decision-document", "decision_id")
    try:
        for prefix in ("/", "/yjs/", "/"):
            set_script_prefix(prefix)
            for decision_id in (1, 7, 123456789):
                assert path(decision_id) == reverse("api:oocd-api:decision-document", args=[decision_id])
    finally:
        set_script_prefix("/")


# --- JSON errors ---------------------------------------------------------------------------


@throwaway_urls
@pytest.mark.parametrize(
    ("kind", "status", "body"),
    [
        ("service-field", 400, {"systems_searched": ["Select the systems you searched"]}),
        (
            "service-fields",
            400,
            {
                "reason": ["Enter a reason", "Say why it is necessary"],
                "non_field_errors": ["The request was supplied"],
            },
        ),
        ("service-message", 400, {"non_field_errors": ["The request was supplied"]}),
        ("service-messages", 400, {"non_field_errors": ["The request was supplied", "Add an addendum instead"]}),
        ("service-params", 400, {"non_field_errors": ["Enter a date after 1 April 2026"]}),
        ("not-found", 404, {"detail": "No such request"}),
        ("permission-denied", 403, {"detail": "You do not have permission to perform this action."}),
    ],
)
def test_exceptions_become_json_errors(api_client, db, kind, status, body):
    response = api_client.get(f"/api/raise/{kind}/")

    assert response.status_code == status
    assert response.json() == body


@throwaway_urls
def test_serializer_errors_keep_the_field_level_shape(api_client, db):
    too_long = api_client.post("/api/echo/", {"name": "a name far too long"}, format="json")
    invalid = api_client.post("/api/echo/", {"name": "nobody"}, format="json")

    assert too_long.status_code == invalid.status_code == 400
    assert too_long.json() == {"name": ["Ensure this field has no more than 10 characters."]}
    assert invalid.json() == {"non_field_errors": ["Enter a real name"]}


@throwaway_urls
@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("application/json", b'{"name": ', 400),
        ("application/json", b'{"name": "\xff"}', 400),
        ("application/json", b"[1, 2", 400),
        ("multipart/form-data; boundary=", b"--\r\nnot multipart", 400),
        ("multipart/form-data", b"name=Ann", 400),
        ("text/csv", b"name\nAnn", 415),
        ("application/xml", b"<name>Ann</name>", 415),
    ],
)
def test_unreadable_bodies_are_client_errors(api_client, db, content_type, body, status):
    response = api_client.generic("POST", "/api/echo/", body, content_type=content_type)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


# --- Object permissions and the filter backend --------------------------------------------------


def grant_globally(user: User, codename: str) -> None:
    """A model-level permission through a group, as a role would hold it."""
    group, _ = Group.objects.get_or_create(name=f"can {codename}")
    group.permissions.add(Permission.objects.get(content_type__app_label="yjs", codename=codename))
    user.groups.add(group)


@pytest.fixture
def stranger(db) -> User:
    return UserFactory(username="stranger")


@pytest.fixture
def as_stranger(api_client, stranger):
    api_client.force_authenticate(stranger)
    return api_client


def names(response) -> list[str]:
    return [team["name"] for team in response.json()["results"]]


@throwaway_urls
def test_anonymous_users_are_asked_to_authenticate(api_client, team_north):
    assert api_client.get("/api/teams/").status_code == 401
    assert api_client.get(f"/api/teams/{team_north.pk}/").status_code == 401


@throwaway_urls
def test_without_permission_the_list_is_empty_and_objects_are_not_found(as_stranger, team_north):
    assert as_stranger.get("/api/teams/").json() == {"next": None, "previous": None, "results": []}
    assert as_stranger.get(f"/api/teams/{team_north.pk}/").status_code == 404
    assert as_stranger.patch(f"/api/teams/{team_north.pk}/", {"name": "Renamed"}).status_code == 404
    assert as_stranger.delete(f"/api/teams/{team_north.pk}/").status_code == 404


@throwaway_urls
def test_an_object_permission_shows_that_object_only(as_stranger, stranger, team_north, team_south):
    assign_perm("yjs.view_team", stranger, team_north)

    assert names(as_stranger.get("/api/teams/")) == ["North"]
    assert as_stranger.get(f"/api/teams/{team_north.pk}/").json()["name"] == "North"
    assert as_stranger.get(f"/api/teams/{team_south.pk}/").status_code == 404


@throwaway_urls
def test_an_object_permission_through_a_group_counts(as_stranger, stranger, team_north, team_south):
    group = Group.objects.create(name="North readers")
    stranger.groups.add(group)
    assign_perm("yjs.view_team", group, team_north)

    assert names(as_stranger.get("/api/teams/")) == ["North"]


@throwaway_urls
def test_a_model_permission_through_a_group_shows_every_object(as_stranger, stranger, team_north, team_south):
    grant_globally(stranger, "view_team")

    assert names(as_stranger.get("/api/teams/")) == ["North", "South"]
    assert as_stranger.get(f"/api/teams/{team_south.pk}/").status_code == 200


@throwaway_urls
def test_changing_needs_the_change_permission_as_well_as_view(as_stranger, stranger, team_north):
    url = f"/api/teams/{team_north.pk}/"
    assign_perm("yjs.view_team", stranger, team_north)

    assert as_stranger.patch(url, {"name": "Renamed"}).status_code == 403

    assign_perm("yjs.change_team", stranger, team_north)
    assert as_stranger.patch(url, {"name": "Renamed"}).status_code == 200
    team_north.refresh_from_db()
    assert team_north.name == "Renamed"


@throwaway_urls
def test_model_and_object_permissions_combine(as_stranger, stranger, team_north, team_south):
    grant_globally(stranger, "change_team")
    assign_perm("yjs.view_team", stranger, team_north)

    assert as_stranger.patch(f"/api/teams/{team_north.pk}/", {"name": "Renamed"}).status_code == 200
    assert as_stranger.patch(f"/api/teams/{team_south.pk}/", {"name": "Renamed"}).status_code == 404


@throwaway_urls
def test_deleting_needs_the_delete_permission(as_stranger, stranger, team_north):
    assign_perm("yjs.view_team", stranger, team_north)
    assert as_stranger.delete(f"/api/teams/{team_north.pk}/").status_code == 403

    assign_perm("yjs.delete_team", stranger, team_north)
    assert as_stranger.delete(f"/api/teams/{team_north.pk}/").status_code == 204
    assert not Team.objects.filter(pk=team_north.pk).exists()


@throwaway_urls
def test_creating_needs_the_model_add_permission(as_stranger):
    assert as_stranger.post("/api/teams/", {"name": "East", "slug": "east"}).status_code == 403


@throwaway_urls
def test_the_model_add_permission_allows_creating(as_stranger, stranger):
    grant_globally(stranger, "add_team")

    assert as_stranger.post("/api/teams/", {"name": "East", "slug": "east"}).status_code == 201
    assert Team.objects.filter(slug="east").exists()


@throwaway_urls
def test_a_superuser_sees_everything(api_client, team_north, team_south):
    api_client.force_authenticate(UserFactory(username="admin", is_superuser=True))

    assert names(api_client.get("/api/teams/")) == ["North", "South"]


# --- Pagination --------------------------------------------------------------------------------


@throwaway_urls
def test_pages_follow_page_size(as_stranger, stranger, team_north, team_south):
    grant_globally(stranger, "view_team")
    TeamFactory(name="East")

    first = as_stranger.get("/api/teams/", {"page_size": 2}).json()
    second = as_stranger.get("/api/teams/", {"page_size": 2, "page": 2}).json()

    assert set(first) == {"next", "previous", "results"}
    assert [team["name"] for team in first["results"]] == ["East", "North"]
    assert first["next"].endswith("/api/teams/?page=2&page_size=2")
    assert first["previous"] is None
    assert [team["name"] for team in second["results"]] == ["South"]
    assert second["next"] is None
    assert second["previous"].endswith("/api/teams/?page_size=2")


@throwaway_urls
def test_later_pages_keep_the_lists_order(as_stranger, stranger):
    grant_globally(stranger, "view_team")
    Team.objects.bulk_create(Team(name=f"Team {n:02}", slug=f"team-{n}") for n in range(8))

    pages = [as_stranger.get("/api/teams/", {"page_size": 3, "page": page}).json() for page in (1, 2, 3)]

    assert [[team["name"] for team in page["results"]] for page in pages] == [
        ["Team 00", "Team 01", "Team 02"],
        ["Team 03", "Team 04", "Team 05"],
        ["Team 06", "Team 07"],
    ]
    assert pages[1]["next"] is not None
    assert pages[2]["next"] is None


@throwaway_urls
def test_a_full_last_page_has_no_next_page(as_stranger, stranger, team_north, team_south):
    grant_globally(stranger, "view_team")

    last = as_stranger.get("/api/teams/", {"page_size": 2}).json()

    assert len(last["results"]) == 2
    assert last["next"] is None


@throwaway_urls
def test_the_page_after_the_last_is_not_found(as_stranger, stranger, team_north):
    grant_globally(stranger, "view_team")

    assert as_stranger.get("/api/teams/", {"page": 2}).status_code == 404
    assert as_stranger.get("/api/teams/", {"page": 0}).status_code == 404
    assert as_stranger.get("/api/teams/", {"page": "last"}).status_code == 404
    assert as_stranger.get("/api/teams/", {"page": 1}).status_code == 200


@throwaway_urls
def test_an_empty_list_is_one_empty_page(as_stranger, stranger):
    grant_globally(stranger, "view_team")

    assert as_stranger.get("/api/teams/").json() == {"next": None, "previous": None, "results": []}


@throwaway_urls
def test_a_page_size_that_is_not_a_positive_number_takes_the_default(as_stranger, stranger, team_north):
    grant_globally(stranger, "view_team")

    for size in ("0", "-3", "many"):
        assert len(as_stranger.get("/api/teams/", {"page_size": size}).json()["results"]) == 1


@throwaway_urls
def test_page_size_is_at_most_500(as_stranger, stranger):
    grant_globally(stranger, "view_team")
    Team.objects.bulk_create(Team(name=f"Team {n:03}", slug=f"team-{n}") for n in range(501))

    response = as_stranger.get("/api/teams/", {"page_size": 1000}).json()

    assert len(response["results"]) == 500
    assert response["next"] is not None


@throwaway_urls
def test_lists_default_to_pages_of_50(as_stranger, stranger):
    grant_globally(stranger, "view_team")
    Team.objects.bulk_create(Team(name=f"Team {n:03}", slug=f"team-{n}") for n in range(51))

    assert len(as_stranger.get("/api/teams/").json()["results"]) == 50


# --- Schema and docs -------------------------------------------------------------------------


@pytest.fixture
def signed_in(api_client, case_worker):
    api_client.force_authenticate(case_worker)
    return api_client


def test_the_schema_is_valid_openapi_3(signed_in):
    response = signed_in.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


def test_the_schema_documents_the_token_endpoint(signed_in):
    schema = signed_in.get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"][TOKEN_URL]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CredentialsRequest"
    }
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Token"
    }
    assert {"400", "429"} <= set(operation["responses"])
    assert "security" not in operation
    assert set(schema["components"]["schemas"]["CredentialsRequest"]["required"]) == {"username", "password"}


def test_every_operation_documents_the_errors_it_can_answer(signed_in):
    """Checked against real answers by the API fuzzing (tests/security/test_api_fuzz.py)."""
    schema = signed_in.get("/api/schema/", {"format": "json"}).json()
    for url, methods in schema["paths"].items():
        if url == TOKEN_URL:  # public; documents its own 400 and 429
            continue
        for method, operation in methods.items():
            codes = set(operation["responses"])
            assert "401" in codes, f"{method} {url}"
            if method != "get":
                assert {"400", "403", "415"} <= codes, f"{method} {url}"
            if "{" in url:
                assert "404" in codes, f"{method} {url}"
    assert schema["components"]["schemas"]["ErrorDetail"]["required"] == ["detail"]


def test_an_unknown_api_path_answers_json_and_a_page_path_the_page(signed_in, client, case_worker):
    response = signed_in.get("/api/v1/children/not-a-number/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    client.force_login(case_worker)
    page = client.get("/cases/not-a-page/")
    assert page.status_code == 404
    assert "Page not found" in page.content.decode()


def test_the_schema_generates_without_warnings(db, tmp_path):
    reset_generator_stats()  # counted per process: only this generation's warnings should count

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


class Assets(HTMLParser):
    """The files a page loads, and any inline code or style, which a strict CSP refuses."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("style"):
            self.inline.append(f"<{tag} style>")
        if tag in ("script", "style"):
            self._inside = tag
        if tag == "script" and found.get("src"):
            self.urls.append(found["src"])
        elif tag == "link" and found.get("href"):
            self.urls.append(found["href"])

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside and data.strip():
            self.inline.append(f"<{self._inside}>{data}")


def test_the_docs_page_works_offline_under_a_strict_csp(signed_in, settings):
    response = signed_in.get("/api/docs/")

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(directive.strip().split(" ", 1) for directive in policy.split(";"))
    assert directives["script-src"].startswith("'self'")
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assets = Assets()
    assets.feed(response.content.decode())
    assert assets.inline == []
    assert "/api/docs/?script=" in assets.urls
    for url in assets.urls:
        assert url.startswith("/"), f"{url} is not served by this site"
        assert signed_in.get(url).status_code == 200, url
    assert any(url.startswith(f"{settings.STATIC_URL}drf_spectacular_sidecar/") for url in assets.urls)


def test_the_docs_script_is_served_as_javascript(signed_in):
    response = signed_in.get("/api/docs/?script=")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()
