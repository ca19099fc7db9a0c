from django.apps import AppConfig


class CourtConfig(AppConfig):
    name = "court"
    verbose_name = "Court work and orders"

    def ready(self) -> None:
        from cases.selectors import TIMELINE_SOURCES

        from . import sections, work
        from .timeline import timeline_events

        if timeline_events not in TIMELINE_SOURCES:
            TIMELINE_SOURCES.append(timeline_events)
        sections.register()
        work.register_sources()
