from django.apps import AppConfig


class CourtConfig(AppConfig):
    name = "court"
    verbose_name = "Court work and orders"

    def ready(self) -> None:
        from cases.selectors import add_timeline_source

        from . import sections, work
        from .timeline import timeline_events

        add_timeline_source(timeline_events)
        sections.register()
        work.register_sources()
