from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "joinedup.decisions"
    verbose_name = "Case decisions: no further action, closure, step-down, deferral"
