import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance import selectors, services
from governance.models import Recommendation
from governance.recommendations import SHIPPED_CSV, load_shipped, parse_rows

pytestmark = pytest.mark.django_db

HEADER = "code,source_inspection,year,addressed_to,summary,lines_of_enquiry,evidence_prompts\n"


def test_the_shipped_recommendations_are_loaded_with_source_year_and_prompts():
    load_shipped()  # idempotent: the data migration already loaded them
    rows, errors = parse_rows(SHIPPED_CSV.read_text())
    assert errors == []
    assert Recommendation.objects.count() == len(rows) >= 20
    aa = Recommendation.objects.get(code="appropriate-adults-2011")
    assert aa.year == 2011 and "appropriate adult" in aa.source_inspection.lower()
    assert len(aa.lines_of_enquiry_list) == 3 and aa.evidence_prompts_list
    assert {r.year for r in Recommendation.objects.all()} >= {2010, 2011, 2012, 2013, 2014}


def test_import_reports_each_bad_row_by_line_and_loads_the_rest(team_manager):
    text = (
        HEADER
        + "new-one,Some inspection,2020,Board,Do a thing,Is it done? | Who checks?,Minutes\n"
        + ",Missing year,,Board,Summary,Enquiry,\n"
        + "bad-year,Inspection,twenty,Board,Summary,Enquiry,\n"
        + "new-two,Inspection,2021,,Another thing,Enquiry,\n"
    )
    result = services.recommendations_import(by=team_manager, text=text)
    assert (result.created, result.updated) == (2, 0)
    assert result.errors == [
        {"line": 3, "reason": "Enter the year"},
        {"line": 4, "reason": "Year must be a year such as 2014"},
    ]
    assert Recommendation.objects.get(code="new-one").lines_of_enquiry_list == ["Is it done?", "Who checks?"]
    again = services.recommendations_import(by=team_manager, text=HEADER + "new-one,Some,2020,,Changed,E,\n")
    assert (again.created, again.updated) == (0, 1)


def test_import_without_the_required_columns_loads_nothing(team_manager):
    result = services.recommendations_import(by=team_manager, text="code,summary\nx,y\n")
    assert result.created == 0 and result.errors[0]["line"] == 1


def test_assessment_and_actions(team_manager, board_member):
    recommendation = Recommendation.objects.get(code="girls-2014-board")
    services.recommendation_assess(by=team_manager, recommendation=recommendation, rag="amber", evidence_notes="Data")
    services.recommendation_action_add(
        by=team_manager,
        recommendation=recommendation,
        description="Add data by gender to the board report",
        owner="Head of service",
        due_date=datetime.date(2026, 3, 31),
    )
    listed = selectors.recommendation_list().get(pk=recommendation.pk)
    assert (listed.rag, listed.open_actions) == ("amber", 1)
    with pytest.raises(ValidationError):
        services.recommendation_action_add(
            by=team_manager, recommendation=recommendation, description="", owner="", due_date=None
        )
    with pytest.raises(PermissionDenied):
        services.recommendation_assess(by=board_member, recommendation=recommendation, rag="red", evidence_notes="")


def test_tracker_pages(client, team_manager, board_member):
    client.force_login(team_manager)
    html = client.get(reverse("governance:recommendations")).content.decode()
    assert "Who&#x27;s looking out for the children?" in html or "looking out for the children" in html
    url = reverse("governance:recommendation_detail", args=["girls-2014-board"])
    response = client.post(url, {"form": "assess", "assess-rag": "green", "assess-evidence_notes": "Reviewed"})
    assert response.status_code == 302
    response = client.post(url, {"form": "action", "action-description": "", "action-owner": ""})
    assert response.status_code == 200 and "Enter the action" in response.content.decode()
    upload = SimpleUploadedFile("r.csv", (HEADER + ",X,,,,,\n").encode(), content_type="text/csv")
    html = client.post(reverse("governance:recommendations_import"), {"file": upload}).content.decode()
    assert "0 added, 0 updated, 1 rows not loaded" in html and "Enter the year" in html
    client.force_login(board_member)
    assert client.get(reverse("governance:recommendations")).status_code == 403
