"""The catalogue of interventions at /api/v1/interventions/: listed (``?type=``, ``?active=``) by those
who read case records; added and changed (PATCH changes only the fields given; ``active: false`` sets
one inactive, never deleted) by team managers and the head of service."""

from django.db.models import QuerySet
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cases.apis.base import model_input
from yjs.api.base import ListApi
from yjs.api.endpoints import found_by, row_action, row_create
from yjs.api.filters import FieldFilterBackend
from yjs.api.permissions import Rule
from yjs.api.schema import FORBIDDEN

from .. import permissions, selectors
from ..models import Intervention, InterventionType
from ..services import catalogue as services

READERS = Rule(permissions.can_see_catalogue, "You cannot see the catalogue of interventions.")
KEEPERS = Rule(permissions.can_keep_catalogue, services.NOT_PERMITTED)


class InterventionFilter(filters.FilterSet):
    type = filters.ChoiceFilter(
        field_name="intervention_type", choices=InterventionType.choices, label="Type of intervention"
    )
    active = filters.BooleanFilter(field_name="active", label="In use (true) or not (false)")

    class Meta:
        model = Intervention
        fields = ["type", "active"]


class InterventionOutputSerializer(serializers.ModelSerializer):
    intervention_type_display = serializers.CharField(source="get_intervention_type_display", read_only=True)

    class Meta:
        model = Intervention
        fields = [
            "id",
            "name",
            "intervention_type",
            "intervention_type_display",
            "provider",
            "suitable_for",
            "sessions",
            "active",
            "created_at",
        ]


def sessions_input() -> serializers.IntegerField:
    message = f"Enter the number of sessions from 1 to {services.MAX_SESSIONS}, or leave it blank"
    return serializers.IntegerField(
        min_value=1,
        max_value=services.MAX_SESSIONS,
        required=False,
        allow_null=True,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value", "max_string_length"), message),
    )


class InterventionCreateInputSerializer(serializers.Serializer):
    name = model_input(Intervention, "name", "name of the intervention")
    intervention_type = model_input(Intervention, "intervention_type", "type of intervention")
    provider = model_input(Intervention, "provider", "provider")
    suitable_for = model_input(Intervention, "suitable_for", "who it suits")
    sessions = sessions_input()


class InterventionUpdateInputSerializer(InterventionCreateInputSerializer):
    active = model_input(Intervention, "active", "whether the intervention is in use")


find_intervention = found_by(selectors.intervention_get, "intervention_id")


class InterventionListCreateApi(
    ListApi,
    row_create(
        "Add an intervention to the catalogue",
        service=services.intervention_add,
        input=InterventionCreateInputSerializer,
        output=InterventionOutputSerializer,
    ),
):
    rule = {"GET": READERS, "POST": KEEPERS}
    queryset = Intervention.objects.none()
    filter_backends = [FieldFilterBackend]
    filterset_class = InterventionFilter

    def get_queryset(self) -> QuerySet[Intervention]:
        return selectors.intervention_list(user=self.request.user)

    @extend_schema(
        summary="List the catalogue of interventions and programmes",
        description="`?type=` narrows to one type of intervention; `?active=true` to those in use.",
        responses={200: InterventionOutputSerializer(many=True), 403: FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        return self.listed(InterventionOutputSerializer)


class InterventionDetailApi(
    row_action(
        "Change an intervention, or set it inactive",
        "Only the fields given change. `active: false` takes it out of use (no new referrals); "
        "an intervention is never deleted.",
        find=find_intervention,
        row="intervention",
        service=services.intervention_update,
        input=InterventionUpdateInputSerializer,
        output=InterventionOutputSerializer,
        path_parameter="intervention_id",
        method="patch",
    )
):
    rule = {"GET": READERS, "PATCH": KEEPERS}

    @extend_schema(
        summary="An intervention of the catalogue", responses={200: InterventionOutputSerializer, 403: FORBIDDEN}
    )
    def get(self, request: Request, intervention_id: int) -> Response:
        return Response(InterventionOutputSerializer(find_intervention(request, intervention_id)).data)


urlpatterns = [
    path("", InterventionListCreateApi.as_view(), name="intervention-list"),
    path("<int:intervention_id>/", InterventionDetailApi.as_view(), name="intervention-detail"),
]
