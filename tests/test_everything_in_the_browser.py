"""Everything a practitioner may do through the API, they can do in a page (DESIGN.md §11; issue #20,
acceptance 4).

The API's write operations (every POST, PUT, PATCH and DELETE of a route under /api/) are found from the
URL resolver, and checked against the OpenAPI schema's. Each one is named below: in ``PAGES`` with the
page (or pages) that do the same through the same service, or in ``API_ONLY`` with the reason no
practitioner needs a page for it (a service account's feed, the token endpoints). A new write endpoint
fails ``test_every_api_write_has_a_page_or_a_reason`` until it has its row; the message says which.

To add an endpoint: one line in its app's block of ``PAGES``, ``("<api URL name>", "<METHOD>"):
"<app>:<page URL name>",`` (a tuple of page names where several pages share the work), or, only for what
no person does, a line in ``API_ONLY`` with its reason.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

WRITE_METHODS = ("post", "put", "patch", "delete")

Operation = tuple[str, str]  # (the API route's URL name, its method)

# fmt: off
PAGES: dict[Operation, str | tuple[str, ...]] = {
    # --- cases ---
    ("api:cases-api:child-list", "POST"): "cases:child_add",
    ("api:cases-api:child-detail", "PATCH"): "cases:child_edit",
    ("api:cases-api:case-list", "POST"): "cases:case_open",
    ("api:cases-api:case-allocate", "POST"): "cases:case_allocate",
    ("api:cases-api:case-close", "POST"): "cases:case_close",
    ("api:cases-api:case-restrict", "POST"): "cases:case_restrict",
    ("api:cases-api:assessment-list", "POST"): "cases:assessment_start",
    ("api:cases-api:assessment-detail", "PATCH"): "cases:assessment_record",
    ("api:cases-api:assessment-countersign", "POST"): "cases:assessment_countersign",
    ("api:cases-api:assessment-return", "POST"): "cases:assessment_countersign",
    ("api:cases-api:victim-list", "POST"): "cases:victim_add",
    ("api:cases-api:victim-detail", "PATCH"): "cases:victim_edit",
    ("api:cases-api:plan-list", "POST"): "cases:plan_write",
    ("api:cases-api:plan-countersign", "POST"): "cases:plan_countersign",
    ("api:cases-api:plan-return", "POST"): "cases:plan_countersign",
    ("api:cases-api:plan-resubmit", "POST"): "cases:plan_resubmit",
    ("api:cases-api:review-list", "POST"): "cases:review_schedule",
    ("api:cases-api:review-complete", "POST"): "cases:review_complete",
    ("api:cases-api:contact-list", "POST"): "cases:contact_record",
    ("api:cases-api:flag-list", "POST"): "cases:flag_raise",
    ("api:cases-api:flag-remove", "POST"): "cases:flag_remove",
    ("api:cases-api:transfer-list", "POST"): "cases:case_transfer",
    ("api:cases-api:transfer-accept", "POST"): "cases:transfer_accept",
    ("api:cases-api:transition-create", "POST"): "cases:transition_decide",
    # --- risk ---
    ("api:risk-api:referral-list", "POST"): "risk:referral_make",
    ("api:risk-api:referral-decline", "POST"): "risk:referral_decline",
    ("api:risk-api:meeting-list", "POST"): "risk:meeting_new",
    ("api:risk-api:meeting-attendees", "POST"): "risk:attendee_add",
    ("api:risk-api:meeting-hearings", "POST"): "risk:hearing_add",
    ("api:risk-api:hearing-decision", "POST"): "risk:hearing_decide",
    ("api:risk-api:action-list", "POST"): "risk:action_add",
    ("api:risk-api:action-complete", "POST"): "risk:action_complete",
    ("api:risk-api:mappa-list", "POST"): "risk:mappa_record",
    ("api:risk-api:mappa-detail", "PATCH"): "risk:mappa_update",
    ("api:risk-api:marac-list", "POST"): "risk:marac_record",
    ("api:risk-api:marac-detail", "PATCH"): "risk:marac_update",
    ("api:risk-api:safeguarding-referral-list", "POST"): "risk:safeguarding_referral_record",
    ("api:risk-api:safeguarding-referral-detail", "PATCH"): "risk:safeguarding_referral_update",
    ("api:risk-api:social-care-list", "POST"): "risk:social_care_record",
    # --- intelligence ---
    ("api:intelligence-api:request-list", "POST"): "intelligence:ask",
    ("api:intelligence-api:request-supply", "POST"): "intelligence:supply",
    ("api:intelligence-api:request-addenda", "POST"): "intelligence:addendum_add",
    ("api:intelligence-api:request-written-request", "POST"): "intelligence:complete_written",
    ("api:intelligence-api:request-safeguarding-referral", "POST"): "intelligence:safeguarding_referral",
    ("api:intelligence-api:request-close", "POST"): "intelligence:close",
    ("api:intelligence-api:request-withdraw", "POST"): "intelligence:withdraw",
    ("api:intelligence-api:system-list", "POST"): "intelligence:systems",
    # --- oocd ---
    ("api:oocd-api:referral-list", "POST"): "oocd:referral_new",
    ("api:oocd-api:referral-views", "POST"): ("oocd:victim_views", "oocd:child_views", "oocd:parent_carer_views"),
    ("api:oocd-api:panel-list", "POST"): "oocd:panel_new",
    ("api:oocd-api:panel-attendees", "POST"): "oocd:attendee_add",
    ("api:oocd-api:panel-referrals", "POST"): "oocd:panel_referral_add",
    ("api:oocd-api:decision-list", "POST"): "oocd:panel_decision",
    ("api:oocd-api:police-only-decision-create", "POST"): (
        "oocd:police_only_new", "oocd:referral_police_only_decision"),
    ("api:oocd-api:decision-warning", "POST"): "oocd:warning_record",
    ("api:oocd-api:decision-implications-explained", "POST"): "oocd:implications_record",
    ("api:oocd-api:decision-document", "POST"): "oocd:document_upload",
    ("api:oocd-api:decision-delivery", "POST"): "oocd:delivery_record",
    ("api:oocd-api:decision-victim-informed", "POST"): "oocd:victim_informed_record",
    ("api:oocd-api:condition-failures", "POST"): "oocd:failure_record",
    ("api:oocd-api:condition-compliance", "POST"): "oocd:compliance_record",
    ("api:oocd-api:failure-prosecution", "POST"): "oocd:prosecution_record",
    ("api:oocd-api:scrutiny-sample-list", "POST"): "oocd:scrutiny",
    ("api:oocd-api:scrutiny-item-finding", "POST"): "oocd:scrutiny_finding",
    # --- notifications ---
    ("api:notifications-api:notification-read", "POST"): "notifications:notification_open",
    ("api:notifications-api:notification-read-all", "POST"): "notifications:read_all",
    ("api:notifications-api:notification-preferences", "PUT"): "notifications:preferences",
    # --- family ---
    ("api:family-api:member-list", "POST"): "family:family_member_add",
    ("api:family-api:member-detail", "PATCH"): "family:family_member_change",
    ("api:family-api:professional-list", "POST"): "family:professional_add",
    ("api:family-api:professional-detail", "PATCH"): "family:professional_change",
    ("api:family-api:accommodation-list", "POST"): "family:need_record",
    ("api:family-api:education-list", "POST"): "family:need_record",
    ("api:family-api:communication-list", "POST"): "family:need_record",
    ("api:family-api:mental-health-list", "POST"): "family:need_record",
    ("api:family-api:substance-misuse-list", "POST"): "family:need_record",
    # --- interventions ---
    ("api:interventions-api:intervention-list", "POST"): "interventions:intervention_add",
    ("api:interventions-api:intervention-detail", "PATCH"): "interventions:intervention_change",
    ("api:interventions-api:referral-list", "POST"): "interventions:referral_make",
    ("api:interventions-api:referral-detail", "PATCH"): "interventions:referral_progress",
    ("api:interventions-api:referral-end", "POST"): "interventions:referral_end",
    ("api:interventions-api:reparation-list", "POST"): "interventions:placement_add",
    ("api:interventions-api:reparation-detail", "PATCH"): "interventions:placement_change",
    ("api:interventions-api:reparation-sessions", "POST"): "interventions:session_record",
    ("api:interventions-api:restorative-justice-list", "POST"): "interventions:restorative_justice_record",
    ("api:interventions-api:restorative-justice-detail", "PATCH"): "interventions:restorative_justice_update",
    ("api:interventions-api:victim-safety-plan-list", "POST"): "interventions:safety_plan_record",
    ("api:interventions-api:victim-safety-plan-detail", "PATCH"): "interventions:safety_plan_update",
    # --- police outcomes ---
    ("api:oocd-api:follow-up-outcome", "POST"): "oocd:follow_up_outcome",
    # --- custody ---
    ("api:custody-api:review-resolve", "POST"): "custody:review_resolve",
    ("api:custody-api:ingest-runs", "POST"): "custody:upload",
    # --- governance ---
    ("api:governance-api:reports", "POST"): "governance:reports",
    # --- court: hearings ---
    ("api:court-api:hearing-list", "POST"): "court:hearing_add",
    ("api:court-api:hearing-detail", "PATCH"): "court:hearing_edit",
    # --- court: reports ---
    ("api:court-api:report-list", "POST"): "court:report_add",
    ("api:court-api:report-detail", "PATCH"): "court:report_detail",
    ("api:court-api:report-send", "POST"): "court:report_detail",
    ("api:court-api:report-approve", "POST"): "court:report_detail",
    ("api:court-api:report-return", "POST"): "court:report_detail",
    ("api:court-api:report-resubmit", "POST"): "court:report_detail",
    ("api:court-api:report-submit", "POST"): "court:report_detail",
    ("api:court-api:report-sentence", "POST"): "court:report_detail",
    # --- court: orders ---
    ("api:court-api:order-list", "POST"): "court:order_record",
    ("api:court-api:order-detail", "PATCH"): "court:order_record",
    ("api:court-api:order-end", "POST"): "court:order_end",
    ("api:court-api:requirement-list", "POST"): "court:requirement_add",
    ("api:court-api:requirement-progress", "POST"): "court:requirement_detail",
    ("api:court-api:requirement-complete", "POST"): "court:requirement_complete",
    ("api:court-api:breach-list", "POST"): "court:breach_add",
    ("api:court-api:breach-outcome", "POST"): "court:breach_detail",
    # --- court: resettlement ---
    ("api:court-api:custody-spell-list", "POST"): "court:custody_spell_add",
    ("api:court-api:custody-spell-detail", "PATCH"): "court:custody_spell_detail",
    ("api:court-api:custody-spell-release", "POST"): "court:custody_spell_detail",
    ("api:court-api:resettlement-plan-detail", "PATCH"): "court:resettlement_plan",
    ("api:court-api:resettlement-plan-complete", "POST"): "court:resettlement_plan",
    # --- court: panels ---
    ("api:court-api:referral-panel-list", "POST"): "court:panel_schedule",
    ("api:court-api:referral-panel-held", "POST"): "court:panel_detail",
    ("api:court-api:volunteer-list", "POST"): "court:volunteer_add",
    ("api:court-api:volunteer-detail", "PATCH"): "court:volunteer_edit",
}

API_ONLY: dict[Operation, str] = {
    ("api:token", "POST"): "Another system signs in for a token; a person signs in to the pages with the sign-in page",
    ("api:logout", "POST"): "Revokes the token presented; a person signs out of the pages with the header's button",
    ("api:custody-api:records", "POST"): "The custody feed's service account pushes rows from the police system; "
    "a person sends the same rows as a file (custody:upload)",
}
# fmt: on


# --- The API's write operations -----------------------------------------------------------------------


def _routes(patterns, prefix: str = "", namespace: tuple[str, ...] = ()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield ":".join((*namespace, pattern.name or "")), prefix + str(pattern.pattern), pattern


def api_writes() -> dict[Operation, str]:
    """Every write operation of the API: (URL name, method) → its path in the OpenAPI schema's form."""
    found = {}
    for name, route, pattern in _routes(get_resolver().url_patterns):
        view = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
        if not route.startswith("api/") or view is None:
            continue
        for method in WRITE_METHODS:
            if hasattr(view, method):
                found[name, method.upper()] = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    return found


