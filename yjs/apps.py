from django.apps import AppConfig
from django.db.models.signals import post_migrate


class YjsConfig(AppConfig):
    name = "yjs"
    verbose_name = "Youth justice service"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (login, logout and failed-login audit events)

        # Also after each test-database flush, which empties the migration-made groups.
        post_migrate.connect(create_role_groups, sender=self)


def create_role_groups(sender, *, using, apps=None, **kwargs) -> None:
    from django.apps import apps as global_apps

    from .roles import Role

    group_model = (apps or global_apps).get_model("auth", "Group")
    for role in Role:
        group_model.objects.using(using).get_or_create(name=role.value)
