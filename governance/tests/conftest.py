import pytest

from yjs.roles import Role
from yjs.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def reference_data(request):
    """Rows the data migrations make (outcomes, recommendations): a transactional test
    elsewhere in the session may have flushed them."""
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        marker = request.node.get_closest_marker("django_db")
        if marker is None:
            return
    request.getfixturevalue("db")
    from governance.models import Recommendation
    from governance.recommendations import load_shipped
    from oocd.catalogue import ensure_shipped_outcomes
    from oocd.models import Outcome

    ensure_shipped_outcomes(Outcome)
    if not Recommendation.objects.exists():
        load_shipped()


@pytest.fixture
def head_of_service(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])
