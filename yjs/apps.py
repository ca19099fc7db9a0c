from django.apps import AppConfig
from django.db.models.signals import post_migrate


class YjsConfig(AppConfig):
    name = "yjs"
    verbose_name = "Youth justice service"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (login, logout and failed-login audit events)
        from .work import NEWS_KINDS, register, since_you_last_looked

        register(since_you_last_looked, NEWS_KINDS, news=True)

        # Also after each test-database flush, which empties the migration-made groups.
        post_migrate.connect(create_role_groups, sender=self)
        post_migrate.connect(grant_application_privileges, sender=self)


def grant_application_privileges(sender, *, using, **kwargs) -> None:
    from .database import grant_application_privileges

    grant_application_privileges(using)


def create_role_groups(sender, *, using, apps=None, **kwargs) -> None:
    from django.apps import apps as global_apps

    from .roles import Role

    group_model = (apps or global_apps).get_model("auth", "Group")
    for role in Role:
        group_model.objects.using(using).get_or_create(name=role.value)
