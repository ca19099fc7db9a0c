"""What the court API's views share: the ``case`` input of the cases whose court work the user may see, and the
output of a record kept on an order (a requirement, a referral panel, breach proceedings)."""

from rest_framework import serializers

from cases.apis.base import id_output, name_output
from cases.apis.case_records import case_input

from .. import permissions

visible_case_input = case_input(permissions.visible_cases)

ORDER_RECORD_FIELDS = ["id", "order", "case", "child", "child_name"]


class OrderRecordOutputSerializer(serializers.ModelSerializer):
    order = id_output("order_id")
    case = id_output("order.case_id")
    child = id_output("order.case.child_id")
    child_name = name_output("order.case.child")
