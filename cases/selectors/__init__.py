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
from .dashboard import (
    UNALLOCATED,
    LateWeek,
    ManagerDashboard,
    assessments_awaiting_countersignature,
    assessments_completed_late,
    caseload_per_worker,
    cases_turning_18,
    late_assessments,
    late_work_by_week,
    manager_dashboard,
    of_worker,
    reviews_due_soon,
    team_cases,
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
    CaseEvents,
    TimelineEvent,
    add_timeline_source,
    child_timeline,
)
from .timeliness import (
    CaseloadRow,
    awaiting_countersignature,
    caseload,
    completed_late_assessments,
    overdue_assessments,
    reviews_due,
    turning_18_soon,
)

__all__ = [
    "TIMELINE_SOURCES",
    "UNALLOCATED",
    "AssessmentStatus",
    "CaseEvents",
    "CaseRecord",
    "CaseloadRow",
    "ChildRecord",
    "LateWeek",
    "ManagerDashboard",
    "SearchResult",
    "TimelineEvent",
    "add_timeline_source",
    "allocatable_workers",
    "assessment_list",
    "assessment_status",
    "assessments_awaiting_countersignature",
    "assessments_completed_late",
    "awaiting_countersignature",
    "case_get",
    "case_list",
    "case_record",
    "case_transfer_list",
    "caseload",
    "caseload_per_worker",
    "cases_turning_18",
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
    "late_assessments",
    "late_work_by_week",
    "manager_dashboard",
    "of_worker",
    "overdue_assessments",
    "plan_list",
    "returned_work",
    "review_list",
    "reviews_due",
    "reviews_due_soon",
    "team_cases",
    "team_open_case_counts",
    "transition_due",
    "turning_18_soon",
    "victim_list",
]
