"""The court API: custody spells and resettlement plans (DESIGN.md §7, §10).

Case records: listed for the cases whose court work the user may read (another team's restricted
case not at all, each read of a restricted case's rows audited); recorded by those who work on the
open case. A plan's release address is personal data, shown to whoever may read the case (as the
child's address is); the police area receives it in the resettlement notice.
"""

from django.db.models import QuerySet
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cases.apis.base import id_output, model_input, name_output
from cases.models import Case
from yjs.api.base import Api, ListApi, action, created
from yjs.api.fields import VisibleRelatedField
from yjs.api.filters import FieldFilterBackend, IdFilter
from yjs.validators import happened_after_yjs_began, planned_for

from .. import permissions
from ..models import CustodySpell, ResettlementPlan
from ..selectors import resettlement as selectors
from ..services import resettlement as services

# --- Custody spells ----------------------------------------------------------------------------------------


class CustodySpellFilter(filters.FilterSet):
    """``?case=<id>``: narrows what the selector allowed, never widens it."""

    case = IdFilter(field_name="case__id", label="Case id")

    class Meta:
        model = CustodySpell
        fields = ["case"]


class CustodySpellOutputSerializer(serializers.ModelSerializer):
    case = id_output("case_id")
    child = id_output("case.child_id")
    child_name = name_output("case.child")
    establishment_type_display = serializers.CharField(source="get_establishment_type_display", read_only=True)
    supervision_on_release_display = serializers.CharField(source="get_supervision_on_release_display", read_only=True)
    resettlement_plan = serializers.SerializerMethodField()
    recorded_by = id_output("recorded_by_id")
    recorded_by_name = name_output("recorded_by")

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
    case = VisibleRelatedField(model=Case, visible=permissions.visible_cases, label="case")


class CustodySpellReleaseInputSerializer(serializers.Serializer):
    released_on = model_input(
        CustodySpell, "released_on", "date the child was released", bounds=happened_after_yjs_began, required=True
    )


class CustodyListApi(ListApi):
    """A list of custody spells or plans: the reads of restricted cases' rows are audited."""

    filter_backends = [FieldFilterBackend]
    read_via = ""

    def page_read(self, page: list) -> None:
        services.custody_records_viewed(records=page, user=self.request.user, via=self.read_via, request=self.request)


def _shown(request: Request, row, via: str):
    services.custody_records_viewed(records=[row], user=request.user, via=via, request=request)
    return row


