"""What the risk API's views share: the ``case`` input of the cases risk's users may see."""

from cases.apis.case_records import case_input

from .. import permissions

visible_case_input = case_input(permissions.visible_cases)
