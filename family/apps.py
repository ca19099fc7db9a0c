from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "family"
    verbose_name = "The child's family and needs"
