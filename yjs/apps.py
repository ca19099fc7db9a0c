from django.apps import AppConfig


class YjsConfig(AppConfig):
    name = "yjs"
    verbose_name = "Youth justice service"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (login, logout and failed-login audit events)
