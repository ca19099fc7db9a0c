"""Reads for case records. Each takes ``user`` and sees only what it may
(``cases.permissions``); each runs a fixed number of queries however many rows.

One module per part of the record; every selector is importable from here
(``from cases import selectors``), as is ``TIMELINE_SOURCES``, where other apps add
their events to a child's timeline.
"""

from .children import (
    SearchResult,
    child_get,
    child_list,
    child_page,
    child_related,
    child_search,
)
from .oversight import current_assessment, returned_work
from .pages import (
    AssessmentStatus,
    CaseRecord,
    ChildRecord,
    allocatable_workers,
    assessment_status,
    case_record,
    child_record,
    transition_due,
)
from .records import (
    assessment_list,
    case_get,
    case_list,
    case_transfer_list,
    contact_list,
    flag_list,
    plan_list,
    review_list,
    team_open_case_counts,
    victim_list,
)
from .timeline import (
    TIMELINE_SOURCES,
    TimelineEvent,
    child_timeline,
)
from .timeliness import (
    CaseloadRow,
    ManagerDashboard,
    awaiting_countersignature,
    caseload,
    completed_late_assessments,
    manager_dashboard,
    overdue_assessments,
    reviews_due,
    turning_18_soon,
)

__all__ = [
    "TIMELINE_SOURCES",
    "AssessmentStatus",
    "CaseRecord",
    "CaseloadRow",
    "ChildRecord",
    "ManagerDashboard",
    "SearchResult",
    "TimelineEvent",
    "allocatable_workers",
    "assessment_list",
    "assessment_status",
    "awaiting_countersignature",
    "case_get",
    "case_list",
    "case_record",
    "case_transfer_list",
    "caseload",
    "child_get",
    "child_list",
    "child_page",
    "child_record",
    "child_related",
    "child_search",
    "child_timeline",
    "completed_late_assessments",
    "contact_list",
    "current_assessment",
    "flag_list",
    "manager_dashboard",
    "overdue_assessments",
    "plan_list",
    "returned_work",
    "review_list",
    "reviews_due",
    "team_open_case_counts",
    "transition_due",
    "turning_18_soon",
    "victim_list",
]
