"""No personal data in the logs: what the configured handlers write while a child is added,
found, viewed, refused and fails to save, and what gunicorn's access log writes."""

import datetime
import io
import logging
import runpy
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from gunicorn.config import Config
from gunicorn.glogging import Logger as GunicornLogger

from cases.models import Child
from cases.services import child_create
from cases.tests.factories import CaseFactory
from yjs.celery import _redact_worker_logs
from yjs.log_redaction import RedactingFormatter
from yjs.roles import Role
from yjs.tests.factories import UserFactory

FORENAMES, SURNAME, PNC_ID = "Zebedee", "Quillfeather", "18/445566Q"
SOCIAL_WORKER_EMAIL = "okonkwo-smith@leeds.example"
PERSONAL = [FORENAMES, SURNAME, PNC_ID, SOCIAL_WORKER_EMAIL, "LS6 2QT"]


@pytest.fixture
def log_output():
    """Everything logged, as the configured console handler would write it (its formatter and
    the loggers' levels from settings.LOGGING)."""
    configured = [
        handler for handler in logging.getLogger().handlers if isinstance(handler.formatter, RedactingFormatter)
    ]
    assert configured, "settings.LOGGING gives the root logger a redacting formatter"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configured[0].formatter)
    logging.getLogger().addHandler(handler)
    yield stream
    logging.getLogger().removeHandler(handler)


@pytest.fixture
def child(team_north, case_worker):
    child = child_create(
        by=case_worker,
        forenames=FORENAMES,
        surname=SURNAME,
        date_of_birth=datetime.date.today() - datetime.timedelta(days=15 * 365),
        pnc_id=PNC_ID,
        postcode="LS6 2QT",
        social_worker_email=SOCIAL_WORKER_EMAIL,
    )
    CaseFactory(child=child, team=team_north, allocated_to=case_worker, restricted=True)
    return child


def test_pages_and_api_about_a_child_log_no_personal_data(
    client, api_client, child, case_worker, team_north, log_output
):
    client.force_login(case_worker)
    assert client.get(reverse("cases:child_detail", args=[child.pk])).status_code == 200
    assert client.get(reverse("cases:child_search"), {"q": f"{FORENAMES} {SURNAME}"}).status_code == 200
    assert client.get(reverse("cases:child_search"), {"q": PNC_ID}).status_code == 200
    api_client.force_authenticate(case_worker)
    assert api_client.get("/api/v1/children/", {"search": SURNAME}).status_code == 200
    duplicate = {"surname": "Other", "forenames": FORENAMES, "date_of_birth": "2011-01-01", "pnc_id": PNC_ID}
    assert api_client.post("/api/v1/children/", duplicate, format="json").status_code == 400
    # Refused and missing: Django logs these (WARNING) with the path.
    other_worker = UserFactory(roles=[Role.CASE_WORKER], teams=[team_north])  # not allocated: restricted
    client.force_login(other_worker)
    assert client.get(reverse("cases:child_detail", args=[child.pk])).status_code in (403, 404)
    assert client.get(f"/cases/children/{child.pk}/nothing-here/?name={SURNAME}").status_code == 404
    # A failed sign-in with the child's name as the username.
    client.logout()
    client.post(reverse("login"), {"username": f"{FORENAMES}.{SURNAME}", "password": "wrong"})

    written = log_output.getvalue()
    assert "Not Found" in written  # the handler did capture the requests' log lines
    for value in PERSONAL:
        assert value not in written, value


def test_database_errors_are_logged_without_the_rows_values(child, log_output):
    try:
        with transaction.atomic():
            Child.objects.create(surname=SURNAME, forenames=FORENAMES, date_of_birth=child.date_of_birth, pnc_id=PNC_ID)
    except IntegrityError:
        logging.getLogger("django.request").exception("Internal Server Error: /cases/children/add/")
    try:
        with transaction.atomic():
            Child.objects.create(surname=SURNAME, forenames=None, date_of_birth=child.date_of_birth)
    except IntegrityError:
        logging.getLogger("custody.ingest").exception("Custody ingest run 7 failed after 3 of 9 rows")
    logging.getLogger("custody.notifications").error("Recipient refused: %s", SOCIAL_WORKER_EMAIL)

    written = log_output.getvalue()
    assert "child_pnc_id_unique" in written  # PostgreSQL's own message, traceback and all
    assert "Key (pnc_id)=([redacted]) already exists" in written
    assert "Failing row contains ([redacted])" in written
    for value in PERSONAL:
        assert value not in written, value


def test_the_worker_and_scheduler_logs_are_redacted_too():
    stream = io.StringIO()
    logger = logging.getLogger("tests.security.celery_worker")
    logger.addHandler(logging.StreamHandler(stream))
    logger.propagate = False
    _redact_worker_logs(logger=logger)  # what Celery's after_setup_logger signal runs

    logger.error("Could not send to %s: DETAIL:  Key (pnc_id)=(%s) already exists.", SOCIAL_WORKER_EMAIL, PNC_ID)

    assert stream.getvalue() == "Could not send to [email]: DETAIL:  Key (pnc_id)=([redacted]) already exists.\n"


def test_gunicorn_access_log_has_paths_without_query_strings_or_referrers():
    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    cfg = Config()
    cfg.set("access_log_format", config["access_log_format"])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/cases/children/?q={SURNAME}",
        "PATH_INFO": "/cases/children/",
        "QUERY_STRING": f"q={SURNAME}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.4",
        "HTTP_REFERER": f"https://yjs.example.gov.uk/cases/children/?q={FORENAMES}",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    atoms = GunicornLogger(cfg).atoms(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(seconds=0.2))

    line = cfg.access_log_format % atoms

    assert '"GET /cases/children/ HTTP/1.1" 200 1234' in line
    assert SURNAME not in line
    assert FORENAMES not in line
