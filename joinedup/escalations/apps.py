from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "joinedup.escalations"
    verbose_name = "Escalations: resolving professional differences"
