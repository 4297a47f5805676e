from django.apps import AppConfig


class IdentifiersConfig(AppConfig):
    name = "joinedup.identifiers"
    verbose_name = "The consistent identifier (NHS number)"

    def ready(self):
        from joinedup.identifiers.deadlines import register

        register()
