import pytest

from governance.demo import load_governance_demo
from governance.models import Board, BoardAttendance, BoardReport, LocalPopulation
from yjs.roles import Role
from yjs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_makes_a_board_population_and_a_report_and_can_run_again():
    UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE])
    load_governance_demo()
    load_governance_demo()
    board = Board.objects.get()
    assert board.members.count() == 9 and board.meetings.count() == 5
    assert BoardAttendance.objects.count() == 45
    assert LocalPopulation.objects.filter(year__isnull=False).count() == 3 * 19 * 2
    report = BoardReport.objects.get()
    assert report.status == "succeeded" and report.pdf.name
