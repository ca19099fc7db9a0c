"""Schemathesis against the API's own OpenAPI schema, as every demo role and anonymously.

Each operation of ``/api/schema/`` is called in-process (WSGI) with generated input, on
the demo service's data; path ids are mostly real ones, so detail endpoints and actions
run on real children, cases, requests, referrals and runs. Every response must be a
non-5xx with a documented status code, content type, headers and body.

Besides what the schema allows, it sends input at the edges (issue #17): boundary dates
(year 1, 1900, today, 9999-12-31) wherever a date or date-time goes, and bodies and query
strings whose text is 100 kB long or carries invisible and direction-changing characters.

``FUZZ_EXAMPLES`` sets the examples generated per operation (small here, so the suite
stays quick; ``make fuzz`` runs many more). ``FUZZ_OPERATIONS`` (words, comma-separated)
keeps the operations whose label contains one of them, e.g. ``POST /api/v1/cases/``.
"""

import copy
import os
import traceback

import pytest
import schemathesis
from django.apps import apps
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode

from cases.models import Assessment, Case, CaseTransfer, Child, Flag, Plan, Review, Victim
from custody.models import CustodyRecord, IngestRun
from governance.models import BoardReport
from intelligence.models import InformationRequest
from oocd.models import Condition, ConditionFailure, Decision, Panel, Referral, ScrutinyItem, ScrutinySample
from risk.models import Action, Hearing, Mappa, Marac, Meeting, SocialCareStatus
from yjs.models import Team

from .conftest import IDENTITIES, SecurityData

pytestmark = pytest.mark.fuzz

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
# The suite's short run draws the same examples each time (a failure is reproducible); a run
# with FUZZ_EXAMPLES set (``make fuzz``) draws new ones.
DERANDOMIZE = "FUZZ_EXAMPLES" not in os.environ
# The token endpoint's throttle counts by address: fuzz from one of our own (TEST-NET-1),
# so other tests signing in from 127.0.0.1 are not throttled by this one.
FUZZ_ADDRESS = "192.0.2.91"
FUZZ_OPERATIONS = [words.strip() for words in os.environ.get("FUZZ_OPERATIONS", "").split(",") if words.strip()]

# Input at the edges: the dates where date arithmetic overflows or a year is mistyped, and text
# too long for any field or carrying characters that change how a name reads.
TODAY = timezone.localdate()
# (The last date first: Hypothesis draws the first of a list most, and date arithmetic near it overflows.)
BOUNDARY_DATES = ["9999-12-31", "0001-01-01", "1899-12-31", "1900-01-01", str(TODAY)]
BOUNDARY_DATETIMES = [
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59-05:00",
    "0001-01-01T00:00:00Z",
    "1900-01-01T00:00:00Z",
    timezone.now().isoformat(),
]
EDGE_TEXT = [
    "x" * 100_000,
    "\u202eevil\u202c name",
    "Zoe\u0308\u200b\u200d\ufeff",
    "\u2066" * 300,
]

# Each path parameter and the rows it names; a few real ids of each, from both teams.
PATH_PARAMETER_MODELS = {
    "action_id": Action,
    "assessment_id": Assessment,
    "case_id": Case,
    "child_id": Child,
    "condition_id": Condition,
    "decision_id": Decision,
    "failure_id": ConditionFailure,
    "flag_id": Flag,
    "hearing_id": Hearing,
    "item_id": ScrutinyItem,
    "mappa_id": Mappa,
    "marac_id": Marac,
    "meeting_id": Meeting,
    "panel_id": Panel,
    "plan_id": Plan,
    "record_id": CustodyRecord,
    "referral_id": Referral,
    "report_id": BoardReport,
    "request_id": InformationRequest,
    "review_id": Review,
    "run_id": IngestRun,
    "sample_id": ScrutinySample,
    "status_id": SocialCareStatus,
    "transfer_id": CaseTransfer,
    "victim_id": Victim,
}
# --- interventions ---
PATH_PARAMETER_MODELS |= {
    "intervention_id": apps.get_model("interventions", "Intervention"),
    "placement_id": apps.get_model("interventions", "ReparationPlacement"),
    "intervention_referral_id": apps.get_model("interventions", "InterventionReferral"),
    "restorative_justice_id": apps.get_model("interventions", "RestorativeJustice"),
    "safety_plan_id": apps.get_model("interventions", "VictimSafetyPlan"),
}
# --- court ---
PATH_PARAMETER_MODELS |= {
    "breach_id": apps.get_model("court", "BreachProceedings"),
    "court_hearing_id": apps.get_model("court", "Hearing"),
    "order_id": apps.get_model("court", "Order"),
    "pre_sentence_report_id": apps.get_model("court", "PreSentenceReport"),
    "referral_panel_id": apps.get_model("court", "ReferralPanel"),
    "resettlement_plan_id": apps.get_model("court", "ResettlementPlan"),
    "requirement_id": apps.get_model("court", "Requirement"),
    "spell_id": apps.get_model("court", "CustodySpell"),
    "volunteer_id": apps.get_model("court", "Volunteer"),
}
IDS_PER_PARAMETER = 12

# No 5xx, and the response as documented: status code, content type, headers and body.
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
# Not these: each user is signed in on purpose (ignored_auth), a schema-valid request may
# still be refused by the rules or the permissions (positive_data_acceptance), and the
# stateful checks need the stateful phase.
OTHER_CHECKS = (
    "positive_data_acceptance",
    "negative_data_rejection",
    "ignored_auth",
    "use_after_free",
    "ensure_resource_availability",
    "missing_required_header",
    "unsupported_method",
    "allow_header_conformance",
    "object_level_authorization",
)
CONFIG = {
    "checks": {
        **{name: {"enabled": True} for name in CHECKS},
        **{name: {"enabled": False} for name in OTHER_CHECKS},
    },
}