class CustodySpellListCreateApi(CustodyListApi):
    queryset = CustodySpell.objects.none()
    filterset_class = CustodySpellFilter
    read_via = "custody_spell_list"

    def get_queryset(self) -> QuerySet[CustodySpell]:
        return selectors.custody_spell_list(user=self.request.user)

    @extend_schema(summary="List custody spells", responses=CustodySpellOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.listed(CustodySpellOutputSerializer)

    @extend_schema(
        summary="Record a custody spell on a detention and training order or a remand case",
        description="With `release_on` (the expected release), the spell's resettlement plan is made, due a set "
        "number of working days before it. Any other case type is refused (400 on `case`).",
        request=CustodySpellCreateInputSerializer,
        responses={201: CustodySpellOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        spell = action(request, services.custody_spell_record, CustodySpellCreateInputSerializer)
        return created(CustodySpellOutputSerializer(selectors.custody_spell_get(user=request.user, spell_id=spell.pk)))


class CustodySpellDetailApi(Api):
    @extend_schema(summary="A custody spell", responses={200: CustodySpellOutputSerializer})
    def get(self, request: Request, spell_id: int) -> Response:
        spell = _shown(request, selectors.custody_spell_get(user=request.user, spell_id=spell_id), "custody_spell")
        return Response(CustodySpellOutputSerializer(spell).data)

    @extend_schema(
        summary="Change a custody spell",
        description="Only the fields sent change. A new `release_on` moves the plan's due date while the plan "
        "is not completed. The release is recorded with `POST …/release/`.",
        request=CustodySpellUpdateInputSerializer,
        responses={200: CustodySpellOutputSerializer},
    )
    def patch(self, request: Request, spell_id: int) -> Response:
        spell = selectors.custody_spell_get(user=request.user, spell_id=spell_id)
        action(request, services.custody_spell_update, CustodySpellUpdateInputSerializer, partial=True, spell=spell)
        return Response(
            CustodySpellOutputSerializer(selectors.custody_spell_get(user=request.user, spell_id=spell_id)).data
        )


class CustodySpellReleaseApi(Api):
    @extend_schema(
        summary="Record the child's release from custody",
        request=CustodySpellReleaseInputSerializer,
        responses={200: CustodySpellOutputSerializer},
    )
    def post(self, request: Request, spell_id: int) -> Response:
        spell = selectors.custody_spell_get(user=request.user, spell_id=spell_id)
        action(request, services.custody_spell_release, CustodySpellReleaseInputSerializer, spell=spell)
        return Response(
            CustodySpellOutputSerializer(selectors.custody_spell_get(user=request.user, spell_id=spell_id)).data
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
            "accommodation_in_place",
            "accommodation",
            "education_in_place",
            "education",
            "health_in_place",
            "health",
            "release_address",
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


class ResettlementPlanListApi(CustodyListApi):
    queryset = ResettlementPlan.objects.none()
    filterset_class = ResettlementPlanFilter
    read_via = "resettlement_plan_list"

    def get_queryset(self) -> QuerySet[ResettlementPlan]:
        return selectors.resettlement_plan_list(user=self.request.user)

    @extend_schema(
        summary="List resettlement plans",
        description="A plan is made when a custody spell has an expected release date.",
        responses=ResettlementPlanOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return self.listed(ResettlementPlanOutputSerializer)


class ResettlementPlanDetailApi(Api):
    @extend_schema(summary="A resettlement plan", responses={200: ResettlementPlanOutputSerializer})
    def get(self, request: Request, resettlement_plan_id: int) -> Response:
        plan = _shown(
            request,
            selectors.resettlement_plan_get(user=request.user, plan_id=resettlement_plan_id),
            "resettlement_plan",
        )
        return Response(ResettlementPlanOutputSerializer(plan).data)

    @extend_schema(
        summary="Record what is in place for release",
        description="Only the fields sent change. A completed plan can no longer be changed (400).",
        request=ResettlementPlanUpdateInputSerializer,
        responses={200: ResettlementPlanOutputSerializer},
    )
    def patch(self, request: Request, resettlement_plan_id: int) -> Response:
        plan = selectors.resettlement_plan_get(user=request.user, plan_id=resettlement_plan_id)
        action(
            request, services.resettlement_plan_update, ResettlementPlanUpdateInputSerializer, partial=True, plan=plan
        )
        return Response(
            ResettlementPlanOutputSerializer(
                selectors.resettlement_plan_get(user=request.user, plan_id=resettlement_plan_id)
            ).data
        )


class ResettlementPlanCompleteApi(Api):
    @extend_schema(
        summary="Complete the resettlement plan and send the police area its resettlement notice",
        description="Needs accommodation, education and health answered, the release address and, for a licence "
        "or notice of supervision, the spell's conditions (400 naming each field missing). The notice is an "
        "information request (`resettlement_notice`) to the police officer, its id in `notice`; a plan is "
        "completed once (400 the second time).",
        request=None,
        responses={200: ResettlementPlanOutputSerializer},
    )
    def post(self, request: Request, resettlement_plan_id: int) -> Response:
        plan = selectors.resettlement_plan_get(user=request.user, plan_id=resettlement_plan_id)
        action(request, services.resettlement_plan_complete, plan=plan)
        return Response(
            ResettlementPlanOutputSerializer(
                selectors.resettlement_plan_get(user=request.user, plan_id=resettlement_plan_id)
            ).data
        )


urlpatterns = [
    path("custody-spells/", CustodySpellListCreateApi.as_view(), name="custody-spell-list"),
    path("custody-spells/<int:spell_id>/", CustodySpellDetailApi.as_view(), name="custody-spell-detail"),
    path("custody-spells/<int:spell_id>/release/", CustodySpellReleaseApi.as_view(), name="custody-spell-release"),
    path("resettlement-plans/", ResettlementPlanListApi.as_view(), name="resettlement-plan-list"),
    path(
        "resettlement-plans/<int:resettlement_plan_id>/",
        ResettlementPlanDetailApi.as_view(),
        name="resettlement-plan-detail",
    ),
    path(
        "resettlement-plans/<int:resettlement_plan_id>/complete/",
        ResettlementPlanCompleteApi.as_view(),
        name="resettlement-plan-complete",
    ),
]
