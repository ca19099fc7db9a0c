from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Case records"

    def ready(self) -> None:
        from .work import register_sources

        register_sources()
