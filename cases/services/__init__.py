"""Writes for case records. Each service is one transaction, checks permissions
through ``cases.permissions`` and records what it changed in the audit trail.

One module per part of the record; every service is importable from here
(``from cases import services``).
"""

from .assessments import (
    ASSESSMENT_FIELDS,
    assessment_countersign,
    assessment_create,
    assessment_due_date,
    assessment_record,
    plan_countersign,
    plan_write,
)
from .case import (
    case_allocate,
    case_close,
    case_open,
    case_set_restricted,
    case_transfer_accept,
    case_transfer_request,
    offence_add,
    offence_record,
    transition_decide,
)
from .children import (
    CHILD_FIELDS,
    child_alias_add,
    child_create,
    child_search_keys_build,
    child_search_keys_refresh,
    child_update,
    flag_raise,
    flag_remove,
)
from .oversight import assessment_return, plan_resubmit, plan_return
from .reads import (
    case_transfer_pack_export,
    case_view_record,
    restricted_case_records_viewed,
    timeline_view_record,
)
from .reviews import (
    contact_record,
    review_complete,
    review_schedule,
    significant_event_record,
)
from .victims import (
    victim_add,
    victim_contact_details_view,
    victim_contact_details_view_many,
    victim_update,
)

__all__ = [
    "ASSESSMENT_FIELDS",
    "CHILD_FIELDS",
    "assessment_countersign",
    "assessment_create",
    "assessment_due_date",
    "assessment_record",
    "assessment_return",
    "case_allocate",
    "case_close",
    "case_open",
    "case_set_restricted",
    "case_transfer_accept",
    "case_transfer_pack_export",
    "case_transfer_request",
    "case_view_record",
    "child_alias_add",
    "child_create",
    "child_search_keys_build",
    "child_search_keys_refresh",
    "child_update",
    "contact_record",
    "flag_raise",
    "flag_remove",
    "offence_add",
    "offence_record",
    "plan_countersign",
    "plan_resubmit",
    "plan_return",
    "plan_write",
    "restricted_case_records_viewed",
    "review_complete",
    "review_schedule",
    "significant_event_record",
    "timeline_view_record",
    "transition_decide",
    "victim_add",
    "victim_contact_details_view",
    "victim_contact_details_view_many",
    "victim_update",
]
