"""``GET /api/v1/my-work/`` (DESIGN.md §7, §11): the signed-in person's work, as their home page
shows it: every item listed (overdue first, then by due date) and the counts of each kind."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from yjs.roles import Role
from yjs.work import WorkCard, in_order, work_cards, work_shown

from .base import Api
from .permissions import Rule


class WorkItemSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="What kind of item: e.g. assessment, risk_action, request_to_answer")
    label = serializers.CharField(help_text="What to do, or what happened")
    due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    case = serializers.IntegerField(allow_null=True, help_text="The case's id, when the item is about one")
    child = serializers.CharField(help_text="The child's name, when the item is about one")
    link = serializers.CharField(help_text="The path of the page where it is done")


class WorkCountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    count = serializers.IntegerField(help_text="Every item of the kind, listed or not")
    overdue = serializers.IntegerField()
    listed = serializers.IntegerField(help_text="How many of them are in items (at most 50 of a kind)")
    news = serializers.BooleanField(help_text="What happened since the person last looked, rather than work due")


class MyWorkSerializer(serializers.Serializer):
    items = WorkItemSerializer(many=True)
    counts = WorkCountSerializer(many=True)


def _count(card: WorkCard) -> dict:
    return {
        "kind": card.kind,
        "title": card.title,
        "count": card.count,
        "overdue": card.overdue,
        "listed": len(card.items),
        "news": card.news,
    }


class MyWorkApi(Api):
    rule = Rule(lambda user: not user.has_role(Role.API_CLIENT), "A service account has no work list.")

    @extend_schema(
        summary="Your work: what is overdue and due soon, and what happened since you last looked",
        description="The items of your home page: a case worker's on their cases, a manager's on their teams', "
        "the police officer's morning, the head of service's overdue work across the service. At most 50 "
        "items of each kind are listed; `counts` counts them all.",
        responses={200: MyWorkSerializer},
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        cards = work_cards(user=request.user, today=today)
        items = in_order([item for card in cards for item in card.items], today)
        work_shown(user=request.user, items=items, request=request, via="api_my_work")
        return Response(
            {
                "items": [
                    {
                        "kind": item.kind,
                        "label": item.label,
                        "due": item.due,
                        "overdue": item.overdue(today),
                        "case": item.case_id,
                        "child": item.child_name,
                        "link": item.link,
                    }
                    for item in items
                ],
                "counts": [_count(card) for card in cards],
            }
        )
