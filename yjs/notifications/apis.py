"""The API of the signed-in person's notifications (DESIGN.md §7, §11): the list (``?read=false``
for those unread, ``?kind=``), marking one or all read, and the choice of email by kind. Each person
reads only their own: another's notification answers 404. A service account has none (403)."""

from django.db.models import QuerySet
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from yjs.api.base import Api, action, valid
from yjs.api.endpoints import found_by, row_action, rows_list
from yjs.api.filters import FieldFilterBackend
from yjs.api.permissions import Rule
from yjs.models import Notification, NotificationKind

from . import permissions, selectors, services

A_PERSON = Rule(permissions.has_notifications, "A service account has no notifications.")


class NotificationOutputSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_display", "subject", "body", "link", "created_at", "read", "read_at"]

    def get_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class NotificationFilter(filters.FilterSet):
    read = filters.BooleanFilter(method="filter_read", label="Read (true) or unread (false)")
    kind = filters.ChoiceFilter(choices=NotificationKind.choices, label="Kind of notification")

    class Meta:
        model = Notification
        fields = ["read", "kind"]

    def filter_read(self, queryset: QuerySet[Notification], name: str, value: bool | None) -> QuerySet[Notification]:
        return queryset if value is None else queryset.filter(read_at__isnull=not value)


class NotificationListApi(
    rows_list(
        "List your notifications",
        "Yours only, newest first; `read=false` for those not yet read, `kind=` for one kind.",
        rows=selectors.notification_list,
        output=NotificationOutputSerializer,
    )
):
    rule = A_PERSON
    filter_backends = [FieldFilterBackend]
    filterset_class = NotificationFilter


class NotificationReadApi(
    row_action(
        "Mark one of your notifications read",
        "Another person's notification answers 404.",
        row="notification",
        find=found_by(selectors.notification_get, "notification_id"),
        service=services.notification_read,
        output=NotificationOutputSerializer,
        answer_result=True,
    )
):
    rule = A_PERSON


class ReadAllOutputSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField(help_text="How many were unread")
    unread = serializers.IntegerField()


class NotificationReadAllApi(Api):
    rule = A_PERSON

    @extend_schema(summary="Mark all your notifications read", request=None, responses={200: ReadAllOutputSerializer})
    def post(self, request: Request) -> Response:
        marked = action(request, services.notifications_read_all)
        return Response({"marked_read": marked, "unread": selectors.unread_count(user=request.user)})


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=NotificationKind.choices,
        error_messages={"invalid_choice": "Select a kind of notification from the list"},
    )
    label = serializers.CharField(read_only=True)
    email = serializers.BooleanField(help_text="Emailed as well as listed (true), or listed only (false)")


class PreferencesSerializer(serializers.Serializer):
    preferences = PreferenceSerializer(many=True)

    def validate_preferences(self, value: list[dict]) -> list[dict]:
        kinds = [item["kind"] for item in value]
        if len(kinds) != len(set(kinds)):
            raise serializers.ValidationError("Name each kind of notification once")
        return value


def _preferences(chosen: dict[str, bool]) -> dict:
    labels = dict(NotificationKind.choices)
    return {"preferences": [{"kind": kind, "label": labels[kind], "email": email} for kind, email in chosen.items()]}


class NotificationPreferencesApi(Api):
    rule = A_PERSON

    @extend_schema(summary="Your choice of email for each kind of notification", responses={200: PreferencesSerializer})
    def get(self, request: Request) -> Response:
        return Response(PreferencesSerializer(_preferences(selectors.email_preferences(user=request.user))).data)

    @extend_schema(
        summary="Choose which kinds of notification are emailed to you",
        description="Kinds not named keep their choice. Every notification is listed whatever you choose.",
        request=PreferencesSerializer,
        responses={200: PreferencesSerializer},
    )
    def put(self, request: Request) -> Response:
        chosen = valid(PreferencesSerializer, request)["preferences"]
        result = services.notification_preferences_set(
            by=request.user, email={item["kind"]: item["email"] for item in chosen}
        )
        return Response(PreferencesSerializer(_preferences(result)).data)


urlpatterns = [
    path("", NotificationListApi.as_view(), name="notification-list"),
    path("<int:notification_id>/read/", NotificationReadApi.as_view(), name="notification-read"),
    path("read-all/", NotificationReadAllApi.as_view(), name="notification-read-all"),
    path("preferences/", NotificationPreferencesApi.as_view(), name="notification-preferences"),
]