def page_names() -> set[str]:
    return {name for name, route, _ in _routes(get_resolver().url_patterns) if not route.startswith("api/")}


def _row(operation: Operation) -> str:
    return f'    ("{operation[0]}", "{operation[1]}"): "<app>:<page URL name>",'


def test_every_api_write_has_a_page_or_a_reason():
    missing = sorted(set(api_writes()) - PAGES.keys() - API_ONLY.keys())
    assert not missing, (
        "API write operations with no page that does the same. Build the page, then add its row to PAGES in "
        "tests/test_everything_in_the_browser.py (in its app's block):\n"
        + "\n".join(map(_row, missing))
        + '\n(or, only for what no person does, to API_ONLY with the reason: ("name", "METHOD"): "why",)'
    )


def test_no_row_names_a_write_the_api_no_longer_has():
    writes = set(api_writes())
    assert ("api:cases-api:case-allocate", "POST") in writes  # the discovery itself works
    stale = sorted((PAGES.keys() | API_ONLY.keys()) - writes)
    assert not stale, f"Rows in tests/test_everything_in_the_browser.py for no API write operation: {stale}"
    assert not PAGES.keys() & API_ONLY.keys(), "A write operation is named both with a page and as API-only"


def test_each_page_named_is_a_page():
    pages = page_names()
    named = {page for value in PAGES.values() for page in ((value,) if isinstance(value, str) else value)}
    assert sorted(named - pages) == [], "Pages named in PAGES that the URL resolver does not know"


@pytest.mark.django_db
def test_the_schema_lists_the_same_write_operations():
    """The OpenAPI schema (what other systems read) and the URL resolver agree on the write operations,
    so none is left out of the count above."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    in_schema = {
        (path, method.upper()) for path, operations in schema["paths"].items() for method in operations
        if method in WRITE_METHODS
    }  # fmt: skip
    in_urls = {(path, method) for (_, method), path in api_writes().items()}
    assert in_schema == in_urls
