from django.apps import AppConfig


class CourtConfig(AppConfig):
    name = "court"
    verbose_name = "Court work and orders"
