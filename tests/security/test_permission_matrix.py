"""One permission matrix: every URL the resolver knows × every demo role (and no one signed in).

Each row of ``MATRIX`` is a request (a URL pattern, a method, a real North row in the path and
a valid body) and the status DESIGN.md §2 and §3 give each of the columns below. ``LISTS``
says, for each list endpoint, which teams' rows each role may see. A URL pattern without a row
fails ``test_every_url_pattern_has_a_row``, so a new endpoint or page cannot go unchecked.

Statuses: a number, ``login`` (a redirect to the sign-in page) or ``302`` (a redirect elsewhere).
The API answers 401 to no one signed in; 404 where even a row's existence must not leak (another
team's case, a row the role never sees); 403 where the user sees the row but may not do this;
400 where an id in the body names a row the user may not see ("Select a valid child").
"""

import csv
import datetime
import io
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases.models import Case, CaseStatus
from governance.models import BoardReport
from intelligence.models import InformationRequest
from oocd.models import Decision
from oocd.tests.factories import minimal_pdf
from yjs.models import AuditAction, AuditEvent, Team, User
from yjs.roles import Role

from .conftest import DEMO_TEST_PASSWORD, SecurityData
from .targets import Targets, build_targets

COLUMNS = (
    "caseworker",
    "caseworker2",
    "manager",
    "police",
    "victimworker",
    "head",
    "board",
    "custody-feed",
    "panel",
    "anonymous",
)
LOGIN = "login"
REDIRECT = "302"
RECORD = os.environ.get("MATRIX_RECORD", "")  # "1" for every row, or a part of the URL names to record


@dataclass(frozen=True)
class Row:
    name: str
    expected: str  # one status per column, separated by spaces
    kwargs: Callable[[Targets], dict] = lambda t: {}
    method: str = "GET"
    data: Callable[[Targets], Any] | None = None
    query: dict | Callable[[Targets], dict] = field(default_factory=dict)
    multipart: bool = False

    @property
    def statuses(self) -> dict[str, str]:
        if RECORD:
            return {}
        values = self.expected.split()
        assert len(values) == len(COLUMNS), f"{self.name}: {len(values)} statuses for {len(COLUMNS)} columns"
        return dict(zip(COLUMNS, values, strict=True))

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:") or self.name in ("schema", "api-docs")

    def __str__(self) -> str:
        return f"{self.method} {self.name}"


def today() -> str:
    return timezone.localdate().isoformat()


def week_ago() -> str:
    return (timezone.localdate() - datetime.timedelta(days=7)).isoformat()


def an_hour_ago() -> str:
    return (timezone.now() - datetime.timedelta(hours=1)).isoformat()


def child(t: Targets) -> dict:
    return {"child_id": t.child.pk}


def case(t: Targets) -> dict:
    return {"case_id": t.case.pk}


def request_open(t: Targets) -> dict:
    return {"request_id": t.request_open.pk}


def request_supplied(t: Targets) -> dict:
    return {"request_id": t.request_supplied.pk}


def referral(t: Targets) -> dict:
    return {"referral_id": t.referral.pk}


def panel(t: Targets) -> dict:
    return {"panel_id": t.panel.pk}


def decision(t: Targets) -> dict:
    return {"decision_id": t.decision.pk}


def document_version(t: Targets) -> dict:
    return {"decision_id": t.decision.pk, "version_id": t.decision.signed_document_versions.earliest("id").pk}


def condition(t: Targets) -> dict:
    return {"condition_id": t.condition.pk}


def failure(t: Targets) -> dict:
    return {"failure_id": t.failure.pk}


def custody_record(t: Targets) -> dict:
    return {"record_id": t.custody_record.pk}


def review_record(t: Targets) -> dict:
    return {"record_id": t.review_record.pk}


def restricted_north(t: Targets) -> dict:
    return {"case_id": t.restricted_north.pk}


def request_restricted(t: Targets) -> dict:
    return {"request_id": t.request_restricted.pk}


def report(t: Targets) -> dict:
    return {"report_id": t.report.pk}


def risk_meeting(t: Targets) -> dict:
    return {"meeting_id": t.risk_meetings.meeting.pk}


def risk_hearing(t: Targets) -> dict:  # --- risk: pages ---
    return {"meeting_id": t.risk_meetings.meeting.pk, "hearing_id": t.risk_meetings.hearing.pk}


def victim(t: Targets) -> dict:  # --- browser pages ---
    return {"case_id": t.case.pk, "victim_id": t.victim.pk}


def date_parts(name: str) -> dict:  # --- browser pages ---
    """Today in a GOV.UK date input's three fields."""
    day = timezone.localdate()
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def child_form(t: Targets, **changes) -> dict:  # --- browser pages ---
    """The child page form of ``t.child``, as it shows, with ``changes``."""
    born = t.child.date_of_birth
    form = {
        "forenames": t.child.forenames, "surname": t.child.surname, "gender": t.child.gender,
        "ethnicity": t.child.ethnicity, "looked_after": "no", "education_status": t.child.education_status,
        "date_of_birth_0": str(born.day), "date_of_birth_1": str(born.month), "date_of_birth_2": str(born.year),
    }  # fmt: skip
    return form | changes


def follow_up(t: Targets) -> dict:  # --- police outcomes ---
    return {"follow_up_id": t.follow_up.pk}


def notification(t: Targets) -> dict:  # --- notifications ---
    return {"notification_id": t.notification.pk}


def custody_spell(t: Targets) -> dict:  # --- court: resettlement ---
    return {"spell_id": t.resettlement.spell.pk}


def resettlement_plan(t: Targets) -> dict:  # --- court: resettlement ---
    return {"resettlement_plan_id": t.resettlement.plan.pk}


def offences() -> list[dict]:
    return [{"offence_date": (timezone.localdate() - datetime.timedelta(days=5)).isoformat(), "description": "Theft"}]


def pdf_file():
    return SimpleUploadedFile("signed.pdf", minimal_pdf(), content_type="application/pdf")


def extract_file(t: Targets):
    header = ",".join(custody_row(t))
    values = ",".join(custody_row(t).values())
    return SimpleUploadedFile("extract.csv", f"{header}\n{values}\n".encode(), content_type="text/csv")


