from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OocdConfig(AppConfig):
    name = "oocd"
    verbose_name = "Out-of-court disposals"

    def ready(self) -> None:
        from cases.selectors import add_timeline_source

        from . import work
        from .selectors import timeline_events
        from .selectors_follow_ups import follow_up_timeline_events

        add_timeline_source(timeline_events)
        add_timeline_source(follow_up_timeline_events)
        work.register_sources()
        # Also after a test-database flush, which empties the migration-made outcomes.
        post_migrate.connect(_ensure_outcomes, sender=self)


def _ensure_outcomes(sender, *, using, apps=None, **kwargs) -> None:
    from django.apps import apps as global_apps

    from .catalogue import ensure_shipped_outcomes

    ensure_shipped_outcomes((apps or global_apps).get_model("oocd", "Outcome"), using=using)
