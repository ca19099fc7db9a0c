from django.apps import AppConfig


class CustodyConfig(AppConfig):
    name = "custody"
    verbose_name = "Custody notifications"

    def ready(self) -> None:
        from cases.selectors import add_timeline_source

        from . import work
        from .selectors import timeline_events

        # The child's timeline shows each time they were held in custody.
        add_timeline_source(timeline_events)
        work.register_sources()
