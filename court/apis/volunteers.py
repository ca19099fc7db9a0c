"""The community panel volunteers' API, ``/api/v1/court/volunteers/`` (DESIGN.md §7, §10): names and
whether each may sit today for whoever reads case records; email and phone only for those who keep
the volunteers (team managers and the head of service), who add and change them."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cases.apis.base import model_input
from yjs.api.base import Api, ListApi, action
from yjs.api.fields import text_input
from yjs.api.permissions import Rule
from yjs.api.routes import row_paths
from yjs.api.schema import FORBIDDEN
from yjs.validators import happened_after_yjs_began, planned_for

from .. import permissions
from ..models import Volunteer
from ..selectors import volunteers as selectors
from ..services import volunteers as services

READERS = Rule(permissions.can_see_volunteers, "Community panel volunteers are read by those who read case records.")


class VolunteerOutputSerializer(serializers.ModelSerializer):
    may_sit_today = serializers.SerializerMethodField()
    # Only for those who keep the volunteers: left out of the answer for anyone else.
    email = serializers.CharField(required=False, help_text="Blank when not recorded")
    phone = serializers.CharField(required=False)

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "vetted_on",
            "vetting_expires_on",
            "trained_on",
            "active",
            "may_sit_today",
        ]

    def get_may_sit_today(self, volunteer: Volunteer) -> bool:
        return selectors.vetting_status(volunteer).may_sit


def _written(request: Request, rows, *, many: bool = False):
    data = VolunteerOutputSerializer(rows, many=many).data
    if not permissions.can_keep_volunteers(request.user):
        for row in data if many else [data]:
            row.pop("email", None)
            row.pop("phone", None)
    return data


class VolunteerUpdateInputSerializer(serializers.Serializer):
    name = text_input("volunteer's name", Volunteer._meta.get_field("name").max_length, person_name=True)
    email = model_input(Volunteer, "email", "email address")
    phone = model_input(Volunteer, "phone", "phone number")
    vetted_on = model_input(Volunteer, "vetted_on", "date of the DBS check", bounds=happened_after_yjs_began)
    vetting_expires_on = model_input(Volunteer, "vetting_expires_on", "date the DBS check lapses", bounds=planned_for)
    trained_on = model_input(
        Volunteer, "trained_on", "date panel training was completed", bounds=happened_after_yjs_began
    )
    active = model_input(Volunteer, "active", "whether the volunteer is active")


class VolunteerListCreateApi(ListApi):
    queryset = Volunteer.objects.none()
    rule = READERS
    filter_backends = []

    def get_queryset(self) -> QuerySet[Volunteer]:
        return selectors.volunteer_list(user=self.request.user)

    @extend_schema(
        summary="List the community panel volunteers",
        description="`email` and `phone` only for team managers and the head of service, who keep the volunteers.",
        responses={200: VolunteerOutputSerializer(many=True), 403: FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(_written(request, page, many=True))

    @extend_schema(
        summary="Add a community panel volunteer",
        description="Team managers and the head of service. A DBS check's date and the date it lapses go together.",
        request=VolunteerUpdateInputSerializer,
        responses={201: VolunteerOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        volunteer = action(request, services.volunteer_add, VolunteerUpdateInputSerializer)
        return Response(_written(request, volunteer), status=201)


class VolunteerDetailApi(Api):
    rule = READERS

    @extend_schema(summary="A community panel volunteer", responses={200: VolunteerOutputSerializer, 403: FORBIDDEN})
    def get(self, request: Request, volunteer_id: int) -> Response:
        volunteer = selectors.volunteer_get(user=request.user, volunteer_id=volunteer_id)
        return Response(_written(request, volunteer))

    @extend_schema(
        summary="Change a volunteer's details, vetting or training",
        description="Only the fields sent change; nothing left out is erased.",
        request=VolunteerUpdateInputSerializer,
        responses={200: VolunteerOutputSerializer},
    )
    def patch(self, request: Request, volunteer_id: int) -> Response:
        volunteer = selectors.volunteer_get(user=request.user, volunteer_id=volunteer_id)
        volunteer = action(
            request, services.volunteer_update, VolunteerUpdateInputSerializer, partial=True, volunteer=volunteer
        )
        return Response(_written(request, volunteer))


urlpatterns = row_paths("volunteers", "volunteer", list=VolunteerListCreateApi, detail=VolunteerDetailApi)