def custody_row(t: Targets) -> dict:
    return {
        "force_code": "WYP",
        "custody_ref": "MATRIX/1",
        "detained_at": (timezone.localtime() - datetime.timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
        "surname": "Rowe",
        "forenames": "Casey",
        "date_of_birth": "2011-02-03",
    }


# --- family ---
def family_child(t: Targets) -> dict:
    return {"child_id": t.child.pk}


def family_restricted_child(t: Targets) -> dict:
    return {"child_id": t.restricted_north.child_id}


FAMILY_NEW = {
    "members": {"name": "Alex Matrix", "relationship": "sibling"},
    "professionals": {"role": "camhs", "name": "Dr Kaur", "organisation": "CAMHS North"},
    "accommodation": {"accommodation_type": "foster_care", "suitable": False, "unsuitable_reason": "Far from school"},
    "education": {"education_type": "training", "provider": "Skills Ltd", "hours_offered": 20, "hours_attended": 18},
    "communication": {"screened": True, "need_identified": True, "support_in_place": True},
    "mental-health": {"need_identified": True, "referred": True, "receiving_support": True},
    "substance-misuse": {"need_identified": True, "referred": True, "receiving_intervention": False},
}
FAMILY_NEEDS = ("accommodation", "education", "communication", "mental-health", "substance-misuse")
# fmt: off
# Columns:                         cw   cw2  mgr  pol  vw   head brd  feed pnl  anon
FAMILY_ROWS = [
    Row("api:family-api:member-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:family-api:member-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"child": t.child.pk, **FAMILY_NEW["members"]}),
    Row("api:family-api:member-detail", "200  404  200  404  200  200  404  404  404  401",
        lambda t: {"member_id": t.family.member.pk}),
    Row("api:family-api:member-detail", "200  404  200  404  403  403  404  404  404  401",
        lambda t: {"member_id": t.family.member.pk}, method="PATCH", data=lambda t: {"lives_with_child": False}),
    Row("api:family-api:member-detail", "404  404  200  404  404  200  404  404  404  401",
        lambda t: {"member_id": t.family.restricted_member.pk}),
    Row("api:family-api:professional-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:family-api:professional-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"child": t.child.pk, "from_date": week_ago(), **FAMILY_NEW["professionals"]}),
    Row("api:family-api:professional-detail", "200  404  200  404  200  200  404  404  404  401",
        lambda t: {"professional_id": t.family.professional.pk}),
    Row("api:family-api:professional-detail", "200  404  200  404  403  403  404  404  404  401",
        lambda t: {"professional_id": t.family.professional.pk}, method="PATCH", data=lambda t: {"to_date": today()}),
    *[row for slug in FAMILY_NEEDS for row in (
        Row(f"api:family-api:{slug}-list", "200  200  200  200  200  200  200  200  200  401"),
        Row(f"api:family-api:{slug}-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
            data=lambda t, slug=slug: {"child": t.child.pk, "from_date": today(), **FAMILY_NEW[slug]}),
        Row(f"api:family-api:{slug}-detail", "200  404  200  404  200  200  404  404  404  401",
            lambda t, slug=slug: {"record_id": t.family.needs[slug].pk}),
        Row("family:need_history", "200  404  200  404  200  200  404  404  404  login",
            lambda t, slug=slug: {"child_id": t.child.pk, "need": slug}),
        Row("family:need_record", "200  404  200  404  403  403  404  404  404  login",
            lambda t, slug=slug: {"child_id": t.child.pk, "need": slug}),
    )],
    Row("family:need_record", "302  404  302  404  403  403  404  404  404  login",
        lambda t: {"child_id": t.child.pk, "need": "mental-health"}, method="POST",
        data=lambda t: {"from_date_0": "1", "from_date_1": "1", "from_date_2": "2026", "need_identified": "yes",
                        "referred": "yes", "receiving_support": "no"}),
    Row("family:family_page", "200  404  200  404  200  200  404  404  404  login", family_child),
    Row("family:family_page", "404  404  200  404  404  200  404  404  404  login", family_restricted_child),
    Row("family:family_member_add", "200  404  200  404  403  403  404  404  404  login", family_child),
    Row("family:family_member_change", "200  404  200  404  403  403  404  404  404  login",
        lambda t: {"child_id": t.child.pk, "member_id": t.family.member.pk}),
    Row("family:family_member_change", "404  404  200  404  404  403  404  404  404  login",
        lambda t: {"child_id": t.restricted_north.child_id, "member_id": t.family.restricted_member.pk}),
    Row("family:professional_add", "200  404  200  404  403  403  404  404  404  login", family_child),
    Row("family:professional_change", "200  404  200  404  403  403  404  404  404  login",
        lambda t: {"child_id": t.child.pk, "professional_id": t.family.professional.pk}),
]
# fmt: on


# --- court: hearings ---
def court_hearing(t: Targets) -> dict:
    return {"court_hearing_id": t.court_hearings.hearing.pk}


def court_report(name: str) -> Callable[[Targets], dict]:
    return lambda t: {"pre_sentence_report_id": getattr(t.court_hearings, name).pk}


def court_page_report(name: str) -> Callable[[Targets], dict]:
    return lambda t: {"pk": getattr(t.court_hearings, name).pk}


def court_hearing_form(t: Targets) -> dict:
    return date_parts("heard_on") | {"court": "Leeds Youth Court", "hearing_type": "review", "outcome": "bail"}


# Hearings and pre-sentence reports are case records (DESIGN.md §10): read as the case is (the victim worker
# the matrix case, which has a victim); recorded by those who work on the case; a report approved or returned
# by a manager of the case's team who is not its author; another team's restricted case is 404.
# fmt: off
# Columns:                         cw   cw2  mgr  pol  vw   head brd  feed pnl  anon
COURT_HEARING_ROWS = [
    Row("api:court-api:hearing-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:court-api:hearing-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"child": t.child.pk, "case": t.case.pk, "heard_on": today(), "court": "Leeds Youth Court",
                        "hearing_type": "review"}),
    Row("api:court-api:hearing-detail", "200  404  200  404  200  200  404  404  404  401", court_hearing),
    Row("api:court-api:hearing-detail", "200  404  200  404  403  403  404  404  404  401", court_hearing,
        method="PATCH", data=lambda t: {"outcome": "bail"}),
    Row("api:court-api:hearing-detail", "404  404  200  404  404  200  404  404  404  401",
        lambda t: {"court_hearing_id": t.court_hearings.restricted_hearing.pk}),
    Row("api:court-api:report-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:court-api:report-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"case": t.case.pk, "requested_on": today(), "stand_down": True}),
    Row("api:court-api:report-detail", "200  404  200  404  200  200  404  404  404  401", court_report("draft")),
    Row("api:court-api:report-detail", "200  404  200  404  403  403  404  404  404  401", court_report("draft"),
        method="PATCH", data=lambda t: {"proposal_detail": "Nine months"}),
    Row("api:court-api:report-detail", "404  404  200  404  404  200  404  404  404  401",
        court_report("restricted_report")),
    Row("api:court-api:report-send", "200  404  200  404  403  403  404  404  404  401", court_report("draft"),
        method="POST"),
    Row("api:court-api:report-approve", "403  404  200  404  403  403  404  404  404  401", court_report("awaiting"),
        method="POST"),
    Row("api:court-api:report-return", "403  404  200  404  403  403  404  404  404  401", court_report("awaiting"),
        method="POST", data=lambda t: {"feedback": "Say what the victim wants"}),
    Row("api:court-api:report-resubmit", "200  404  200  404  403  403  404  404  404  401", court_report("returned"),
        method="POST"),
    Row("api:court-api:report-submit", "200  404  200  404  403  403  404  404  404  401", court_report("approved"),
        method="POST", data=lambda t: {"submitted_on": today()}),
    Row("api:court-api:report-sentence", "200  404  200  404  403  403  404  404  404  401",
        court_report("submitted"), method="POST",
        data=lambda t: {"sentence_given": "referral_order", "sentenced_on": today()}),
    Row("court:child_hearings", "200  404  200  404  200  200  404  404  404  login", child),
    Row("court:child_hearings", "404  404  200  404  404  200  404  404  404  login",
        lambda t: {"child_id": t.restricted_north.child_id}),
    Row("court:hearing_add", "200  404  200  404  403  403  404  404  404  login", child),
    Row("court:hearing_add", "302  404  302  404  403  403  404  404  404  login", child, method="POST",
        data=court_hearing_form),
    Row("court:hearing_edit", "200  404  200  404  403  403  404  404  404  login",
        lambda t: {"pk": t.court_hearings.hearing.pk}),
    Row("court:hearing_edit", "302  404  302  404  403  403  404  404  404  login",
        lambda t: {"pk": t.court_hearings.hearing.pk}, method="POST", data=court_hearing_form),
    Row("court:hearing_edit", "404  404  200  404  404  403  404  404  404  login",
        lambda t: {"pk": t.court_hearings.restricted_hearing.pk}),
    Row("court:hearing_list", "200  200  200  403  200  200  403  403  403  login"),
    Row("court:report_list", "200  200  200  403  200  200  403  403  403  login"),
    Row("court:report_add", "200  404  200  404  403  403  404  404  404  login", case),
    Row("court:report_add", "302  404  302  404  403  403  404  404  404  login", case, method="POST",
        data=lambda t: date_parts("requested_on") | {"stand_down": "no"}),
    Row("court:report_detail", "200  404  200  404  200  200  404  404  404  login", court_page_report("draft")),
    Row("court:report_detail", "404  404  200  404  404  200  404  404  404  login",
        court_page_report("restricted_report")),
    Row("court:report_detail", "403  404  302  404  403  403  404  404  404  login", court_page_report("awaiting"),
        method="POST", data=lambda t: {"action": "approve"}),
    Row("court:report_detail", "302  404  302  404  403  403  404  404  404  login", court_page_report("approved"),
        method="POST", data=lambda t: date_parts("submitted_on") | {"action": "submit"}),
]
# fmt: on


# --- court: orders ---
def order_case(t: Targets) -> dict:
    return {"case_id": t.orders.case.pk}


# fmt: off
# Columns:                         cw   cw2  mgr  pol  vw   head brd  feed pnl  anon
ORDER_ROWS = [
    Row("api:court-api:order-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:court-api:order-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"case": t.orders.unrecorded_case.pk, "order_type": "youth_rehabilitation_order",
                        "court": "Leeds Youth Court", "made_on": week_ago(), "length_months": 12}),
    Row("api:court-api:order-detail", "200  404  200  404  200  200  404  404  404  401",
        lambda t: {"order_id": t.orders.order.pk}),
    Row("api:court-api:order-detail", "200  404  200  404  403  403  404  404  404  401",
        lambda t: {"order_id": t.orders.order.pk}, method="PATCH", data=lambda t: {"court": "Bradford Youth Court"}),
    Row("api:court-api:order-detail", "404  404  200  404  404  200  404  404  404  401",
        lambda t: {"order_id": t.orders.restricted_order.pk}),
    Row("api:court-api:order-end", "200  404  200  404  403  403  404  404  404  401",
        lambda t: {"order_id": t.orders.order.pk}, method="POST",
        data=lambda t: {"outcome": "completed", "ended_on": today()}),
    Row("api:court-api:requirement-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:court-api:requirement-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"order": t.orders.order.pk, "requirement_type": "curfew", "starts_on": today()}),
    Row("api:court-api:requirement-detail", "200  404  200  404  200  200  404  404  404  401",
        lambda t: {"requirement_id": t.orders.unpaid_work.pk}),
    Row("api:court-api:requirement-progress", "201  404  201  404  403  403  404  404  404  401",
        lambda t: {"requirement_id": t.orders.unpaid_work.pk}, method="POST",
        data=lambda t: {"done_on": today(), "hours": 2}),
    Row("api:court-api:requirement-complete", "200  404  200  404  403  403  404  404  404  401",
        lambda t: {"requirement_id": t.orders.supervision.pk}, method="POST", data=lambda t: {"completed_on": today()}),
    Row("api:court-api:breach-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:court-api:breach-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"order": t.orders.order.pk, "laid_on": today(), "reason": "Missed again",
                        "enforcement_contacts": [t.orders.warning.pk]}),
    Row("api:court-api:breach-detail", "200  404  200  404  200  200  404  404  404  401",
        lambda t: {"breach_id": t.orders.breach.pk}),
    Row("api:court-api:breach-outcome", "200  404  200  404  403  403  404  404  404  401",
        lambda t: {"breach_id": t.orders.breach.pk}, method="POST",
        data=lambda t: {"outcome": "fine", "outcome_on": today()}),
    Row("court:order_detail", "200  404  200  404  200  200  404  404  404  login", order_case),
    Row("court:order_detail", "404  404  200  404  404  200  404  404  404  login",
        lambda t: {"case_id": t.orders.restricted_order.case_id}),
    Row("court:order_record", "200  404  200  404  403  403  404  404  404  login", order_case),
    Row("court:order_record", "302  404  302  404  403  403  404  404  404  login",
        lambda t: {"case_id": t.orders.unrecorded_case.pk}, method="POST",
        data=lambda t: date_parts("made_on") | {"order_type": "youth_rehabilitation_order",
                                                "court": "Leeds Youth Court", "length_months": "12"}),
    Row("court:order_end", "200  404  200  404  403  403  404  404  404  login", order_case),
    Row("court:requirement_add", "200  404  200  404  403  403  404  404  404  login", order_case),
    Row("court:breach_add", "200  404  200  404  403  403  404  404  404  login", order_case),
    Row("court:requirement_detail", "200  404  200  404  200  200  404  404  404  login",
        lambda t: {"pk": t.orders.unpaid_work.pk}),
    Row("court:requirement_detail", "302  404  302  404  403  403  404  404  404  login",
        lambda t: {"pk": t.orders.unpaid_work.pk}, method="POST",
        data=lambda t: date_parts("done_on") | {"hours": "2"}),
    Row("court:requirement_complete", "200  404  200  404  403  403  404  404  404  login",
        lambda t: {"pk": t.orders.supervision.pk}),
    Row("court:breach_detail", "200  404  200  404  200  200  404  404  404  login",
        lambda t: {"pk": t.orders.breach.pk}),
    Row("court:breach_detail", "302  404  302  404  403  403  404  404  404  login",
        lambda t: {"pk": t.orders.breach.pk}, method="POST",
        data=lambda t: date_parts("outcome_on") | {"outcome": "fine"}),
]
# fmt: on


# --- court: panels ---
def court_panel(t: Targets) -> dict:
    return {"pk": t.court_panels.panel.pk}


def court_panel_api(t: Targets) -> dict:
    return {"referral_panel_id": t.court_panels.panel.pk}


def court_panel_held(t: Targets) -> dict:
    return {
        "held_on": today(),
        "volunteers": [volunteer.pk for volunteer in t.court_panels.volunteers],
        "yjs_member": t.users["caseworker"].pk,
        "outcome": "no_contract",
    }


def court_panel_held_form(t: Targets) -> dict:
    volunteers = [volunteer.pk for volunteer in t.court_panels.volunteers]
    return date_parts("held_on") | {"volunteers": volunteers, "yjs_member": t.users["caseworker"].pk,
                                    "outcome": "no_contract"}  # fmt: skip


def court_volunteer_form() -> dict:
    return {"name": "Xena Matrix", "active": "yes"}


def in_a_month() -> str:
    return (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


# fmt: off
# Columns:                         cw   cw2  mgr  pol  vw   head brd  feed pnl  anon
COURT_PANEL_ROWS = [
    # Panels are case records (§10): read as their case (the victim worker a case with victims); recorded and
    # scheduled by those who work on the open case; another team's restricted case is not there (404).
    Row("court:panel_list", "200  200  200  403  200  200  403  403  403  login"),
    Row("court:panel_detail", "200  404  200  403  200  200  403  403  403  login", court_panel),
    Row("court:panel_detail", "302  404  302  403  403  403  403  403  403  login", court_panel, method="POST",
        data=court_panel_held_form),
    Row("court:panel_detail", "404  404  200  403  404  200  403  403  403  login",
        lambda t: {"pk": t.court_panels.restricted_panel.pk}),
    Row("court:panel_schedule", "200  404  200  403  403  403  403  403  403  login",
        lambda t: {"case_id": t.court_panels.case.pk}),
    Row("court:panel_schedule", "302  404  302  403  403  403  403  403  403  login",
        lambda t: {"case_id": t.court_panels.case.pk}, method="POST",
        data=lambda t: {"panel_type": "final", **date_parts("due_on")}),
    Row("court:panel_schedule", "404  404  200  403  404  403  403  403  403  login",
        lambda t: {"case_id": t.court_panels.restricted_panel.order.case_id}),
    Row("api:court-api:referral-panel-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:court-api:referral-panel-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"order": t.court_panels.panel.order_id, "panel_type": "final", "due_on": in_a_month()}),
    Row("api:court-api:referral-panel-detail", "200  404  200  404  200  200  404  404  404  401", court_panel_api),
    Row("api:court-api:referral-panel-detail", "404  404  200  404  404  200  404  404  404  401",
        lambda t: {"referral_panel_id": t.court_panels.restricted_panel.pk}),
    Row("api:court-api:referral-panel-held", "200  404  200  404  403  403  404  404  404  401", court_panel_api,
        method="POST", data=court_panel_held),
    # Volunteers (§10): their names to whoever reads case records; kept by managers and the head of service.
    Row("court:volunteer_list", "200  200  200  403  200  200  403  403  403  login"),
    Row("court:volunteer_add", "403  403  200  403  403  200  403  403  403  login"),
    Row("court:volunteer_add", "403  403  302  403  403  302  403  403  403  login", method="POST",
        data=lambda t: court_volunteer_form()),
    Row("court:volunteer_edit", "403  403  200  403  403  200  403  403  403  login",
        lambda t: {"pk": t.court_panels.volunteers[0].pk}),
    Row("api:court-api:volunteer-list", "200  200  200  403  200  200  403  403  403  401"),
    Row("api:court-api:volunteer-list", "403  403  201  403  403  201  403  403  403  401", method="POST",
        data=lambda t: {"name": "Xena Matrix"}),
    Row("api:court-api:volunteer-detail", "200  200  200  403  200  200  403  403  403  401",
        lambda t: {"volunteer_id": t.court_panels.volunteers[0].pk}),
    Row("api:court-api:volunteer-detail", "403  403  200  403  403  200  403  403  403  401",
        lambda t: {"volunteer_id": t.court_panels.volunteers[0].pk}, method="PATCH",
        data=lambda t: {"phone": "07700 900777"}),
]
# fmt: on


# --- interventions ---
def on_case(**names: str) -> Callable[[Targets], dict]:
    """The matrix case's id and the named interventions targets' ids (``referral_id="referral"``)."""
    return lambda t: {"case_id": t.case.pk} | {key: getattr(t.interventions, name).pk for key, name in names.items()}


# Columns:                         cw   cw2  mgr  pol  vw   head brd  feed pnl  anon
CATALOGUE_READ = "200  200  200  403  200  200  403  403  403"
RECORDS_READ = "200  404  200  404  200  200  404  404  404"
RECORDS_WRITE = "200  404  200  404  403  403  404  404  404"
VICTIM_WORK = "200  404  200  404  200  403  404  404  404"
RESTRICTED_READ = "404  404  200  404  404  200  404  404  404"
# fmt: off
INTERVENTIONS_ROWS = [
    # The catalogue: read by whoever reads case records; kept by team managers and the head of service.
    Row("api:interventions-api:intervention-list", f"{CATALOGUE_READ}  401"),
    Row("api:interventions-api:intervention-list", "403  403  201  403  403  201  403  403  403  401",
        method="POST", data=lambda t: {"name": "Matrix Mentoring", "intervention_type": "mentoring",
                                       "provider": "Youth service"}),
    Row("api:interventions-api:intervention-detail", f"{CATALOGUE_READ}  401",
        lambda t: {"intervention_id": t.interventions.intervention.pk}),
    Row("api:interventions-api:intervention-detail", "403  403  200  403  403  200  403  403  403  401",
        lambda t: {"intervention_id": t.interventions.intervention.pk}, method="PATCH",
        data=lambda t: {"suitable_for": "Ages 12 to 17"}),
    Row("interventions:catalogue", f"{CATALOGUE_READ}  login"),
    Row("interventions:intervention_add", "403  403  200  403  403  200  403  403  403  login"),
    Row("interventions:intervention_change", "403  403  200  403  403  200  403  403  403  login",
        lambda t: {"intervention_id": t.interventions.intervention.pk}),
    # A case's records: read as the case is; referrals and reparation recorded by those who work on the open
    # case; restorative justice and safety plans by them and the victim worker. A case in the body the user
    # may not see is a 400; another team's restricted case a 404.
    Row("api:interventions-api:referral-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:interventions-api:referral-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"case": t.case.pk, "intervention": t.interventions.intervention.pk, "referred_on": today()}),
    Row("api:interventions-api:referral-detail", f"{RECORDS_READ}  401",
        lambda t: {"intervention_referral_id": t.interventions.referral.pk}),
    Row("api:interventions-api:referral-detail", f"{RECORDS_WRITE}  401",
        lambda t: {"intervention_referral_id": t.interventions.referral.pk}, method="PATCH",
        data=lambda t: {"sessions_offered": 2}),
    Row("api:interventions-api:referral-detail", f"{RESTRICTED_READ}  401",
        lambda t: {"intervention_referral_id": t.interventions.referral_restricted.pk}),
    Row("api:interventions-api:referral-end", f"{RECORDS_WRITE}  401",
        lambda t: {"intervention_referral_id": t.interventions.referral.pk}, method="POST",
        data=lambda t: {"outcome": "withdrawn", "ended_on": today()}),
    Row("api:interventions-api:reparation-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:interventions-api:reparation-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"case": t.case.pk, "placement": "Food bank", "hours_ordered": 6, "started_on": today()}),
    Row("api:interventions-api:reparation-detail", f"{RECORDS_READ}  401",
        lambda t: {"placement_id": t.interventions.placement.pk}),
    Row("api:interventions-api:reparation-detail", f"{RECORDS_WRITE}  401",
        lambda t: {"placement_id": t.interventions.placement.pk}, method="PATCH", data=lambda t: {"hours_ordered": 12}),
    Row("api:interventions-api:reparation-sessions", "201  404  201  404  403  403  404  404  404  401",
        lambda t: {"placement_id": t.interventions.placement.pk}, method="POST",
        data=lambda t: {"done_on": today(), "hours": "2.5"}),
    Row("api:interventions-api:restorative-justice-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:interventions-api:restorative-justice-list", "201  400  201  400  201  403  400  400  400  401",
        method="POST", data=lambda t: {"case": t.case.pk, "restorative_type": "shuttle", "victim_part": "took_part",
                                       "victim": t.victim.pk}),
    Row("api:interventions-api:restorative-justice-detail", f"{RECORDS_READ}  401",
        lambda t: {"restorative_justice_id": t.interventions.restorative_justice.pk}),
    Row("api:interventions-api:restorative-justice-detail", f"{VICTIM_WORK}  401",
        lambda t: {"restorative_justice_id": t.interventions.restorative_justice.pk}, method="PATCH",
        data=lambda t: {"held_on": today()}),
    Row("api:interventions-api:victim-safety-plan-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:interventions-api:victim-safety-plan-list", "201  400  201  400  201  403  400  400  400  401",
        method="POST", data=lambda t: {"case": t.case.pk, "victim": t.victim.pk, "measures": "Exclusion zone",
                                       "agreed_on": today()}),
    Row("api:interventions-api:victim-safety-plan-detail", f"{RECORDS_READ}  401",
        lambda t: {"safety_plan_id": t.interventions.safety_plan.pk}),
    Row("api:interventions-api:victim-safety-plan-detail", f"{VICTIM_WORK}  401",
        lambda t: {"safety_plan_id": t.interventions.safety_plan.pk}, method="PATCH",
        data=lambda t: {"review_on": today()}),
    Row("interventions:case_interventions", f"{RECORDS_READ}  login", case),
    Row("interventions:case_interventions", f"{RESTRICTED_READ}  login", lambda t: {"case_id": t.restricted_north.pk}),
    Row("interventions:referral_make", f"{RECORDS_WRITE}  login", case),
    Row("interventions:referral_make", "302  404  302  404  403  403  404  404  404  login", case, method="POST",
        data=lambda t: {"intervention": t.interventions.intervention.pk, **date_parts("referred_on")}),
    Row("interventions:referral_progress", f"{RECORDS_WRITE}  login", on_case(referral_id="referral")),
    Row("interventions:referral_end", f"{RECORDS_WRITE}  login", on_case(referral_id="referral")),
    Row("interventions:placement_add", f"{RECORDS_WRITE}  login", case),
    Row("interventions:placement_change", f"{RECORDS_WRITE}  login", on_case(placement_id="placement")),
    Row("interventions:session_record", f"{RECORDS_WRITE}  login", on_case(placement_id="placement")),
    Row("interventions:restorative_justice_record", f"{VICTIM_WORK}  login", case),
    Row("interventions:restorative_justice_update", f"{VICTIM_WORK}  login", on_case(record_id="restorative_justice")),
    Row("interventions:safety_plan_record", f"{VICTIM_WORK}  login", case),
    Row("interventions:safety_plan_update", f"{VICTIM_WORK}  login", on_case(plan_id="safety_plan")),
]
# fmt: on


# fmt: off
# Columns:                         cw   cw2  mgr  pol  vw   head brd  feed pnl  anon
MATRIX: list[Row] = [
    # --- Project core -----------------------------------------------------------------------------
    Row("home", "200  200  200  200  200  200  200  200  200  login"),
    Row("healthz", "200  200  200  200  200  200  200  200  200  200"),
    Row("login", "302  302  302  302  302  302  302  302  302  200"),
    Row("logout", "login login login login login login login login login login", method="POST"),
    Row("password_change", "200  200  200  200  200  200  200  200  200  login"),
    Row("password_change_done", "200  200  200  200  200  200  200  200  200  login"),
    # A service account sees the endpoints of its scope, not the whole API's schema (§12).
    Row("schema", "200  200  200  200  200  200  200  403  200  401"),
    Row("api-docs", "200  200  200  200  200  200  200  403  200  401"),
    Row("api:token", "200  200  200  200  200  200  200  200  200  200",
        method="POST", data=lambda t: {"username": "caseworker", "password": DEMO_TEST_PASSWORD}),
    Row("api:logout", "204  204  204  204  204  204  204  204  204  401", method="POST"),
    # --- Cases API --------------------------------------------------------------------------------
    Row("api:cases-api:child-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:cases-api:child-list", "201  201  201  403  403  403  403  403  403  401", method="POST",
        data=lambda t: {"surname": "Newchild", "forenames": "Alex", "date_of_birth": "2012-03-04"}),
    Row("api:cases-api:child-detail", "200  404  200  200  200  200  404  404  404  401", child),
    Row("api:cases-api:child-detail", "200  404  200  403  403  403  404  404  404  401",
        child, method="PATCH", data=lambda t: {"preferred_name": "Mo"}),
    Row("api:cases-api:case-list", "200  200  200  200  200  200  200  200  200  401"),
    # A child in the body the user may not see is a field error (400), not a leak of whether it exists.
    Row("api:cases-api:case-list", "201  400  201  403  403  403  400  400  400  401", method="POST",
        data=lambda t: {"child": t.child.pk, "case_type": "prevention", "team": t.north.pk, "start_date": today()}),
    Row("api:cases-api:case-detail", "200  404  200  404  200  200  404  404  404  401", case),
    # Allocating, closing, restricting, transferring: the team's managers (§2); the head of service reads.
    Row("api:cases-api:case-allocate", "403  404  200  404  403  403  404  404  404  401", case, method="POST",
        data=lambda t: {"allocated_to": t.users["caseworker"].pk}),
    Row("api:cases-api:case-close", "403  404  200  404  403  403  404  404  404  401", case, method="POST",
        data=lambda t: {"end_date": today(), "reason": "Order completed"}),
    Row("api:cases-api:case-restrict", "403  404  200  404  403  403  404  404  404  401",
        case, method="POST", data=lambda t: {"restricted": True}),
    Row("api:cases-api:assessment-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:cases-api:assessment-detail", "200  404  200  404  200  200  404  404  404  401",
        lambda t: {"assessment_id": t.assessment.pk}),
    Row("api:cases-api:assessment-detail", "200  404  200  404  403  403  404  404  404  401",
        lambda t: {"assessment_id": t.assessment.pk}, method="PATCH",
        data=lambda t: {"summary": "Engaging well"}),
    Row("api:cases-api:assessment-countersign", "403  404  200  404  403  403  404  404  404  401",
        lambda t: {"assessment_id": t.assessment.pk}, method="POST"),
    Row("api:cases-api:victim-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:cases-api:victim-list", "201  400  201  400  201  403  400  400  400  401",
        method="POST", data=lambda t: {"case": t.case.pk, "display_name": "Shop"}),
    Row("api:cases-api:victim-detail", "200  404  200  404  200  200  404  404  404  401",
        lambda t: {"victim_id": t.victim.pk}),
    Row("api:cases-api:victim-detail", "200  404  200  404  200  403  404  404  404  401",
        lambda t: {"victim_id": t.victim.pk}, method="PATCH",
        data=lambda t: {"wishes": "A letter of apology"}),
    Row("api:cases-api:plan-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:cases-api:plan-list", "201  400  201  400  403  403  400  400  400  401",
        method="POST", data=lambda t: {"case": t.case.pk, "targets": [
        {"what": "Find work", "who": "Morgan", "by_when": today(), "how_i_will_know": "A job offer"}]}),
    Row("api:cases-api:plan-countersign", "403  404  200  404  403  403  404  404  404  401",
        lambda t: {"plan_id": t.plan.pk}, method="POST"),
    Row("api:cases-api:review-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:cases-api:review-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"case": t.case.pk, "trigger": "scheduled", "due_date": today()}),
    Row("api:cases-api:review-complete", "200  404  200  404  403  403  404  404  404  401",
        lambda t: {"review_id": t.review.pk}, method="POST",
        data=lambda t: {"outcome": "Plan updated", "completed_date": today()}),
    Row("api:cases-api:contact-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:cases-api:contact-list", "201  400  201  400  403  403  400  400  400  401",
        method="POST", data=lambda t: {
        "case": t.case.pk, "contact_type": "office", "scheduled_at": an_hour_ago(), "attendance": "attended"}),
    Row("api:cases-api:flag-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:cases-api:flag-list", "201  400  201  201  403  403  400  400  400  401", method="POST",
        data=lambda t: {"child": t.child.pk, "flag_type": "missing", "note": "Missing overnight"}),
    Row("api:cases-api:flag-remove", "200  404  200  200  403  403  404  404  404  401",
        lambda t: {"flag_id": t.flag.pk}, method="POST",
        data=lambda t: {"reason": "Knife handed in"}),
    Row("api:cases-api:transfer-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:cases-api:transfer-list", "403  400  201  400  403  403  400  400  400  401",
        method="POST", data=lambda t: {
        "case": t.case.pk, "home_service": "North YJS", "host_service": "York YJS", "reason": "Placed in York"}),
    Row("api:cases-api:transfer-accept", "403  404  200  404  403  403  404  404  404  401",
        lambda t: {"transfer_id": t.transfer.pk}, method="POST",
        data=lambda t: {"accepted_on": today(), "accepted_by_name": "Jo Smith"}),
    Row("api:cases-api:transition-create", "403  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"case": t.case.pk, "decision": "retain", "reason": "Order ends soon after 18"}),
    # --- Intelligence API ---------------------------------------------------------------------------
    Row("api:intelligence-api:request-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:intelligence-api:request-list", "201  400  201  400  403  403  400  400  400  401",
        method="POST", data=lambda t: {
        "child": t.child.pk, "case": t.case.pk, "request_type": "risk", "what_requested": "Recent arrests"}),
    Row("api:intelligence-api:request-detail", "200  404  200  200  404  200  404  404  404  401", request_supplied),
    # Only the police officer answers; the requester (and their manager) follow up and withdraw.
    Row("api:intelligence-api:request-supply", "403  404  403  200  404  403  404  404  404  401",
        request_open, method="POST",
        data=lambda t: {"systems_searched": ["pnc"], "information_supplied": "No trace"}),
    Row("api:intelligence-api:request-addenda", "403  404  403  201  404  403  404  404  404  401",
        request_supplied, method="POST",
        data=lambda t: {"text": "Also known to the neighbouring force"}),
    Row("api:intelligence-api:request-written-request", "200  404  200  403  404  403  404  404  404  401",
        lambda t: {"request_id": t.request_urgent.pk},
        method="POST", data=lambda t: {"what_requested": "Is he in custody?", "reason": "Missed appointment"}),
    Row("api:intelligence-api:request-safeguarding-referral", "403  404  403  200  404  403  404  404  404  401",
        request_supplied, method="POST", data=lambda t: {
        "safeguarding_referral_to": "Children's social care", "safeguarding_referral_reference": "CSC-1",
        "safeguarding_referral_at": an_hour_ago()}),
    Row("api:intelligence-api:request-close", "200  404  403  200  404  403  404  404  404  401",
        lambda t: {"request_id": t.request_answered.pk}, method="POST"),
    Row("api:intelligence-api:request-withdraw", "200  404  200  403  404  403  404  404  404  401",
        request_open, method="POST"),
    Row("api:intelligence-api:system-list", "200  200  200  200  200  200  200  200  200  401"),
    # Managers add police systems (§7); the head of service reads (§2): changed to match, in this work.
    Row("api:intelligence-api:system-list", "403  403  201  403  403  403  403  403  403  401",
        method="POST", data=lambda t: {"code": "matrix", "name": "Matrix"}),
    Row("api:intelligence-api:audit-csv", "403  403  200  200  403  200  403  403  403  401",
        query={"from": "2020-01-01", "to": "2030-12-31"}),
    Row("api:intelligence-api:audit-pdf", "403  403  200  200  403  200  403  403  403  401",
        query=lambda t: {"from": week_ago(), "to": today()}),
    Row("api:intelligence-api:open-to-yjs-csv", "403  403  200  200  403  200  403  403  403  401"),
    Row("api:intelligence-api:turnaround", "403  403  200  200  403  200  403  403  403  401",
        query={"from": "2020-01-01", "to": "2030-12-31"}),
    # --- Out-of-court disposals API ----------------------------------------------------------------------
    Row("api:oocd-api:outcome-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:oocd-api:referral-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:oocd-api:referral-list", "201  400  201  201  403  403  400  400  400  401",
        method="POST", data=lambda t: {
        "child": t.child.pk, "team": t.north.pk, "referring_officer": "PC 2 Ward", "gravity_score": 2,
        "admitted": True, "offences": offences()}),
    # Police see every referral; YJS staff those of cases they see; the panel member those on their panels.
    Row("api:oocd-api:referral-detail", "200  404  200  200  200  200  404  404  200  401", referral),
    Row("api:oocd-api:referral-views", "200  404  200  200  200  403  404  404  403  401",
        referral, method="POST", data=lambda t: {"child_views": "Sorry"}),
    Row("api:oocd-api:panel-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:oocd-api:panel-list", "403  403  201  201  403  403  403  403  403  401",
        method="POST", data=lambda t: {"held_on": today(), "location": "Room 2"}),
    Row("api:oocd-api:panel-detail", "404  404  200  200  404  200  404  404  200  401", panel),
    Row("api:oocd-api:panel-attendees", "404  404  201  201  404  403  404  404  403  401", panel, method="POST",
        data=lambda t: {"name": "Dr Lee", "agency": "health", "role": "Nurse"}),
    Row("api:oocd-api:panel-referrals", "404  404  201  201  404  403  404  404  403  401",
        lambda t: {"panel_id": t.decision.panel_id}, method="POST",
        data=lambda t: {"referral": t.referral.pk}),
    Row("api:oocd-api:decision-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:oocd-api:decision-list", "400  400  201  201  400  403  400  400  403  401",
        method="POST", data=lambda t: {
        "referral": t.referral.pk, "panel": t.panel.pk, "outcome": "youth_caution", "decided_on": today(),
        "rationale": "Admitted a first offence"}),
    Row("api:oocd-api:police-only-decision-create", "403  400  403  201  403  403  400  400  400  401",
        method="POST", data=lambda t: {
        "child": t.child.pk, "team": t.north.pk, "referring_officer": "PC 2 Ward", "gravity_score": 2,
        "admitted": True, "offences": offences(), "outcome": "community_resolution", "decided_on": today(),
        "rationale": "Street resolution"}),
    Row("api:oocd-api:decision-detail", "200  404  200  200  200  200  404  404  200  401", decision),
    Row("api:oocd-api:decision-warning", "200  404  200  200  403  403  404  404  403  401", decision, method="POST",
        data=lambda t: {"given_at": an_hour_ago(), "appropriate_adult_name": "Sam Carer"}),
    Row("api:oocd-api:decision-implications-explained", "200  404  200  200  403  403  404  404  403  401",
        decision, method="POST",
        data=lambda t: {"explained_at": an_hour_ago()}),
    Row("api:oocd-api:decision-document", "200  404  200  200  200  200  404  404  200  401", decision),
    Row("api:oocd-api:decision-document", "200  404  200  200  403  403  404  404  403  401",
        decision, method="POST", multipart=True,
        data=lambda t: {"file": pdf_file()}),
    Row("api:oocd-api:decision-document-version", "200  404  200  200  200  200  404  404  200  401",
        document_version),
    Row("api:oocd-api:decision-delivery", "200  404  200  200  403  403  404  404  403  401",
        decision, method="POST", data=lambda t: {"delivered_at": an_hour_ago()}),
    Row("api:oocd-api:decision-victim-informed", "200  404  200  200  200  403  404  404  403  401",
        decision, method="POST",
        data=lambda t: {"informed_at": an_hour_ago()}),
    Row("api:oocd-api:condition-failures", "201  404  201  201  403  403  404  404  403  401",
        condition, method="POST", data=lambda t: {
        "occurred_on": today(), "what_happened": "Missed a session", "reasons_given": "Ill"}),
    Row("api:oocd-api:condition-compliance", "200  404  200  200  403  403  404  404  403  401",
        condition, method="POST",
        data=lambda t: {"status": "complied", "notes": "All sessions attended"}),
    Row("api:oocd-api:failure-prosecution", "200  404  200  200  403  403  404  404  403  401", failure, method="POST",
        data=lambda t: {"prosecution_outcome": "Not in the public interest"}),
    Row("api:oocd-api:scrutiny-sample-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:oocd-api:scrutiny-sample-list", "403  403  201  201  403  201  403  403  403  401", method="POST",
        data=lambda t: {"period_start": "2026-01-01", "period_end": today(), "percentage": 10}),
    Row("api:oocd-api:scrutiny-sample-detail", "404  404  200  200  404  200  404  404  404  401",
        lambda t: {"sample_id": t.scrutiny_sample.pk}),
    Row("api:oocd-api:scrutiny-item-finding", "404  404  200  200  404  200  404  404  404  401",
        lambda t: {"item_id": t.scrutiny_item.pk}, method="POST",
        data=lambda t: {"appropriate": True, "feedback": "Proportionate"}),
    # Numbers without names: the board sees these (and the board reports), never a named child.
    Row("api:oocd-api:first-time-entrants", "403  403  200  200  403  200  200  403  403  401",
        query={"from": "2020-01-01", "to": "2030-12-31"}),
    # --- Custody API -----------------------------------------------------------------------------------
    # Custody: case workers their caseload's children, police, managers and the head all; the feed pushes only.
    Row("api:custody-api:records", "200  200  200  200  403  200  403  403  403  401"),
    Row("api:custody-api:records", "403  403  200  200  403  403  403  200  403  401",
        method="POST", data=lambda t: [custody_row(t)]),
    Row("api:custody-api:record-detail", "200  404  200  200  403  200  403  403  403  401", custody_record),
    Row("api:custody-api:review-queue", "403  403  200  200  403  200  403  403  403  401"),
    Row("api:custody-api:review-resolve", "404  404  200  200  403  403  403  403  403  401",
        review_record, method="POST", data=lambda t: {"child": None}),
    Row("api:custody-api:ingest-runs", "200  200  200  200  403  200  403  200  403  401"),
    Row("api:custody-api:ingest-runs", "403  403  202  202  403  403  403  202  403  401",
        method="POST", multipart=True, data=lambda t: {"file": extract_file(t)}),
    Row("api:custody-api:ingest-run-detail", "404  404  200  200  403  200  403  404  403  401",
        lambda t: {"run_id": t.run.pk}),
    # --- Governance API -------------------------------------------------------------------------------
    Row("api:governance-api:reports", "403  403  200  403  403  200  200  403  403  401"),
    Row("api:governance-api:reports", "403  403  202  403  403  202  403  403  403  401", method="POST",
        data=lambda t: {"period_start": "2026-04-01", "period_end": "2026-06-30", "teams": [t.north.pk]}),
    Row("api:governance-api:report", "403  403  200  403  403  200  200  403  403  401", report),
    # --- Case pages ----------------------------------------------------------------------------------
    Row("cases:index", "200  200  302  200  200  200  403  403  403  login"),
    Row("cases:dashboard", "403  403  200  403  403  200  403  403  403  login"),
    # --- dashboard --- (a list of the dashboard's, its own and another app's; one that is not)
    Row("cases:dashboard_list", "403  403  200  403  403  200  403  403  403  login", lambda t: {"slug": "reviews"}),
    Row("cases:dashboard_list", "403  403  200  403  403  200  403  403  403  login",
        lambda t: {"slug": "risk-actions-overdue"}, query={"worker": "0"}),
    Row("cases:dashboard_list", "403  403  404  403  403  404  403  403  403  login",
        lambda t: {"slug": "no-such-list"}),
    Row("cases:child_search", "200  200  200  200  200  200  403  403  403  login", query={"q": "Matrix"}),
    Row("cases:child_add", "200  200  200  403  403  403  403  403  403  login"),
    Row("cases:child_detail", "200  404  200  200  200  200  404  404  404  login", child),
    Row("cases:flag_raise", "200  404  200  200  403  403  404  404  404  login", child),
    Row("cases:flag_remove", "200  404  200  200  403  403  404  404  404  login",
        lambda t: {"child_id": t.child.pk, "flag_id": t.flag.pk}),
    Row("cases:case_open", "200  404  200  403  403  403  404  404  404  login", child),
    Row("cases:case_detail", "200  404  200  404  200  200  404  404  404  login", case),
    Row("cases:assessment_record", "200  404  200  404  403  403  404  404  404  login",
        lambda t: {"case_id": t.case.pk, "assessment_id": t.assessment.pk}),
    Row("cases:assessment_countersign", "403  404  200  404  403  403  404  404  404  login",
        lambda t: {"case_id": t.case.pk, "assessment_id": t.assessment.pk}),
    Row("cases:plan_write", "200  404  200  404  403  403  404  404  404  login", case),
    Row("cases:review_schedule", "200  404  200  404  403  403  404  404  404  login", case),
    Row("cases:review_complete", "200  404  200  404  403  403  404  404  404  login",
        lambda t: {"case_id": t.case.pk, "review_id": t.review.pk}),
    Row("cases:contact_record", "200  404  200  404  403  403  404  404  404  login", case),
    Row("cases:victim_add", "200  404  200  404  200  403  404  404  404  login", case),
    Row("cases:case_transfer", "403  404  200  404  403  403  404  404  404  login", case),
    Row("cases:transfer_accept", "403  404  200  404  403  403  404  404  404  login",
        lambda t: {"case_id": t.case.pk, "transfer_id": t.transfer.pk}),
    Row("cases:transfer_pack", "403  404  200  404  403  403  404  404  404  login",
        lambda t: {"case_id": t.case.pk, "transfer_id": t.transfer.pk}),
    # --- Intelligence pages ----------------------------------------------------------------------------
    Row("intelligence:index", "200  200  200  200  403  200  403  403  403  login"),
    Row("intelligence:queue", "403  403  403  200  403  403  403  403  403  login"),
    Row("intelligence:my_requests", "200  200  200  200  403  403  403  403  403  login"),
    Row("intelligence:ask", "200  404  200  200  403  403  404  404  404  login",
        query=lambda t: {"child": t.child.pk, "case": t.case.pk}),
    Row("intelligence:request_detail", "200  404  200  200  404  200  404  404  404  login", request_supplied),
    Row("intelligence:supply", "403  403  403  200  403  403  403  403  403  login", request_open),
    Row("intelligence:addendum_add", "403  403  403  200  403  403  403  403  403  login", request_supplied),
    Row("intelligence:safeguarding_referral", "403  403  403  200  403  403  403  403  403  login", request_supplied),
    Row("intelligence:complete_written", "200  404  200  403  404  403  404  404  404  login",
        lambda t: {"request_id": t.request_urgent.pk}),
    Row("intelligence:close", "302  404  403  302  404  403  404  404  404  login",
        lambda t: {"request_id": t.request_answered.pk}, method="POST"),
    Row("intelligence:withdraw", "302  404  302  403  404  403  404  404  404  login", request_open, method="POST"),
    Row("intelligence:audit", "403  403  200  200  403  200  403  403  403  login"),
    Row("intelligence:systems", "403  403  200  403  403  403  403  403  403  login"),
    # --- Out-of-court disposal pages ------------------------------------------------------------------
    Row("oocd:index", "200  200  200  200  200  200  403  403  200  login"),
    Row("oocd:referral_new", "200  200  200  200  403  403  403  403  403  login"),
    Row("oocd:referral_detail", "200  404  200  200  200  200  404  404  200  login", referral),
    Row("oocd:victim_views", "200  404  200  200  200  403  404  404  403  login", referral),
    Row("oocd:child_views", "200  404  200  200  200  403  404  404  403  login", referral),
    Row("oocd:parent_carer_views", "200  404  200  200  200  403  404  404  403  login", referral),
    Row("oocd:referral_police_only_decision", "403  404  403  200  403  403  404  404  403  login", referral),
    Row("oocd:panel_list", "200  200  200  200  200  200  403  403  200  login"),
    Row("oocd:panel_new", "403  403  200  200  403  403  403  403  403  login"),
    Row("oocd:panel_detail", "404  404  200  200  404  200  404  404  200  login", panel),
    Row("oocd:attendee_add", "404  404  302  302  404  403  404  404  403  login", panel, method="POST",
        data=lambda t: {"name": "Dr Lee", "agency": "health", "role": "Nurse"}),
    Row("oocd:panel_decision", "404  404  200  200  404  403  404  404  403  login",
        lambda t: {"panel_id": t.panel.pk, "referral_id": t.referral.pk}),
    Row("oocd:decision_detail", "200  404  200  200  200  200  404  404  200  login", decision),
    Row("oocd:warning_record", "200  404  200  200  403  403  404  404  403  login", decision),
    Row("oocd:implications_record", "200  404  200  200  403  403  404  404  403  login", decision),
    Row("oocd:document_download", "200  404  200  200  200  200  404  404  200  login", decision),
    Row("oocd:document_version_download", "200  404  200  200  200  200  404  404  200  login", document_version),
    Row("oocd:document_upload", "200  404  200  200  403  403  404  404  403  login", decision),
    Row("oocd:delivery_record", "200  404  200  200  403  403  404  404  403  login", decision),
    Row("oocd:victim_informed_record", "200  404  200  200  200  403  404  404  403  login", decision),
    Row("oocd:compliance", "200  200  200  200  403  200  403  403  403  login"),
    Row("oocd:failure_record", "200  404  200  200  403  403  404  404  403  login", condition),
    Row("oocd:compliance_record", "200  404  200  200  403  403  404  404  403  login", condition),
    Row("oocd:prosecution_record", "200  404  200  200  403  403  404  404  403  login", failure),
    Row("oocd:police_only", "403  403  200  200  403  200  403  403  403  login"),
    Row("oocd:police_only_new", "403  403  403  200  403  403  403  403  403  login"),
    Row("oocd:scrutiny", "403  403  200  200  403  200  403  403  403  login"),
    Row("oocd:scrutiny_sample", "403  403  200  200  403  200  403  403  403  login",
        lambda t: {"sample_id": t.scrutiny_sample.pk}),
    Row("oocd:scrutiny_finding", "403  403  200  200  403  200  403  403  403  login",
        lambda t: {"sample_id": t.scrutiny_sample.pk, "item_id": t.scrutiny_item.pk}),
    # --- Custody pages --------------------------------------------------------------------------------
    Row("custody:index", "200  200  200  200  403  200  403  403  403  login"),
    Row("custody:record_detail", "200  404  200  200  403  200  403  403  403  login", custody_record),
    Row("custody:review_queue", "403  403  200  200  403  200  403  403  403  login"),
    Row("custody:review_resolve", "403  403  200  200  403  403  403  403  403  login", review_record),
    Row("custody:runs", "403  403  200  200  403  200  403  403  403  login"),
    Row("custody:upload", "403  403  200  200  403  403  403  403  403  login"),
    Row("custody:run_detail", "403  403  200  200  403  200  403  403  403  login", lambda t: {"run_id": t.run.pk}),
    Row("custody:run_retry", "403  403  302  302  403  403  403  403  403  login",
        lambda t: {"run_id": t.failed_run.pk}, method="POST"),
    Row("custody:inboxes", "403  403  200  403  403  403  403  403  403  login"),
    Row("custody:inbox_edit", "403  403  200  403  403  403  403  403  403  login", lambda t: {"inbox_id": t.inbox.pk}),
    Row("custody:figures", "403  403  200  200  403  200  403  403  403  login"),
    # --- Governance pages -------------------------------------------------------------------------------
    Row("governance:index", "403  403  200  403  403  200  200  403  403  login"),
    Row("governance:reports", "403  403  200  403  403  200  200  403  403  login"),
    Row("governance:report_detail", "403  403  200  403  403  200  200  403  403  login", report),
    Row("governance:report_download", "403  403  200  403  403  200  200  403  403  login",
        lambda t: {"report_id": t.report.pk, "kind": "pdf"}),
    Row("governance:report_download", "403  403  200  403  403  200  200  403  403  login",
        lambda t: {"report_id": t.report.pk, "kind": "csv"}),
    Row("governance:board", "403  403  200  403  403  200  403  403  403  login"),
    Row("governance:population", "403  403  200  403  403  200  403  403  403  login"),
    Row("governance:inspection", "403  403  200  403  403  200  403  403  403  login"),
    Row("governance:sample_new", "403  403  200  403  403  200  403  403  403  login"),
    Row("governance:sample_detail", "403  403  200  403  403  200  403  403  403  login",
        lambda t: {"sample_id": t.inspection_sample.pk}),
    Row("governance:audited_case", "403  403  200  403  403  200  403  403  403  login",
        lambda t: {"audited_case_id": t.audited_case.pk}),
    Row("governance:judgement_new", "403  403  403  403  403  200  403  403  403  login"),
    Row("governance:recommendations", "403  403  200  403  403  200  403  403  403  login"),
    Row("governance:recommendations_import", "403  403  200  403  403  200  403  403  403  login"),
    Row("governance:recommendation_detail", "403  403  200  403  403  200  403  403  403  login",
        lambda t: {"code": t.recommendation.code}),
    Row("governance:subject_access_export", "403  403  403  403  403  200  403  403  403  login", child),
    # --- Restricted cases (DESIGN.md §2): the team's managers and the allocated worker; another team's is 404 --
    Row("api:cases-api:case-detail", "404  404  200  404  404  200  404  404  404  401", restricted_north),
    Row("cases:case_detail", "404  404  200  404  404  200  404  404  404  login", restricted_north),
    Row("cases:transfer_pack", "404  404  200  404  404  403  404  404  404  login", lambda t: {
        "case_id": t.restricted_north.pk, "transfer_id": t.restricted_north_transfer.pk}),
    # The requester no longer sees what they were supplied once the case is restricted and not theirs.
    Row("api:intelligence-api:request-detail", "404  404  404  200  404  200  404  404  404  401",
        request_restricted),
    Row("intelligence:request_detail", "404  404  404  200  404  200  404  404  404  login", request_restricted),
    Row("cases:child_detail", "404  404  404  200  404  200  404  404  404  login",
        lambda t: {"child_id": t.restricted_south.child_id}),
    Row("governance:subject_access_export", "403  403  403  403  403  200  403  403  403  login",
        lambda t: {"child_id": t.restricted_south.child_id}),
    # An inspection sample is drawn from the whole service: a manager audits their own teams' cases.
    Row("governance:audited_case", "403  403  404  403  403  200  403  403  403  login",
        lambda t: {"audited_case_id": t.audited_restricted.pk}),
    # --- risk: protection ---
    # Case records (DESIGN.md §9): read as the case is; recorded by those who work on the case (its
    # team's case workers and managers); a case or child in the body the user may not see is a 400.
    Row("api:risk-api:mappa-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:risk-api:mappa-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"case": t.case.pk, "category": 1, "level": 2, "referred_on": week_ago(),
                        "managed_from": today(), "lead_agency": "Police"}),
    Row("api:risk-api:mappa-detail", "200  404  200  404  200  200  404  404  404  401",
        lambda t: {"mappa_id": t.mappa.pk}),
    Row("api:risk-api:mappa-detail", "200  404  200  404  403  403  404  404  404  401",
        lambda t: {"mappa_id": t.mappa.pk}, method="PATCH", data=lambda t: {"level": 2}),
    Row("api:risk-api:mappa-detail", "404  404  200  404  404  200  404  404  404  401",
        lambda t: {"mappa_id": t.mappa_restricted.pk}),
    Row("api:risk-api:marac-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:risk-api:marac-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"case": t.case.pk, "referred_on": today(), "reference": "M-2"}),
    Row("api:risk-api:marac-detail", "200  404  200  404  200  200  404  404  404  401",
        lambda t: {"marac_id": t.marac.pk}),
    Row("api:risk-api:marac-detail", "200  404  200  404  403  403  404  404  404  401",
        lambda t: {"marac_id": t.marac.pk}, method="PATCH", data=lambda t: {"heard_on": today(), "outcome": "Plan"}),
    Row("api:risk-api:safeguarding-referral-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:risk-api:safeguarding-referral-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"case": t.case.pk, "referred_to": "health", "referred_on": today(), "concern": "Self-harm"}),
    Row("api:risk-api:safeguarding-referral-detail", "200  404  200  404  200  200  404  404  404  401",
        lambda t: {"referral_id": t.safeguarding_referral.pk}),
    Row("api:risk-api:safeguarding-referral-detail", "200  404  200  404  403  403  404  404  404  401",
        lambda t: {"referral_id": t.safeguarding_referral.pk}, method="PATCH", data=lambda t: {"reference": "S-2"}),
    Row("api:risk-api:social-care-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:risk-api:social-care-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"child": t.child.pk, "status": "looked_after", "legal_basis": "s20", "from_date": today()}),
    Row("api:risk-api:social-care-detail", "200  404  200  404  200  200  404  404  404  401",
        lambda t: {"status_id": t.social_care.pk}),
    Row("risk:mappa_record", "200  404  200  404  403  403  404  404  404  login", case),
    Row("risk:mappa_update", "200  404  200  404  403  403  404  404  404  login",
        lambda t: {"case_id": t.case.pk, "mappa_id": t.mappa.pk}),
    Row("risk:mappa_update", "404  404  200  404  404  403  404  404  404  login",
        lambda t: {"case_id": t.restricted_north.pk, "mappa_id": t.mappa_restricted.pk}),
    Row("risk:marac_record", "200  404  200  404  403  403  404  404  404  login", case),
    Row("risk:marac_update", "200  404  200  404  403  403  404  404  404  login",
        lambda t: {"case_id": t.case.pk, "marac_id": t.marac.pk}),
    Row("risk:safeguarding_referral_record", "200  404  200  404  403  403  404  404  404  login", case),
    Row("risk:safeguarding_referral_update", "200  404  200  404  403  403  404  404  404  login",
        lambda t: {"case_id": t.case.pk, "referral_id": t.safeguarding_referral.pk}),
    Row("risk:social_care_record", "200  404  200  404  403  403  404  404  404  login", case),
    # --- risk: meetings ---
    # A team's meeting: its managers run it; whoever reads its team's case records sees it (the hearings of
    # the cases they may see); the police officer, the board and panel members see no case records.
    Row("api:risk-api:meeting-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:risk-api:meeting-list", "403  400  201  403  403  403  400  400  403  401", method="POST",
        data=lambda t: {"team": t.north.pk, "held_on": today(), "chair": t.users["manager"].pk}),
    Row("api:risk-api:meeting-detail", "200  404  200  404  200  200  404  404  404  401", risk_meeting),
    Row("api:risk-api:meeting-attendees", "403  404  201  404  403  403  404  404  404  401", risk_meeting,
        method="POST", data=lambda t: {"name": "Dr Lee", "agency": "Health", "role": "Nurse"}),
    Row("api:risk-api:meeting-hearings", "403  404  201  404  403  403  404  404  404  401", risk_meeting,
        method="POST", data=lambda t: {"case": t.risk_meetings.unheard_case_id}),
    Row("api:risk-api:hearing-decision", "403  404  200  404  403  403  404  404  404  401",
        lambda t: {"hearing_id": t.risk_meetings.hearing.pk}, method="POST", data=lambda t: {
        "risk_of_serious_harm": "high", "safety_and_wellbeing": "medium", "external_controls": "Curfew",
        "contingency": "Tell the police", "decision": "Keep at high", "next_review_on": today()}),
    Row("api:risk-api:action-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:risk-api:action-list", "403  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"hearing": t.risk_meetings.hearing.pk, "description": "Visit", "due_on": today(),
                        "owner_agency": "Police"}),
    # The owner (the case worker) or a manager of the team marks an action done.
    Row("api:risk-api:action-complete", "200  404  200  404  403  403  404  404  404  401",
        lambda t: {"action_id": t.risk_meetings.action.pk}, method="POST"),
    Row("risk:meeting_minutes", "200  404  200  404  200  200  404  404  404  login", risk_meeting),
    # North's restricted case at the meeting: its managers (and the head of service, reading) only.
    Row("api:risk-api:hearing-decision", "404  404  400  404  404  403  404  404  404  401",
        lambda t: {"hearing_id": t.risk_meetings.restricted_hearing.pk}, method="POST", data=lambda t: {
        "risk_of_serious_harm": "low", "safety_and_wellbeing": "low", "decision": "Lower", "next_review_on": today()}),
    Row("api:risk-api:action-complete", "404  404  200  404  404  403  404  404  404  401",
        lambda t: {"action_id": t.risk_meetings.restricted_action.pk}, method="POST"),
    # --- risk: pages --------------------------------------------------------------------------------------
    # Whoever reads case records reads their teams' meetings (the hearings of cases they may see); case
    # workers and managers refer; the team's managers run the meetings and decline referrals.
    Row("risk:meeting_list", "200  200  200  403  200  200  403  403  403  login"),
    Row("risk:meeting_new", "403  403  200  403  403  403  403  403  403  login"),
    Row("risk:meeting_detail", "200  404  200  403  200  200  403  403  403  login", risk_meeting),
    Row("risk:attendee_add", "403  404  302  403  403  403  403  403  403  login", risk_meeting, method="POST",
        data=lambda t: {"name": "Dr Lee", "agency": "Health", "role": "Named nurse"}),
    Row("risk:hearing_add", "403  404  200  403  403  403  403  403  403  login", risk_meeting),
    Row("risk:hearing_decide", "403  404  200  403  403  403  403  403  403  login", risk_hearing),
    Row("risk:action_add", "403  404  200  403  403  403  403  403  403  login", risk_hearing),
    # The action's owner (the case worker) or a manager of the team marks it done.
    Row("risk:action_complete", "302  404  302  403  403  403  403  403  403  login",
        lambda t: {"action_id": t.risk_meetings.action.pk}, method="POST"),
    Row("risk:action_complete", "404  404  302  403  404  403  403  403  403  login",
        lambda t: {"action_id": t.risk_meetings.restricted_action.pk}, method="POST"),
    Row("risk:referral_list", "200  200  200  403  200  200  403  403  403  login"),
    Row("risk:referral_make", "200  404  200  403  403  403  403  403  403  login", case),
    Row("risk:referral_make", "404  404  200  403  404  403  403  403  403  login", restricted_north),
    Row("risk:referral_decline", "403  404  200  403  403  403  403  403  403  login",
        lambda t: {"referral_id": t.risk.referral.pk}),
    Row("risk:referral_decline", "404  404  200  403  404  403  403  403  403  login",
        lambda t: {"referral_id": t.risk.restricted_referral.pk}),
    Row("risk:hearing_decide", "403  404  302  403  403  403  403  403  403  login",
        lambda t: {"meeting_id": t.risk_meetings.meeting.pk, "hearing_id": t.risk_meetings.restricted_hearing.pk}),
    # --- risk: referrals ---
    # Case records (§9): the case's team (a restricted case: its managers and allocated worker), the victim
    # worker a case with victims, the head of service; never the police officer or the board. A worker or
    # manager refers; only the team's managers decline.
    Row("api:risk-api:referral-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:risk-api:referral-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"case": t.case.pk, "detail": "Seen with older males"}),
    Row("api:risk-api:referral-detail", "200  404  200  404  200  200  404  404  404  401",
        lambda t: {"referral_id": t.risk_referral.pk}),
    Row("api:risk-api:referral-decline", "403  404  200  404  403  403  404  404  404  401",
        lambda t: {"referral_id": t.risk_referral.pk}, method="POST",
        data=lambda t: {"reason": "Managed within the plan"}),
    Row("api:risk-api:referral-detail", "404  404  200  404  404  200  404  404  404  401",
        lambda t: {"referral_id": t.risk_referral_restricted_north.pk}),
    Row("api:risk-api:referral-detail", "404  404  404  404  404  200  404  404  404  401",
        lambda t: {"referral_id": t.risk_referral_restricted_south.pk}),
    Row("api:risk-api:referral-decline", "404  404  404  404  404  403  404  404  404  401",
        lambda t: {"referral_id": t.risk_referral_restricted_south.pk}, method="POST",
        data=lambda t: {"reason": "Not ours"}),
    # --- risk: oversight ---
    # Starting an assessment is case work; returning one, like countersigning, is the team's managers'
    # (never the author's); resubmitting a plan is case work, refused (400) while nothing was returned.
    Row("api:cases-api:assessment-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"case": t.case.pk, "assessment_type": "asset_plus", "reason": "review"}),
    Row("api:cases-api:assessment-return", "403  404  200  404  403  403  404  404  404  401",
        lambda t: {"assessment_id": t.assessment.pk}, method="POST",
        data=lambda t: {"feedback": "Explain the risk of serious harm"}),
    Row("api:cases-api:plan-return", "403  404  200  404  403  403  404  404  404  401",
        lambda t: {"plan_id": t.plan.pk}, method="POST", data=lambda t: {"feedback": "Make the contingency concrete"}),
    Row("api:cases-api:plan-resubmit", "400  404  400  404  403  403  404  404  404  401",
        lambda t: {"plan_id": t.plan.pk}, method="POST", data=lambda t: {"contingency": "Call the police"}),
    Row("cases:plan_countersign", "403  404  200  404  403  403  404  404  404  login",
        lambda t: {"case_id": t.case.pk, "plan_id": t.plan.pk}),
    Row("cases:plan_resubmit", "302  404  302  404  403  403  404  404  404  login",
        lambda t: {"case_id": t.case.pk, "plan_id": t.plan.pk}),
    # --- family ---
    # Case records about the child (DESIGN.md §11): read as the child's cases are (the victim worker a child
    # whose case has victims); recorded by those who work on one of the child's open cases; a child in the
    # body the user may not see is a 400. Needs records are created, never changed.
    *FAMILY_ROWS,
    # --- court: hearings ---
    *COURT_HEARING_ROWS,
    # --- court: orders ---
    # Case records (DESIGN.md §10): read as the case is (the victim worker a case with victims); recorded by
    # those who work on the open case; a case or order in the body the user may not see is a 400.
    *ORDER_ROWS,
    # --- court: panels ---
    *COURT_PANEL_ROWS,
    # --- interventions ---
    *INTERVENTIONS_ROWS,
    # --- browser pages ---
    # A child's record is changed by the YJS staff who add children, for a child they see (§2, §11).
    Row("cases:child_edit", "200  404  200  403  403  403  404  404  404  login", child),
    Row("cases:child_edit", "302  404  302  403  403  403  404  404  404  login", child, method="POST",
        data=lambda t: child_form(t, looked_after="yes", responsible_local_authority="Leeds",
                                  social_worker_name="Ann Lee", address="2 New Street")),
    # Allocating, restricting, closing and the decision at 18: the team's managers, as the API.
    Row("cases:case_allocate", "403  404  200  404  403  403  404  404  404  login", case),
    Row("cases:case_allocate", "403  404  302  404  403  403  404  404  404  login", case, method="POST",
        data=lambda t: {"allocated_to": t.users["manager"].pk}),
    Row("cases:case_allocate", "404  404  200  404  404  403  404  404  404  login", restricted_north),
    Row("cases:case_restrict", "403  404  200  404  403  403  404  404  404  login", case),
    Row("cases:case_restrict", "403  404  302  404  403  403  404  404  404  login", case, method="POST",
        data=lambda t: {"restricted": "yes"}),
    Row("cases:case_restrict", "404  404  302  404  404  403  404  404  404  login", restricted_north,
        method="POST", data=lambda t: {"restricted": "no"}),
    Row("cases:case_close", "403  404  200  404  403  403  404  404  404  login", case),
    Row("cases:case_close", "403  404  302  404  403  403  404  404  404  login", case, method="POST",
        data=lambda t: date_parts("end_date") | {"closure_reason": "Order completed"}),
    Row("cases:transition_decide", "403  404  200  404  403  403  404  404  404  login", case),
    Row("cases:transition_decide", "403  404  302  404  403  403  404  404  404  login", case, method="POST",
        data=lambda t: {"decision": "retain", "reason": "The order ends weeks after the 18th birthday"}),
    # Offences and new assessments: case work, as plans and reviews.
    Row("cases:offence_record", "200  404  200  404  403  403  404  404  404  login", case),
    Row("cases:offence_record", "302  404  302  404  403  403  404  404  404  login", case, method="POST",
        data=lambda t: date_parts("offence_date") | {"description": "Criminal damage", "gravity_score": "2"}),
    Row("cases:assessment_start", "200  404  200  404  403  403  404  404  404  login", case),
    Row("cases:offence_record", "404  404  200  404  404  403  404  404  404  login", restricted_north),
    # A victim's record: those who work on the case and the victim worker; contact details the victim worker's.
    Row("cases:victim_edit", "200  404  200  404  200  403  404  404  404  login", victim),
    Row("cases:victim_edit", "302  404  302  404  302  403  404  404  404  login", victim, method="POST",
        data=lambda t: {"display_name": "Victim M", "wishes": "A letter of apology", "consent_to_share": "yes",
                        "restorative_justice": "not_discussed"}),
    # The board's meetings and the actions a member owns: whoever reads board reports (no child in them).
    Row("governance:board_meetings", "403  403  200  403  403  200  200  403  403  login"),
    # A panel's agenda: those who run panels (§3 oocd), as the API's panel-referrals.
    Row("oocd:panel_referral_add", "404  404  200  200  404  403  404  404  403  login", panel),
    # --- police outcomes ---
    # A follow-up of a police outcome for a child not known: the police officer and the team's managers
    # and case workers see and record it; the head of service reads it; another team's staff get 404.
    Row("api:oocd-api:follow-up-list", "200  200  200  200  200  200  200  200  200  401",
        query={"open": "true"}),
    Row("api:oocd-api:follow-up-detail", "200  404  200  200  404  200  404  404  404  401", follow_up),
    Row("api:oocd-api:follow-up-outcome", "200  404  200  200  404  403  404  404  404  401", follow_up,
        method="POST", data=lambda t: {"outcome": "support_offered"}),
    Row("oocd:follow_up_list", "200  200  200  200  403  200  403  403  403  login"),
    Row("oocd:follow_up_outcome", "200  404  200  200  403  403  403  403  403  login", follow_up),
    Row("oocd:follow_up_outcome", "302  404  302  302  403  403  403  403  403  login", follow_up,
        method="POST", data=lambda t: {"outcome": "support_offered"}),
    # --- my work ---
    # Each signed-in person's own work (the home page's, row "home"); a service account has none.
    Row("api:my-work", "200  200  200  200  200  200  200  403  200  401"),
    # --- notifications ---
    # Everyone's own (the case worker's notification is nobody else's: 404); a service account has none.
    Row("notifications:index", "200  200  200  200  200  200  200  403  200  login"),
    Row("notifications:notification_open", "302  404  404  404  404  404  404  403  404  login", notification),
    Row("notifications:read_all", "302  302  302  302  302  302  302  403  302  login", method="POST"),
    Row("notifications:preferences", "200  200  200  200  200  200  200  403  200  login"),
    Row("notifications:preferences", "302  302  302  302  302  302  302  403  302  login", method="POST",
        data=lambda t: {"email": ["arrest"]}),
    Row("api:notifications-api:notification-list", "200  200  200  200  200  200  200  403  200  401"),
    Row("api:notifications-api:notification-read", "200  404  404  404  404  404  404  403  404  401", notification,
        method="POST"),
    Row("api:notifications-api:notification-read-all", "200  200  200  200  200  200  200  403  200  401",
        method="POST"),
    Row("api:notifications-api:notification-preferences", "200  200  200  200  200  200  200  403  200  401"),
    Row("api:notifications-api:notification-preferences", "200  200  200  200  200  200  200  403  200  401",
        method="PUT", data=lambda t: {"preferences": [{"kind": "arrest", "email": False}]}),
    # --- court: resettlement ---
    # Case records (DESIGN.md §10): read as the case is (the victim worker a case with victims; never the
    # police officer, who receives the resettlement notice as an information request); recorded by those who
    # work on the open case; a case in the body the user may not see is a 400.
    Row("api:court-api:custody-spell-list", "200  200  200  200  200  200  200  200  200  401",
        query=lambda t: {"case": t.resettlement.case.pk}),
    Row("api:court-api:custody-spell-list", "201  400  201  400  403  403  400  400  400  401", method="POST",
        data=lambda t: {"case": t.resettlement.case_free.pk, "establishment_type": "stc", "establishment": "Oakhill",
                        "custody_from": week_ago(), "release_on": None, "supervision_on_release": "licence"}),
    Row("api:court-api:custody-spell-detail", "200  404  200  404  200  200  404  404  404  401", custody_spell),
    Row("api:court-api:custody-spell-detail", "200  404  200  404  403  403  404  404  404  401", custody_spell,
        method="PATCH", data=lambda t: {"establishment": "HMYOI Werrington"}),
    Row("api:court-api:custody-spell-detail", "404  404  200  404  404  200  404  404  404  401",
        lambda t: {"spell_id": t.resettlement.restricted_spell.pk}),
    Row("api:court-api:custody-spell-release", "200  404  200  404  403  403  404  404  404  401", custody_spell,
        method="POST", data=lambda t: {"released_on": today()}),
    Row("api:court-api:resettlement-plan-list", "200  200  200  200  200  200  200  200  200  401"),
    Row("api:court-api:resettlement-plan-detail", "200  404  200  404  200  200  404  404  404  401",
        resettlement_plan),
    Row("api:court-api:resettlement-plan-detail", "200  404  200  404  403  403  404  404  404  401",
        resettlement_plan, method="PATCH", data=lambda t: {"health_in_place": True}),
    Row("api:court-api:resettlement-plan-complete", "200  404  200  404  403  403  404  404  404  401",
        resettlement_plan, method="POST"),
    Row("court:resettlement_list", "200  200  200  403  200  200  403  403  403  login"),
    Row("court:custody_spell_add", "200  404  200  404  403  403  404  404  404  login",
        lambda t: {"case_id": t.resettlement.case_free.pk}),
    Row("court:custody_spell_detail", "200  404  200  404  200  200  404  404  404  login",
        lambda t: {"pk": t.resettlement.spell.pk}),
    Row("court:custody_spell_detail", "404  404  200  404  404  200  404  404  404  login",
        lambda t: {"pk": t.resettlement.restricted_spell.pk}),
    Row("court:custody_spell_detail", "302  404  302  404  403  403  404  404  404  login",
        lambda t: {"pk": t.resettlement.spell.pk}, method="POST",
        data=lambda t: {"form": "release", **date_parts("released_on")}),
    Row("court:resettlement_plan", "200  404  200  404  200  200  404  404  404  login",
        lambda t: {"pk": t.resettlement.spell.pk}),
    Row("court:resettlement_plan", "302  404  302  404  403  403  404  404  404  login",
        lambda t: {"pk": t.resettlement.spell.pk}, method="POST", data=lambda t: {
        "complete": "yes", "accommodation_in_place": "yes", "accommodation": "Home", "education_in_place": "yes",
        "education": "College", "health_in_place": "yes", "health": "GP", "release_address": "1 Matrix Road"}),
]
# fmt: on


# --- Which teams' rows each list shows ------------------------------------------------------------------

NORTH, SOUTH, BOTH, NONE = {"north"}, {"south"}, {"north", "south"}, set()


def _teams_of_cases(case_ids) -> set[str]:
    return set(Case.objects.filter(pk__in=[pk for pk in case_ids if pk]).values_list("team__slug", flat=True))


def _teams_of_children(child_ids) -> set[str]:
    return set(Case.objects.filter(child__in=child_ids).values_list("team__slug", flat=True))


def by_case(row: dict) -> set[str]:
    return _teams_of_cases([row["case"]])


def by_case_or_child(row: dict) -> set[str]:
    return _teams_of_cases([row["case"]]) if row.get("case") else _teams_of_children([row["child"]])


def by_child(row: dict) -> set[str]:
    return _teams_of_children([row["id"]])


def by_team(row: dict) -> set[str]:
    return _teams_of_cases([row["id"]])


def by_decision(row: dict) -> set[str]:
    return _teams_of_cases(Decision.objects.filter(pk=row["id"]).values_list("referral__case", flat=True))


def by_meeting_team(row: dict) -> set[str]:
    return set(Team.objects.filter(pk=row["team"]).values_list("slug", flat=True))


def by_custody_child(row: dict) -> set[str]:
    return _teams_of_children([row["child"]]) if row.get("child") else set()


@dataclass(frozen=True)
class TeamRows:
    """A list endpoint, how to tell a row's team(s), and the teams each role may see rows of.

    A row may appear only if it belongs to a team the role may see (or to no team, as a child
    not yet on any case); a role that may see some teams' rows must see some (so no list passes
    by being empty), and a role that may see none sees no row at all. ``REFUSED``: the list
    answers 403 (the matrix above says so too).
    """

    name: str
    team_of: Callable[[dict], set[str]]
    allowed: dict[str, set[str] | None]


REFUSED = None


def sees(cw, cw2, mgr, pol, vw, head, brd, feed, pnl) -> dict[str, set[str]]:
    return dict(zip(COLUMNS, (cw, cw2, mgr, pol, vw, head, brd, feed, pnl), strict=False))


# Case records: the team's own (DESIGN.md §2); the victim worker those with victims, in both teams;
# the police officer none (identity and flags only); the head of service everything; the board and
# the API client nothing named.
CASE_RECORDS = sees(NORTH, SOUTH, NORTH, NONE, BOTH, BOTH, NONE, NONE, NONE)
# fmt: off
LISTS = [
    TeamRows("api:cases-api:child-list", by_child, sees(NORTH, SOUTH, NORTH, BOTH, BOTH, BOTH, NONE, NONE, NONE)),
    TeamRows("api:cases-api:case-list", by_team, CASE_RECORDS),
    TeamRows("api:cases-api:assessment-list", by_case, CASE_RECORDS),
    TeamRows("api:cases-api:victim-list", by_case, CASE_RECORDS),
    TeamRows("api:cases-api:plan-list", by_case, CASE_RECORDS),
    TeamRows("api:cases-api:review-list", by_case, CASE_RECORDS),
    TeamRows("api:cases-api:contact-list", by_case, CASE_RECORDS),
    TeamRows("api:cases-api:flag-list", by_case_or_child,
             sees(NORTH, SOUTH, NORTH, BOTH, BOTH, BOTH, NONE, NONE, NONE)),
    # Requests: the requester's, their case's allocated worker's and their team managers'; all for police.
    TeamRows("api:intelligence-api:request-list", by_case_or_child,
             sees(NORTH, SOUTH, NORTH, BOTH, NONE, BOTH, NONE, NONE, NONE)),
    TeamRows("api:oocd-api:referral-list", by_case, sees(NORTH, SOUTH, NORTH, BOTH, BOTH, BOTH, NONE, NONE, BOTH)),
    TeamRows("api:oocd-api:decision-list", by_decision, sees(NORTH, SOUTH, NORTH, BOTH, BOTH, BOTH, NONE, NONE, BOTH)),
    # Custody: the case worker's own caseload; every record for police, managers and the head.
    TeamRows("api:custody-api:records", by_custody_child,
             sees(NORTH, SOUTH, BOTH, BOTH, REFUSED, BOTH, REFUSED, REFUSED, REFUSED)),
    # --- risk: protection ---
    TeamRows("api:risk-api:mappa-list", by_case, CASE_RECORDS),
    TeamRows("api:risk-api:marac-list", by_case, CASE_RECORDS),
    TeamRows("api:risk-api:safeguarding-referral-list", by_case, CASE_RECORDS),
    TeamRows("api:risk-api:social-care-list", lambda row: _teams_of_children([row["child"]]), CASE_RECORDS),
    # --- risk: meetings ---
    # A team's meetings to whoever reads its case records (each showing only the hearings they may see).
    TeamRows("api:risk-api:meeting-list", by_meeting_team,
             sees(NORTH, SOUTH, NORTH, NONE, BOTH, BOTH, NONE, NONE, NONE)),
    TeamRows("api:risk-api:action-list", by_case, CASE_RECORDS),
    # --- risk: referrals ---
    TeamRows("api:risk-api:referral-list", by_case, CASE_RECORDS),
    # --- family ---
    *[
        TeamRows(f"api:family-api:{name}-list", lambda row: _teams_of_children([row["child"]]), CASE_RECORDS)
        for name in ("member", "professional", "accommodation", "education", "communication", "mental-health",
                     "substance-misuse")
    ],
    # --- court: hearings ---
    TeamRows("api:court-api:hearing-list", by_case_or_child, CASE_RECORDS),
    TeamRows("api:court-api:report-list", by_case, CASE_RECORDS),
    # --- court: orders ---
    *[TeamRows(f"api:court-api:{name}-list", by_case, CASE_RECORDS) for name in ("order", "requirement", "breach")],
    # --- court: panels ---
    TeamRows("api:court-api:referral-panel-list", by_case, CASE_RECORDS),
    # --- interventions ---
    # The catalogue is no team's: whoever reads case records sees it all; the others are refused.
    TeamRows("api:interventions-api:intervention-list", lambda row: set(),
             sees(BOTH, BOTH, BOTH, REFUSED, BOTH, BOTH, REFUSED, REFUSED, REFUSED)),
    *[
        TeamRows(f"api:interventions-api:{name}-list", by_case, CASE_RECORDS)
        for name in ("referral", "reparation", "restorative-justice", "victim-safety-plan")
    ],
    # --- police outcomes ---
    TeamRows("api:oocd-api:follow-up-list", by_meeting_team,
             sees(NORTH, SOUTH, NORTH, BOTH, NONE, BOTH, NONE, NONE, NONE)),
    # --- court: resettlement ---
    TeamRows("api:court-api:custody-spell-list", by_case, CASE_RECORDS),
    TeamRows("api:court-api:resettlement-plan-list", by_case, CASE_RECORDS),
]
# fmt: on


def _patterns(patterns, prefix: str = "", namespace: tuple[str, ...] = ()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield ":".join((*namespace, pattern.name or "")), prefix + str(pattern.pattern)


def url_patterns() -> dict[str, str]:
    """Every URL pattern the resolver knows, by its name (with namespaces)."""
    return dict(_patterns(get_resolver().url_patterns))


def test_every_url_pattern_has_a_row():
    named = set(url_patterns())
    rows = {row.name for row in MATRIX}
    missing = sorted(named - rows)
    assert not missing, f"URL patterns with no row in the permission matrix: {missing}"
    unknown = sorted(rows - named)
    assert not unknown, f"Rows for URL patterns the resolver does not know: {unknown}"
    unnamed = sorted(url for name, url in url_patterns().items() if name.endswith(":") or not name)
    assert not unnamed, f"Unnamed URL patterns: {unnamed}"


def test_there_is_no_admin_site():
    """No door past the audited pages: Django's admin is not mounted."""
    assert not any(url.startswith("admin/") for url in url_patterns().values())
    assert "django.contrib.admin" not in settings.INSTALLED_APPS


@pytest.mark.django_db
def test_the_admin_log_is_gone_from_the_database():
    """yjs 0005 drops the admin's log table a database made before kept (with its key to users)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('django_admin_log'), count(*) FROM django_migrations WHERE app = 'admin'")
        assert cursor.fetchone() == (None, 0)


# --- Running a row ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def targets(security_data: SecurityData) -> Targets:
    return build_targets(security_data)


def _client(identity: str, data: SecurityData, *, api: bool):
    # Each identity from an address of its own (TEST-NET-1): the token endpoint's throttle counts
    # by address in the shared cache, and these requests must not use up anyone else's allowance.
    address = f"192.0.2.{100 + COLUMNS.index(identity)}"
    if api:
        client = APIClient(REMOTE_ADDR=address)
        if identity != "anonymous":
            client.credentials(HTTP_AUTHORIZATION=f"Token {data.tokens[identity]}")
        return client
    client = Client(REMOTE_ADDR=address)
    if identity != "anonymous":
        client.force_login(data.users[identity])
    return client


@pytest.fixture(scope="module")
def clients(security_data: SecurityData, django_db_blocker) -> dict[tuple[str, bool], Client]:
    """A signed-in client per identity, for pages (session) and the API (token), for the module."""
    with django_db_blocker.unblock():
        return {
            (identity, api): _client(identity, security_data, api=api) for identity in COLUMNS for api in (False, True)
        }


def _status(response) -> str:
    if response.status_code in (301, 302, 303):
        login = resolve_url(settings.LOGIN_URL)
        return LOGIN if response["Location"].split("?")[0] == login else REDIRECT
    return str(response.status_code)


def call(row: Row, identity: str, targets: Targets, clients, data: SecurityData):
    # Signing out ends the session, so that row has a client of its own.
    fresh = row.name == "logout"
    client = _client(identity, data, api=False) if fresh else clients[identity, row.is_api]
    url = reverse(row.name, kwargs=row.kwargs(targets))
    body = row.data(targets) if row.data else None
    if row.method == "GET":
        return client.get(url, row.query(targets) if callable(row.query) else row.query)
    if row.multipart:
        return client.post(url, body, format="multipart")
    if row.is_api:
        return client.generic(row.method, url, data=_json(body), content_type="application/json")
    return client.post(url, body or {})


def _json(body) -> str:
    return json.dumps(body if body is not None else {}, default=str)


@pytest.mark.parametrize("row", MATRIX, ids=str)
def test_each_role_gets_what_design_gives_it(row: Row, targets, clients, security_data, db):
    wrong = {}
    observed = {}
    for identity, expected in row.statuses.items():
        with transaction.atomic():
            response = call(row, identity, targets, clients, security_data)
            transaction.set_rollback(True)
        observed[identity] = _status(response)
        if observed[identity] != expected:
            wrong[identity] = f"expected {expected}, got {observed[identity]}: {response.content[:200]!r}"
    assert not wrong, "\n".join(f"{row} as {identity}: {problem}" for identity, problem in wrong.items())


@pytest.mark.parametrize("listing", LISTS, ids=lambda listing: listing.name)
def test_lists_show_only_the_teams_rows_a_role_may_see(listing: TeamRows, targets, clients, db):
    wrong = []
    for identity, allowed in listing.allowed.items():
        response = clients[identity, True].get(reverse(listing.name), {"page_size": 500})
        if allowed is REFUSED:
            assert response.status_code == 403, f"{listing.name} as {identity}: {response.status_code}"
            continue
        assert response.status_code == 200, f"{listing.name} as {identity}: {response.status_code}"
        rows = response.json()["results"]
        for item in rows:
            teams = listing.team_of(item)
            if teams and not teams & allowed:
                wrong.append(f"{identity} sees a row of {sorted(teams)}: {item.get('id')}")
        if allowed and not rows:
            wrong.append(f"{identity} sees no rows, should see {sorted(allowed)}'s")
        if not allowed and rows:
            wrong.append(f"{identity} sees {len(rows)} rows, should see none")
    assert not wrong, f"{listing.name}:\n" + "\n".join(wrong)


# --- Every downloadable file × every role: only the rows that role may see on a page (DESIGN.md §12) -------

# A row of a file is about a case (or a child); ``EVERY``: the role's file holds every row (the police
# officer's "open to YJS" list and audit, made for them; the head of service's); ``PAGE``: only rows of
# cases the role may see on a page (``may_see_case``); ``REFUSED``: the file answers 403; ``HIDDEN``: 404.
EVERY, PAGE = "every", "page"
# ``HIDDEN``: a file about one record the role may not see at all: 404, as its page.
HIDDEN = "hidden"


def may_see_case(user: User, case: Case) -> bool:
    """DESIGN.md §2, restated here rather than asked of the code under test: the head of service
    every case; a team manager everything in their teams; a case worker their teams' cases, a
    restricted one only when it is allocated to them; a victim worker their teams' cases with a victim,
    not restricted."""
    if user.has_role(Role.HEAD_OF_SERVICE) or case.allocated_to_id == user.pk:
        return True
    if case.team_id not in user.team_ids:
        return False
    if user.has_role(Role.VICTIM_WORKER) and not case.restricted and case.victims.exists():
        return True  # the cases their victims are linked to
    return user.has_role(Role.TEAM_MANAGER) or (user.has_role(Role.CASE_WORKER) and not case.restricted)


def may_see_child(user: User, child_cases: list[Case]) -> bool:
    """A child on no case yet, or on a case the user may see."""
    return not child_cases or any(may_see_case(user, case) for case in child_cases)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_body(response).decode("utf-8-sig"))))


def _requests_outside(user: User, scope: str, request_ids: list[int]) -> list[str]:
    """The requests of a file about cases (or children) the user may not see."""
    requests = InformationRequest.objects.filter(pk__in=request_ids).select_related("case")
    cases_of_child: dict[int, list[Case]] = {}
    for case in Case.objects.filter(child__in=requests.values("child")):
        cases_of_child.setdefault(case.child_id, []).append(case)
    if scope == EVERY:
        return []
    return [
        f"request {request.pk} (case {request.case_id})"
        for request in requests
        if not (
            may_see_case(user, request.case)
            if request.case
            else may_see_child(user, cases_of_child.get(request.child_id, []))
        )
    ]


def audit_csv_rows(response, user: User, scope: str, t: Targets) -> tuple[int, list[str]]:
    ids = [int(row["Request id"]) for row in _csv_rows(response)]
    return len(ids), _requests_outside(user, scope, ids)


def audit_pdf_rows(response, user: User, scope: str, t: Targets) -> tuple[int, list[str]]:
    """The requests the PDF lists, as its export event records them (the same entries as its pages)."""
    assert _body(response).startswith(b"%PDF")
    event = AuditEvent.objects.filter(
        actor=user, action=AuditAction.EXPORT, detail__export="information_request_audit_pdf"
    ).latest("pk")
    ids = event.detail["requests"]
    return len(ids), _requests_outside(user, scope, ids)


def open_to_yjs_rows(response, user: User, scope: str, t: Targets) -> tuple[int, list[str]]:
    """Exactly the children with an open case the role may see, each with only those cases."""
    shown = {
        case.pk: case
        for case in Case.objects.filter(status=CaseStatus.OPEN).select_related("team")
        if scope == EVERY or may_see_case(user, case)
    }
    expected: dict[int, list[Case]] = {}
    for case in shown.values():
        expected.setdefault(case.child_id, []).append(case)
    rows = _csv_rows(response)
    wrong = []
    for row in rows:
        cases = expected.get(int(row["Child id"]))
        if not cases:
            wrong.append(f"child {row['Child id']}, who has no open case the role may see")
        elif len(row["Open cases"].split("; ")) != len(cases) or set(row["Teams"].split("; ")) != {
            str(case.team) for case in cases
        }:
            wrong.append(f"child {row['Child id']} listed with {row['Open cases']!r} of {row['Teams']!r}")
    missing = set(expected) - {int(row["Child id"]) for row in rows}
    wrong += [f"child {pk} missing" for pk in sorted(missing)[:5]]
    return len(rows), wrong


def board_report_file(kind: str):
    def check(response, user: User, scope: str, t: Targets) -> tuple[int, list[str]]:
        """Every figure only to a role that sees every team of the report; otherwise the board's file
        (small numbers suppressed), as a board member gets."""
        report = BoardReport.objects.get(pk=t.report.pk)
        full = scope == EVERY or (
            bool(team_ids := set(report.teams.values_list("pk", flat=True))) and team_ids <= set(user.team_ids)
        )
        field = getattr(report, kind if full else f"board_{kind}")
        with field.open("rb") as expected:
            same = _body(response) == expected.read()
        return 1, [] if same else [f"served the {'board' if full else 'full'} {kind}, not the {field.name}"]

    return check


@dataclass(frozen=True)
class DownloadableFile:
    """A file a user downloads, how to read which cases its rows are about, and each role's scope."""

    name: str
    rows: Callable[[Any, User, str, Targets], tuple[int, list[str]]]
    allowed: dict[str, str | None]
    kwargs: Callable[[Targets], dict] = lambda t: {}
    query: Callable[[], dict] = dict

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    def __str__(self) -> str:
        return f"{self.name} {self.kwargs.__name__ if self.kwargs.__name__ != '<lambda>' else ''}".strip()


def period() -> dict:
    return {"from": "2020-01-01", "to": "2030-12-31"}


def the_week() -> dict:
    return {"from": week_ago(), "to": today()}


def report_pdf(t: Targets) -> dict:
    return {"report_id": t.report.pk, "kind": "pdf"}


def report_csv(t: Targets) -> dict:
    return {"report_id": t.report.pk, "kind": "csv"}


def minutes_pdf_rows(response, user: User, scope: str, t: Targets) -> tuple[int, list[str]]:
    """The cases whose hearings the minutes show, as its export event records them."""
    assert _body(response).startswith(b"%PDF")
    event = AuditEvent.objects.filter(
        actor=user, action=AuditAction.EXPORT, detail__export="risk_meeting_minutes"
    ).latest("pk")
    cases = Case.objects.filter(pk__in=event.detail["cases"])
    return len(event.detail["cases"]), [f"case {case.pk}" for case in cases if not may_see_case(user, case)]


# Columns:                              cw       cw2      mgr   pol    vw       head   brd      feed     pnl
MINUTES_FILE = sees(PAGE, HIDDEN, PAGE, HIDDEN, PAGE, PAGE, HIDDEN, HIDDEN, HIDDEN)
AUDIT_FILES = sees(REFUSED, REFUSED, PAGE, EVERY, REFUSED, EVERY, REFUSED, REFUSED, REFUSED)
BOARD_FILES = sees(REFUSED, REFUSED, PAGE, REFUSED, REFUSED, EVERY, PAGE, REFUSED, REFUSED)
FILES = [
    DownloadableFile("api:intelligence-api:audit-csv", audit_csv_rows, AUDIT_FILES, query=period),
    DownloadableFile("api:intelligence-api:audit-pdf", audit_pdf_rows, AUDIT_FILES, query=the_week),
    DownloadableFile("api:intelligence-api:open-to-yjs-csv", open_to_yjs_rows, AUDIT_FILES),
    DownloadableFile("governance:report_download", board_report_file("pdf"), BOARD_FILES, report_pdf),
    DownloadableFile("governance:report_download", board_report_file("csv"), BOARD_FILES, report_csv),
    # --- risk: meetings ---
    DownloadableFile("risk:meeting_minutes", minutes_pdf_rows, MINUTES_FILE, risk_meeting),
]
# Files about one record: the matrix above gives each role's status for a North record and for the
# restricted ones (a role that may not see the record gets 404, as on its page).
ONE_RECORD_FILES = {
    "cases:transfer_pack",
    "governance:subject_access_export",
    "oocd:document_download",
    "oocd:document_version_download",
    "api:oocd-api:decision-document",
    "api:oocd-api:decision-document-version",
}
FILE_WORDS = ("csv", "pdf", "download", "document", "export")
NOT_FILES = {"oocd:document_upload"}  # an upload form


def test_every_downloadable_file_is_in_the_files_dimension():
    files = {
        name for name, url in url_patterns().items() if any(word in f"{name} {url}".lower() for word in FILE_WORDS)
    } - NOT_FILES
    covered = {file.name for file in FILES} | ONE_RECORD_FILES
    assert not files - covered, f"Files with no row in the files dimension: {sorted(files - covered)}"
    matrix = {row.name for row in MATRIX}
    assert matrix >= ONE_RECORD_FILES


@pytest.mark.parametrize("file", FILES, ids=str)
def test_files_hold_only_the_rows_a_role_may_see(file: DownloadableFile, targets, clients, security_data, db):
    wrong = []
    url = reverse(file.name, kwargs=file.kwargs(targets))
    for identity, scope in file.allowed.items():
        user = security_data.users[identity]
        with transaction.atomic():
            response = clients[identity, file.is_api].get(url, file.query())
            if scope is REFUSED:
                if response.status_code != 403:
                    wrong.append(f"{identity}: expected 403, got {response.status_code}")
            elif scope == HIDDEN:
                if response.status_code != 404:
                    wrong.append(f"{identity}: expected 404, got {response.status_code}")
            elif response.status_code != 200:
                wrong.append(f"{identity}: expected 200, got {response.status_code}")
            else:
                count, outside = file.rows(response, user, scope, targets)
                wrong += [f"{identity}: {problem}" for problem in outside[:10]]
                if not count:
                    wrong.append(f"{identity}: an empty file (nothing to check)")
            transaction.set_rollback(True)
    assert not wrong, f"{file}:\n" + "\n".join(wrong)


def test_an_inspection_sample_lists_only_the_cases_a_role_may_see(targets, clients, db):
    url = reverse("governance:sample_detail", kwargs={"sample_id": targets.inspection_sample.pk})
    south_child = str(targets.restricted_south.child)
    assert south_child in clients["head", False].get(url).content.decode()
    manager_page = clients["manager", False].get(url).content.decode()
    assert str(targets.child) in manager_page
    assert south_child not in manager_page


# --- Every read of a restricted case's data is audited, whichever door it comes through -----------------


@dataclass(frozen=True)
class RestrictedRead:
    """A GET that shows the manager something of North's restricted case."""

    name: str
    kwargs: Callable[[Targets], dict] = lambda t: {}
    query: Callable[[Targets], dict] = lambda t: {}

    def __str__(self) -> str:
        return self.name


def of_restricted_north(t: Targets) -> dict:
    return {"case": t.restricted_north.pk}


RESTRICTED_READS = [
    RestrictedRead("api:cases-api:case-list", query=lambda t: {"restricted": "true"}),
    RestrictedRead("api:cases-api:case-detail", restricted_north),
    RestrictedRead("api:cases-api:assessment-list", query=of_restricted_north),
    RestrictedRead(
        "api:cases-api:assessment-detail", lambda t: {"assessment_id": t.restricted_north.assessments.get().pk}
    ),
    RestrictedRead("api:cases-api:plan-list", query=of_restricted_north),
    RestrictedRead("api:cases-api:review-list", query=of_restricted_north),
    RestrictedRead("api:cases-api:contact-list", query=of_restricted_north),
    RestrictedRead("api:cases-api:transfer-list", query=of_restricted_north),
    RestrictedRead("api:cases-api:victim-list", query=of_restricted_north),
    RestrictedRead("api:cases-api:victim-detail", lambda t: {"victim_id": t.restricted_north.victims.get().pk}),
    RestrictedRead("cases:case_detail", restricted_north),
    RestrictedRead("cases:child_detail", lambda t: {"child_id": t.restricted_north.child_id}),  # the timeline
    # --- dashboard --- (the dashboard itself shows counts, its list of reviews due shows the case)
    RestrictedRead("cases:dashboard_list", lambda t: {"slug": "reviews"}),  # its review is due
    # --- risk: protection ---
    RestrictedRead("api:risk-api:mappa-list", query=of_restricted_north),
    RestrictedRead("api:risk-api:mappa-detail", lambda t: {"mappa_id": t.mappa_restricted.pk}),
    RestrictedRead(
        "risk:mappa_update", lambda t: {"case_id": t.restricted_north.pk, "mappa_id": t.mappa_restricted.pk}
    ),
    # --- risk: meetings ---
    RestrictedRead("api:risk-api:meeting-list"),
    RestrictedRead("api:risk-api:meeting-detail", risk_meeting),
    RestrictedRead("api:risk-api:action-list", query=of_restricted_north),
    # --- risk: pages ---
    RestrictedRead("risk:meeting_detail", risk_meeting),  # on the agenda
    RestrictedRead("risk:referral_list"),  # referred
    # --- risk: referrals ---
    RestrictedRead("api:risk-api:referral-list", query=of_restricted_north),
    RestrictedRead("api:risk-api:referral-detail", lambda t: {"referral_id": t.risk_referral_restricted_north.pk}),
    # --- family ---
    RestrictedRead("api:family-api:member-list", query=lambda t: {"child": t.restricted_north.child_id}),
    RestrictedRead("api:family-api:member-detail", lambda t: {"member_id": t.family.restricted_member.pk}),
    RestrictedRead("family:family_page", lambda t: {"child_id": t.restricted_north.child_id}),
    RestrictedRead("family:need_history", lambda t: {"child_id": t.restricted_north.child_id, "need": "education"}),
    # --- court: panels ---
    RestrictedRead("api:court-api:referral-panel-list", query=of_restricted_north),
    RestrictedRead(
        "api:court-api:referral-panel-detail", lambda t: {"referral_panel_id": t.court_panels.restricted_panel.pk}
    ),
    RestrictedRead("court:panel_detail", lambda t: {"pk": t.court_panels.restricted_panel.pk}),
    RestrictedRead("court:panel_list"),  # its initial panel is to hold
    # --- my work ---
    RestrictedRead("home"),  # its review is due
    RestrictedRead("api:my-work"),
]


@pytest.mark.parametrize("read", RESTRICTED_READS, ids=str)
def test_each_read_of_a_restricted_case_is_audited(read: RestrictedRead, targets, clients, security_data, db):
    manager, case = security_data.users["manager"], targets.restricted_north
    reads = AuditEvent.objects.filter(
        actor=manager, action=AuditAction.VIEW_SENSITIVE, content_type__model="case", object_id=str(case.pk)
    )
    with transaction.atomic():
        before = reads.count()
        response = clients["manager", read.name.startswith("api:")].get(
            reverse(read.name, kwargs=read.kwargs(targets)), read.query(targets)
        )
        assert response.status_code == 200
        shown = (case.child.surname, f'"case":{case.pk}', f'"id":{case.pk}')
        assert any(mark.encode() in response.content for mark in shown), f"{read}: the case is not shown"
        assert reads.count() == before + 1, f"{read}: the read of restricted case {case.pk} was not audited"
        transaction.set_rollback(True)


@pytest.mark.parametrize("identity", ["police", "head"])
@pytest.mark.parametrize("door", ["list", "detail"])
def test_reading_a_request_about_a_restricted_case_is_audited(identity, door, targets, clients, security_data, db):
    request, case = targets.request_restricted, targets.restricted_south
    reads = AuditEvent.objects.filter(
        actor=security_data.users[identity],
        action=AuditAction.VIEW_SENSITIVE,
        content_type__model="case",
        object_id=str(case.pk),
    )
    if door == "list":
        url, query = reverse("api:intelligence-api:request-list"), {"case": case.pk}
    else:
        url, query = reverse("api:intelligence-api:request-detail", kwargs={"request_id": request.pk}), {}
    with transaction.atomic():
        before = reads.count()
        response = clients[identity, True].get(url, query)
        assert response.status_code == 200 and f'"id":{request.pk}'.encode() in response.content
        assert reads.count() == before + 1
        transaction.set_rollback(True)


def test_record_the_matrix(targets, clients, security_data, db):
    """``MATRIX_RECORD=1``: print what each role gets for every URL (to review against DESIGN.md)."""
    if not RECORD:
        pytest.skip("set MATRIX_RECORD=1 to print the observed matrix")
    for row in [row for row in MATRIX if RECORD == "1" or RECORD in row.name]:
        started = time.monotonic()
        observed = []
        for identity in COLUMNS:
            with transaction.atomic():
                try:
                    response = call(row, identity, targets, clients, security_data)
                    observed.append(_status(response))
                except Exception as error:
                    observed.append(f"ERR:{type(error).__name__}")
                transaction.set_rollback(True)
        took = time.monotonic() - started
        statuses = " ".join(f"{status:<4}" for status in observed).strip()
        print(f'    Row("{row.name}", "{statuses}", method="{row.method}"),  # {took:.1f}s')
