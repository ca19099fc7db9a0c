"""The court API: custody spells and resettlement plans (DESIGN.md §7, §10).

Case records: listed for the cases whose court work the user may read (another team's restricted
case not at all, each read of a restricted case's rows audited); recorded by those who work on the
open case. A plan's release address is personal data, shown to whoever may read the case (as the
child's address is); the police area receives it in the resettlement notice.
"""

from django_filters import rest_framework as filters
from rest_framework import serializers

from cases.apis.base import id_output, model_input, name_output
from cases.apis.case_records import (
    CaseRecordOutputSerializer,
    Operation,
    record_detail_view,
    record_kinds,
    record_views,
)
from yjs.api.endpoints import Audit, reads_audited
from yjs.api.filters import IdFilter
from yjs.api.routes import row_paths
from yjs.validators import happened_after_yjs_began, planned_for

from ..models import CustodySpell, ResettlementPlan
from ..selectors import resettlement as selectors
from ..services import resettlement as services
from .common import visible_case_input

# --- Custody spells ----------------------------------------------------------------------------------------


class CustodySpellOutputSerializer(CaseRecordOutputSerializer):
    establishment_type_display = serializers.CharField(source="get_establishment_type_display", read_only=True)
    supervision_on_release_display = serializers.CharField(source="get_supervision_on_release_display", read_only=True)
    resettlement_plan = serializers.SerializerMethodField()

    class Meta:
        model = CustodySpell
        fields = [
            "id",
            "case",
            "child",
            "child_name",
            "establishment_type",
            "establishment_type_display",
            "establishment",
            "custody_from",
            "release_on",
            "released_on",
            "supervision_on_release",
            "supervision_on_release_display",
            "licence_conditions",
            "resettlement_plan",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
        ]

    def get_resettlement_plan(self, spell: CustodySpell) -> int | None:
        """The id of the spell's resettlement plan (none until there is an expected release date)."""
        plan = getattr(spell, "resettlement_plan", None)
        return plan.pk if plan is not None else None


class CustodySpellUpdateInputSerializer(serializers.Serializer):
    establishment_type = model_input(CustodySpell, "establishment_type", "type of secure establishment")
    establishment = model_input(CustodySpell, "establishment", "name of the secure establishment")
    custody_from = model_input(CustodySpell, "custody_from", "date custody started", bounds=happened_after_yjs_began)
    release_on = model_input(CustodySpell, "release_on", "expected release date", bounds=planned_for, required=False)
    supervision_on_release = model_input(CustodySpell, "supervision_on_release", "supervision on release")
    licence_conditions = model_input(CustodySpell, "licence_conditions", "licence or notice of supervision conditions")


class CustodySpellCreateInputSerializer(CustodySpellUpdateInputSerializer):
    case = visible_case_input()


class CustodySpellReleaseInputSerializer(serializers.Serializer):
    released_on = model_input(
        CustodySpell, "released_on", "date the child was released", bounds=happened_after_yjs_began, required=True
    )


def audited(via: str) -> Audit:
    return reads_audited(services.custody_records_viewed, via)


record_kind = record_kinds(audited)


SPELLS = record_kind(selectors.custody_spell_list, selectors.custody_spell_get, CustodySpellOutputSerializer, "spell")


SPELL_VIEWS = record_views(
    SPELLS,
    "a custody spell",
    "custody spells",
    via="custody_spell",
    read_via="custody_spell",
    record=Operation(
        services.custody_spell_record,
        CustodySpellCreateInputSerializer,
        "Record a custody spell on a detention and training order or a remand case",
        "With `release_on` (the expected release), the spell's resettlement plan is made, due a set "
        "number of working days before it. Any other case type is refused (400 on `case`).",
    ),
    change=Operation(
        services.custody_spell_update,
        CustodySpellUpdateInputSerializer,
        "Change a custody spell",
        "Only the fields sent change. A new `release_on` moves the plan's due date while the plan "
        "is not completed. The release is recorded with `POST …/release/`.",
    ),
)

CustodySpellReleaseApi = SPELLS.action(
    "Record the child's release from custody",
    service=services.custody_spell_release,
    input=CustodySpellReleaseInputSerializer,
)


# --- Resettlement plans ----------------------------------------------------------------------------------------


class ResettlementPlanFilter(filters.FilterSet):
    case = IdFilter(field_name="spell__case__id", label="Case id")
    spell = IdFilter(field_name="spell__id", label="Custody spell id")

    class Meta:
        model = ResettlementPlan
        fields = ["case", "spell"]


class ResettlementPlanOutputSerializer(serializers.ModelSerializer):
    spell = id_output("spell_id")
    case = id_output("spell.case_id")
    child = id_output("spell.case.child_id")
    child_name = name_output("spell.case.child")
    release_on = serializers.DateField(source="spell.release_on", read_only=True)
    completed_by = id_output("completed_by_id", allow_null=True)
    completed_by_name = name_output("completed_by", allow_null=True)
    notice = id_output("notice_id", allow_null=True)

    class Meta:
        model = ResettlementPlan
        fields = [
            "id",
            "spell",
            "case",
            "child",
            "child_name",
            "release_on",
            "due_on",
            *services.PLAN_FIELDS,
            "completed_on",
            "completed_by",
            "completed_by_name",
            "notice",
            "updated_at",
        ]


class ResettlementPlanUpdateInputSerializer(serializers.Serializer):
    accommodation_in_place = model_input(ResettlementPlan, "accommodation_in_place", "accommodation in place")
    accommodation = model_input(ResettlementPlan, "accommodation", "accommodation arrangements")
    education_in_place = model_input(
        ResettlementPlan, "education_in_place", "education, training or employment in place"
    )
    education = model_input(ResettlementPlan, "education", "education, training or employment arrangements")
    health_in_place = model_input(ResettlementPlan, "health_in_place", "health services in place")
    health = model_input(ResettlementPlan, "health", "health arrangements")
    release_address = model_input(ResettlementPlan, "release_address", "release address")


PLANS = record_kind(
    selectors.resettlement_plan_list,
    selectors.resettlement_plan_get,
    ResettlementPlanOutputSerializer,
    "plan",
    "resettlement_plan_id",
)

ResettlementPlanListApi = PLANS.listing(
    "List resettlement plans",
    "A plan is made when a custody spell has an expected release date.",
    filterset=ResettlementPlanFilter,
    via="resettlement_plan_list",
)


ResettlementPlanDetailApi = record_detail_view(
    PLANS,
    "a resettlement plan",
    via="resettlement_plan",
    change=Operation(
        services.resettlement_plan_update,
        ResettlementPlanUpdateInputSerializer,
        "Record what is in place for release",
        "Only the fields sent change. A completed plan can no longer be changed (400).",
    ),
)

ResettlementPlanCompleteApi = PLANS.action(
    "Complete the resettlement plan and send the police area its resettlement notice",
    "Needs accommodation, education and health answered, the release address and, for a licence "
    "or notice of supervision, the spell's conditions (400 naming each field missing). The notice is an "
    "information request (`resettlement_notice`) to the police officer, its id in `notice`; a plan is "
    "completed once (400 the second time).",
    service=services.resettlement_plan_complete,
)


urlpatterns = [
    *SPELL_VIEWS.paths("custody-spells", "custody-spell", release=CustodySpellReleaseApi),
    *row_paths(
        "resettlement-plans",
        "resettlement-plan",
        list=ResettlementPlanListApi,
        detail=ResettlementPlanDetailApi,
        actions={"complete": ResettlementPlanCompleteApi},
    ),
]
