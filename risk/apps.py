from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Keeping the child and other people safe"

    def ready(self) -> None:
        from . import listeners, sections

        listeners.register()
        sections.register()
