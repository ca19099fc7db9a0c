"""Factories for case records. Prefer the services (``cases.services``) in tests of
behaviour; these build rows directly for list, permission and query-count tests."""

import datetime

import factory
from django.utils import timezone

from cases.models import Assessment, AssessmentType, Case, CaseType, Child, Flag, FlagType, Victim, VictimContactDetails
from cases.services import child_search_keys_refresh
from yjs.tests.factories import TeamFactory, UserFactory


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child
        skip_postgeneration_save = True

    surname = factory.Faker("last_name", locale="en_GB")
    forenames = factory.Faker("first_name", locale="en_GB")
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365 * 15))
    gender = "M"
    ethnicity = "W1"
    postcode = "LS1 4AP"
    home_local_authority = "Leeds"

    @factory.post_generation
    def search_keys(self, create, extracted, **kwargs):
        if create:
            child_search_keys_refresh(child=self)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    child = factory.SubFactory(ChildFactory)
    case_type = CaseType.REFERRAL_ORDER
    team = factory.SubFactory(TeamFactory, name="North", slug="north")
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    created_by = factory.SubFactory(UserFactory)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    case = factory.SubFactory(CaseFactory)
    assessment_type = AssessmentType.ASSET_PLUS
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    child = factory.SubFactory(ChildFactory)
    flag_type = FlagType.CHILD_CRIMINAL_EXPLOITATION
    raised_by = factory.SubFactory(UserFactory)


class VictimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Victim

    case = factory.SubFactory(CaseFactory)
    display_name = factory.Sequence(lambda n: f"Victim {n}")
    wishes = "Wants an apology letter"


class VictimContactDetailsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VictimContactDetails

    victim = factory.SubFactory(VictimFactory)
    full_name = factory.Faker("name", locale="en_GB")
    address = "1 High Street, Leeds"
    phone = "07700 900123"
    email = "victim@example.org"
