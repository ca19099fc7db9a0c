"""Who may do what with interventions: one place for the app (DESIGN.md §2, §10).

- the catalogue: read by whoever may read case records; kept (added, changed, set inactive) by team
  managers and the head of service;
- a case's referrals, reparation, restorative justice and victim safety plans are case records:
  read through the case (``cases.permissions.visible_cases``), recorded by those who work on the
  open case; restorative justice and victim safety plans also by the victim worker, who works
  with the case's victims (``cases.permissions.can_manage_victims``).
"""

from cases import permissions as case_permissions

visible_cases = case_permissions.record_visible_cases
can_view_interventions = case_permissions.can_view_case_records
can_see_catalogue = case_permissions.can_read_team_lists
can_keep_catalogue = case_permissions.can_keep_team_lists


# Referrals, sessions attended, reparation: those who work on the open case.
can_record_interventions = case_permissions.can_work_on_case
# Restorative justice and victim safety plans: those who work on the case and the victim worker.
can_record_victim_work = case_permissions.can_manage_victims
