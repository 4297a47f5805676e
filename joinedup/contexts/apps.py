from django.apps import AppConfig


class ContextsConfig(AppConfig):
    name = "joinedup.contexts"
    verbose_name = "Contexts: places, peer groups, schools and online spaces as casework records"
