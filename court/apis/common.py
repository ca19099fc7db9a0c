"""What the court API's views share: the ``case`` input of the cases whose court work the user may see."""

from cases.apis.case_records import case_input

from .. import permissions

visible_case_input = case_input(permissions.visible_cases)
