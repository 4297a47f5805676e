from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "joinedup.chronology"
    verbose_name = "Multi-agency chronology"
