import factory
from django.contrib.auth.models import Group

from yjs.models import Team, User

DEFAULT_TEST_PASSWORD = "correct-horse-battery-staple"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.LazyAttribute(lambda team: team.name.lower().replace(" ", "-"))


class UserFactory(factory.django.DjangoModelFactory):
    """A user; ``roles=[Role.X]`` and ``teams=[team]`` set their groups and teams."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda user: f"{user.username}@yjs.example")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            # get_or_create: a transactional test's flush empties the migration-made groups.
            self.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in extracted))

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if extracted:
            self.teams.add(*extracted)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()
