"""Factories for information requests. Tests of behaviour build requests through the services
(``intelligence.services``); these build rows directly for list, export and query-count tests,
in a state the services could have produced."""

import datetime

import factory
from django.utils import timezone

from cases.tests.factories import ChildFactory
from intelligence.models import InformationRequest, PoliceSystem, RequestStatus, RequestType
from yjs.roles import Role
from yjs.tests.factories import UserFactory


class InformationRequestFactory(factory.django.DjangoModelFactory):
    """An open request; ``supplied=True`` answers it (with ``systems=["pnc", …]``)."""

    class Meta:
        model = InformationRequest
        skip_postgeneration_save = True

    class Params:
        supplied = factory.Trait(
            status=RequestStatus.SUPPLIED,
            information_supplied="No trace",
            supplied_at=factory.LazyAttribute(lambda request: request.requested_at + datetime.timedelta(hours=3)),
            supplied_by=factory.SubFactory(UserFactory, roles=[Role.POLICE_OFFICER]),
        )

    child = factory.SubFactory(ChildFactory)
    case = None
    request_type = RequestType.RISK
    requested_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    requested_by = factory.SubFactory(UserFactory, roles=[Role.CASE_WORKER])
    what_requested = factory.Sequence(lambda n: f"Any recent police contact, request {n}")

    @factory.post_generation
    def systems(self, create, extracted, **kwargs):
        if create and self.supplied_at is not None:
            self.systems_searched.set(PoliceSystem.objects.filter(code__in=extracted or ["pnc"]))
