"""A referral put on the agenda of a panel already set up, in a page (issue #20: what the API's
``panels/{id}/referrals/`` does, a person does in the browser)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import ChildFactory
from oocd import services
from oocd.models import PanelItem
from oocd.tests.test_views import refer

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(team_manager):
    return services.panel_create(by=team_manager, held_on=timezone.localdate(), location="Civic Centre")


@pytest.fixture
def referral(police_officer, team_north):
    return refer(ChildFactory(forenames="Jayden", surname="Whitfield"), team=team_north, by=police_officer)


def test_the_manager_adds_a_waiting_referral_to_the_agenda(client, team_manager, panel, referral):
    client.force_login(team_manager)
    detail = client.get(reverse("oocd:panel_detail", args=[panel.pk])).content.decode()
    url = reverse("oocd:panel_referral_add", args=[panel.pk])
    assert f'href="{url}"' in detail
    page = client.get(url).content.decode()
    assert "Jayden Whitfield" in page
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Select the referral to add to the agenda" in response.content.decode()
    response = client.post(url, {"referral": referral.pk})
    assert response.status_code == 302
    assert list(PanelItem.objects.filter(panel=panel).values_list("referral", flat=True)) == [referral.pk]
    # On the agenda now, it is no longer offered.
    assert "Jayden Whitfield" not in client.get(url).content.decode()
    assert client.post(url, {"referral": referral.pk}).status_code == 200


def test_only_those_who_run_panels_change_an_agenda(client, case_worker, panel, referral):
    client.force_login(case_worker)
    url = reverse("oocd:panel_referral_add", args=[panel.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"referral": referral.pk}).status_code in (403, 404)
    assert not PanelItem.objects.exists()
