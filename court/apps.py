from django.apps import AppConfig


class CourtConfig(AppConfig):
    name = "court"
    verbose_name = "Court work and orders"

    def ready(self) -> None:
        from .views import resettlement  # --- court: resettlement ---

        resettlement.register_sections()  # --- court: resettlement ---
