"""The court API: hearings (DESIGN.md §7, §10) at /api/v1/court/hearings/.

A hearing is the child's, listed for the children the user may see (not one linked to a case
hidden from them); ``?child=``, ``?case=`` and ``?on=YYYY-MM-DD`` narrow the list. A PATCH changes
only the fields it names. Reads of restricted cases' hearings are audited.
"""

from rest_framework import serializers
from rest_framework.request import Request

from cases.apis.base import id_output, model_input
from cases.apis.case_records import RecordOnChildFilter, RecordOnChildOutputSerializer, on_day
from cases.models import Child
from cases.services import restricted_case_records_viewed
from yjs.api.endpoints import found_by, row_action, row_create, row_read, rows_list
from yjs.api.fields import VisibleRelatedField
from yjs.api.filters import IdFilter
from yjs.api.routes import row_paths
from yjs.validators import planned_for

from .. import permissions
from ..models import Hearing
from ..selectors import hearings as selectors
from ..services import hearings as services
from .common import visible_case_input


def _shown(request: Request, hearings) -> None:
    on_cases = [hearing for hearing in hearings if hearing.case_id is not None]
    restricted_case_records_viewed(records=on_cases, user=request.user, via="court_hearings_api", request=request)


def _shown_one(request: Request, hearing: Hearing) -> None:
    _shown(request, [hearing])


class HearingFilter(RecordOnChildFilter):
    case = IdFilter(field_name="case__id", label="Case id")
    on = on_day("Heard on this day (YYYY-MM-DD)", field_name="heard_on")

    class Meta:
        model = Hearing
        fields = ["child", "case", "on"]


class HearingOutputSerializer(RecordOnChildOutputSerializer):
    case = id_output("case_id", allow_null=True)
    hearing_type_display = serializers.CharField(source="get_hearing_type_display", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = Hearing
        fields = [
            "id",
            "child",
            "child_name",
            "case",
            "heard_on",
            "court",
            "hearing_type",
            "hearing_type_display",
            "outcome",
            "outcome_display",
            "next_hearing_on",
            "duty_officer_note",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
        ]


class HearingUpdateInputSerializer(serializers.Serializer):
    case = visible_case_input(required=False, allow_null=True)
    heard_on = model_input(Hearing, "heard_on", "date of the hearing", bounds=planned_for)
    court = model_input(Hearing, "court", "court")
    hearing_type = model_input(Hearing, "hearing_type", "type of hearing")
    outcome = model_input(Hearing, "outcome", "outcome of the hearing")
    next_hearing_on = model_input(Hearing, "next_hearing_on", "date of the next hearing", bounds=planned_for)
    duty_officer_note = model_input(Hearing, "duty_officer_note", "court duty officer's note")


class HearingCreateInputSerializer(HearingUpdateInputSerializer):
    child = VisibleRelatedField(model=Child, visible=permissions.visible_children, label="child")


class HearingListCreateApi(
    rows_list(
        "List hearings",
        "The hearings of the children you may see. `?child=`, `?case=` and `?on=YYYY-MM-DD` (the "
        "court list for a day) narrow the list.",
        rows=lambda user: selectors.hearing_list(user=user).order_by("-heard_on", "-id"),
        output=HearingOutputSerializer,
        filterset=HearingFilter,
        audit=_shown,
    ),
    row_create(
        "Record a child's hearing",
        "Optionally linked to one of the child's cases. An outcome is recorded once the hearing has "
        "happened; the next hearing is after it.",
        service=services.hearing_record,
        input=HearingCreateInputSerializer,
        output=HearingOutputSerializer,
        find=found_by(selectors.hearing_get, "hearing_id"),
    ),
):
    """Hearings: list them, or record one."""


class HearingDetailApi(
    row_read(
        "A hearing",
        rows=selectors.hearing_list,
        row="hearing",
        path_parameter="court_hearing_id",
        output=HearingOutputSerializer,
        shown=_shown_one,
    ),
    row_action(
        "Change a hearing",
        "Only the fields sent are changed: record its outcome and the next hearing, or correct it.",
        rows=selectors.hearing_list,
        row="hearing",
        path_parameter="court_hearing_id",
        service=services.hearing_update,
        input=HearingUpdateInputSerializer,
        output=HearingOutputSerializer,
        method="patch",
    ),
):
    """A hearing: read it, or change the fields sent."""


urlpatterns = row_paths(
    "hearings", "hearing", list=HearingListCreateApi, detail=HearingDetailApi, parameter="court_hearing_id"
)
