from django.apps import AppConfig


class CustodyConfig(AppConfig):
    name = "custody"
    verbose_name = "Custody notifications"

    def ready(self) -> None:
        from cases.selectors import TIMELINE_SOURCES

        from . import work
        from .selectors import timeline_events

        # The child's timeline shows each time they were held in custody.
        TIMELINE_SOURCES.append(timeline_events)
        work.register_sources()
