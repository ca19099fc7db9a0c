from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IntelligenceConfig(AppConfig):
    name = "intelligence"
    verbose_name = "Police information requests"

    def ready(self) -> None:
        from cases.selectors import add_timeline_source

        from . import work
        from .selectors import timeline_events

        add_timeline_source(timeline_events)
        work.register_sources()
        # Also after a test-database flush, which empties the migration-made catalogue.
        post_migrate.connect(_ensure_catalogue, sender=self)


def _ensure_catalogue(sender, *, using, apps=None, **kwargs) -> None:
    from django.apps import apps as global_apps

    from .catalogue import ensure_shipped_systems

    ensure_shipped_systems((apps or global_apps).get_model("intelligence", "PoliceSystem"), using=using)