def _real_ids() -> dict[str, list[int]]:
    ids = {}
    for parameter, model in PATH_PARAMETER_MODELS.items():
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
        assert pks, f"the demo data has no {model.__name__} for {{{parameter}}}"
        step = max(1, len(pks) // IDS_PER_PARAMETER)
        ids[parameter] = pks[::step][:IDS_PER_PARAMETER]
    ids["team_id"] = list(Team.objects.order_by("pk").values_list("pk", flat=True))
    return ids


@pytest.fixture(scope="module")
def raw_schema(security_data: SecurityData, django_db_blocker) -> dict:
    """The schema as a signed-in user reads it at /api/schema/."""
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(security_data.users["head"])
        response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200, response.content[:500]
    return response.json()


@pytest.fixture
def server_errors():
    """Tracebacks of exceptions raised in views (Django answers them with a bare 500).

    As Django's test client does, requests leave the database connection alone: closing
    it at the end of a request would end the test's transaction.
    """
    errors: list[str] = []

    def record(sender, request=None, **kwargs):
        errors.append(traceback.format_exc())

    got_request_exception.connect(record)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield errors
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    got_request_exception.disconnect(record)


@pytest.fixture(scope="module")
def boundary_formats():
    """Dates and date-times at the edges, among those schemathesis draws (for this module only)."""
    defaults = schemathesis.specs.openapi.formats.get_default_format_strategies()
    for name, edges in (("date", BOUNDARY_DATES), ("date-time", BOUNDARY_DATETIMES)):
        schemathesis.openapi.format(name, st.one_of(st.sampled_from(edges), defaults[name]))
    yield
    for name in ("date", "date-time"):
        schemathesis.specs.openapi.formats.unregister_string_format(name)


def with_real_ids(body, real_ids: dict[str, list[int]]):
    """The body as drawn, or with its ids of rows (``child``, ``case``, ``team``…) those of real
    rows, so the input reaches the services (a case opened in 9999 needs a real child and team)."""
    if not isinstance(body, dict):
        return st.just(body)
    known = {key: st.sampled_from(real_ids[f"{key}_id"]) for key in body if f"{key}_id" in real_ids}
    if not known:
        return st.just(body)
    real = st.fixed_dictionaries(known).map(lambda ids: {**body, **ids})
    return st.one_of(real, real, st.just(body))


def with_edge_text(values):
    """The values as drawn, or with one text value (or every one) replaced by text at the edges."""
    if not isinstance(values, dict):
        return st.just(values)
    texts = [key for key, value in values.items() if isinstance(value, str)]
    if not texts:
        return st.just(values)
    one = st.builds(lambda key, text: {**values, key: text}, st.sampled_from(texts), st.sampled_from(EDGE_TEXT))
    every = st.sampled_from(EDGE_TEXT).map(lambda text: {**values, **dict.fromkeys(texts, text)})
    return st.one_of(st.just(values), one, every)


@pytest.fixture(scope="module")
def operations(raw_schema: dict, boundary_formats, django_db_blocker) -> list:
    """Each operation of the schema with the strategy of its cases (valid input and not), built
    once for every identity; path ids are mostly those of real rows (the user's to see or not)."""
    schema = schemathesis.openapi.from_dict(copy.deepcopy(raw_schema), config=SchemathesisConfig.from_dict(CONFIG))
    schema.app = WSGIHandler()
    with django_db_blocker.unblock():
        real_ids = _real_ids()

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        known = {name: st.sampled_from(real_ids[name]) for name in path_parameters or {} if name in real_ids}
        if not known:
            return st.just(path_parameters)
        real = st.fixed_dictionaries(known).map(lambda ids: {**path_parameters, **ids})
        return st.one_of(real, real, real, st.just(path_parameters))

    @schema.hook
    def flatmap_body(context, body):
        return with_real_ids(body, real_ids).flatmap(with_edge_text)

    @schema.hook
    def flatmap_query(context, query):
        return with_edge_text(query)

    chosen = (result.ok() for result in schema.get_all_operations())
    return [
        (operation, st.one_of(*(operation.as_strategy(mode) for mode in GenerationMode)))
        for operation in chosen
        if not FUZZ_OPERATIONS or any(words in operation.label for words in FUZZ_OPERATIONS)
    ]


@pytest.mark.parametrize("identity", [*IDENTITIES, "anonymous"])
def test_api_answers_as_its_schema_says(identity, operations, security_data, server_errors, db):
    headers = {}
    if identity != "anonymous":
        headers["Authorization"] = f"Token {security_data.tokens[identity]}"
    failures = []
    requests = 0

    for operation, strategy in operations:

        @settings(
            max_examples=FUZZ_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=DERANDOMIZE,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            verbosity=Verbosity.quiet,
        )
        @given(case=strategy)
        def call(case):
            nonlocal requests
            requests += 1
            server_errors.clear()
            response = case.call(headers=headers, environ_base={"REMOTE_ADDR": FUZZ_ADDRESS})
            if server_errors:
                raise AssertionError(f"{response.status_code}, raised:\n{server_errors[-1]}")
            case.validate_response(response)

        try:
            call()
        except BaseExceptionGroup as group:  # the checks that failed
            failures.append(f"{operation.label} as {identity}:\n" + "\n".join(map(str, group.exceptions)))
        except AssertionError as exc:
            failures.append(f"{operation.label} as {identity}: {exc}")
        except Exception:  # every operation's failure is reported together
            failures.append(f"{operation.label} as {identity}: {traceback.format_exc()}")

    print(f"{identity}: {requests} requests to {len(operations)} operations")
    assert operations
    assert not failures, "\n\n".join(failures)
