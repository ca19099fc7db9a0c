"""The owners of risk meeting actions past their due date are told in the application (DESIGN.md
§11) by a daily task: once per action, while they may see its case; the notification names neither
the child nor the action."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from cases.models import Case
from risk import tasks
from risk.services import meetings as services
from yjs.models import Notification, NotificationKind

from .fixtures_meetings import *  # noqa: F403 (the fixtures)

pytestmark = pytest.mark.django_db


def overdue_told() -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(kind=NotificationKind.OVERDUE_ACTION)
        .order_by("id")
        .values_list("recipient__username", "link")
    )


def add(hearing, by, owner=None, **fields):
    fields.setdefault("due_on", hearing.meeting.held_on)
    fields.setdefault("description", "Home visit to Open's family")
    return services.action_add(hearing=hearing, by=by, owner=owner, **fields)


def test_each_overdue_action_tells_its_owner_once(client, hearing, team_manager, case_worker, today):
    overdue = add(hearing, team_manager, case_worker)
    later = add(hearing, team_manager, case_worker, due_on=today + datetime.timedelta(days=10))
    done = add(hearing, team_manager, case_worker)
    services.action_complete(action=done, by=case_worker)
    add(hearing, team_manager, owner_agency="Police")

    assert services.overdue_actions_notify(today=today) == 0  # due today is not overdue yet
    assert services.overdue_actions_notify(today=today + datetime.timedelta(days=1)) == 1
    assert services.overdue_actions_notify(today=today + datetime.timedelta(days=2)) == 0  # once per action
    link = reverse("risk:meeting_detail", args=[hearing.meeting_id]) + f"#action-{overdue.pk}"
    assert overdue_told() == [(case_worker.username, link)]
    notification = Notification.objects.get()
    assert notification.subject == "A risk meeting action you own is overdue"
    assert "Open" not in notification.subject + notification.body  # neither the child nor what is to be done
    client.force_login(case_worker)
    page = client.get(link.split("#")[0]).content.decode()
    assert f'id="action-{overdue.pk}"' in page

    assert services.overdue_actions_notify(today=today + datetime.timedelta(days=11)) == 1
    assert [row[1] for row in overdue_told()][-1].endswith(f"#action-{later.pk}")


def test_an_owner_who_may_no_longer_see_the_case_is_not_told(hearing, team_manager, other_case_worker, today):
    add(hearing, team_manager, other_case_worker)
    Case.objects.filter(pk=hearing.case_id).update(restricted=True)  # allocated to the case worker, not to them
    assert services.overdue_actions_notify(today=today + datetime.timedelta(days=1)) == 0
    assert overdue_told() == []


def test_the_task_runs_each_morning(hearing, team_manager, case_worker, today, monkeypatch):
    add(hearing, team_manager, case_worker, due_on=today)
    schedule = settings.CELERY_BEAT_SCHEDULE["risk-overdue-actions"]
    assert schedule["task"] == "risk.tasks.overdue_actions_notify_task"
    monkeypatch.setattr(services.timezone, "localdate", lambda: today + datetime.timedelta(days=1))
    assert tasks.overdue_actions_notify_task.run() == "1 owners told of overdue actions"
