from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Keeping the child and other people safe"

    def ready(self) -> None:
        from cases.selectors import TIMELINE_SOURCES

        from . import listeners, sections
        from .selectors.meetings import timeline_events

        listeners.register()
        TIMELINE_SOURCES.append(timeline_events)
        sections.register()
