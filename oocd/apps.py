from django.apps import AppConfig


class OocdConfig(AppConfig):
    name = "oocd"
    verbose_name = "Out-of-court disposals"
